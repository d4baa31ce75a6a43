import { ROLES } from '../../api/roster-enums';
import type { VisitsDueInput } from '../../api/visits-schemas';
import {
  VISIT_DUE_KINDS,
  VISIT_DUE_ORDER,
  VISIT_WAYS,
  type VisitDueCounts,
  type VisitDueKind,
  type VisitDueRow,
  type VisitDueStatus,
  type VisitsDuePage,
  type VisitsDueResult,
  type VisitWay,
} from '../../api/visits-types';
import type { ServiceContext } from '../context';
import { sqlQuery } from '../sql';
import { getGrid, gridOrder } from '../grids/grids';
import { today } from '../roster/people';
import { getWorkerRow } from '../roster/workers';
import {
  dueKind,
  duePeriod,
  dueStatus,
  parseMonth,
  quarterPeriod,
  wayCounts,
  type HouseholdFacts,
  type Period,
} from './rules';
import { gridLabelSql } from '../grids/group-of';

/**
 * 应走访 / 逾期 lists (docs/domain.md §3). Set-based: one query for the households with the facts
 * their rule depends on, one for the visits of the quarter around the month (the widest period
 * any rule uses), one for the workers of the grids; the rules themselves run in rules.ts, and
 * only there. A per-household query would be ~39,000 round trips on a county.
 *
 * Three readers: the page (visitsDuePage: one page of rows, the counts of the whole scope, so a
 * county's list is a few KB instead of 11 MB — issue 15 item 3), the services that need every
 * row or the per-grid counts (visitsDue: 月通报), and 实绩评价 (settledDuesByGrid: the due visits
 * of many months counted per grid in one pass).
 */

/** The scope of a due list: the month, a grid's subtree, a worker's current grids. */
export interface DueScope {
  month: string;
  gridId?: number | undefined;
  workerId?: number | undefined;
}

/**
 * The households in scope: a current grid assignment (end_date IS NULL), under the grid's
 * subtree when gridId is given, and in a grid where the worker currently holds a role when
 * workerId is given. The worker filter is the grid the household is assigned to (a group grid):
 * a role higher up (a village 网格长) does not put the whole village on that person's list.
 */
const SCOPE = `WITH RECURSIVE sub(id) AS (
    SELECT @gridId UNION ALL SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id),
  worker_grids(id) AS (
    SELECT grid_id FROM worker_roles WHERE worker_id = @workerId AND end_date IS NULL)`;
const IN_SCOPE = `hg.end_date IS NULL
    AND (@gridId IS NULL OR hg.grid_id IN sub)
    AND (@workerId IS NULL OR hg.grid_id IN worker_grids)`;

/** 务工地点 filled in (blank text is not a place). */
const AWAY = `trim(coalesce(m.work_place, '')) <> ''`;

/** @gridId, @workerId: the scope; @start .. @end: the quarter around the month. */
type ScopeParams = { gridId: number | null; workerId: number | null; start: string; end: string };

interface HouseholdRow extends HouseholdFacts {
  householdId: number;
  gridId: number;
  gridName: string;
  headName: string | null;
}

/** One row per household in scope, with the facts of rules.ts. */
const HOUSEHOLDS = sqlQuery<HouseholdRow, ScopeParams>(`${SCOPE}
  SELECT hg.household_id AS householdId, hg.grid_id AS gridId, ${gridLabelSql('g')} AS gridName,
         max(CASE WHEN m.relation = '本人' THEN m.name END) AS headName,
         h.monitor_category AS monitorCategory, h.elimination_status AS eliminationStatus,
         count(m.id) AS memberCount, coalesce(sum(CASE WHEN ${AWAY} THEN 1 ELSE 0 END), 0) AS awayCount
  FROM household_grids hg
  JOIN households h ON h.id = hg.household_id
  JOIN grids g ON g.id = hg.grid_id
  LEFT JOIN members m ON m.household_id = hg.household_id
  WHERE ${IN_SCOPE}
  GROUP BY hg.household_id
  ORDER BY hg.household_id`);

