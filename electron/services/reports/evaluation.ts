import { AppError } from '../../api/errors';
import type {
  EvaluationList,
  EvaluationRecord,
  EvaluationRow,
  Grade,
} from '../../api/reports-types';
import type { EvaluationSaveInput } from '../../api/reports-schemas';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { sqlQuery } from '../sql';
import { getGrid, gridOrder } from '../grids/grids';
import { today } from '../roster/people';
import { getWorkerRow } from '../roster/workers';
import { duePeriodKeys, settledDuesByGrid } from '../visits/due';
import { monthRange, parsePeriod, rate } from './periods';
import { gridLabelSql } from '../grids/group-of';

/**
 * 实绩评价 (docs/domain.md §1: a score and grade per period, tied to the 误工补贴). For every worker
 * holding a role at some time in the period (within the grid's subtree when one is chosen):
 *
 * - 走访次数: visits the worker recorded with a date in the period.
 * - 按时走访: the due visits (本月应走访, the rules of docs/domain.md §3) of the households in the
 *   group grids where the worker held a role during each month of the period. A household's
 *   visit is a duty of its grid's workers together, so a visit by any of them counts for each.
 *   A quarterly household is one due visit per quarter, not one per month. Only due visits
 *   that are settled count: 已走访 (done within the period) or 逾期 (the period ended without
 *   one); a 待走访 one whose period has not ended yet is neither. Months not yet begun are left
 *   out.
 * - 发现问题: problems registered by the worker (problems.worker_id) in the period.
 * - 按时办结: of the worker's problems whose 办结时限 (due_date) falls in the period and has come
 *   (resolved, or the due date is before today), those resolved on or before the due date.
 * - 人工评分 (0–100) and a note, stored in worker_evaluations by saveEvaluation.
 * - 总分 = 40 % 按时走访率 + 30 % 按时办结率 + 30 % 人工评分 over the parts that apply: a part
 *   with nothing to measure (no due visits, no problems due, no score entered) is left out and
 *   the others are weighted up, so a worker is not marked down for an empty list. No part at
 *   all → no score and no grade.
 * - 等级: 优秀 ≥ 90, 良好 ≥ 75, 合格 ≥ 60, otherwise 不合格.
 */

/** Weights in percent (practice: townships weight their own way; these are the defaults). */
export const EVALUATION_WEIGHTS = { visitsOnTime: 40, closedOnTime: 30, manual: 30 } as const;

export function gradeOf(score: number | null): Grade | null {
  if (score === null) return null;
  if (score >= 90) return '优秀';
  if (score >= 75) return '良好';
  if (score >= 60) return '合格';
  return '不合格';
}

/** The weighted score over the parts present (each 0–100), 2 decimals; null when none is. */
export function totalScore(parts: {
  visitsOnTime: number | null;
  closedOnTime: number | null;
  manual: number | null;
}): number | null {
  let weighted = 0;
  let weights = 0;
  for (const key of ['visitsOnTime', 'closedOnTime', 'manual'] as const) {
    const value = parts[key];
    if (value === null) continue;
    weighted += value * EVALUATION_WEIGHTS[key];
    weights += EVALUATION_WEIGHTS[key];
  }
  return weights === 0 ? null : Math.round((weighted / weights) * 100) / 100;
}

const SUBTREE = `WITH RECURSIVE sub(id) AS (
  SELECT @gridId UNION ALL SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id)`;

interface RoleRow {
  workerId: number;
  workerName: string;
  gridId: number;
  gridName: string;
  role: string;
  startDate: string;
  endDate: string | null;
}

/** Roles that overlap [@start, @end] (an ended role's end date is its last day). */
const ROLES_IN_PERIOD = sqlQuery<
  RoleRow,
  { start: string; end: string; gridId: number | null; workerId: number | null }
>(`${SUBTREE}
  SELECT wr.worker_id AS workerId, w.name AS workerName, wr.grid_id AS gridId, ${gridLabelSql('g')} AS gridName,
         wr.role, wr.start_date AS startDate, wr.end_date AS endDate
  FROM worker_roles wr
  JOIN workers w ON w.id = wr.worker_id
  JOIN grids g ON g.id = wr.grid_id
  WHERE wr.start_date <= @end AND (wr.end_date IS NULL OR wr.end_date >= @start)
    AND (@gridId IS NULL OR wr.grid_id IN sub)
    AND (@workerId IS NULL OR wr.worker_id = @workerId)
  ORDER BY wr.start_date, wr.id`);

function rolesInPeriod(
  ctx: ServiceContext,
  range: { start: string; end: string },
  gridId: number | null,
  workerId: number | null = null,
): RoleRow[] {
  return ROLES_IN_PERIOD.all(ctx, { start: range.start, end: range.end, gridId, workerId });
}

/** @start .. @end: the period; @gridId: the subtree or null; @today: the day judged on. */
type PeriodParams = { start: string; end: string; gridId: number | null; today: string };

