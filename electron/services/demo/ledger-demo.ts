import { meetingProblems, meetings, problems, problemSteps, visits } from '../../../db/schema';
import type {
  ProblemCategory,
  ProblemSource,
  ProblemStep,
  Satisfaction,
} from '../../api/ledger-enums';
import type { DemoSize, Settings } from '../../api/schemas';
import type { VisitWay } from '../../api/visits-types';
import { prepareBulkInsert } from '../bulk';
import type { ServiceContext } from '../context';
import { addDays, addWorkingDays, daysBetween, isWorkingDay } from '../ledger/calendar';
import {
  applyRule,
  earliestNoticeEnd,
  problemDueDate,
  type DeadlineRule,
  townshipDueDate,
  verifyDueDate,
} from '../ledger/deadlines';
import { deriveStatus } from '../ledger/status';
import { addMonths } from '../roster/elimination';
import { today as todayOf } from '../roster/people';
import { getSettings } from '../settings/settings';
import { allMembersAway, hasUnresolvedRisk, monthPeriod, quarterPeriod } from '../visits/rules';
import { personName } from './names';
import type { Random } from './random';

/**
 * A year of the ledger for the demo set, written after the roster: problems with their
 * workflow steps, resolution and 回访, visits to every household following the visit rules, and
 * a 月度会商 per village per month. Everything is drawn from the caller's Random (same seed,
 * same rows) and dated relative to ctx.now(): from the same day a year ago up to today.
 * Status and 办结时限 come from the ledger's own pure functions, so a demo row looks exactly like
 * one the ledger service would have written. Rows go through statements prepared once per table
 * (services/bulk.ts) inside the caller's transaction; no per-row services, no per-row audit.
 */

export interface LedgerCounts {
  problems: number;
  visits: number;
  meetings: number;
}

/**
 * Problems registered in the demo year. The county is docs/domain.md §8's (846 applications for
 * 39,154 households, ≈ 2.2 %); the township about 2.5 % of its 6,000 households; the village
 * demo shows a few dozen, as a busy village of its kind would and as the ledger screens need.
 */
export const DEMO_PROBLEMS_PER_YEAR: Record<DemoSize, number> = {
  village: 30,
  township: 150,
  county: 846,
};

/** Share of the due visits left undone, so the due/overdue lists have something to show. */
const MISSED_VISIT_SHARE = 0.07;
/**
 * Share of problems stuck at some step: with those registered in the last days this leaves
 * about 8 % open at the end of the year, a few of them past their 办结时限.
 */
const STUCK_SHARE = 0.065;
/** Share of problems that are clues about people not (yet) in the roster. */
const CLUE_SHARE = 0.03;

// ---------------------------------------------------------------------------------------------
// What the roster already holds
// ---------------------------------------------------------------------------------------------

interface GridInfo {
  id: number;
  parentId: number | null;
  level: string;
  name: string;
}

interface RoleSpan {
  workerId: number;
  name: string;
  role: string;
  startDate: string;
  endDate: string | null;
}

interface HouseholdInfo {
  id: number;
  gridId: number;
  householdType: string;
  monitorCategory: string | null;
  identifiedDate: string | null;
  eliminationStatus: string | null;
  eliminationDate: string | null;
  naturalVillage: string;
  memberCount: number;
  awayCount: number;
}

interface World {
  today: string;
  /** First day of the demo year (the same day a year ago). */
  from: string;
  settings: Settings;
  grids: Map<number, GridInfo>;
  /** Every role ever held in a grid, oldest first. */
  roles: Map<number, RoleSpan[]>;
  households: HouseholdInfo[];
  groups: GridInfo[];
}

function loadWorld(ctx: ServiceContext): World {
  const today = todayOf(ctx);
  const gridRows = ctx.sqlite
    .prepare('SELECT id, parent_id AS parentId, level, name FROM grids ORDER BY id')
    .all() as GridInfo[];
  const roleRows = ctx.sqlite
    .prepare(
      `SELECT r.grid_id AS gridId, r.worker_id AS workerId, w.name, r.role,
              r.start_date AS startDate, r.end_date AS endDate
       FROM worker_roles r JOIN workers w ON w.id = r.worker_id
       ORDER BY r.grid_id, r.start_date, r.id`,
    )
    .all() as (RoleSpan & { gridId: number })[];
  const households = ctx.sqlite
    .prepare(
      `SELECT h.id, hg.grid_id AS gridId, h.household_type AS householdType,
              h.monitor_category AS monitorCategory, h.identified_date AS identifiedDate,
              h.elimination_status AS eliminationStatus, h.elimination_date AS eliminationDate,
              h.natural_village AS naturalVillage,
              coalesce(m.memberCount, 0) AS memberCount, coalesce(m.awayCount, 0) AS awayCount
       FROM households h
       JOIN household_grids hg ON hg.household_id = h.id AND hg.end_date IS NULL
       LEFT JOIN (SELECT household_id, count(*) AS memberCount,
                         sum(coalesce(work_place, '') <> '') AS awayCount
                  FROM members GROUP BY household_id) m ON m.household_id = h.id
       ORDER BY h.id`,
    )
    .all() as HouseholdInfo[];
  const grids = new Map(gridRows.map((g) => [g.id, g]));
  const roles = new Map<number, RoleSpan[]>();
  for (const { gridId, ...span } of roleRows) {
    let list = roles.get(gridId);
    if (!list) roles.set(gridId, (list = []));
    list.push(span);
  }
  return {
    today,
    from: addMonths(today, -12),
    settings: getSettings(ctx),
    grids,
    roles,
    households,
    groups: gridRows.filter((g) => g.level === 'group'),
  };
}