interface VisitRow {
  householdId: number;
  date: string;
  way: VisitWay;
  workerName: string;
}

/**
 * The visits of the scope's households between @start and @end, newest first, so the first
 * qualifying visit met for a household is its latest one. CROSS JOIN keeps the households in
 * scope as the outer loop (visits_household_idx): a group's list reads its own visits, not the
 * whole county's quarter.
 */
const VISITS = sqlQuery<VisitRow, ScopeParams>(`${SCOPE}
  SELECT v.household_id AS householdId, v.date, v.way, w.name AS workerName
  FROM household_grids hg
  CROSS JOIN visits v ON v.household_id = hg.household_id AND v.date BETWEEN @start AND @end
  JOIN workers w ON w.id = v.worker_id
  WHERE ${IN_SCOPE}
  ORDER BY v.date DESC, v.id DESC`);

/** Current roles, 网格长 first, then the order of the role list. */
const ROLE_RANK = `CASE wr.role ${ROLES.map((role, i) => `WHEN '${role}' THEN ${i}`).join(' ')} END`;
const ROLE_COLUMNS = `SELECT wr.grid_id AS gridId, w.id AS workerId, w.name AS workerName
  FROM worker_roles wr JOIN workers w ON w.id = wr.worker_id
  WHERE wr.end_date IS NULL`;
interface RoleRow {
  gridId: number;
  workerId: number;
  workerName: string;
}

/** The roles of every grid a household in scope is assigned to. */
const ROLES_OF_SCOPE = sqlQuery<RoleRow, ScopeParams>(`${SCOPE} ${ROLE_COLUMNS}
    AND wr.grid_id IN (SELECT hg.grid_id FROM household_grids hg WHERE ${IN_SCOPE})
  ORDER BY wr.grid_id, ${ROLE_RANK}, wr.start_date, wr.id`);
/** The roles of the grids listed in @grids (a JSON array): the grids of one page. */
const ROLES_OF_GRIDS = sqlQuery<RoleRow, { grids: string }>(`${ROLE_COLUMNS}
    AND wr.grid_id IN (SELECT value FROM json_each(@grids))
  ORDER BY wr.grid_id, ${ROLE_RANK}, wr.start_date, wr.id`);

/** Households with a member whose name contains the text (户主 or not). */
const NAMED = sqlQuery<{ id: number }, [string]>(
  'SELECT DISTINCT household_id AS id FROM members WHERE instr(name, ?) > 0',
);

/** A household's standing for the month under its rule, before its workers are looked up. */
interface Assessed {
  household: HouseholdRow;
  kind: VisitDueKind;
  period: Period;
  last: VisitRow | undefined;
  status: VisitDueStatus;
}

/** Workers by name as a Chinese list is read (pinyin order). */
const byPinyin = new Intl.Collator('zh-CN');

const emptyCounts = (): VisitDueCounts => ({ due: 0, done: 0, pending: 0, overdue: 0 });

function addTo(counts: VisitDueCounts, status: VisitDueStatus): void {
  counts.due += 1;
  if (status === '已走访') counts.done += 1;
  else if (status === '待走访') counts.pending += 1;
  else counts.overdue += 1;
}

function scopeParams(ctx: ServiceContext, input: DueScope): ScopeParams {
  if (input.gridId !== undefined) getGrid(ctx, input.gridId);
  if (input.workerId !== undefined) getWorkerRow(ctx, input.workerId);
  const quarter = quarterPeriod(input.month);
  return {
    gridId: input.gridId ?? null,
    workerId: input.workerId ?? null,
    start: quarter.start,
    end: quarter.end,
  };
}

/**
 * Every household in scope with its rule, period, latest qualifying visit and status, in the
 * order of the grid tree (as the roster shows them), then by household.
 */