/**
 * Visits recorded per worker, within the grid's subtree when one is chosen. "+v.date": the
 * date index would fetch a year of visits row by row in date order (~0.5 s on the county
 * demo); read through visits_worker_idx (worker, date) the count is grouped as it is read.
 */
const VISITS_BY_WORKER = sqlQuery<{ workerId: number; n: number }, PeriodParams>(`${SUBTREE}
  SELECT v.worker_id AS workerId, count(*) AS n FROM visits v
  WHERE +v.date BETWEEN @start AND @end
    AND (@gridId IS NULL OR v.household_id IN (
      SELECT hg.household_id FROM household_grids hg
      WHERE hg.end_date IS NULL AND hg.grid_id IN sub))
  GROUP BY v.worker_id`);

/** Problems registered per worker in the period. */
const FOUND_BY_WORKER = sqlQuery<{ workerId: number; n: number }, PeriodParams>(`${SUBTREE}
  SELECT worker_id AS workerId, count(*) AS n FROM problems
  WHERE registered_date BETWEEN @start AND @end AND (@gridId IS NULL OR grid_id IN sub)
  GROUP BY worker_id`);

/** Problems whose 办结时限 falls in the period and has come, and those closed by it. */
const CLOSING_BY_WORKER = sqlQuery<
  { workerId: number; due: number; onTime: number },
  PeriodParams
>(`${SUBTREE}
  SELECT worker_id AS workerId, count(*) AS due,
         total(resolved_date IS NOT NULL AND resolved_date <= due_date) AS onTime
  FROM problems
  WHERE due_date BETWEEN @start AND @end
    AND (resolved_date IS NOT NULL OR due_date < @today)
    AND (@gridId IS NULL OR grid_id IN sub)
  GROUP BY worker_id`);

const MANUAL_SCORES = sqlQuery<
  { workerId: number; manualScore: number | null; note: string },
  [string]
>(`SELECT worker_id AS workerId, manual_score AS manualScore, note
   FROM worker_evaluations WHERE period = ?`);

const countBy = (rows: { workerId: number; n: number }[]) =>
  new Map(rows.map((r) => [r.workerId, r.n]));

export function listEvaluations(
  ctx: ServiceContext,
  input: { period: string; gridId?: number | undefined },
): EvaluationList {
  const period = parsePeriod(input.period);
  if (input.gridId !== undefined) getGrid(ctx, input.gridId);
  const gridId = input.gridId ?? null;
  const now = today(ctx);
  const params: PeriodParams = { start: period.start, end: period.end, gridId, today: now };

  const roles = rolesInPeriod(ctx, period, gridId);
  const workers = new Map<number, { name: string; roles: RoleRow[] }>();
  for (const role of roles) {
    const entry = workers.get(role.workerId) ?? { name: role.workerName, roles: [] };
    entry.roles.push(role);
    workers.set(role.workerId, entry);
  }

  // Counted from the ledger, within the grid's subtree when one is chosen.
  const visitsDone = countBy(VISITS_BY_WORKER.all(ctx, params));
  const found = countBy(FOUND_BY_WORKER.all(ctx, params));
  const closing = new Map(CLOSING_BY_WORKER.all(ctx, params).map((r) => [r.workerId, r]));
  const manual = new Map(MANUAL_SCORES.all(ctx, period.period).map((r) => [r.workerId, r]));

  const dueVisits = visitDuties(ctx, period.months, roles, gridId, now);

  const order = gridOrder(ctx);
  const firstGrid = (list: RoleRow[]) =>
    Math.min(...list.map((r) => order.get(r.gridId) ?? Number.MAX_SAFE_INTEGER));
  const rows: EvaluationRow[] = [...workers.entries()]
    .sort(
      ([a, x], [b, y]) =>
        firstGrid(x.roles) - firstGrid(y.roles) || x.name.localeCompare(y.name, 'zh-CN') || a - b,
    )
    .map(([workerId, worker]) => {
      const duty = dueVisits.get(workerId) ?? { due: 0, done: 0 };
      const visitsRate = rate(duty.done, duty.due);
      const close = closing.get(workerId) ?? { due: 0, onTime: 0 };
      const closeRate = rate(close.onTime, close.due);
      const stored = manual.get(workerId);
      const manualScore = stored?.manualScore ?? null;
      const total = totalScore({
        visitsOnTime: visitsRate.percent,
        closedOnTime: closeRate.percent,
        manual: manualScore,
      });
      return {
        workerId,
        workerName: worker.name,
        roles: describeRoles(worker.roles),
        visitsDone: visitsDone.get(workerId) ?? 0,
        visitsDue: duty.due,
        visitsOnTime: duty.done,
        visitsOnTimeRate: visitsRate,
        problemsFound: found.get(workerId) ?? 0,
        problemsDue: close.due,
        problemsClosedOnTime: close.onTime,
        closedOnTimeRate: closeRate,
        manualScore,
        note: stored?.note ?? '',
        totalScore: total,
        grade: gradeOf(total),
      };
    })
    // The people with figures first (issue 12 item 7: in a county most of the 5,000 workers
    // have none in a short period, and those with figures were lost far down the list); the
    // grid order stays within each part (a stable sort).
    .sort((a, b) => Number(hasFigures(b)) - Number(hasFigures(a)));

  return {
    period: period.period,
    periodStart: period.start,
    periodEnd: period.end,
    weights: { ...EVALUATION_WEIGHTS },
    rows,
  };
}

