import {
  assistanceContacts,
  householdIncomes,
  measures,
  workerRoles,
  workers,
} from '../../../db/schema';
import {
  MONITOR_CATEGORIES,
  type MeasureCategory,
  type RiskType,
  type Role,
} from '../../api/roster-enums';
import { prepareBulkInsert } from '../bulk';
import type { ServiceContext } from '../context';
import { addMonths } from '../roster/elimination';
import { householdWriters } from '../roster/household-writers';
import { nameInitials, reverse } from '../roster/people';
import { birthDate, idNumber, mobileNumber, personName } from './names';
import type { Random } from './random';

export interface DemoGrid {
  id: number;
  level: 'county' | 'township' | 'village' | 'group' | 'cell';
  name: string;
}

export interface RosterCounts {
  workers: number;
  households: number;
  members: number;
  monitored: number;
  measures: number;
}

/** Spreads like the county report (docs/domain.md §8): 综合保障 dominates, then 产业 and 就业. */
const MEASURE_WEIGHTS: readonly (readonly [MeasureCategory, number])[] = [
  ['综合保障', 70],
  ['健康', 5],
  ['产业', 7],
  ['就业', 6],
  ['义务教育保障', 5],
  ['住房安全', 4],
  ['公益岗位', 3],
  ['饮水安全', 2],
  ['金融', 2],
  ['其他教育', 1],
  ['社会帮扶', 1],
  ['搬迁', 0.5],
  ['生产生活条件改善', 0.5],
  ['基础设施', 0.5],
];
const MEASURE_TEXT: Record<MeasureCategory, readonly string[]> = {
  产业: ['发放鸡苗 50 羽', '种植核桃 3 亩补助', '养殖肉牛 2 头贷款贴息', '中药材种植技术指导'],
  就业: ['推荐到县工业园区务工', '劳务输出交通补贴', '参加电工技能培训'],
  金融: ['小额信贷 3 万元', '防贫保险理赔'],
  公益岗位: ['安排护林员公益岗位', '安排村道保洁公益岗位'],
  健康: ['家庭医生签约服务', '慢性病门诊报销', '大病救治'],
  义务教育保障: ['义务教育营养餐补助', '控辍保学劝返'],
  其他教育: ['雨露计划职业教育补助', '高中助学金'],
  综合保障: ['纳入农村低保', '临时救助 2000 元', '残疾人两项补贴', '代缴城乡居民医保'],
  住房安全: ['危房改造补助', '房屋加固'],
  饮水安全: ['入户自来水管网改造'],
  社会帮扶: ['结对帮扶单位慰问', '爱心超市积分兑换'],
  搬迁: ['易地扶贫搬迁安置'],
  生产生活条件改善: ['厨厕改造'],
  基础设施: ['入户道路硬化'],
};
const RISK_WEIGHTS: readonly (readonly [RiskType, number])[] = [
  ['因病', 40],
  ['因残', 20],
  ['因学', 10],
  ['因意外事故', 8],
  ['缺劳动力', 8],
  ['因务工就业不稳', 6],
  ['因自然灾害', 4],
  ['因产业项目失败', 2],
  ['其他', 2],
];
const WORK_PLACES = [
  '昆明市',
  '广东省东莞市',
  '浙江省宁波市',
  '上海市',
  '福建省晋江市',
  '本县工业园区',
  '江苏省苏州市',
];
const UNITS = [
  '县农业农村局',
  '县教育体育局',
  '县卫生健康局',
  '县人力资源和社会保障局',
  '县交通运输局',
  '乡镇人民政府',
  '县供电局',
];
const NATURAL_VILLAGES = ['大寨', '小寨', '上村', '下村', '新村', '老寨', '河边', '坡头'];

const iso = (d: Date) => d.toISOString().slice(0, 10);
function dateBetween(random: Random, from: string, to: string): string {
  const a = Date.parse(from);
  const b = Date.parse(to);
  return iso(new Date(a + random.next() * Math.max(0, b - a)));
}

/**
 * Workers with roles (and some replaced ones), households with members, risks, incomes,
 * measures and 帮扶责任人, written through the bulk path inside the caller's transaction.
 */