function assess(ctx: ServiceContext, input: DueScope) {
  const params = scopeParams(ctx, input);
  const now = today(ctx);
  const households = HOUSEHOLDS.all(ctx, params);
  const visitsOf = new Map<number, VisitRow[]>();
  for (const visit of VISITS.all(ctx, params)) {
    const list = visitsOf.get(visit.householdId);
    if (list) list.push(visit);
    else visitsOf.set(visit.householdId, [visit]);
  }

  const rows = households.map((household): Assessed => {
    const kind = dueKind(household);
    const period = duePeriod(kind, input.month);
    const last = visitsOf
      .get(household.householdId)
      ?.find((v) => v.date >= period.start && v.date <= period.end && wayCounts(kind, v.way));
    return {
      household,
      kind,
      period,
      last,
      status: dueStatus(last !== undefined, period.end, now),
    };
  });
  const place = placeOf(ctx);
  rows.sort(
    (a, b) =>
      place(a.household.gridId) - place(b.household.gridId) ||
      a.household.householdId - b.household.householdId,
  );
  return { now, rows, params };
}

/** A grid's place in the grid tree's order (unknown grids last). */
function placeOf(ctx: ServiceContext): (gridId: number) => number {
  const order = gridOrder(ctx);
  return (gridId) => order.get(gridId) ?? Number.MAX_SAFE_INTEGER;
}

/** Grid → its current workers, one entry per person (two roles in a grid are one worker). */
function workersByGrid(roles: RoleRow[]): Map<number, { id: number; name: string }[]> {
  const workersOf = new Map<number, { id: number; name: string }[]>();
  for (const role of roles) {
    const list = workersOf.get(role.gridId) ?? [];
    if (!list.some((w) => w.id === role.workerId))
      list.push({ id: role.workerId, name: role.workerName });
    workersOf.set(role.gridId, list);
  }
  return workersOf;
}

function toRow(a: Assessed, workers: { name: string }[]): VisitDueRow {
  return {
    householdId: a.household.householdId,
    headName: a.household.headName ?? '（未登记户主）',
    gridId: a.household.gridId,
    gridName: a.household.gridName,
    kind: a.kind,
    periodStart: a.period.start,
    periodEnd: a.period.end,
    lastVisit: a.last
      ? { date: a.last.date, way: a.last.way, workerName: a.last.workerName }
      : null,
    status: a.status,
    workers: workers.map((w) => w.name),
  };
}

/**
 * The whole due list of a scope with the counts per grid and per worker, for the services that
 * need every row (月通报's per-grid table). The page reads visitsDuePage instead.
 */
export function visitsDue(ctx: ServiceContext, input: DueScope): VisitsDueResult {
  const { now, rows: assessed, params } = assess(ctx, input);
  const workersOf = workersByGrid(ROLES_OF_SCOPE.all(ctx, params));

  const summary = emptyCounts();
  const byGrid = new Map<number, VisitDueCounts & { gridId: number; gridName: string }>();
  const byWorker = new Map<number, VisitDueCounts & { workerId: number; workerName: string }>();
  const rows = assessed.map((a) => {
    const { gridId, gridName } = a.household;
    const workers = workersOf.get(gridId) ?? [];
    addTo(summary, a.status);
    let grid = byGrid.get(gridId);
    if (!grid) {
      grid = { gridId, gridName, ...emptyCounts() };
      byGrid.set(gridId, grid);
    }
    addTo(grid, a.status);
    for (const worker of workers) {
      let counts = byWorker.get(worker.id);
      if (!counts) {
        counts = { workerId: worker.id, workerName: worker.name, ...emptyCounts() };
        byWorker.set(worker.id, counts);
      }
      addTo(counts, a.status);
    }
    return toRow(a, workers);
  });

  return {
    month: input.month,
    today: now,
    rows,
    summary,
    // Rows are in grid-tree order, so the grids are met in that order too.
    byGrid: [...byGrid.values()],
    byWorker: [...byWorker.values()].sort(
      (a, b) => byPinyin.compare(a.workerName, b.workerName) || a.workerId - b.workerId,
    ),
  };
}