/** The roles held in a grid on a date (a replaced worker's role ends the day the new one starts). */
function rolesAt(world: World, gridId: number, date: string): RoleSpan[] {
  return (world.roles.get(gridId) ?? []).filter(
    (r) => r.startDate <= date && (r.endDate === null || date < r.endDate),
  );
}

/** Who held `role` (or, failing that, any role) in the grid on the date. */
function holderAt(world: World, gridId: number, date: string, role?: string): RoleSpan | null {
  const held = rolesAt(world, gridId, date);
  return (role ? held.find((r) => r.role === role) : undefined) ?? held[0] ?? null;
}

const ancestor = (world: World, gridId: number, level: string): GridInfo | null => {
  for (let g = world.grids.get(gridId); g; g = world.grids.get(g.parentId ?? -1)) {
    if (g.level === level) return g;
  }
  return null;
};

// ---------------------------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------------------------

/** 医疗 and 就业 most common with 收入骤减; 饮水 and 住房 rare (practice in the county reports). */
const CATEGORY_WEIGHTS: readonly (readonly [ProblemCategory, number])[] = [
  ['收入骤减', 24],
  ['医疗', 26],
  ['就业', 20],
  ['支出骤增', 10],
  ['教育', 8],
  ['其他', 6],
  ['住房', 4],
  ['饮水', 2],
];
/** 网格员排查 finds most, then the departments' data comparison, then self-reports. */
const SOURCE_WEIGHTS: readonly (readonly [ProblemSource, number])[] = [
  ['网格员排查', 58],
  ['部门筛查预警', 27],
  ['农户自主申报', 13],
  ['其他', 2],
];

const DESCRIPTIONS: Record<ProblemCategory, readonly ((r: Random) => string)[]> = {
  收入骤减: [
    (r) => `家中主要劳动力因伤无法务工，月收入减少约 ${r.int(15, 40) * 100} 元`,
    (r) =>
      `种植的${r.pick(['玉米', '烤烟', '核桃', '花椒', '水稻'])}遭受${r.pick(['冰雹', '洪涝', '干旱'])}，预计减产${r.int(3, 7)}成`,
    (r) => `养殖的${r.pick(['生猪', '肉牛', '山羊'])}发生疫病死亡 ${r.int(2, 12)} 头，经营收入骤减`,
    () => '务工返乡后一直未再就业，家庭人均纯收入可能低于监测收入标准',
    () => '户主突发疾病丧失劳动能力，家庭失去主要收入来源',
  ],
  支出骤增: [
    (r) => `家人住院治疗，合规自付医疗费用约 ${r.int(2, 9)}.${r.int(0, 9)} 万元`,
    (r) => `房屋修缮和子女上学集中支出约 ${r.int(2, 6)} 万元，生活困难`,
    () => '家中老人长期慢性病用药支出大，刚性支出明显增加',
  ],
  住房: [
    () => '雨季后房屋墙体出现裂缝，存在安全隐患',
    () => '老旧土木结构房屋屋面漏雨，需鉴定是否为危房',
  ],
  教育: [
    () => '子女考入高职院校，学费和生活费负担较重',
    () => '初中学生有辍学倾向，需控辍保学劝返',
    (r) => `家中 ${r.int(2, 3)} 名子女同时上学，教育支出压力大`,
  ],
  医疗: [
    () => '家庭成员确诊大病，需长期治疗',
    () => '慢性病患者门诊费用报销不及时，自付负担重',
    () => '家庭成员未参加基本医疗保险',
    () => '残疾人需康复治疗，家庭照护负担重',
  ],
  饮水: [() => '入户供水管道破损，旱季饮水不稳定', () => '水池水质浑浊，存在饮水安全问题'],
  就业: [
    () => '家中劳动力外出务工不稳定，近三个月未就业',
    () => '返乡人员有就业意愿，缺少就业门路',
    () => '脱贫劳动力有参加技能培训的需求',
    () => '公益岗位到期后家庭劳动力暂无收入',
  ],
  其他: [
    () => '家庭发生意外事故，生产生活受影响',
    () => '反映低保待遇调整后生活困难，要求核实',
    () => '产业项目失败，借贷无力偿还',
  ],
};