export function seedRoster(
  ctx: ServiceContext,
  random: Random,
  input: {
    grids: DemoGrid[];
    areaCode: string;
    households: number;
    monitoredShare: number;
    monitoredExact?: number;
    /** Household sizes with weights; the default averages about 3.5 people. */
    sizes?: readonly (readonly [number, number])[];
  },
): RosterCounts {
  const now = ctx.now();
  const year = now.getFullYear();
  const todayIso = iso(now);
  const counts: RosterCounts = { workers: 0, households: 0, members: 0, monitored: 0, measures: 0 };

  const insertWorker = prepareBulkInsert(ctx.db, workers, [
    'name',
    'sex',
    'phone',
    'unit',
    'post',
    'birthYear',
  ]);
  const insertRole = prepareBulkInsert(ctx.db, workerRoles, [
    'workerId',
    'gridId',
    'role',
    'duties',
    'startDate',
    'endDate',
  ]);
  const write = householdWriters(ctx);
  const insertIncome = prepareBulkInsert(ctx.db, householdIncomes, [
    'householdId',
    'year',
    'wageIncome',
    'businessIncome',
    'propertyIncome',
    'transferIncome',
    'businessCost',
    'perCapitaNetIncome',
    'compliantOutOfPocket',
  ]);
  const insertMeasure = prepareBulkInsert(ctx.db, measures, [
    'householdId',
    'category',
    'content',
    'plannedDate',
    'doneDate',
    'status',
  ]);
  const insertContact = prepareBulkInsert(ctx.db, assistanceContacts, [
    'householdId',
    'name',
    'unit',
    'phone',
    'startDate',
    'endDate',
  ]);

  const usedIds = new Set<string>();
  const person = (sex: '男' | '女', minAge: number, maxAge: number) => {
    const born = birthDate(random, todayIso, minAge, maxAge);
    let id = idNumber(random, input.areaCode, born, sex);
    while (usedIds.has(id)) id = idNumber(random, input.areaCode, born, sex);
    usedIds.add(id);
    return { name: personName(random, sex), sex, born, id };
  };

  // Workers: the county's proportions — 22 per township grid, about 5 per village grid, one per group grid.
  const addWorker = (gridId: number, role: Role, post: string, unit: string) => {
    const sex = random.chance(0.7) ? '男' : '女';
    const p = person(sex, 25, 62);
    const workerId = insertWorker({
      name: p.name,
      sex,
      phone: mobileNumber(random),
      unit,
      post,
      birthYear: Number(p.born.slice(0, 4)),
    });
    counts.workers++;
    const startDate = dateBetween(random, `${year - 4}-01-01`, `${year - 1}-06-30`);
    // About one grid in ten has had its worker replaced: the old assignment stays as history.
    if (random.chance(0.1)) {
      const old = person(random.chance(0.7) ? '男' : '女', 40, 68);
      const oldId = insertWorker({
        name: old.name,
        sex: old.sex,
        phone: mobileNumber(random),
        unit,
        post,
        birthYear: Number(old.born.slice(0, 4)),
      });
      counts.workers++;
      insertRole({
        workerId: oldId,
        gridId,
        role,
        duties: DUTIES[role],
        startDate: `${year - 6}-03-01`,
        endDate: startDate,
      });
    }
    insertRole({ workerId, gridId, role, duties: DUTIES[role], startDate, endDate: null });
  };
  for (const grid of input.grids) {
    if (grid.level === 'township') {
      addWorker(grid.id, '网格长', '乡镇党委书记', `${grid.name}人民政府`);
      for (let i = 0; i < 2; i++)
        addWorker(grid.id, '监管员', '乡镇纪委干部', `${grid.name}人民政府`);
      for (let i = 0; i < 19; i++) addWorker(grid.id, '网格员', '乡镇干部', `${grid.name}人民政府`);
    } else if (grid.level === 'village') {
      addWorker(grid.id, '网格长', '村党组织书记', `${grid.name}村民委员会`);
      addWorker(grid.id, '监管员', '驻村第一书记', random.pick(UNITS));
      addWorker(grid.id, '网格员', '驻村工作队员', random.pick(UNITS));
      addWorker(grid.id, '监测员', '村委会委员', `${grid.name}村民委员会`);
      if (random.chance(0.3)) addWorker(grid.id, '信息员', '村文书', `${grid.name}村民委员会`);
    } else if (grid.level === 'group') {
      addWorker(grid.id, '网格长', '村民小组长', '');
    }
  }

  // Households spread over the group grids.
  const groups = input.grids.filter((g) => g.level === 'group');
  const perGroup = random.split(input.households, groups.length, 0.45);
  const monitoredTarget =
    input.monitoredExact ?? Math.round(input.households * input.monitoredShare);
  let householdIndex = 0;
  groups.forEach((group, g) => {
    for (let k = 0; k < perGroup[g]!; k++, householdIndex++) {
      // Evenly spaced so the monitored households fall across all grids.
      const monitored =
        Math.floor(((householdIndex + 1) * monitoredTarget) / input.households) >
        Math.floor((householdIndex * monitoredTarget) / input.households);
      const poorBefore = monitored ? random.chance(0.4) : random.chance(0.22);
      const category = monitored ? random.weighted(MONITOR_WEIGHTS) : null;
      const identifiedDate = monitored
        ? dateBetween(random, `${year - 3}-06-01`, iso(new Date(now.getTime() - 30 * 864e5)))
        : null;
      const noLabour = monitored && random.chance(0.08);
      const measureCount = monitored ? random.int(2, 6) : poorBefore && random.chance(0.3) ? 1 : 0;
      const measurePlan = Array.from({ length: measureCount }, () => {
        const category = random.weighted(MEASURE_WEIGHTS);
        const planned = dateBetween(random, identifiedDate ?? `${year - 2}-01-01`, todayIso);
        const done = random.chance(0.7) ? dateBetween(random, planned, todayIso) : null;
        return { category, planned, done };
      });
      const canEliminate =
        monitored &&
        !noLabour &&
        identifiedDate !== null &&
        addMonths(identifiedDate, 6) <= todayIso &&
        measurePlan.some((m) => m.done);
      const eliminated = canEliminate && random.chance(0.45);
      const phone = mobileNumber(random);
      const householdId = write.household({
        householdNo: null,
        note: '',
        address: `${group.name}${random.int(1, 120)}号`,
        naturalVillage: random.pick(NATURAL_VILLAGES),
        phone,
        phoneRev: reverse(phone),
        householdType: poorBefore ? '脱贫户' : '一般农户',
        monitorCategory: category,
        identifiedDate,
        noLabourSupport: noLabour,
        developmentalAid: measurePlan.some(
          (m) => ['产业', '就业', '金融', '公益岗位'].includes(m.category) && m.done,
        ),
        relocated: random.chance(0.03),
        housingUnsafe: monitored && random.chance(0.05),
        schoolDropout: false,
        waterUnsafe: monitored && random.chance(0.03),
        noMedicalInsurance: false,
        eliminationStatus: monitored ? (eliminated ? '已消除' : '未消除') : null,
        eliminationMethod: eliminated ? (random.chance(0.85) ? '稳定消除' : '自然消除') : null,
        eliminationDate: eliminated
          ? dateBetween(random, addMonths(identifiedDate!, 6), todayIso)
          : null,
      });
      counts.households++;
      if (monitored) counts.monitored++;
      write.assignment({
        householdId,
        gridId: group.id,
        startDate: dateBetween(random, `${year - 5}-01-01`, `${year - 2}-12-31`),
        endDate: null,
      });

      const size = random.weighted(input.sizes ?? HOUSEHOLD_SIZES);
      const people = householdMembers(random, person, year, size, noLabour);
      people.forEach((m, order) => {
        write.member({ householdId, ...m, sortOrder: order });
        counts.members++;
      });
      if (monitored) {
        const riskCount = random.weighted([
          [1, 60],
          [2, 30],
          [3, 10],
        ] as const);
        const risks = new Set<RiskType>();
        while (risks.size < riskCount) risks.add(random.weighted(RISK_WEIGHTS));
        for (const riskType of risks) {
          write.risk({
            householdId,
            riskType,
            disasterSubtype:
              riskType === '因自然灾害' ? random.pick(['洪涝', '地质', '旱灾', '气象']) : null,
          });
        }
      }
      for (const m of measurePlan) {
        insertMeasure({
          householdId,
          category: m.category,
          content: random.pick(MEASURE_TEXT[m.category]),
          plannedDate: m.planned,
          doneDate: m.done,
          status: m.done ? '已完成' : random.chance(0.5) ? '实施中' : '计划',
        });
        counts.measures++;
      }
      if (monitored || poorBefore) {
        const line = 7500 + (year - 2024) * 500;
        const perCapita = monitored
          ? random.int(Math.round(line * 0.6), Math.round(line * 1.3))
          : random.int(line, line * 3);
        insertIncome({
          householdId,
          year: year - 1,
          wageIncome: Math.round(perCapita * people.length * 0.55),
          businessIncome: Math.round(perCapita * people.length * 0.25),
          propertyIncome: Math.round(perCapita * people.length * 0.02),
          transferIncome: Math.round(perCapita * people.length * 0.28),
          businessCost: Math.round(perCapita * people.length * 0.1),
          perCapitaNetIncome: perCapita,
          compliantOutOfPocket: monitored ? random.int(0, 20000) : 0,
        });
        const contact = person(random.chance(0.6) ? '男' : '女', 26, 55);
        insertContact({
          householdId,
          name: contact.name,
          unit: random.pick(UNITS),
          phone: mobileNumber(random),
          startDate: dateBetween(random, `${year - 3}-01-01`, `${year - 1}-01-01`),
          endDate: null,
        });
      }
    }
  });
  return counts;
}