/** Due visits of one period, settled (已走访 or 逾期), and how many of them were done. */
export interface SettledCount {
  due: number;
  done: number;
}

/** The key of a due period: a month's and its quarter's may start on the same day. */
const periodKey = (period: Period) => `${period.start}|${period.end}`;

/**
 * The due periods a month can put on a grid's list, whatever the household's rule: for a
 * worker holding a role that month, these are the keys of settledDuesByGrid to add up.
 */
export function duePeriodKeys(month: string): string[] {
  return [...new Set(VISIT_DUE_KINDS.map((kind) => periodKey(duePeriod(kind, month))))];
}

/** Bits per way in FACTS' packed visits: one per month, an evaluation year at most (≤ 12). */
const MONTH_BITS = 16;

/** A household's facts for rules.ts, and its visits as packed month bits per way. */
type FactsRow = HouseholdFacts & {
  householdId: number;
  gridId: number;
  /**
   * The months between @start and @end it was visited, per way: bit (month − @base) +
   * MONTH_BITS × (the way's place in VISIT_WAYS). Below 2^48, exact in a JS number.
   */
  ways: number;
};

/**
 * Per household in scope (as SCOPE/IN_SCOPE above), in household order: the facts its rule
 * depends on and the months it was visited each way — what the counts need, without a row per
 * visit. One pass over the households with a correlated lookup each (members_household_idx,
 * visits_household_idx): no grouped temp tables to build and join. The due page counts a
 * county with it, 实绩评价 a year.
 */
const FACTS = sqlQuery<FactsRow, ScopeParams & { base: number }>(`${SCOPE},
  hh AS (SELECT hg.household_id AS id, hg.grid_id AS gridId FROM household_grids hg WHERE ${IN_SCOPE})
  SELECT hh.id AS householdId, hh.gridId, h.monitor_category AS monitorCategory,
         h.elimination_status AS eliminationStatus,
         (SELECT count(*) FROM members m WHERE m.household_id = hh.id) AS memberCount,
         (SELECT count(*) FROM members m WHERE m.household_id = hh.id AND ${AWAY}) AS awayCount,
         -- sum of distinct powers of two: the set of (way, month) visited, as bits.
         coalesce((SELECT sum(DISTINCT 1 << (CAST(substr(v.date, 1, 4) AS INTEGER) * 12
                        + CAST(substr(v.date, 6, 2) AS INTEGER) - @base
                        + CASE v.way ${VISIT_WAYS.map((way, i) => `WHEN '${way}' THEN ${i * MONTH_BITS}`).join(' ')} END))
                   FROM visits v
                   WHERE v.household_id = hh.id AND v.date BETWEEN @start AND @end), 0) AS ways
  FROM hh JOIN households h ON h.id = hh.id
  ORDER BY hh.id`);

/** The months a household was visited in a way that counts for its rule, as bits. */
function qualifyingBits(row: FactsRow, kind: VisitDueKind): number {
  let bits = 0;
  VISIT_WAYS.forEach((way, i) => {
    if (wayCounts(kind, way))
      bits |= Math.floor(row.ways / 2 ** (i * MONTH_BITS)) % 2 ** MONTH_BITS;
  });
  return bits;
}

/** Months since year 0: 2026-04 → 2026 × 12 + 4. */
function monthNumber(month: string): number {
  const [year, m] = parseMonth(month);
  return year * 12 + m;
}

/** A period's months as bits, bit 0 being the month `base` (monthNumber). */
function periodBits(period: Period, base: number): number {
  let bits = 0;
  const to = monthNumber(period.end.slice(0, 7));
  for (let n = monthNumber(period.start.slice(0, 7)); n <= to; n++) bits |= 1 << (n - base);
  return bits;
}

