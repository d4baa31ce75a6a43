import { eq } from 'drizzle-orm';
import { visits, type VisitRow } from '../../../db/schema';
import { AppError } from '../../api/errors';
import { maskSensitiveText } from '../../api/id-number';
import { problemCreate } from '../../api/ledger-schemas';
import { formatZodError, zodFieldErrors } from '../../api/validation';
import type { VisitCreateInput, VisitListInput, VisitUpdateInput } from '../../api/visits-schemas';
import type { VisitPage, VisitView } from '../../api/visits-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { assertNotFuture, createProblem } from '../ledger/problems';
import { getHouseholdRow } from '../roster/households';
import { getWorkerRow } from '../roster/workers';
import { gridLabelSql } from '../grids/group-of';

/**
 * 走访记录 (docs/domain.md §3): date, worker, household, way, findings. "需要跟进" registers a
 * problem in the ledger in the same transaction as the visit, so a visit is never saved
 * without the problem the worker asked for, nor a problem without its visit.
 */

const SUBTREE = `WITH RECURSIVE sub(id) AS (
  SELECT @gridId UNION ALL SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id)`;

/** A visit has no grid of its own: it is shown under the household's current grid. */
const VIEW_FROM = `FROM visits v
  JOIN workers w ON w.id = v.worker_id
  LEFT JOIN household_grids hg ON hg.household_id = v.household_id AND hg.end_date IS NULL
  LEFT JOIN grids g ON g.id = hg.grid_id`;

const VIEW_COLUMNS = `v.id, v.household_id AS householdId,
  (SELECT m.name FROM members m WHERE m.household_id = v.household_id AND m.relation = '本人'
    ORDER BY m.sort_order LIMIT 1) AS headName,
  hg.grid_id AS gridId, ${gridLabelSql('g')} AS gridName, v.worker_id AS workerId, w.name AS workerName,
  v.date, v.way, v.findings, v.problem_id AS problemId, v.created_at AS createdAt`;

type ViewRow = Omit<VisitView, 'headName' | 'gridName'> & {
  headName: string | null;
  gridName: string | null;
};

const toView = (row: ViewRow): VisitView => ({
  ...row,
  headName: row.headName ?? '（未登记户主）',
  gridName: row.gridName ?? '（未分网格）',
});

export function getVisit(ctx: ServiceContext, id: number): VisitView {
  const row = ctx.sqlite.prepare(`SELECT ${VIEW_COLUMNS} ${VIEW_FROM} WHERE v.id = ?`).get(id) as
    ViewRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的走访记录，可能已被删除`);
  return toView(row);
}

function getVisitRow(ctx: ServiceContext, id: number): VisitRow {
  const row = ctx.db.select().from(visits).where(eq(visits.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的走访记录，可能已被删除`);
  return row;
}

/** What the audit trail keeps of a visit: free text masked (maskSensitiveText). */
const snapshot = (row: VisitRow) => ({ ...row, findings: maskSensitiveText(row.findings) });

/**
 * The problem for 需要跟进: registered by the visiting worker, for the visited household (its
 * grid is the household's current group grid), on the visit's date. The ledger's own schema is
 * applied here too, so a caller that skipped dispatch() gets the same checks, and a failure
 * there throws before anything is written.
 */
function registerFollowUp(
  ctx: ServiceContext,
  visit: { householdId: number; workerId: number; date: string; way: string },
  followUp: NonNullable<VisitCreateInput['followUp']>,
): number {
  const parsed = problemCreate.safeParse({
    workerId: visit.workerId,
    householdId: visit.householdId,
    category: followUp.category,
    source: followUp.source,
    description: followUp.description,
    registeredDate: visit.date,
    note: `走访登记（${visit.date} ${visit.way}）`,
  });
  if (!parsed.success)
    throw new AppError('VALIDATION', formatZodError(parsed.error), zodFieldErrors(parsed.error));
  return createProblem(ctx, parsed.data).id;
}

