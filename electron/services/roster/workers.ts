import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { grids, workerRoles, workers, type WorkerRow } from '../../../db/schema';
import { AppError } from '../../api/errors';
import { maskPhone } from '../../api/id-number';
import type { roleAssign, workerInput } from '../../api/roster-schemas';
import type { RoleAssignment, WorkerDetail, WorkerSummary } from '../../api/roster-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { getGrid } from '../grids/grids';
import { auditSnapshot, today } from './people';

type WorkerData = z.output<typeof workerInput>;

/** The stored worker, or NOT_FOUND in the clerk's words. */
export function getWorkerRow(ctx: ServiceContext, id: number): WorkerRow {
  const row = ctx.db.select().from(workers).where(eq(workers.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的网格员`);
  return row;
}

const roleColumns = {
  id: workerRoles.id,
  workerId: workerRoles.workerId,
  workerName: workers.name,
  gridId: workerRoles.gridId,
  gridName: grids.name,
  role: workerRoles.role,
  duties: workerRoles.duties,
  startDate: workerRoles.startDate,
  endDate: workerRoles.endDate,
};

/** Role assignments joined with worker and grid names. */
export function roleQuery(ctx: ServiceContext) {
  return ctx.db
    .select(roleColumns)
    .from(workerRoles)
    .innerJoin(workers, eq(workers.id, workerRoles.workerId))
    .innerJoin(grids, eq(grids.id, workerRoles.gridId));
}

function summarize(ctx: ServiceContext, row: WorkerRow): WorkerSummary {
  const active = roleQuery(ctx)
    .where(and(eq(workerRoles.workerId, row.id), isNull(workerRoles.endDate)))
    .orderBy(asc(workerRoles.startDate))
    .all();
  return {
    id: row.id,
    name: row.name,
    sex: row.sex,
    phoneMasked: maskPhone(row.phone),
    unit: row.unit,
    post: row.post,
    birthYear: row.birthYear,
    activeRoles: active.map((r) => ({ gridId: r.gridId, gridName: r.gridName, role: r.role })),
  };
}

export function listWorkers(ctx: ServiceContext): WorkerSummary[] {
  return ctx.db
    .select()
    .from(workers)
    .orderBy(asc(workers.name), asc(workers.id))
    .all()
    .map((row) => summarize(ctx, row));
}

export function getWorker(ctx: ServiceContext, id: number): WorkerDetail {
  const row = getWorkerRow(ctx, id);
  const roles: RoleAssignment[] = roleQuery(ctx)
    .where(eq(workerRoles.workerId, id))
    .orderBy(desc(workerRoles.startDate), desc(workerRoles.id))
    .all();
  return { ...summarize(ctx, row), note: row.note, hasPhoto: row.photoFile !== null, roles };
}

export function createWorker(ctx: ServiceContext, input: WorkerData): WorkerDetail {
  return inTransaction(ctx, () => {
    const row = ctx.db
      .insert(workers)
      .values({ ...input, birthYear: input.birthYear ?? null })
      .returning()
      .get();
    audit(ctx, { entity: 'worker', entityId: row.id, action: 'create', after: auditSnapshot(row) });
    return getWorker(ctx, row.id);
  });
}

export function updateWorker(
  ctx: ServiceContext,
  input: WorkerData & { id: number },
): WorkerDetail {
  return inTransaction(ctx, () => {
    const before = getWorkerRow(ctx, input.id);
    const { id, ...fields } = input;
    const after = ctx.db
      .update(workers)
      .set({ ...fields, birthYear: fields.birthYear ?? null, updatedAt: ctx.now().toISOString() })
      .where(eq(workers.id, id))
      .returning()
      .get();
    audit(ctx, {
      entity: 'worker',
      entityId: id,
      action: 'update',
      before: auditSnapshot(before),
      after: auditSnapshot(after),
    });
    return getWorker(ctx, id);
  });
}

/** A worker with any assignment, even an ended one, is kept: history is never deleted. */
export function deleteWorker(ctx: ServiceContext, id: number): { id: number } {
  return inTransaction(ctx, () => {
    const before = getWorkerRow(ctx, id);
    const used = ctx.db
      .select({ id: workerRoles.id })
      .from(workerRoles)
      .where(eq(workerRoles.workerId, id))
      .get();
    if (used) {
      throw new AppError(
        'CONFLICT',
        `「${before.name}」有网格分工记录，不能删除（历史记录要保留）。如已不再担任，请结束其分工。`,
      );
    }
    // Problems and visits keep their worker (ON DELETE RESTRICT): say why, not an FK error.
    const count = (query: string) => (ctx.sqlite.prepare(query).get(id) as { n: number }).n;
    const problemCount = count('SELECT count(*) AS n FROM problems WHERE worker_id = ?');
    const visitCount = count('SELECT count(*) AS n FROM visits WHERE worker_id = ?');
    if (problemCount > 0 || visitCount > 0) {
      const records = [
        problemCount > 0 ? `登记了 ${problemCount} 条问题` : '',
        visitCount > 0 ? `有 ${visitCount} 次走访记录` : '',
      ].filter(Boolean);
      throw new AppError(
        'CONFLICT',
        `「${before.name}」${records.join('、')}，不能删除（台账记录要保留）。`,
      );
    }
    ctx.db.delete(workers).where(eq(workers.id, id)).run();
    audit(ctx, { entity: 'worker', entityId: id, action: 'delete', before: auditSnapshot(before) });
    return { id };
  });
}

export function assignRole(
  ctx: ServiceContext,
  input: z.output<typeof roleAssign>,
): RoleAssignment {
  return inTransaction(ctx, () => {
    const worker = getWorkerRow(ctx, input.workerId);
    const grid = getGrid(ctx, input.gridId);
    if (grid.archivedAt)
      throw new AppError('CONFLICT', `网格「${grid.name}」已撤销，不能再安排人员`);
    const same = ctx.db
      .select({ id: workerRoles.id })
      .from(workerRoles)
      .where(
        and(
          eq(workerRoles.workerId, input.workerId),
          eq(workerRoles.gridId, input.gridId),
          eq(workerRoles.role, input.role),
          isNull(workerRoles.endDate),
        ),
      )
      .get();
    if (same)
      throw new AppError('CONFLICT', `「${worker.name}」已是「${grid.name}」的${input.role}`);
    const row = ctx.db.insert(workerRoles).values(input).returning().get();
    audit(ctx, { entity: 'worker_role', entityId: row.id, action: 'create', after: row });
    return roleQuery(ctx).where(eq(workerRoles.id, row.id)).get()!;
  });
}

/** Ends an assignment: sets its end date. The row stays as history. */
export function endRole(
  ctx: ServiceContext,
  input: { id: number; endDate?: string | null | undefined },
): RoleAssignment {
  return inTransaction(ctx, () => {
    const before = ctx.db.select().from(workerRoles).where(eq(workerRoles.id, input.id)).get();
    if (!before) throw new AppError('NOT_FOUND', `找不到编号为 ${input.id} 的分工记录`);
    if (before.endDate) throw new AppError('CONFLICT', `这条分工已于 ${before.endDate} 结束`);
    const endDate = input.endDate ?? today(ctx);
    if (endDate < before.startDate) {
      throw new AppError('VALIDATION', `结束日期 ${endDate} 不能早于开始日期 ${before.startDate}`);
    }
    ctx.db.update(workerRoles).set({ endDate }).where(eq(workerRoles.id, input.id)).run();
    audit(ctx, {
      entity: 'worker_role',
      entityId: input.id,
      action: 'end',
      before,
      after: { ...before, endDate },
    });
    return roleQuery(ctx).where(eq(workerRoles.id, input.id)).get()!;
  });
}