/**
 * For 实绩评价 (docs/domain.md §1): the due visits of the households in scope (a grid's subtree,
 * or all) over the given months, as 本月应走访 of each month would list them, counted per grid
 * and per due period (a quarterly household is one due visit per quarter, not one per month).
 * Only settled ones count — 已走访, or 逾期 once the period has ended; months not yet begun are
 * left out. One query reads every household's facts with its visits as bit sets of months (the
 * rule's periods are calendar months or quarters, docs/domain.md §3); the rules run in rules.ts.
 */
export function settledDuesByGrid(
  ctx: ServiceContext,
  input: { months: string[]; gridId: number | null; today: string },
): Map<number, Map<string, SettledCount>> {
  const months = input.months.filter((month) => `${month}-01` <= input.today);
  const result = new Map<number, Map<string, SettledCount>>();
  if (months.length === 0) return result;
  // Each rule's period for each month, in month order; the visits read span all of them.
  const byKind = VISIT_DUE_KINDS.map((kind) => months.map((month) => duePeriod(kind, month)));
  const flat = byKind.flat();
  const start = flat.reduce((min, p) => (p.start < min ? p.start : min), flat[0]!.start);
  const end = flat.reduce((max, p) => (p.end > max ? p.end : max), flat[0]!.end);
  const first = monthNumber(start.slice(0, 7));
  const last = monthNumber(end.slice(0, 7));
  // One bit per month from the first; an evaluation period stays within a calendar year.
  if (last - first >= MONTH_BITS)
    throw new Error(`too many months for one count: ${start} .. ${end}`);
  const periods = byKind.map((list) =>
    list.map((period) => ({ period, key: periodKey(period), bits: periodBits(period, first) })),
  );
  const rows = FACTS.all(ctx, { gridId: input.gridId, workerId: null, base: first, start, end });

  const kindIndex = new Map(VISIT_DUE_KINDS.map((kind, i) => [kind, i]));
  for (const row of rows) {
    const kind = dueKind(row);
    const visited = qualifyingBits(row, kind);
    let grid = result.get(row.gridId);
    if (!grid) {
      grid = new Map();
      result.set(row.gridId, grid);
    }
    let previous = '';
    for (const { period, key, bits } of periods[kindIndex.get(kind)!]!) {
      // Months of one quarter share its due visit: counted once.
      if (key === previous) continue;
      previous = key;
      const done = (visited & bits) !== 0;
      const status = dueStatus(done, period.end, input.today);
      if (status === '待走访') continue;
      const counts = grid.get(key) ?? { due: 0, done: 0 };
      counts.due += 1;
      if (done) counts.done += 1;
      grid.set(key, counts);
    }
  }
  return result;
}

/** 户主 of the households listed in @ids (a JSON array). */
const HEADS = sqlQuery<{ householdId: number; headName: string | null }, { ids: string }>(
  `SELECT j.value AS householdId,
          (SELECT max(m.name) FROM members m
           WHERE m.household_id = j.value AND m.relation = '本人') AS headName
   FROM json_each(@ids) j`,
);

const GRID_NAMES = sqlQuery<{ id: number; name: string }, { ids: string }>(
  'SELECT id, name FROM grids WHERE id IN (SELECT value FROM json_each(@ids))',
);

/** The visits of the households listed in @ids between @start and @end, newest first. */
const VISITS_OF = sqlQuery<VisitRow, { ids: string; start: string; end: string }>(
  `SELECT v.household_id AS householdId, v.date, v.way, w.name AS workerName
   FROM visits v JOIN workers w ON w.id = v.worker_id
   WHERE v.household_id IN (SELECT value FROM json_each(@ids)) AND v.date BETWEEN @start AND @end
   ORDER BY v.date DESC, v.id DESC`,
);

/**
 * 本月应走访, one page (method visits.due): the counts of the whole scope, the rows matching the
 * status filter (未走访 = 待走访 and 逾期) and the name (any member of the household, as
 * visits.list searches), 逾期 first, then 待走访, then 已走访 — each in grid-tree order, as the
 * whole list (visitsDue) has them. Every household's status comes from FACTS (no row per
 * visit); names, the latest qualifying visit and the workers are read for the page's rows only.
 */