const DUTIES: Record<Role, string> = {
  网格长: '统筹本网格防返贫动态监测和帮扶工作',
  网格员: '入户走访，发现风险及时报告',
  监管员: '督促检查网格工作落实情况',
  监测员: '收集、核实监测数据，跟踪预警信息',
  信息员: '信息报送和台账整理',
};
const MONITOR_WEIGHTS = [
  [MONITOR_CATEGORIES[0], 35],
  [MONITOR_CATEGORIES[1], 45],
  [MONITOR_CATEGORIES[2], 20],
] as const;
const HOUSEHOLD_SIZES = [
  [1, 10],
  [2, 18],
  [3, 22],
  [4, 25],
  [5, 15],
  [6, 7],
  [7, 3],
] as const;

type Person = (
  sex: '男' | '女',
  minAge: number,
  maxAge: number,
) => { name: string; sex: '男' | '女'; born: string; id: string };

/** Head, spouse, children, maybe a parent: ages, health, schooling and work that fit together. */
function householdMembers(
  random: Random,
  person: Person,
  year: number,
  size: number,
  noLabour: boolean,
) {
  const headSex = random.chance(0.85) ? '男' : '女';
  const head = person(headSex, noLabour ? 65 : 28, noLabour ? 88 : 78);
  const headAge = year - Number(head.born.slice(0, 4));
  const list: { p: ReturnType<Person>; relation: string }[] = [{ p: head, relation: '本人' }];
  if (size > 1 && random.chance(0.85)) {
    list.push({
      p: person(
        headSex === '男' ? '女' : '男',
        Math.max(20, headAge - 8),
        Math.min(90, headAge + 4),
      ),
      relation: '配偶',
    });
  }
  while (list.length < size) {
    if (headAge > 50 && random.chance(0.25)) {
      const sex = random.chance(0.5) ? '男' : '女';
      list.push({
        p: person(sex, Math.max(1, headAge - 55), Math.max(2, headAge - 22)),
        relation: '孙子女',
      });
    } else {
      const sex = random.chance(0.52) ? '男' : '女';
      list.push({
        p: person(sex, Math.max(0, headAge - 45), Math.max(1, headAge - 20)),
        relation: sex === '男' ? '子' : '女',
      });
    }
  }
  return list.map(({ p, relation }) => {
    const age = year - Number(p.born.slice(0, 4));
    const health = noLabour
      ? random.pick(['长期慢性病', '残疾', '患有大病'] as const)
      : random.weighted([
          ['健康', 80],
          ['长期慢性病', 12],
          ['残疾', 5],
          ['患有大病', 3],
        ] as const);
    const labour =
      age < 16
        ? null
        : noLabour || age > 75
          ? '无劳动力'
          : health === '健康'
            ? random.chance(0.2)
              ? '技能劳动力'
              : '普通劳动力'
            : '弱劳动力或半劳动力';
    const working = labour === '普通劳动力' || labour === '技能劳动力';
    const away = working && age <= 55 && random.chance(0.35);
    const school =
      age < 6
        ? '学前教育'
        : age <= 12
          ? '小学'
          : age <= 15
            ? '初中'
            : age <= 18 && random.chance(0.7)
              ? '高中'
              : '非在校生';
    return {
      name: p.name,
      nameInitials: nameInitials(p.name),
      sex: p.sex,
      idNumber: p.id,
      idKey: p.id,
      idRev: reverse(p.id),
      relation,
      birthDate: p.born,
      ethnicity: random.chance(0.8) ? '汉族' : random.pick(['彝族', '哈尼族', '苗族', '傣族']),
      education:
        age < 6
          ? '学龄前儿童'
          : random.weighted([
              ['小学', 35],
              ['初中', 40],
              ['高中', 12],
              ['文盲或半文盲', 8],
              ['大专', 5],
            ] as const),
      schoolStatus: school,
      health,
      labourSkill: labour,
      workPlace: away ? random.pick(WORK_PLACES) : null,
      workMonths: away ? random.int(3, 12) : null,
      basicMedicalInsurance: random.chance(0.985),
      seriousIllnessInsurance: random.chance(0.95),
      pensionInsurance: age >= 16 && random.chance(0.85),
      minimumLiving: noLabour || random.chance(0.04),
      extremePoverty: noLabour && random.chance(0.2),
    };
  });
}
