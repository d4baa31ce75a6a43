import { DEVELOPMENTAL_CATEGORIES, type MeasureCategory } from '../../api/roster-enums';
import type { SelfCheckFinding, SelfCheckItem } from '../../api/self-check-types';
import { VISIT_DUE_KINDS, type VisitDueKind, type VisitWay } from '../../api/visits-types';
import { addMonths } from '../roster/elimination';
import { getSettings } from '../settings/settings';
import { sqlQuery } from '../sql';
import { dueKind, duePeriod, dueStatus, quarterPeriod, wayCounts } from '../visits/rules';
import { SUBTREE, finding, householdSubject, item, yuan, type CheckScope } from './common';
import { dateText, incomeWindow, monthsBetween, windowYears } from './period';

/**
 * The checks read from one row per household (docs/domain.md §9): 政策落实, 数据完整, visits
 * overdue, the policy explainer's coverage. One query reads every household in scope with the
 * facts the checks need, each from a correlated lookup on its own index (members, measures,
 * incomes, risks, contacts, visits, handouts), as visits/due.ts reads its FACTS: no query per
 * household, no grouped temp table.
 */

const LABOUR = `('普通劳动力', '技能劳动力')`;
const NO_LABOUR = `('丧失劳动力', '无劳动力')`;
/** Bits per member count in MEMBERS' packed sum: a household has far fewer than 1024 members. */
const B = 1024;

interface FactsRow {
  id: number;
  gridId: number;
  monitorCategory: string | null;
  identifiedDate: string | null;
  noLabourSupport: number;
  developmentalAid: number;
  housingUnsafe: number;
  schoolDropout: number;
  waterUnsafe: number;
  noMedicalInsurance: number;
  eliminationStatus: string | null;
  eliminationDate: string | null;
  /** count + away·B + labour·B² + without labour·B³ + health/labour unknown·B⁴. */
  members: number;
  /** 'category|status' of each measure, joined by ','; null without any. */
  measures: string | null;
  risks: number;
  /** 'year:家庭人均纯收入' of the window's years, joined by ','; null without any. */
  incomes: string | null;
  /** A 帮扶责任人 assigned on the period's last day. */
  contact: number;
  /** 'YYYY-MM|way' of each visit from @vstart to @vend, joined by ',' (repeats left in: cheaper than DISTINCT). */
  visits: string | null;
  /** The latest visit after the elimination date, up to @to (已消除 households only). */
  visitAfterElimination: string | null;
  handout: number;
  /** An open 拟纳入 proposal (no decision yet): the household is being screened. */
  proposed: number;
}

interface FactsParams {
  gridId: number | null;
  to: string;
  y1: number;
  y2: number;
  vstart: string;
  vend: string;
  [key: string]: string | number | null;
}