export function visitsDuePage(ctx: ServiceContext, input: VisitsDueInput): VisitsDuePage {
  const params = scopeParams(ctx, input);
  const now = today(ctx);
  const base = monthNumber(params.start.slice(0, 7));
  const periodOf = new Map(
    VISIT_DUE_KINDS.map((kind) => {
      const period = duePeriod(kind, input.month);
      return [kind, { period, bits: periodBits(period, base) }];
    }),
  );
  const named = input.name ? new Set(NAMED.all(ctx, input.name).map((r) => r.id)) : null;
  const wanted = (status: VisitDueStatus) =>
    input.status === undefined ||
    input.status === status ||
    (input.status === '未走访' && status !== '已走访');

  interface Due {
    row: FactsRow;
    kind: VisitDueKind;
    period: Period;
    status: VisitDueStatus;
  }
  const summary = emptyCounts();
  // status → grid → its matching households, in household order (FACTS is ordered so).
  const buckets = new Map<VisitDueStatus, Map<number, Due[]>>(
    VISIT_DUE_ORDER.map((status) => [status, new Map()]),
  );
  for (const row of FACTS.all(ctx, { ...params, base })) {
    const kind = dueKind(row);
    const { period, bits } = periodOf.get(kind)!;
    const status = dueStatus((qualifyingBits(row, kind) & bits) !== 0, period.end, now);
    addTo(summary, status);
    if (!wanted(status) || (named && !named.has(row.householdId))) continue;
    const grids = buckets.get(status)!;
    const list = grids.get(row.gridId);
    if (list) list.push({ row, kind, period, status });
    else grids.set(row.gridId, [{ row, kind, period, status }]);
  }

  // Walk the grids in tree order within each status; only the page's rows are kept.
  const place = placeOf(ctx);
  let total = 0;
  const page: Due[] = [];
  for (const status of VISIT_DUE_ORDER) {
    const grids = buckets.get(status)!;
    for (const gridId of [...grids.keys()].sort((a, b) => place(a) - place(b) || a - b)) {
      const list = grids.get(gridId)!;
      const from = Math.max(0, input.offset - total);
      const room = input.limit - page.length;
      if (room > 0 && from < list.length) page.push(...list.slice(from, from + room));
      total += list.length;
    }
  }

  const ids = JSON.stringify(page.map((d) => d.row.householdId));
  const gridIds = [...new Set(page.map((d) => d.row.gridId))];
  const heads = new Map(HEADS.all(ctx, { ids }).map((r) => [r.householdId, r.headName]));
  const gridNames = new Map(
    GRID_NAMES.all(ctx, { ids: JSON.stringify(gridIds) }).map((r) => [r.id, r.name]),
  );
  const visitsOf = new Map<number, VisitRow[]>();
  for (const visit of VISITS_OF.all(ctx, { ids, start: params.start, end: params.end })) {
    const list = visitsOf.get(visit.householdId);
    if (list) list.push(visit);
    else visitsOf.set(visit.householdId, [visit]);
  }
  const workersOf = workersByGrid(
    gridIds.length === 0 ? [] : ROLES_OF_GRIDS.all(ctx, { grids: JSON.stringify(gridIds) }),
  );
  return {
    month: input.month,
    today: now,
    rows: page.map(({ row, kind, period, status }) => {
      const last = visitsOf
        .get(row.householdId)
        ?.find((v) => v.date >= period.start && v.date <= period.end && wayCounts(kind, v.way));
      return toRow(
        {
          household: {
            ...row,
            gridName: gridNames.get(row.gridId) ?? '',
            headName: heads.get(row.householdId) ?? null,
          },
          kind,
          period,
          last,
          status,
        },
        workersOf.get(row.gridId) ?? [],
      );
    }),
    total,
    offset: input.offset,
    limit: input.limit,
    summary,
  };
}
