import { PROBLEM_CATEGORIES, PROBLEM_SOURCES } from '../../api/ledger-enums';
import type {
  ChartItem,
  MeasureCategoryRow,
  MonthlyGridRow,
  MonthlyReport,
} from '../../api/reports-types';
import { DEVELOPMENTAL_CATEGORIES, MEASURE_CATEGORIES, MONITOR_CATEGORIES } from '../../api/roster-enums';
import { VISIT_DUE_STATUSES, VISIT_WAYS } from '../../api/visits-types';
import type { ServiceContext } from '../context';
import { overdueOnSql, overdueReferenceDate } from '../ledger/status';
import { today } from '../roster/people';
import { visitsDue } from '../visits/due';
import { monthLabel, rate, reportMonthRange } from './periods';
import { reportScope } from './scope';

/**
 * The 月通报 figures of a month M (docs/domain.md §3 "月监测、月通报"; the kind of figures the county
 * report of §8 gives). Definitions, all "as at the last day of M" unless said otherwise — and
 * while M is still running its period ends today (periods.ts reportMonthRange), so "the month
 * end" below is today and nothing dated later in M is counted:
 *
 * - Scope: households whose CURRENT grid assignment (household_grids.end_date IS NULL) lies in
 *   the grid's subtree; problems whose grid lies in it. The roster is not replayed back in
 *   time: a household moved since M is counted where it is now (as visitsDue does).
 * - 监测对象: monitor_category set and identified on or before the month end (no date counts).
 *   已消除 = elimination_status 已消除 with the date on or before the month end (a later one
 *   means the risk was still open at the month end). Eliminated households stay 监测对象.
 * - Problems: registered in M (registered_date in M); resolved in M (resolved_date in M,
 *   whenever registered); open = registered by the month end and not resolved by it; overdue =
 *   by the ledger's own rule (ledger/status.ts isOverdueOn) on the reference day: the month end
 *   once the month is over, today while it runs (overdueReferenceDate), so the report and the
 *   ledger agree on the same day. Year to date: registered from 1 January
 *   to the month end, and of those the ones resolved by the month end; the rate is the second
 *   over the first ("91.61%"), so it can never pass 100 %.
 * - Measures (帮扶措施) of the 监测对象 above. Planned by the month end = planned_date on or
 *   before it, or no planned date and entered (created_at) on or before it, or done by it (a
 *   measure done ahead of its plan was planned too). Done = status 已完成 with done_date on or
 *   before the month end. So done ⊆ planned and the rate stays ≤ 100 %. 开发式 = 产业, 就业,
 *   金融, 公益岗位 (roster-enums DEVELOPMENTAL_CATEGORIES).
 * - Visits: due/done/pending/overdue of visitsDue for M (the visit rules of docs/domain.md §3);
 *   recorded = visit rows dated in M of the households in scope, by way.
 *
 * Set-based: a handful of grouped queries over the scope CTE (grouped by branch, summed here),
 * one visitsDue call. The county demo (≈39,000 households) stays well under a second.
 */