const FACTS = sqlQuery<FactsRow, FactsParams>(`${SUBTREE},
  hh AS (SELECT hg.household_id AS id, hg.grid_id AS gridId FROM household_grids hg
         WHERE hg.end_date IS NULL AND (@gridId IS NULL OR hg.grid_id IN sub))
  SELECT hh.id, hh.gridId,
    h.monitor_category AS monitorCategory, h.identified_date AS identifiedDate,
    h.no_labour_support AS noLabourSupport, h.developmental_aid AS developmentalAid,
    h.housing_unsafe AS housingUnsafe, h.school_dropout AS schoolDropout,
    h.water_unsafe AS waterUnsafe, h.no_medical_insurance AS noMedicalInsurance,
    h.elimination_status AS eliminationStatus, h.elimination_date AS eliminationDate,
    coalesce((SELECT sum(1
        + ${B} * (trim(coalesce(m.work_place, '')) <> '')
        + ${B ** 2} * (m.labour_skill IN ${LABOUR})
        + ${B ** 3} * (m.labour_skill IN ${NO_LABOUR})
        + ${B ** 4} * (coalesce(m.labour_skill, '') = '' OR coalesce(m.health, '') = ''))
      FROM members m WHERE m.household_id = hh.id), 0) AS members,
    (SELECT group_concat(ms.category || '|' || ms.status) FROM measures ms
     WHERE ms.household_id = hh.id) AS measures,
    (SELECT count(*) FROM household_risks r WHERE r.household_id = hh.id) AS risks,
    (SELECT group_concat(i.year || ':' || i.per_capita_net_income) FROM household_incomes i
     WHERE i.household_id = hh.id AND i.year BETWEEN @y1 AND @y2
       AND i.per_capita_net_income IS NOT NULL) AS incomes,
    EXISTS (SELECT 1 FROM assistance_contacts c WHERE c.household_id = hh.id
            AND c.start_date <= @to AND (c.end_date IS NULL OR c.end_date >= @to)) AS contact,
    (SELECT group_concat(substr(v.date, 1, 7) || '|' || v.way) FROM visits v
     WHERE v.household_id = hh.id AND v.date BETWEEN @vstart AND @vend) AS visits,
    CASE WHEN h.elimination_status = '已消除' AND h.elimination_date IS NOT NULL THEN
      (SELECT max(v.date) FROM visits v WHERE v.household_id = hh.id
       AND v.date > h.elimination_date AND v.date <= @to) END AS visitAfterElimination,
    EXISTS (SELECT 1 FROM policy_handouts ph WHERE ph.household_id = hh.id
            AND ph.handed_date <= @to) AS handout,
    EXISTS (SELECT 1 FROM problems p WHERE p.household_id = hh.id AND p.proposal = '拟纳入'
            AND p.decision IS NULL) AS proposed
  FROM hh JOIN households h ON h.id = hh.id
  ORDER BY hh.id`);

interface Household {
  row: FactsRow;
  memberCount: number;
  awayCount: number;
  labourCount: number;
  noLabourCount: number;
  unknownCount: number;
  /** Measures by category: any status, and 实施中 / 已完成 only. */
  anyMeasure: Set<string>;
  activeMeasure: Set<string>;
  measureCount: number;
  /** Monitored with risk not eliminated (docs/domain.md §3 visit rule's 「unresolved risk」). */
  monitored: boolean;
}

function unpack(row: FactsRow): Household {
  const digit = (n: number) => Math.floor(row.members / B ** n) % B;
  const anyMeasure = new Set<string>();
  const activeMeasure = new Set<string>();
  let measureCount = 0;
  for (const entry of row.measures?.split(',') ?? []) {
    const [category, status] = entry.split('|') as [string, string];
    measureCount += 1;
    anyMeasure.add(category);
    if (status === '实施中' || status === '已完成') activeMeasure.add(category);
  }
  return {
    row,
    memberCount: digit(0),
    awayCount: digit(1),
    labourCount: digit(2),
    noLabourCount: digit(3),
    unknownCount: digit(4),
    anyMeasure,
    activeMeasure,
    measureCount,
    monitored: row.monitorCategory !== null && row.eliminationStatus !== '已消除',
  };
}

/** 三保障 and water (docs/domain.md §9): each flag and the measures that answer it. */
const GUARANTEES: {
  flag: keyof Pick<
    FactsRow,
    'housingUnsafe' | 'schoolDropout' | 'noMedicalInsurance' | 'waterUnsafe'
  >;
  label: string;
  measures: readonly MeasureCategory[];
}[] = [
  { flag: 'housingUnsafe', label: '住房出现安全问题', measures: ['住房安全'] },
  { flag: 'schoolDropout', label: '义务教育阶段失学辍学', measures: ['义务教育保障'] },
  { flag: 'noMedicalInsurance', label: '未参加基本医疗保险', measures: ['健康', '综合保障'] },
  { flag: 'waterUnsafe', label: '饮水出现安全问题', measures: ['饮水安全'] },
];

/** 兜底: 综合保障 (低保, 特困供养…), docs/domain.md §9 「Labour」. */
const SUPPORT: MeasureCategory = '综合保障';

/** How long after 风险消除 a household is due its 回头看 (docs/domain.md §9), in months. */
export const RECHECK_MONTHS = 3;