const MEASURES: Record<ProblemCategory, readonly string[]> = {
  收入骤减: [
    '申请临时救助并纳入防返贫监测',
    '安排护林员公益岗位',
    '发放产业奖补资金',
    '落实防贫保险理赔',
  ],
  支出骤增: ['落实医疗救助和临时救助', '申请临时救助 3000 元', '纳入农村低保'],
  住房: ['纳入农村危房改造，已完成加固', '落实住房安全保障补助'],
  教育: ['落实雨露计划职业教育补助', '落实学生资助政策', '劝返复学并落实营养餐补助'],
  医疗: [
    '落实基本医保、大病保险和医疗救助',
    '办理慢性病门诊卡',
    '代缴城乡居民医保',
    '家庭医生签约服务',
  ],
  饮水: ['维修入户供水管网', '新建蓄水池并完成水质检测'],
  就业: [
    '推荐到县工业园区务工',
    '组织参加技能培训',
    '落实劳务输出交通补贴',
    '开发乡村公益岗位安置',
  ],
  其他: ['协调相关部门落实帮扶措施', '落实临时救助', '做好政策解释工作'],
};

/** Who carries out 部门落实 for each category. */
const DEPARTMENTS: Record<ProblemCategory, string> = {
  收入骤减: '县民政局',
  支出骤增: '县医疗保障局',
  住房: '县住房和城乡建设局',
  教育: '县教育体育局',
  医疗: '县医疗保障局',
  饮水: '县水务局',
  就业: '县人力资源和社会保障局',
  其他: '乡镇人民政府',
};

const FOLLOW_UP: Record<Satisfaction, readonly string[]> = {
  满意: ['措施已落实到位，问题已解决', '已享受相关政策，生活恢复正常', '收入趋于稳定，无返贫风险'],
  基本满意: ['问题基本解决，农户希望继续关注', '措施已落实，收入尚不稳定，继续跟踪'],
  不满意: ['农户对救助标准有意见，已做好政策解释'],
};

const CLUE_PLACES = ['村口', '集市旁', '学校附近', '砖厂工棚', '河边出租房', '公路沿线'];
const CLUE_DESCRIPTIONS = [
  '群众反映一外来租住户家中老人卧病在床，生活困难',
  '热线转来线索：有人反映一独居老人无人照料',
  '群众反映一务工返乡人员生活无着落',
  '部门推送预警：一人员医疗费用支出较大，需核实户籍和家庭情况',
];

type Path = 'full' | 'short' | 'rejected' | 'identified';

interface StepPlan {
  step: ProblemStep;
  date: string;
  endDate: string | null;
  person: string;
  outcome: string;
}

interface ProblemPlan {
  gridId: number;
  workerId: number;
  workerName: string;
  householdId: number | null;
  personName: string;
  place: string;
  category: ProblemCategory;
  source: ProblemSource;
  description: string;
  registeredDate: string;
  steps: StepPlan[];
  measureTaken: string;
  responsiblePerson: string;
  resolvedDate: string | null;
  followUpDate: string | null;
  followUpResult: string;
  satisfaction: Satisfaction | null;
  note: string;
}

/** Saved problems, for the visits and meetings that refer to them. */
interface SavedProblem {
  id: number;
  villageId: number | null;
  householdId: number | null;
  workerId: number;
  registeredDate: string;
  resolvedDate: string | null;
  description: string;
  source: ProblemSource;
}

/** Weighted draw of a household: monitored and formerly poor households report more. */
function householdSampler(random: Random, households: readonly HouseholdInfo[]) {
  const cumulative: number[] = [];
  let total = 0;
  for (const h of households) {
    total += h.monitorCategory ? 5 : h.householdType === '脱贫户' ? 2 : 1;
    cumulative.push(total);
  }
  return (): HouseholdInfo => {
    const target = random.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return households[lo]!;
  };
}

/** A day of the demo year, most often a working day (the clerk registers at the office). */
function registrationDay(random: Random, world: World): string {
  let date = addDays(world.from, random.int(0, Math.max(0, daysBetween(world.from, world.today))));
  if (!isWorkingDay(date, world.settings) && random.chance(0.7)) {
    const next = addWorkingDays(date, 1, world.settings);
    if (next <= world.today) date = next;
  }
  return date;
}

