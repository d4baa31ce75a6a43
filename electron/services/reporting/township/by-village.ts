import type { VillageFigures } from '../../../api/township-outputs-types';
import { DEVELOPMENTAL_CATEGORIES } from '../../../api/roster-enums';
import type { ServiceContext } from '../../context';
import { overdueOnSql, overdueReferenceDate } from '../../ledger/status';
import { reportMonthRange } from '../../reports/periods';
import { today } from '../../roster/people';
import { visitsDue } from '../../visits/due';
import { emptyFigures } from './figures';

/**
 * The 月通报 counts of every loaded village at once (docs/domain.md §11): the definitions of
 * reports/monthly.ts (§3 「月通报」) grouped by village in one pass over the workspace, because
 * 80 calls of monthlyReport took ~1.9 s on the county demo and the county's 月通报 must take
 * ≤ 1 s (issue 17 item 5). The township tests hold each village's row equal to monthlyReport
 * on that village's grid, so the two cannot drift apart unnoticed.
 *
 * Returns report_villages.id → its figures.
 */

// Every grid under a loaded village, and the village (report_villages.id) it falls in.
const VILLAGE_CTE = `WITH RECURSIVE scope(id, branch) AS (
  SELECT grid_id, id FROM report_villages WHERE grid_id IS NOT NULL
  UNION ALL
  SELECT g.id, s.branch FROM grids g JOIN scope s ON g.parent_id = s.id)`;

const MONITORED = `hg.end_date IS NULL AND h.monitor_category IS NOT NULL
    AND (h.identified_date IS NULL OR h.identified_date <= @end)`;
const ELIMINATED = `(h.elimination_status = '已消除' AND (h.elimination_date IS NULL OR h.elimination_date <= @end))`;
const DEVELOPMENTAL = DEVELOPMENTAL_CATEGORIES.map((c) => `'${c}'`).join(', ');

export function figuresByVillage(ctx: ServiceContext, month: string): Map<number, VillageFigures> {
  const { start, end } = reportMonthRange(month, today(ctx));
  const params = {
    start,
    end,
    yearStart: `${month.slice(0, 4)}-01-01`,
    overdueOn: overdueReferenceDate(end, today(ctx)),
  };
  const all = <T>(sql: string) => ctx.sqlite.prepare(`${VILLAGE_CTE} ${sql}`).all(params) as T[];

  const out = new Map<number, VillageFigures>();
  const of = (branch: number) => {
    let f = out.get(branch);
    if (!f) {
      f = emptyFigures();
      out.set(branch, f);
    }
    return f;
  };
  for (const { id } of ctx.sqlite
    .prepare('SELECT id FROM report_villages WHERE grid_id IS NOT NULL')
    .all() as { id: number }[]) {
    of(id);
  }

  for (const r of all<{ branch: number; households: number; members: number }>(
    `SELECT s.branch AS branch, count(DISTINCT hg.household_id) AS households, count(m.id) AS members
     FROM household_grids hg JOIN scope s ON s.id = hg.grid_id
     LEFT JOIN members m ON m.household_id = hg.household_id
     WHERE hg.end_date IS NULL GROUP BY s.branch`,
  )) {
    const f = of(r.branch);
    f.households += r.households;
    f.members += r.members;
  }

  for (const r of all<{
    branch: number;
    total: number;
    eliminated: number;
    newInMonth: number;
    eliminatedInMonth: number;
  }>(
    `SELECT s.branch AS branch, count(*) AS total,
            total(${ELIMINATED}) AS eliminated,
            total(h.identified_date BETWEEN @start AND @end) AS newInMonth,
            total(h.elimination_status = '已消除' AND h.elimination_date BETWEEN @start AND @end) AS eliminatedInMonth
     FROM household_grids hg JOIN scope s ON s.id = hg.grid_id
     JOIN households h ON h.id = hg.household_id
     WHERE ${MONITORED}
     GROUP BY s.branch`,
  )) {
    const f = of(r.branch);
    f.monitored += r.total;
    f.eliminated += r.eliminated;
    f.notEliminated += r.total - r.eliminated;
    f.newInMonth += r.newInMonth;
    f.eliminatedInMonth += r.eliminatedInMonth;
  }

  for (const r of all<{
    branch: number;
    registered: number;
    resolved: number;
    open: number;
    overdue: number;
    yearRegistered: number;
    yearResolved: number;
  }>(
    `SELECT s.branch AS branch,
            total(p.registered_date >= @start) AS registered,
            total(p.resolved_date BETWEEN @start AND @end) AS resolved,
            total(p.resolved_date IS NULL OR p.resolved_date > @end) AS open,
            total(${overdueOnSql('@overdueOn')}) AS overdue,
            total(p.registered_date >= @yearStart) AS yearRegistered,
            total(p.registered_date >= @yearStart AND p.resolved_date <= @end) AS yearResolved
     FROM problems p JOIN scope s ON s.id = p.grid_id
     WHERE p.registered_date <= @end
     GROUP BY s.branch`,
  )) {
    const f = of(r.branch);
    f.problemsRegistered += r.registered;
    f.problemsResolved += r.resolved;
    f.problemsOpen += r.open;
    f.problemsOverdue += r.overdue;
    f.yearRegistered += r.yearRegistered;
    f.yearResolved += r.yearResolved;
  }

  for (const r of all<{
    branch: number;
    developmental: number;
    planned: number;
    done: number;
  }>(
    `SELECT s.branch AS branch, ms.category IN (${DEVELOPMENTAL}) AS developmental,
            total(ms.planned_date <= @end
                OR (ms.planned_date IS NULL AND substr(ms.created_at, 1, 10) <= @end)
                OR (ms.status = '已完成' AND ms.done_date <= @end)) AS planned,
            total(ms.status = '已完成' AND ms.done_date <= @end) AS done
     FROM household_grids hg JOIN scope s ON s.id = hg.grid_id
     JOIN households h ON h.id = hg.household_id
     JOIN measures ms ON ms.household_id = h.id
     WHERE ${MONITORED}
     GROUP BY s.branch, ms.category IN (${DEVELOPMENTAL})`,
  )) {
    const f = of(r.branch);
    f.measuresPlanned += r.planned;
    f.measuresDone += r.done;
    if (r.developmental) {
      f.developmentalPlanned += r.planned;
      f.developmentalDone += r.done;
    }
  }

  for (const r of all<{ branch: number; n: number }>(
    `SELECT s.branch AS branch, count(*) AS n
     FROM visits v
     JOIN household_grids hg ON hg.household_id = v.household_id AND hg.end_date IS NULL
     JOIN scope s ON s.id = hg.grid_id
     WHERE v.date BETWEEN @start AND @end
     GROUP BY s.branch`,
  )) {
    of(r.branch).visitsRecorded += r.n;
  }

  // Visits due: the visit rules once over the whole workspace, each grid's counts to its village.
  const branchOf = new Map(
    (
      ctx.sqlite.prepare(`${VILLAGE_CTE} SELECT id, branch FROM scope`).all() as {
        id: number;
        branch: number;
      }[]
    ).map((r) => [r.id, r.branch]),
  );
  for (const g of visitsDue(ctx, { month }).byGrid) {
    const branch = branchOf.get(g.gridId);
    if (branch === undefined) continue;
    const f = of(branch);
    f.visitsDue += g.due;
    f.visitsDone += g.done;
    f.visitsPending += g.pending;
    f.visitsOverdue += g.overdue;
  }
  return out;
}