/** New 低保 / 特困供养 grants in the period and whether the household was screened that month. */
interface GrantRow {
  householdId: number;
  gridId: number;
  head: string | null;
  member: string;
  kind: string;
  since: string;
}
const GRANTS = sqlQuery<GrantRow, { gridId: number | null; from: string; to: string }>(`${SUBTREE},
  -- One pass over the members (no index on the dates): each grant of the period as a row.
  granted AS (
    SELECT m.household_id AS householdId, m.name AS member,
           m.minimum_living_since AS living, m.extreme_poverty_since AS poverty
    FROM members m
    WHERE m.minimum_living_since BETWEEN @from AND @to
       OR m.extreme_poverty_since BETWEEN @from AND @to),
  grants AS (
    SELECT householdId, member, '低保' AS kind, living AS since FROM granted
    WHERE living BETWEEN @from AND @to
    UNION ALL
    SELECT householdId, member, '特困供养', poverty FROM granted
    WHERE poverty BETWEEN @from AND @to)
  SELECT g.householdId, hg.grid_id AS gridId, g.member, g.kind, g.since,
    (SELECT m.name FROM members m WHERE m.household_id = g.householdId AND m.relation = '本人'
     ORDER BY m.sort_order, m.id LIMIT 1) AS head
  FROM grants g
  JOIN household_grids hg ON hg.household_id = g.householdId AND hg.end_date IS NULL
  JOIN households h ON h.id = g.householdId
  WHERE (@gridId IS NULL OR hg.grid_id IN sub)
    -- Already a monitoring object with unresolved risk when granted: nothing to screen.
    AND NOT (h.monitor_category IS NOT NULL AND coalesce(h.elimination_status, '') <> '已消除'
             AND h.identified_date IS NOT NULL AND h.identified_date <= g.since)
    -- Screened: a problem registered, or a proposal made, for the household that month.
    AND NOT EXISTS (SELECT 1 FROM problems p WHERE p.household_id = g.householdId
      AND (substr(p.registered_date, 1, 7) = substr(g.since, 1, 7)
           OR substr(p.proposal_date, 1, 7) = substr(g.since, 1, 7)))
  ORDER BY g.since, g.householdId`);

/** 户主 of the households listed in @ids (a JSON array). */
const HEADS = sqlQuery<{ id: number; head: string | null }, { ids: string }>(
  `SELECT j.value AS id,
     (SELECT m.name FROM members m WHERE m.household_id = j.value AND m.relation = '本人'
      ORDER BY m.sort_order, m.id LIMIT 1) AS head
   FROM json_each(@ids) j`,
);

function headsOf(scope: CheckScope, ids: number[]): Map<number, string | null> {
  if (ids.length === 0) return new Map();
  return new Map(HEADS.all(scope.ctx, { ids: JSON.stringify(ids) }).map((r) => [r.id, r.head]));
}

