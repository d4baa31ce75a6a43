import { ROLES } from '../../api/roster-enums';
import type {
  VisitDueCounts,
  VisitDueRow,
  VisitsDueResult,
  VisitWay,
} from '../../api/visits-types';
import type { ServiceContext } from '../context';
import { getGrid, gridOrder } from '../grids/grids';
import { today } from '../roster/people';
import { getWorkerRow } from '../roster/workers';
import { dueKind, duePeriod, dueStatus, quarterPeriod, wayCounts } from './rules';

/**
 * 应走访 / 逾期 lists (docs/domain.md §3). Set-based: one query for the households with the facts
 * their rule depends on, one for the visits of the quarter around the month (the widest period
 * any rule uses), one for the workers of the grids; the rules themselves run in rules.ts.
 * A per-household query would be ~39,000 round trips on a county.
 */

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

interface HouseholdRow {
  householdId: number;
  gridId: number;
  gridName: string;
  headName: string | null;
  monitorCategory: string | null;
  eliminationStatus: string | null;
  memberCount: number;
  awayCount: number;
}

interface VisitRow {
  householdId: number;
  date: string;
  way: VisitWay;
  workerName: string;
}

interface RoleRow {
  gridId: number;
  workerId: number;
  workerName: string;
}

/** Workers by name as a Chinese list is read (pinyin order). */
const byPinyin = new Intl.Collator('zh-CN');

const emptyCounts = (): VisitDueCounts => ({ due: 0, done: 0, pending: 0, overdue: 0 });

function addTo(counts: VisitDueCounts, status: VisitDueRow['status']): void {
  counts.due += 1;
  if (status === '已走访') counts.done += 1;
  else if (status === '待走访') counts.pending += 1;
  else counts.overdue += 1;
}

export function visitsDue(
  ctx: ServiceContext,
  input: { month: string; gridId?: number; workerId?: number },
): VisitsDueResult {
  if (input.gridId !== undefined) getGrid(ctx, input.gridId);
  if (input.workerId !== undefined) getWorkerRow(ctx, input.workerId);
  const now = today(ctx);
  const quarter = quarterPeriod(input.month);
  const params = {
    gridId: input.gridId ?? null,
    workerId: input.workerId ?? null,
    start: quarter.start,
    end: quarter.end,
  };

  const households = ctx.sqlite
    .prepare(
      `${SCOPE}
       SELECT hg.household_id AS householdId, hg.grid_id AS gridId, g.name AS gridName,
              max(CASE WHEN m.relation = '本人' THEN m.name END) AS headName,
              h.monitor_category AS monitorCategory, h.elimination_status AS eliminationStatus,
              count(m.id) AS memberCount, coalesce(sum(CASE WHEN ${AWAY} THEN 1 ELSE 0 END), 0) AS awayCount
       FROM household_grids hg
       JOIN households h ON h.id = hg.household_id
       JOIN grids g ON g.id = hg.grid_id
       LEFT JOIN members m ON m.household_id = hg.household_id
       WHERE ${IN_SCOPE}
       GROUP BY hg.household_id
       ORDER BY hg.household_id`,
    )
    .all(params) as HouseholdRow[];

  // Newest first, so the first qualifying visit met for a household is its latest one.
  // CROSS JOIN keeps the households in scope as the outer loop (visits_household_idx): a
  // group's list reads its own visits, not the whole county's quarter.
  const visits = ctx.sqlite
    .prepare(
      `${SCOPE}
       SELECT v.household_id AS householdId, v.date, v.way, w.name AS workerName
       FROM household_grids hg
       CROSS JOIN visits v ON v.household_id = hg.household_id AND v.date BETWEEN @start AND @end
       JOIN workers w ON w.id = v.worker_id
       WHERE ${IN_SCOPE}
       ORDER BY v.date DESC, v.id DESC`,
    )
    .all(params) as VisitRow[];
  const visitsOf = new Map<number, VisitRow[]>();
  for (const visit of visits) {
    const list = visitsOf.get(visit.householdId);
    if (list) list.push(visit);
    else visitsOf.set(visit.householdId, [visit]);
  }

  // Current roles of the grids in scope; 网格长 first, then the order of the role list.
  const roleRank = `CASE wr.role ${ROLES.map((role, i) => `WHEN '${role}' THEN ${i}`).join(' ')} END`;
  const roles = ctx.sqlite
    .prepare(
      `${SCOPE}
       SELECT wr.grid_id AS gridId, w.id AS workerId, w.name AS workerName
       FROM worker_roles wr JOIN workers w ON w.id = wr.worker_id
       WHERE wr.end_date IS NULL
         AND wr.grid_id IN (SELECT hg.grid_id FROM household_grids hg WHERE ${IN_SCOPE})
       ORDER BY wr.grid_id, ${roleRank}, wr.start_date, wr.id`,
    )
    .all(params) as RoleRow[];
  const workersOf = new Map<number, { id: number; name: string }[]>();
  for (const role of roles) {
    const list = workersOf.get(role.gridId) ?? [];
    // One person holding two roles in a grid is one worker for the list.
    if (!list.some((w) => w.id === role.workerId))
      list.push({ id: role.workerId, name: role.workerName });
    workersOf.set(role.gridId, list);
  }

  const summary = emptyCounts();
  const byGrid = new Map<number, VisitDueCounts & { gridId: number; gridName: string }>();
  const byWorker = new Map<number, VisitDueCounts & { workerId: number; workerName: string }>();
  const rows: VisitDueRow[] = households.map((household) => {
    const kind = dueKind(household);
    const period = duePeriod(kind, input.month);
    const last = visitsOf
      .get(household.householdId)
      ?.find((v) => v.date >= period.start && v.date <= period.end && wayCounts(kind, v.way));
    const status = dueStatus(last !== undefined, period.end, now);
    const workers = workersOf.get(household.gridId) ?? [];

    addTo(summary, status);
    let grid = byGrid.get(household.gridId);
    if (!grid) {
      grid = { gridId: household.gridId, gridName: household.gridName, ...emptyCounts() };
      byGrid.set(household.gridId, grid);
    }
    addTo(grid, status);
    for (const worker of workers) {
      let counts = byWorker.get(worker.id);
      if (!counts) {
        counts = { workerId: worker.id, workerName: worker.name, ...emptyCounts() };
        byWorker.set(worker.id, counts);
      }
      addTo(counts, status);
    }

    return {
      householdId: household.householdId,
      headName: household.headName ?? '（未登记户主）',
      gridId: household.gridId,
      gridName: household.gridName,
      kind,
      periodStart: period.start,
      periodEnd: period.end,
      lastVisit: last ? { date: last.date, way: last.way, workerName: last.workerName } : null,
      status,
      workers: workers.map((w) => w.name),
    };
  });

  // Rows and grids in the order of the grid tree, as the roster shows them.
  const order = gridOrder(ctx);
  const place = (gridId: number) => order.get(gridId) ?? Number.MAX_SAFE_INTEGER;
  rows.sort((a, b) => place(a.gridId) - place(b.gridId) || a.householdId - b.householdId);

  return {
    month: input.month,
    today: now,
    rows,
    summary,
    byGrid: [...byGrid.values()].sort((a, b) => place(a.gridId) - place(b.gridId)),
    byWorker: [...byWorker.values()].sort(
      (a, b) => byPinyin.compare(a.workerName, b.workerName) || a.workerId - b.workerId,
    ),
  };
}