/**
 * The whole workflow of one problem as it would run if nothing held it up, from its
 * registration date (or, for an identification, backwards from the 县级审定 date, which is the
 * household's 识别认定日期 in the roster). docs/domain.md §3: 核实评议 within the verify rule (now and
 * then a day late), 村内公示 at least the notice rule (5-7 days), 乡镇审核 within the township
 * rule's working days (sometimes late), then 县级审定, 部门落实 and 镇村落实 within days.
 */
function workflow(
  random: Random,
  world: World,
  plan: ProblemPlan,
  path: Path,
  identifiedDate: string | null,
): void {
  const s = world.settings;
  const village = ancestor(world, plan.gridId, 'village');
  const township = ancestor(world, plan.gridId, 'township');
  const villageHead = (date: string) =>
    (village && holderAt(world, village.id, date, '网格长')?.name) || plan.workerName;
  const villageClerk = (date: string) =>
    (village &&
      (holderAt(world, village.id, date, '信息员') ?? holderAt(world, village.id, date, '监测员'))
        ?.name) ||
    villageHead(date);
  const townshipWorker = (date: string) => {
    const held = township ? rolesAt(world, township.id, date) : [];
    return held.length > 0 ? random.pick(held).name : `${township?.name ?? ''}人民政府`;
  };
  const steps: StepPlan[] = [];
  const add = (
    step: ProblemStep,
    date: string,
    person: string,
    outcome: string,
    endDate: string | null = null,
  ) => steps.push({ step, date, endDate, person, outcome });
  /** Some day within a rule's limit after `start` (1 … the rule's days, as the rule counts). */
  const within = (start: string, rule: DeadlineRule) =>
    applyRule(start, { ...rule, days: random.int(1, Math.max(1, rule.days)) }, s);

  let verify: string;
  let noticeStart = '';
  let noticeEnd = '';
  let townshipDate = '';
  if (path === 'identified') {
    // Backwards from the decision so the ledger and the roster tell the same story.
    const decided = identifiedDate!;
    townshipDate = addDays(decided, -random.int(0, 1));
    noticeEnd = addWorkingDays(townshipDate, -random.int(1, 2), s);
    noticeStart = addDays(noticeEnd, -(s.deadlines.notice.days - 1) - random.int(0, 1));
    while (earliestNoticeEnd(noticeStart, s) > noticeEnd) noticeStart = addDays(noticeStart, -1);
    verify = addDays(noticeStart, -random.int(0, 1));
    plan.registeredDate = addDays(verify, -random.int(1, 2));
  } else {
    verify = random.chance(0.12)
      ? addDays(verifyDueDate(plan.registeredDate, s), random.int(1, 2))
      : within(plan.registeredDate, s.deadlines.verify);
  }
  add('发现报告', plan.registeredDate, plan.workerName, '已报告村组网格长和村两委');

  const department = DEPARTMENTS[plan.category];
  const measure = random.pick(MEASURES[plan.category]);
  // Now and then a department takes its time: the problem closes after its 办结时限.
  const slow = random.chance(0.06) ? random.int(5, 15) : 0;
  let resolved: string;
  if (path === 'rejected') {
    add('核实评议', verify, villageHead(verify), '经入户核实，家庭收支正常，不符合监测条件');
    plan.measureTaken = '已向农户解释监测政策，告知申报渠道';
    resolved = verify;
  } else if (path === 'short') {
    add('核实评议', verify, villageHead(verify), '经核实情况属实，由相关部门落实帮扶政策');
    const dept = addDays(verify, random.int(1, 5) + slow);
    add('部门落实', dept, department, measure);
    resolved = addDays(dept, random.int(0, 2));
    add('镇村落实', resolved, villageHead(resolved), '已告知农户，措施已落实，问题办结');
    plan.measureTaken = measure;
  } else {
    add('核实评议', verify, villageHead(verify), '经入户核实情况属实，民主评议同意进入公示');
    if (path === 'full') {
      noticeStart = addDays(verify, random.int(0, 1));
      noticeEnd = addDays(earliestNoticeEnd(noticeStart, s), random.int(0, 2));
    }
    add('村内公示', noticeStart, villageClerk(noticeStart), '公示期内无异议', noticeEnd);
    if (path === 'full') {
      const notice = { step: '村内公示', date: noticeStart, endDate: noticeEnd };
      townshipDate = random.chance(0.08)
        ? addDays(townshipDueDate([notice], s)!, random.int(1, 4))
        : within(noticeEnd, s.deadlines.township);
    }
    add('乡镇审核', townshipDate, townshipWorker(townshipDate), '经乡镇审核，情况属实，报县级审定');
    const decided =
      path === 'identified' ? identifiedDate! : addDays(townshipDate, random.int(0, 2));
    add(
      '县级审定',
      decided,
      '县农业农村局',
      path === 'identified' ? '认定为防返贫监测对象' : '同意落实针对性帮扶措施',
    );
    const dept = addDays(decided, random.int(0, 1) + slow);
    add('部门落实', dept, department, measure);
    resolved = addDays(dept, random.int(0, 1));
    add('镇村落实', resolved, villageHead(resolved), '已告知农户并公开帮扶措施，问题办结');
    plan.measureTaken = path === 'identified' ? `纳入防返贫监测，${measure}` : measure;
  }
  plan.steps = steps;
  plan.resolvedDate = resolved;
  const responsible = village ? holderAt(world, village.id, resolved, '网格员') : null;
  plan.responsiblePerson = responsible?.name ?? villageHead(resolved);
}