export function householdChecks(scope: CheckScope): {
  policy: SelfCheckItem[];
  data: SelfCheckItem[];
  visits: SelfCheckItem;
  handouts: SelfCheckItem;
} {
  const { ctx, period } = scope;
  const window = incomeWindow(period.to);
  const years = windowYears(window);
  const months = monthsBetween(period.from, period.to);
  const vstart = quarterPeriod(months[0]!).start;
  const vend = quarterPeriod(months.at(-1)!).end;
  const rows = FACTS.all(ctx, {
    gridId: scope.gridId,
    to: period.to,
    y1: years[0]![0],
    y2: years.at(-1)![0],
    vstart,
    vend,
  });

  const settings = getSettings(ctx);
  const lineYear = Number(period.to.slice(0, 4));
  // The line of the window's last year; a year not yet set uses the latest earlier one.
  const line = [...settings.incomeLines]
    .filter((l) => l.year <= lineYear)
    .sort((a, b) => b.year - a.year)[0];

  const f = {
    income: [] as SelfCheckFinding[],
    guarantee: [] as SelfCheckFinding[],
    developmental: [] as SelfCheckFinding[],
    support: [] as SelfCheckFinding[],
    flag: [] as SelfCheckFinding[],
    recheck: [] as SelfCheckFinding[],
    risks: [] as SelfCheckFinding[],
    incomes: [] as SelfCheckFinding[],
    members: [] as SelfCheckFinding[],
    contact: [] as SelfCheckFinding[],
    measures: [] as SelfCheckFinding[],
    visits: [] as SelfCheckFinding[],
    handouts: [] as SelfCheckFinding[],
  };
  const windowText = `${dateText(window.start)}至${dateText(window.end)}`;
  const duePeriods = periodsByKind(months);
  const named: [SelfCheckFinding, number][] = [];
  const recheckBefore = addMonths(period.to, -RECHECK_MONTHS);

  for (const row of rows) {
    const h = unpack(row);
    // The subject (「张三户」) is filled in below, for the households with a finding only.
    const at = (list: SelfCheckFinding[], detail: string) => {
      const found = finding(scope, row.gridId, '', detail, { kind: 'household', id: row.id });
      list.push(found);
      named.push([found, row.id]);
    };

    // 收入 (§9 「Income」): the window's months weighted by each year's figure.
    const income = windowIncome(row.incomes, years);
    if (line && income !== null && income < line.amount && !h.monitored && !row.proposed) {
      const state = row.monitorCategory !== null ? '已消除风险' : '未纳入监测';
      at(
        f.income,
        `${windowText}家庭人均纯收入约 ${yuan(income)}，低于 ${line.year} 年监测收入标准 ${yuan(line.amount)}，${state}，也没有拟纳入监测的问题登记`,
      );
    }

    // 三保障 and water: a flag with a measure 实施中 or 已完成 of a matching category.
    const open = GUARANTEES.filter(
      (g) => row[g.flag] === 1 && !g.measures.some((m) => h.activeMeasure.has(m)),
    );
    if (open.length > 0) {
      at(
        f.guarantee,
        open
          .map((g) => `标记「${g.label}」，没有实施中或已完成的${g.measures.join('或')}措施`)
          .join('；'),
      );
    }

    if (h.monitored) {
      // Labour: 开发式 measure and flag for a household with labour; 兜底 without it.
      if (h.labourCount > 0) {
        const hasMeasure = DEVELOPMENTAL_CATEGORIES.some((c) => h.anyMeasure.has(c));
        const gaps = [
          hasMeasure ? '' : '没有开发式帮扶措施（产业、就业、金融、公益岗位）',
          row.developmentalAid === 1 ? '' : '未标记「已实施开发式帮扶」',
        ].filter(Boolean);
        if (gaps.length > 0)
          at(f.developmental, `有 ${h.labourCount} 名劳动力，${gaps.join('，')}`);
      } else if (h.memberCount > 0 && h.unknownCount === 0 && !h.anyMeasure.has(SUPPORT)) {
        // Without labour as far as the record says: members with no 劳动技能 are a data gap.
        at(f.support, `家中没有普通或技能劳动力，没有综合保障（低保、特困供养等）兜底措施`);
      }
      // Completeness (§9 「Completeness」).
      if (row.risks === 0) at(f.risks, `${row.monitorCategory}，未登记风险类型`);
      if (row.incomes === null)
        at(f.incomes, `没有 ${years.map(([y]) => y).join('、')} 年的家庭人均纯收入`);
      if (h.memberCount === 0) at(f.members, '没有登记家庭成员');
      else if (h.unknownCount > 0)
        at(f.members, `${h.unknownCount} 名成员的健康状况或劳动技能未填写`);
      if (row.contact === 0) at(f.contact, `${dateText(period.to)}没有在岗的帮扶责任人`);
      if (h.measureCount === 0) at(f.measures, `${row.monitorCategory}，没有登记帮扶措施`);
    }

    // 整户无劳动能力 must match the members' 劳动技能 (monitoring objects: the flag is theirs).
    if (row.noLabourSupport === 1 && h.labourCount > 0) {
      at(f.flag, `标记为整户无劳动能力，但有 ${h.labourCount} 名成员是普通或技能劳动力`);
    } else if (
      h.monitored &&
      row.noLabourSupport !== 1 &&
      h.memberCount > 0 &&
      h.noLabourCount === h.memberCount
    ) {
      at(f.flag, `${h.memberCount} 名成员均为丧失劳动力或无劳动力，未标记整户无劳动能力`);
    }

    // 回头看: eliminated more than RECHECK_MONTHS before the period's end, no visit since.
    if (
      row.eliminationStatus === '已消除' &&
      row.eliminationDate !== null &&
      row.eliminationDate < recheckBefore &&
      row.visitAfterElimination === null
    ) {
      at(
        f.recheck,
        `${dateText(row.eliminationDate)}风险消除，超过 ${RECHECK_MONTHS} 个月没有走访回头看`,
      );
    }

    // Visits overdue, under the rules of visits/rules.ts (docs/domain.md §3).
    const { kind, late } = overduePeriods(h, row.visits, duePeriods, period.judgedOn);
    if (late.length > 0)
      at(f.visits, `按「${kind}」，${late.length} 个周期逾期未走访：${late.join('、')}`);

    if (row.handout === 0) at(f.handouts, '没有发放监测对象申报政策明白纸的记录');
  }

  const heads = headsOf(scope, [...new Set(named.map(([, id]) => id))]);
  for (const [found, id] of named) found.subject = householdSubject(id, heads.get(id) ?? null);

  const lineRule = line
    ? `${windowText}家庭人均纯收入低于 ${line.year} 年监测收入标准 ${yuan(line.amount)}`
    : `未设置 ${lineYear} 年或更早的监测收入标准，本项无法检查（请在设置中填写）`;
  const G1 = '政策落实' as const;
  const G2 = '数据完整' as const;
  return {
    policy: [
      item(scope, 'income-below-line', G1, '收入低于监测标准但未纳入监测', lineRule, f.income),
      item(
        scope,
        'guarantee-without-measure',
        G1,
        '三保障或饮水问题没有对应帮扶措施',
        '住房、义务教育、基本医疗、饮水有问题的农户应有对应措施（实施中或已完成）',
        f.guarantee,
      ),
      item(
        scope,
        'labour-without-developmental',
        G1,
        '有劳动力的监测户未落实开发式帮扶',
        '有普通或技能劳动力的监测户应有开发式措施（产业、就业、金融、公益岗位）并标记已实施开发式帮扶',
        f.developmental,
      ),
      item(
        scope,
        'no-labour-without-support',
        G1,
        '无劳动力的监测户没有兜底保障措施',
        '没有普通或技能劳动力的监测户应有综合保障（低保、特困供养等）措施',
        f.support,
      ),
      item(
        scope,
        'no-labour-flag-mismatch',
        G1,
        '整户无劳动能力标记与成员劳动技能不符',
        '整户无劳动能力应与每名成员的劳动技能一致',
        f.flag,
      ),
      item(
        scope,
        'elimination-recheck-due',
        G1,
        '风险消除户到期未回头看',
        `风险消除 ${RECHECK_MONTHS} 个月后至${dateText(period.to)}应至少走访一次`,
        f.recheck,
      ),
      grantItem(scope),
    ],
    data: [
      item(scope, 'missing-risk-types', G2, '监测户缺少风险类型', '监测户应登记风险类型', f.risks),
      item(
        scope,
        'missing-incomes',
        G2,
        '监测户缺少收入信息',
        `监测户应有收入窗口（${windowText}）所在年度的家庭人均纯收入`,
        f.incomes,
      ),
      item(
        scope,
        'missing-member-health-labour',
        G2,
        '监测户成员健康或劳动技能缺失',
        '监测户每名成员应填写健康状况和劳动技能',
        f.members,
      ),
      item(
        scope,
        'missing-contact',
        G2,
        '监测户没有帮扶责任人',
        '监测户应明确在岗的帮扶责任人',
        f.contact,
      ),
      item(scope, 'missing-measures', G2, '监测户没有帮扶措施', '监测户应制定帮扶措施', f.measures),
    ],
    visits: item(
      scope,
      'visits-overdue',
      '日常工作',
      '走访逾期',
      '风险户每月入户，外出户每月电话或微信联系，其他农户每季度走访',
      f.visits,
    ),
    handouts: item(
      scope,
      'policy-handouts-missing',
      '日常工作',
      '未发放申报政策明白纸',
      '每户应发放监测对象申报政策明白纸并登记',
      f.handouts,
    ),
  };
}