export function monthlyReport(
  ctx: ServiceContext,
  input: { month: string; gridId?: number | undefined },
): MonthlyReport {
  // While the month runs, its figures are as at today (docs/domain.md §3 "月通报").
  const { start, end } = reportMonthRange(input.month, today(ctx));
  const scope = reportScope(ctx, input.gridId);
  const params = {
    ...scope.params,
    start,
    end,
    yearStart: `${input.month.slice(0, 4)}-01-01`,
    overdueOn: overdueReferenceDate(end, today(ctx)),
  };
  const all = <T>(sql: string) => ctx.sqlite.prepare(`${scope.cte} ${sql}`).all(params) as T[];

  const branchRows = new Map<number, MonthlyGridRow>();
  for (const b of scope.branches) {
    branchRows.set(b.id, {
      gridId: b.id,
      gridName: b.name,
      households: 0,
      members: 0,
      monitored: 0,
      problemsRegistered: 0,
      problemsResolved: 0,
      problemsOpen: 0,
      problemsOverdue: 0,
      visitsDue: 0,
      visitsDone: 0,
      visitsOverdue: 0,
    });
  }
  const row = (branch: number) => branchRows.get(branch);

  // Households and members in scope.
  const householdRows = all<{ branch: number; households: number; members: number }>(
    `SELECT s.branch AS branch, count(DISTINCT hg.household_id) AS households, count(m.id) AS members
     FROM household_grids hg JOIN scope s ON s.id = hg.grid_id
     LEFT JOIN members m ON m.household_id = hg.household_id
     WHERE hg.end_date IS NULL GROUP BY s.branch`,
  );
  let covered = 0;
  let memberCount = 0;
  for (const r of householdRows) {
    covered += r.households;
    memberCount += r.members;
    const target = row(r.branch);
    if (target) {
      target.households += r.households;
      target.members += r.members;
    }
  }

  // 监测对象 as at the month end, by category.
  const MONITORED = `hg.end_date IS NULL AND h.monitor_category IS NOT NULL
    AND (h.identified_date IS NULL OR h.identified_date <= @end)`;
  const ELIMINATED = `(h.elimination_status = '已消除' AND (h.elimination_date IS NULL OR h.elimination_date <= @end))`;
  const monitoredRows = all<{
    branch: number;
    category: string;
    total: number;
    eliminated: number;
    newInMonth: number;
    eliminatedInMonth: number;
  }>(
    `SELECT s.branch AS branch, h.monitor_category AS category, count(*) AS total,
            total(${ELIMINATED}) AS eliminated,
            total(h.identified_date BETWEEN @start AND @end) AS newInMonth,
            total(h.elimination_status = '已消除' AND h.elimination_date BETWEEN @start AND @end) AS eliminatedInMonth
     FROM household_grids hg JOIN scope s ON s.id = hg.grid_id
     JOIN households h ON h.id = hg.household_id
     WHERE ${MONITORED}
     GROUP BY s.branch, h.monitor_category`,
  );
  const monitoredByCategory = counter(MONITOR_CATEGORIES);
  const eliminatedByCategory = counter(MONITOR_CATEGORIES);
  let newInMonth = 0;
  let eliminatedInMonth = 0;
  for (const r of monitoredRows) {
    monitoredByCategory.add(r.category, r.total);
    eliminatedByCategory.add(r.category, r.eliminated);
    newInMonth += r.newInMonth;
    eliminatedInMonth += r.eliminatedInMonth;
    const target = row(r.branch);
    if (target) target.monitored += r.total;
  }
  const monitoredTotal = monitoredByCategory.total();
  const eliminatedTotal = eliminatedByCategory.total();

  // Problems: the month, the open ones at its end, the year to date.
  const OPEN_AT_END = `(p.resolved_date IS NULL OR p.resolved_date > @end)`;
  const problemRows = all<{
    branch: number;
    category: string;
    source: string;
    registered: number;
    resolved: number;
    open: number;
    overdue: number;
    yearRegistered: number;
    yearResolved: number;
  }>(
    `SELECT s.branch AS branch, p.category AS category, p.source AS source,
            total(p.registered_date >= @start) AS registered,
            total(p.resolved_date BETWEEN @start AND @end) AS resolved,
            total(${OPEN_AT_END}) AS open,
            total(${overdueOnSql('@overdueOn')}) AS overdue,
            total(p.registered_date >= @yearStart) AS yearRegistered,
            total(p.registered_date >= @yearStart AND p.resolved_date <= @end) AS yearResolved
     FROM problems p JOIN scope s ON s.id = p.grid_id
     WHERE p.registered_date <= @end
     GROUP BY s.branch, p.category, p.source`,
  );
  const registeredByCategory = counter(PROBLEM_CATEGORIES);
  const resolvedByCategory = counter(PROBLEM_CATEGORIES);
  const openByCategory = counter(PROBLEM_CATEGORIES);
  const registeredBySource = counter(PROBLEM_SOURCES);
  let overdue = 0;
  let yearRegistered = 0;
  let yearResolved = 0;
  for (const r of problemRows) {
    registeredByCategory.add(r.category, r.registered);
    resolvedByCategory.add(r.category, r.resolved);
    openByCategory.add(r.category, r.open);
    registeredBySource.add(r.source, r.registered);
    overdue += r.overdue;
    yearRegistered += r.yearRegistered;
    yearResolved += r.yearResolved;
    const target = row(r.branch);
    if (target) {
      target.problemsRegistered += r.registered;
      target.problemsResolved += r.resolved;
      target.problemsOpen += r.open;
      target.problemsOverdue += r.overdue;
    }
  }

  // 帮扶措施 of the 监测对象, planned and done by the month end.
  const measureRows = all<{ category: string; planned: number; done: number; doneInMonth: number }>(
    `SELECT ms.category AS category,
            total(ms.planned_date <= @end
                OR (ms.planned_date IS NULL AND substr(ms.created_at, 1, 10) <= @end)
                OR (ms.status = '已完成' AND ms.done_date <= @end)) AS planned,
            total(ms.status = '已完成' AND ms.done_date <= @end) AS done,
            total(ms.status = '已完成' AND ms.done_date BETWEEN @start AND @end) AS doneInMonth
     FROM household_grids hg JOIN scope s ON s.id = hg.grid_id
     JOIN households h ON h.id = hg.household_id
     JOIN measures ms ON ms.household_id = h.id
     WHERE ${MONITORED}
     GROUP BY ms.category`,
  );
  const plannedByCategory = counter(MEASURE_CATEGORIES);
  const doneByCategory = counter(MEASURE_CATEGORIES);
  let doneInMonth = 0;
  for (const r of measureRows) {
    plannedByCategory.add(r.category, r.planned);
    doneByCategory.add(r.category, r.done);
    doneInMonth += r.doneInMonth;
  }
  const developmental = new Set<string>(DEVELOPMENTAL_CATEGORIES);
  const measureCategoryRows: MeasureCategoryRow[] = plannedByCategory
    .items()
    .map(({ label, value }, i) => {
      const done = doneByCategory.items()[i]!.value;
      return {
        category: label,
        developmental: developmental.has(label),
        planned: value,
        done,
        rate: rate(done, value),
      };
    });
  const devRows = measureCategoryRows.filter((r) => r.developmental);
  const devPlanned = sum(devRows.map((r) => r.planned));
  const devDone = sum(devRows.map((r) => r.done));
  const plannedTotal = plannedByCategory.total();
  const doneTotal = doneByCategory.total();

  // Visits: the due list of the visit rules, and the visits recorded in the month.
  const due = visitsDue(ctx, {
    month: input.month,
    ...(input.gridId === undefined ? {} : { gridId: input.gridId }),
  });
  for (const g of due.byGrid) {
    const branch = scope.branchOf.get(g.gridId);
    const target = branch === undefined ? undefined : row(branch);
    if (target) {
      target.visitsDue += g.due;
      target.visitsDone += g.done;
      target.visitsOverdue += g.overdue;
    }
  }
  const recordedRows = all<{ way: string; n: number }>(
    `SELECT v.way AS way, count(*) AS n
     FROM visits v
     JOIN household_grids hg ON hg.household_id = v.household_id AND hg.end_date IS NULL
     JOIN scope s ON s.id = hg.grid_id
     WHERE v.date BETWEEN @start AND @end
     GROUP BY v.way`,
  );
  const recordedByWay = counter(VISIT_WAYS);
  for (const r of recordedRows) recordedByWay.add(r.way, r.n);
  const statusCount: Record<string, number> = {
    已走访: due.summary.done,
    待走访: due.summary.pending,
    逾期: due.summary.overdue,
  };

  const placeName = scope.rootName;
  return {
    month: input.month,
    monthStart: start,
    monthEnd: end,
    grid: scope.grid,
    placeName,
    title: `${placeName} ${monthLabel(input.month)} 防返贫动态监测月通报`,
    generatedAt: ctx.now().toISOString(),
    households: { covered, members: memberCount },
    monitored: {
      total: monitoredTotal,
      eliminated: eliminatedTotal,
      notEliminated: monitoredTotal - eliminatedTotal,
      newInMonth,
      eliminatedInMonth,
      byCategory: monitoredByCategory.items(),
      eliminatedByCategory: eliminatedByCategory.items(),
    },
    problems: {
      registered: registeredByCategory.total(),
      resolved: resolvedByCategory.total(),
      open: openByCategory.total(),
      overdue,
      yearRegistered,
      yearResolved,
      yearRate: rate(yearResolved, yearRegistered),
      registeredByCategory: registeredByCategory.items(),
      resolvedByCategory: resolvedByCategory.items(),
      openByCategory: openByCategory.items(),
      registeredBySource: registeredBySource.items(),
    },
    measures: {
      planned: plannedTotal,
      done: doneTotal,
      rate: rate(doneTotal, plannedTotal),
      doneInMonth,
      developmental: { planned: devPlanned, done: devDone, rate: rate(devDone, devPlanned) },
      byCategory: measureCategoryRows,
      plannedByCategory: plannedByCategory.items(),
      doneByCategory: doneByCategory.items(),
    },
    visits: {
      ...due.summary,
      rate: rate(due.summary.done, due.summary.due),
      byStatus: VISIT_DUE_STATUSES.map((label) => ({ label, value: statusCount[label] ?? 0 })),
      recorded: recordedByWay.total(),
      recordedByWay: recordedByWay.items(),
    },
    // Withdrawn (archived) grids, and the root's own row (clues registered on the village
    // grid itself), only where they carry figures.
    byGrid: scope.branches
      .map((b) => ({ b, r: branchRows.get(b.id)! }))
      .filter(({ b, r }) => hasFigures(r) || (!b.archived && (b.id !== scope.rootId || scope.branches.length === 1)))
      .map(({ r }) => r),
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function hasFigures(r: MonthlyGridRow): boolean {
  return (
    r.households + r.problemsRegistered + r.problemsResolved + r.problemsOpen + r.visitsDue > 0
  );
}

/**
 * Counts per label in a fixed order (the code table), so charts keep their categories; a
 * stored value outside the table (older data) is appended rather than lost.
 */
function counter(labels: readonly string[]) {
  const counts = new Map<string, number>(labels.map((l) => [l, 0]));
  return {
    add(label: string, value: number | null) {
      counts.set(label, (counts.get(label) ?? 0) + (value ?? 0));
    },
    total: () => sum([...counts.values()]),
    items: (): ChartItem[] => [...counts].map(([label, value]) => ({ label, value })),
  };
}