/**
 * Cuts the plan at today (nothing after today has happened yet), or at a random step for a
 * stuck problem, and adds the 回访 to most resolved ones.
 */
function settle(random: Random, world: World, plan: ProblemPlan, stuck: boolean): void {
  if (stuck) {
    const keep = random.int(1, plan.steps.length - 1);
    plan.note = `等待${plan.steps[keep]!.step}`;
    plan.steps = plan.steps.slice(0, keep);
    plan.resolvedDate = null;
  }
  plan.steps = plan.steps.filter((step) => step.date <= world.today);
  if (plan.resolvedDate && plan.resolvedDate > world.today) plan.resolvedDate = null;
  if (!plan.resolvedDate) {
    // Still open: a measure is not yet taken, so no 处置措施 or 责任人 yet.
    plan.measureTaken = '';
    plan.responsiblePerson = '';
    return;
  }
  if (!random.chance(0.85)) return;
  const date = addDays(plan.resolvedDate, random.int(2, 20));
  if (date > world.today) return;
  const satisfaction = random.weighted([
    ['满意', 82],
    ['基本满意', 15],
    ['不满意', 3],
  ] as const);
  plan.followUpDate = date;
  plan.followUpResult = random.pick(FOLLOW_UP[satisfaction]);
  plan.satisfaction = satisfaction;
}

function newPlan(world: World, gridId: number, date: string): ProblemPlan | null {
  const worker = holderAt(world, gridId, date);
  if (!worker) return null;
  return {
    gridId,
    workerId: worker.workerId,
    workerName: worker.name,
    householdId: null,
    personName: '',
    place: '',
    category: '其他',
    source: '网格员排查',
    description: '',
    registeredDate: date,
    steps: [],
    measureTaken: '',
    responsiblePerson: '',
    resolvedDate: null,
    followUpDate: null,
    followUpResult: '',
    satisfaction: null,
    note: '',
  };
}

/**
 * `count` problem plans over the demo year. With `identifications`, every monitoring object
 * identified in the year gets the problem that led to it (counted in `count`).
 */
function planProblems(
  random: Random,
  world: World,
  count: number,
  identifications: boolean,
): ProblemPlan[] {
  const plans: ProblemPlan[] = [];
  if (identifications) {
    // 20 days: the backwards workflow must start inside the demo year.
    const earliest = addDays(world.from, 20);
    for (const h of world.households) {
      if (plans.length >= count) break;
      if (!h.monitorCategory || !h.identifiedDate || h.identifiedDate < earliest) continue;
      if (h.identifiedDate > world.today) continue;
      const plan = newPlan(world, h.gridId, h.identifiedDate);
      if (!plan) continue;
      plan.householdId = h.id;
      plan.category = random.weighted(CATEGORY_WEIGHTS.filter(([c]) => c !== '其他'));
      plan.source = random.weighted(SOURCE_WEIGHTS);
      plan.description = random.pick(DESCRIPTIONS[plan.category])(random);
      workflow(random, world, plan, 'identified', h.identifiedDate);
      // The registering worker is the one in office when the clue was found.
      const worker = holderAt(world, h.gridId, plan.registeredDate);
      if (worker) {
        plan.workerId = worker.workerId;
        plan.workerName = worker.name;
        plan.steps[0]!.person = worker.name;
      }
      settle(random, world, plan, false);
      plans.push(plan);
    }
  }
  const sample = householdSampler(random, world.households);
  // A fixed number of stuck problems (at least 2, so even the village has an overdue one).
  const stuckTarget =
    plans.length < count ? Math.max(2, Math.round((count - plans.length) * STUCK_SHARE)) : 0;
  let stuckCount = 0;
  while (plans.length < count) {
    const stuck = stuckCount < stuckTarget;
    // Stuck problems are recent (nobody leaves a case open for most of a year): registered
    // 3-45 days ago, so most, and always the first, are past the 15-day 办结时限 and some not.
    const date = stuck
      ? maxDate(world.from, addDays(world.today, -random.int(stuckCount === 0 ? 16 : 3, 45)))
      : registrationDay(random, world);
    let plan: ProblemPlan | null;
    if (random.chance(CLUE_SHARE)) {
      const group = random.pick(world.groups);
      plan = newPlan(world, group.id, date);
      if (!plan) continue;
      plan.personName = personName(random, random.chance(0.6) ? '男' : '女');
      plan.place = `${group.name}${random.pick(CLUE_PLACES)}`;
      plan.category = random.weighted([
        ['收入骤减', 3],
        ['医疗', 3],
        ['住房', 1],
        ['其他', 3],
      ] as const);
      plan.source = random.pick(['农户自主申报', '部门筛查预警', '其他'] as const);
      plan.description = random.pick(CLUE_DESCRIPTIONS);
      plan.note = '线索，尚未建档';
    } else {
      const h = sample();
      plan = newPlan(world, h.gridId, date);
      if (!plan) continue;
      plan.householdId = h.id;
      plan.category = random.weighted(CATEGORY_WEIGHTS);
      plan.source = random.weighted(SOURCE_WEIGHTS);
      plan.description = random.pick(DESCRIPTIONS[plan.category])(random);
    }
    const path = random.weighted([
      ['full', 35],
      ['short', 50],
      ['rejected', 15],
    ] as const);
    workflow(random, world, plan, path, null);
    settle(random, world, plan, stuck);
    plans.push(plan);
    if (stuck) stuckCount++;
  }
  // Ids follow registration order, as they would in a ledger kept day by day.
  return plans
    .map((plan, order) => ({ plan, order }))
    .sort((a, b) => a.plan.registeredDate.localeCompare(b.plan.registeredDate) || a.order - b.order)
    .map(({ plan }) => plan);
}