function grantItem(scope: CheckScope): SelfCheckItem {
  const { period } = scope;
  const findings = GRANTS.all(scope.ctx, {
    gridId: scope.gridId,
    from: period.from,
    to: period.to,
  }).map((g) =>
    finding(
      scope,
      g.gridId,
      householdSubject(g.householdId, g.head),
      `${g.member}于${dateText(g.since)}新纳入${g.kind}，当月没有对该户的问题登记或拟纳入监测`,
      { kind: 'household', id: g.householdId },
    ),
  );
  return item(
    scope,
    'new-assistance-not-screened',
    '政策落实',
    '新增低保、特困户未排查',
    '新纳入低保或特困供养的农户应在当月排查是否纳入监测',
    findings,
  );
}

/**
 * 家庭人均纯收入 over the window: each calendar year's figure weighted by the window's months in
 * that year; a year without a figure leaves its months to the years that have one. Null when
 * no year of the window has a figure.
 */
export function windowIncome(incomes: string | null, years: [number, number][]): number | null {
  if (incomes === null) return null;
  const byYear = new Map(
    incomes.split(',').map((entry) => {
      const [year, amount] = entry.split(':');
      return [Number(year), Number(amount)];
    }),
  );
  let months = 0;
  let total = 0;
  for (const [year, n] of years) {
    const amount = byYear.get(year);
    if (amount === undefined || !Number.isFinite(amount)) continue;
    months += n;
    total += amount * n;
  }
  return months === 0 ? null : total / months;
}