export function createVisit(ctx: ServiceContext, input: VisitCreateInput): VisitView {
  return inTransaction(ctx, () => {
    getHouseholdRow(ctx, input.householdId);
    getWorkerRow(ctx, input.workerId);
    // A visit is a record of something done: never dated after today (the schema refuses < 2015).
    assertNotFuture(ctx, input.date, '走访日期', ['date']);
    let row = ctx.db
      .insert(visits)
      .values({
        householdId: input.householdId,
        workerId: input.workerId,
        date: input.date,
        way: input.way,
        findings: input.findings,
      })
      .returning()
      .get();
    // The visit is written first and linked after: if the problem is refused, the whole
    // transaction (visit included) rolls back and the clerk keeps the form to correct it.
    if (input.followUp) {
      const problemId = registerFollowUp(ctx, input, input.followUp);
      row = ctx.db.update(visits).set({ problemId }).where(eq(visits.id, row.id)).returning().get();
    }
    audit(ctx, { entity: 'visit', entityId: row.id, action: 'create', after: snapshot(row) });
    return getVisit(ctx, row.id);
  });
}

/**
 * Corrects a visit. A follow-up can be added when the visit has none yet; one already
 * registered is changed in the ledger, not here. A visit that produced a problem keeps its
 * household: the problem belongs to that household.
 */
export function updateVisit(ctx: ServiceContext, input: VisitUpdateInput): VisitView {
  return inTransaction(ctx, () => {
    const before = getVisitRow(ctx, input.id);
    getHouseholdRow(ctx, input.householdId);
    getWorkerRow(ctx, input.workerId);
    assertNotFuture(ctx, input.date, '走访日期', ['date']);
    if (before.problemId !== null && input.householdId !== before.householdId) {
      throw new AppError(
        'CONFLICT',
        `这次走访已登记了问题（编号 ${before.problemId}），不能改到另一户；如确实记错了户，请删除这条走访后重新登记`,
        [{ path: ['householdId'], message: '这次走访已登记了问题，不能改到另一户' }],
      );
    }
    if (before.problemId !== null && input.followUp) {
      throw new AppError(
        'CONFLICT',
        `这次走访已登记了问题（编号 ${before.problemId}），请到问题台账中修改`,
      );
    }
    const problemId = input.followUp
      ? registerFollowUp(ctx, input, input.followUp)
      : before.problemId;
    const after = ctx.db
      .update(visits)
      .set({
        householdId: input.householdId,
        workerId: input.workerId,
        date: input.date,
        way: input.way,
        findings: input.findings,
        problemId,
      })
      .where(eq(visits.id, input.id))
      .returning()
      .get();
    audit(ctx, {
      entity: 'visit',
      entityId: input.id,
      action: 'update',
      before: snapshot(before),
      after: snapshot(after),
    });
    return getVisit(ctx, input.id);
  });
}

/**
 * Deletes a visit entered by mistake. A problem registered from it stays in the ledger: it
 * has its own workflow and history, and deleting a visit must not erase a reported problem.
 */
export function deleteVisit(ctx: ServiceContext, id: number): { id: number } {
  return inTransaction(ctx, () => {
    const before = getVisitRow(ctx, id);
    ctx.db.delete(visits).where(eq(visits.id, id)).run();
    audit(ctx, { entity: 'visit', entityId: id, action: 'delete', before: snapshot(before) });
    return { id };
  });
}

/** Visits newest first, filtered; total counts the whole filter. */
export function listVisits(ctx: ServiceContext, filter: VisitListInput): VisitPage {
  const params = {
    householdId: filter.householdId ?? null,
    workerId: filter.workerId ?? null,
    gridId: filter.gridId ?? null,
    from: filter.from ?? null,
    to: filter.to ?? null,
    name: filter.name || null,
    limit: filter.limit ?? 200,
    offset: filter.offset ?? 0,
  };
  const where = `(@householdId IS NULL OR v.household_id = @householdId)
    AND (@workerId IS NULL OR v.worker_id = @workerId)
    AND (@gridId IS NULL OR hg.grid_id IN sub)
    AND (@from IS NULL OR v.date >= @from)
    AND (@to IS NULL OR v.date <= @to)
    AND (@name IS NULL OR v.household_id IN (
      SELECT household_id FROM members WHERE instr(name, @name) > 0))`;
  const rows = ctx.sqlite
    .prepare(
      `${SUBTREE} SELECT ${VIEW_COLUMNS} ${VIEW_FROM} WHERE ${where}
       ORDER BY v.date DESC, v.id DESC LIMIT @limit OFFSET @offset`,
    )
    .all(params) as ViewRow[];
  const total = (
    ctx.sqlite
      .prepare(`${SUBTREE} SELECT count(*) AS n ${VIEW_FROM} WHERE ${where}`)
      .get(params) as {
      n: number;
    }
  ).n;
  return { rows: rows.map(toView), total };
}