const maxDate = (a: string, b: string) => (a > b ? a : b);
/** A stored timestamp for a demo date (10:00 in China, 02:00 UTC): the clock never enters. */
const stamp = (date: string) => `${date}T02:00:00.000Z`;

function writeProblems(ctx: ServiceContext, world: World, plans: ProblemPlan[]): SavedProblem[] {
  const insertProblem = prepareBulkInsert(ctx.db, problems, [
    'gridId',
    'workerId',
    'householdId',
    'personName',
    'place',
    'category',
    'source',
    'description',
    'registeredDate',
    'dueDate',
    'status',
    'measureTaken',
    'responsiblePerson',
    'resolvedDate',
    'followUpDate',
    'followUpResult',
    'satisfaction',
    'note',
    'createdAt',
    'updatedAt',
  ]);
  const insertStep = prepareBulkInsert(ctx.db, problemSteps, [
    'problemId',
    'step',
    'date',
    'endDate',
    'person',
    'outcome',
    'createdAt',
  ]);
  return plans.map((plan) => {
    const last = [
      plan.registeredDate,
      ...plan.steps.map((s) => s.date),
      plan.resolvedDate ?? '',
      plan.followUpDate ?? '',
    ].reduce(maxDate);
    const id = insertProblem({
      ...plan,
      // The ledger's own rules (services/ledger): 办结时限 and 状态 are derived, never drawn.
      dueDate: problemDueDate(plan.registeredDate, world.settings),
      status: deriveStatus({
        resolvedDate: plan.resolvedDate,
        measureTaken: plan.measureTaken,
        steps: plan.steps.map((s) => s.step),
      }),
      createdAt: stamp(plan.registeredDate),
      updatedAt: stamp(last),
    });
    for (const step of plan.steps) {
      insertStep({ problemId: id, ...step, createdAt: stamp(step.date) });
    }
    return {
      id,
      villageId: ancestor(world, plan.gridId, 'village')?.id ?? null,
      householdId: plan.householdId,
      workerId: plan.workerId,
      registeredDate: plan.registeredDate,
      resolvedDate: plan.resolvedDate,
      description: plan.description,
      source: plan.source,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Visits
// ---------------------------------------------------------------------------------------------

const HOME_FINDINGS = [
  '了解家庭收支和帮扶措施落实情况，生活稳定',
  '慢性病用药已按规定报销，身体状况平稳',
  '核对家庭人口和务工情况，无新增风险',
  '宣传防返贫监测政策和申报渠道，发放明白纸',
  '子女在校就读正常，已享受教育资助',
  '产业发展正常，种养殖收入稳定',
  '房屋和饮水安全，无异常',
];
const REMOTE_FINDINGS: Record<'电话' | '微信', readonly string[]> = {
  电话: [
    '电话联系户主，在外务工稳定',
    '电话了解务工收入情况，无返乡计划',
    '电话告知家中房屋安全情况',
  ],
  微信: ['微信联系，务工收入稳定', '微信视频了解家庭情况，无新增风险', '微信推送防返贫监测政策'],
};

interface VisitPeriod {
  /** Indexes into the year's days (see dayTable). */
  first: number;
  last: number;
  kind: 'home' | 'remote' | 'any';
}

interface MonthSpan {
  start: string;
  end: string;
  quarterEnd: string;
}

const monthOf = (date: string) => date.slice(0, 7);

/** The calendar months from `from`'s month to `to`'s month. */
function monthsBetween(from: string, to: string): MonthSpan[] {
  const months: MonthSpan[] = [];
  for (let d = `${monthOf(from)}-01`; monthOf(d) <= monthOf(to); d = addMonths(d, 1)) {
    const { start, end } = monthPeriod(monthOf(d));
    months.push({ start, end, quarterEnd: quarterPeriod(monthOf(d)).end });
  }
  return months;
}

/**
 * Every day from `from` to the end of the last month's quarter, with its position: drawing
 * 170,000 visit dates by index is much cheaper than by date arithmetic.
 */
function dayTable(from: string, months: readonly MonthSpan[]) {
  const days: string[] = [];
  const last = months[months.length - 1]!.quarterEnd;
  for (let d = from; d <= last; d = addDays(d, 1)) days.push(d);
  const index = new Map(days.map((d, i) => [d, i]));
  return { days, at: (date: string) => index.get(maxDate(date, from))! };
}

/**
 * The visit periods of one household over the demo year (docs/domain.md §3, the same rules as
 * services/visits/rules.ts): unresolved risk → a home visit every month; all members away →
 * a phone/WeChat contact every month; everyone else → any visit every quarter. A household
 * whose risk was eliminated in the year had the monthly rule until then. A monitoring object
 * identified during the year is visited monthly all year: the due lists judge past months by
 * the household's present state, so fewer visits would show there as overdue.
 */
function visitPeriods(
  h: HouseholdInfo,
  months: readonly MonthSpan[],
  at: (date: string) => number,
): VisitPeriod[] {
  const facts = {
    monitorCategory: h.monitorCategory,
    eliminationStatus: h.eliminationStatus,
    memberCount: h.memberCount,
    awayCount: h.awayCount,
  };
  const away = allMembersAway(facts);
  const unresolved = hasUnresolvedRisk(facts);
  const periods: VisitPeriod[] = [];
  let quarterEnd = '';
  for (const { start, end, quarterEnd: qEnd } of months) {
    const atRisk = unresolved || (h.monitorCategory !== null && (h.eliminationDate ?? '') >= start);
    if (away) periods.push({ first: at(start), last: at(end), kind: 'remote' });
    else if (atRisk) periods.push({ first: at(start), last: at(end), kind: 'home' });
    else if (qEnd !== quarterEnd) {
      // Quarterly from here to the quarter's end (after an elimination: the rest of it).
      periods.push({ first: at(start), last: at(qEnd), kind: 'any' });
      quarterEnd = qEnd;
    }
  }
  return periods;
}

function writeVisits(
  ctx: ServiceContext,
  random: Random,
  world: World,
  saved: readonly SavedProblem[],
  periodic: boolean,
): number {
  const insertVisit = prepareBulkInsert(ctx.db, visits, [
    'householdId',
    'workerId',
    'date',
    'way',
    'findings',
    'problemId',
    'createdAt',
  ]);
  const months = monthsBetween(world.from, world.today);
  const { days, at } = dayTable(world.from, months);
  let count = 0;
  for (const h of periodic ? world.households : []) {
    for (const period of visitPeriods(h, months, at)) {
      if (random.chance(MISSED_VISIT_SHARE)) continue;
      const date = days[random.int(period.first, period.last)]!;
      // A visit planned for later this month or quarter has not happened yet.
      if (date > world.today) continue;
      const worker = holderAt(world, h.gridId, date);
      if (!worker) continue;
      let way: VisitWay;
      if (period.kind === 'home') way = '入户';
      else if (period.kind === 'remote') {
        // Workers away come home around the Spring Festival.
        const springFestival = /-0[12]-/.test(date);
        way = random.chance(springFestival ? 0.5 : 0.05)
          ? '入户'
          : random.chance(0.6)
            ? '电话'
            : '微信';
      } else
        way = random.weighted([
          ['入户', 80],
          ['电话', 15],
          ['微信', 5],
        ] as const);
      insertVisit({
        householdId: h.id,
        workerId: worker.workerId,
        date,
        way,
        findings: random.pick(way === '入户' ? HOME_FINDINGS : REMOTE_FINDINGS[way]),
        problemId: null,
        createdAt: stamp(date),
      });
      count++;
    }
  }
  // A problem a worker found on a home visit (网格员排查) keeps that visit ("需要跟进").
  for (const p of saved) {
    if (p.householdId === null || p.source !== '网格员排查') continue;
    insertVisit({
      householdId: p.householdId,
      workerId: p.workerId,
      date: p.registeredDate,
      way: '入户',
      findings: `发现问题：${p.description}`,
      problemId: p.id,
      createdAt: stamp(p.registeredDate),
    });
    count++;
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// Meetings
// ---------------------------------------------------------------------------------------------

const ROLE_ORDER = ['网格长', '监管员', '网格员', '监测员', '信息员'];
const NEXT_STEPS = [
  '对监测户坚持每月入户走访，做到应访尽访。',
  '下月重点排查因病、因灾风险，及时登记问题线索。',
  '做好季度走访收尾，外出户按月电话联系。',
  '对到期未办结问题逐件督办，按时限办结。',
];

/** One 月度会商 per village per month (一月一会商、一月一研判), on a working day late in the month. */
function writeMeetings(
  ctx: ServiceContext,
  random: Random,
  world: World,
  saved: readonly SavedProblem[],
): number {
  const insertMeeting = prepareBulkInsert(ctx.db, meetings, [
    'gridId',
    'date',
    'place',
    'host',
    'attendees',
    'topics',
    'decisions',
    'recorder',
    'createdAt',
    'updatedAt',
  ]);
  const insertLink = prepareBulkInsert(ctx.db, meetingProblems, ['meetingId', 'problemId']);
  const byVillage = new Map<number, SavedProblem[]>();
  for (const p of saved) {
    if (p.villageId === null) continue;
    let list = byVillage.get(p.villageId);
    if (!list) byVillage.set(p.villageId, (list = []));
    list.push(p);
  }
  const months = monthsBetween(world.from, world.today).map((m) => monthOf(m.start));
  let count = 0;
  for (const village of world.grids.values()) {
    if (village.level !== 'village') continue;
    const villageProblems = byVillage.get(village.id) ?? [];
    for (const month of months) {
      let date = `${month}-${String(random.int(20, 26)).padStart(2, '0')}`;
      if (!isWorkingDay(date, world.settings)) date = addWorkingDays(date, 1, world.settings);
      if (date < world.from || date > world.today) continue;
      const held = rolesAt(world, village.id, date).sort(
        (a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role),
      );
      if (held.length === 0) continue;
      const host = held.find((r) => r.role === '网格长') ?? held[0]!;
      const recorder =
        held.find((r) => r.role === '信息员') ?? held.find((r) => r.role === '监测员') ?? host;
      const start = `${month}-01`;
      const registered = villageProblems.filter(
        (p) => p.registeredDate >= start && p.registeredDate <= date,
      );
      const resolved = villageProblems.filter(
        (p) => p.resolvedDate !== null && p.resolvedDate >= start && p.resolvedDate <= date,
      );
      const open = villageProblems.filter(
        (p) => p.registeredDate <= date && (p.resolvedDate === null || p.resolvedDate > date),
      );
      const decisions = [
        `本月新登记问题 ${registered.length} 件，办结 ${resolved.length} 件。`,
        open.length > 0
          ? `对 ${open.length} 件未办结问题逐件明确责任人和办结时限。`
          : '目前没有未办结的问题。',
        random.pick(NEXT_STEPS),
      ].join('');
      const id = insertMeeting({
        gridId: village.id,
        date,
        place: `${village.name}委会会议室`,
        host: host.name,
        attendees: held.map((r) => r.name).join('、'),
        topics: '一、通报本月走访、问题登记和办结情况；二、逐户研判新增风险线索；三、安排下月工作',
        decisions,
        recorder: recorder.name,
        createdAt: stamp(date),
        updatedAt: stamp(date),
      });
      count++;
      // The problems discussed: those still open, then this month's new ones; a handful.
      const linked = new Set([...open, ...registered].map((p) => p.id));
      for (const problemId of [...linked].slice(0, 6)) insertLink({ meetingId: id, problemId });
    }
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

/**
 * The ledger's year for a freshly seeded roster: `problems` problems (the monitoring objects
 * identified in the year among them), every household's visits, and the villages' meetings.
 * Call inside the demo's transaction, after the roster.
 */
export function seedLedger(
  ctx: ServiceContext,
  random: Random,
  input: { problems: number },
): LedgerCounts {
  const world = loadWorld(ctx);
  const saved = writeProblems(ctx, world, planProblems(random, world, input.problems, true));
  const visitCount = writeVisits(ctx, random, world, saved, true);
  const meetingCount = writeMeetings(ctx, random, world, saved);
  return { problems: saved.length, visits: visitCount, meetings: meetingCount };
}

/**
 * More problems of the same kind over the same year (with the visits they were found on), for
 * benchmarks that need a bigger ledger than the county has. Call inside a transaction.
 */
export function addDemoProblems(ctx: ServiceContext, random: Random, count: number): LedgerCounts {
  const world = loadWorld(ctx);
  const saved = writeProblems(ctx, world, planProblems(random, world, count, false));
  const visitCount = writeVisits(ctx, random, world, saved, false);
  return { problems: saved.length, visits: visitCount, meetings: 0 };
}