/** A due period of the report: its last day, its months and how the report names it. */
interface DuePeriod {
  end: string;
  months: string[];
  text: string;
}

/**
 * The due periods of the report's months under each rule (visits/rules.ts), worked out once per
 * report rather than per household: a quarter is one period however many of its months the
 * report covers.
 */
function periodsByKind(months: string[]): Map<VisitDueKind, DuePeriod[]> {
  const out = new Map<VisitDueKind, DuePeriod[]>();
  for (const kind of VISIT_DUE_KINDS) {
    const list: DuePeriod[] = [];
    for (const month of months) {
      const p = duePeriod(kind, month);
      if (list.at(-1)?.end === p.end) continue;
      list.push({ end: p.end, months: monthsBetween(p.start, p.end), text: periodText(p) });
    }
    out.set(kind, list);
  }
  return out;
}

/** The household's due periods that ended without a qualifying visit, as the due list says. */
function overduePeriods(
  h: Household,
  visits: string | null,
  periods: Map<VisitDueKind, DuePeriod[]>,
  judgedOn: string,
): { kind: VisitDueKind; late: string[] } {
  const kind = dueKind({
    monitorCategory: h.row.monitorCategory,
    eliminationStatus: h.row.eliminationStatus,
    memberCount: h.memberCount,
    awayCount: h.awayCount,
  });
  const visited = new Set<string>();
  for (const entry of visits?.split(',') ?? []) {
    const [month, way] = entry.split('|') as [string, VisitWay];
    if (wayCounts(kind, way)) visited.add(month);
  }
  const late: string[] = [];
  for (const p of periods.get(kind)!) {
    const done = p.months.some((m) => visited.has(m));
    if (dueStatus(done, p.end, judgedOn) === '逾期') late.push(p.text);
  }
  return { kind, late };
}

function periodText(p: { start: string; end: string }): string {
  const [y, m] = [p.start.slice(0, 4), Number(p.start.slice(5, 7))];
  if (p.start.slice(0, 7) === p.end.slice(0, 7)) return `${y}年${m}月`;
  return `${y}年第${Math.floor((m - 1) / 3) + 1}季度`;
}