/** Anything counted or scored for the worker in the period. */
function hasFigures(row: EvaluationRow): boolean {
  return (
    row.visitsDone + row.visitsDue + row.problemsFound + row.problemsDue > 0 ||
    row.manualScore !== null
  );
}

/** "一组 网格员；二组 网格长", each grid and role once. */
function describeRoles(roles: RoleRow[]): string {
  return [...new Set(roles.map((r) => `${r.gridName} ${r.role}`))].join('；');
}

/**
 * Per worker: due visits settled in the period's months, and how many were done. The due
 * visits are counted per grid and period in one pass (settledDuesByGrid, the rules of
 * docs/domain.md §3); a worker gets those of each grid for the months they held a role in it —
 * a quarterly household once per quarter, however many of its months the worker held.
 */
function visitDuties(
  ctx: ServiceContext,
  months: string[],
  roles: RoleRow[],
  gridId: number | null,
  now: string,
): Map<number, { due: number; done: number }> {
  const dues = settledDuesByGrid(ctx, { months, gridId, today: now });
  const ranges = months.map((month) => ({ ...monthRange(month), keys: duePeriodKeys(month) }));
  // worker → grid → the period keys of the months held there
  const held = new Map<number, Map<number, Set<string>>>();
  for (const role of roles) {
    const grid = dues.get(role.gridId);
    if (!grid) continue; // no household of the scope is due in this grid
    const grids = held.get(role.workerId) ?? new Map<number, Set<string>>();
    held.set(role.workerId, grids);
    const keys = grids.get(role.gridId) ?? new Set<string>();
    grids.set(role.gridId, keys);
    for (const range of ranges) {
      if (range.start > now) break; // a month not yet begun has nothing settled
      if (role.startDate <= range.end && (role.endDate === null || role.endDate >= range.start))
        for (const key of range.keys) keys.add(key);
    }
  }
  const result = new Map<number, { due: number; done: number }>();
  for (const [workerId, grids] of held) {
    const total = { due: 0, done: 0 };
    for (const [gridId, keys] of grids) {
      const grid = dues.get(gridId)!;
      for (const key of keys) {
        const counts = grid.get(key);
        if (!counts) continue;
        total.due += counts.due;
        total.done += counts.done;
      }
    }
    if (total.due > 0) result.set(workerId, total);
  }
  return result;
}

/** Stores the manual score and note of one worker for one period (insert or update, audited). */
export function saveEvaluation(ctx: ServiceContext, input: EvaluationSaveInput): EvaluationRecord {
  const period = parsePeriod(input.period);
  return inTransaction(ctx, () => {
    const worker = getWorkerRow(ctx, input.workerId);
    if (rolesInPeriod(ctx, period, null, input.workerId).length === 0) {
      throw new AppError(
        'VALIDATION',
        `网格员「${worker.name}」在${period.label}没有担任网格职责，不能评分`,
      );
    }
    const before = ctx.sqlite
      .prepare(
        `SELECT id, manual_score AS manualScore, note FROM worker_evaluations
         WHERE worker_id = ? AND period = ?`,
      )
      .get(input.workerId, period.period) as
      | { id: number; manualScore: number | null; note: string }
      | undefined;
    const record: EvaluationRecord = {
      workerId: input.workerId,
      period: period.period,
      manualScore: input.manualScore,
      note: input.note,
    };
    const updatedAt = ctx.now().toISOString();
    let id: number;
    if (before) {
      ctx.sqlite
        .prepare(
          'UPDATE worker_evaluations SET manual_score = ?, note = ?, updated_at = ? WHERE id = ?',
        )
        .run(record.manualScore, record.note, updatedAt, before.id);
      id = before.id;
    } else {
      id = Number(
        ctx.sqlite
          .prepare(
            `INSERT INTO worker_evaluations (worker_id, period, manual_score, note, updated_at)
             VALUES (?, ?, ?, ?, ?)`,
          )
          .run(record.workerId, record.period, record.manualScore, record.note, updatedAt)
          .lastInsertRowid,
      );
    }
    audit(ctx, {
      entity: 'worker_evaluation',
      entityId: id,
      action: before ? 'update' : 'create',
      before: before
        ? { workerId: input.workerId, period: period.period, manualScore: before.manualScore, note: before.note }
        : undefined,
      after: record,
    });
    return record;
  });
}
