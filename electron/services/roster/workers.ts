import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { grids, workerRoles, workers, type WorkerRow } from '../../../db/schema';
import { AppError, fieldError } from '../../api/errors';
import { maskPhone } from '../../api/id-number';
import type { roleAssign, workerInput } from '../../api/roster-schemas';
import type { RoleAssignment, WorkerDetail, WorkerSummary } from '../../api/roster-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { getGrid } from '../grids/grids';
import { auditSnapshot, nameInitials, today } from './people';

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

type ActiveRole = WorkerSummary['activeRoles'][number];

function summarize(row: WorkerRow, activeRoles: ActiveRole[]): WorkerSummary {
  return {
    id: row.id,
    name: row.name,
    initials: nameInitials(row.name),
    sex: row.sex,
    phoneMasked: maskPhone(row.phone),
    unit: row.unit,
    post: row.post,
    birthYear: row.birthYear,
    activeRoles,
  };
}

/** Current assignments, one query for all workers (or one worker), grouped by worker. */
function activeRolesByWorker(ctx: ServiceContext, workerId?: number): Map<number, ActiveRole[]> {
  const open = isNull(workerRoles.endDate);
  const rows = roleQuery(ctx)
    .where(workerId === undefined ? open : and(open, eq(workerRoles.workerId, workerId)))
    .orderBy(asc(workerRoles.startDate), asc(workerRoles.id))
    .all();
  const byWorker = new Map<number, ActiveRole[]>();
  for (const r of rows) {
    const list = byWorker.get(r.workerId) ?? [];
    list.push({ gridId: r.gridId, gridName: r.gridName, role: r.role });
    byWorker.set(r.workerId, list);
  }
  return byWorker;
}

/**
 * Every worker with their current roles and pinyin initials (for the pickers' search, worked
 * out here once per list rather than in the page on each keystroke). Two queries in all,
 * whatever the number of workers.
 */
export function listWorkers(ctx: ServiceContext): WorkerSummary[] {
  const roles = activeRolesByWorker(ctx);
  return ctx.db
    .select()
    .from(workers)
    .orderBy(asc(workers.name), asc(workers.id))
    .all()
    .map((row) => summarize(row, roles.get(row.id) ?? []));
}

export function getWorker(ctx: ServiceContext, id: number): WorkerDetail {
  const row = getWorkerRow(ctx, id);
  const roles: RoleAssignment[] = roleQuery(ctx)
    .where(eq(workerRoles.workerId, id))
    .orderBy(desc(workerRoles.startDate), desc(workerRoles.id))
    .all();
  const active = activeRolesByWorker(ctx, id).get(id) ?? [];
  return { ...summarize(row, active), note: row.note, hasPhoto: row.photoFile !== null, roles };
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

/** 修改: every field; with keepPhone the stored phone stays (the form never saw it whole). */
export function updateWorker(
  ctx: ServiceContext,
  input: WorkerData & { id: number; keepPhone?: boolean | undefined },
): WorkerDetail {
  return inTransaction(ctx, () => {
    const before = getWorkerRow(ctx, input.id);
    const { id, keepPhone, ...fields } = input;
    if (keepPhone) fields.phone = before.phone;
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

/**
 * Deletes a worker entered by mistake. Refused, naming what and how many, when the worker
 * holds or held a role (assignments are history, never deleted: docs/domain.md §1) or has
 * problems or visits recorded under their name (ON DELETE RESTRICT; the ledger keeps them).
 */
export function deleteWorker(ctx: ServiceContext, id: number): { id: number } {
  return inTransaction(ctx, () => {
    const before = getWorkerRow(ctx, id);
    const count = (query: string) => (ctx.sqlite.prepare(query).get(id) as { n: number }).n;
    const roleCount = count('SELECT count(*) AS n FROM worker_roles WHERE worker_id = ?');
    const activeCount = count(
      'SELECT count(*) AS n FROM worker_roles WHERE worker_id = ? AND end_date IS NULL',
    );
    const problemCount = count('SELECT count(*) AS n FROM problems WHERE worker_id = ?');
    const visitCount = count('SELECT count(*) AS n FROM visits WHERE worker_id = ?');
    const records = [
      roleCount > 0
        ? `担任过 ${roleCount} 项网格分工${activeCount > 0 ? `（${activeCount} 项仍在岗）` : ''}`
        : '',
      problemCount > 0 ? `登记了 ${problemCount} 条问题` : '',
      visitCount > 0 ? `有 ${visitCount} 次走访记录` : '',
    ].filter(Boolean);
    if (records.length > 0) {
      const kept =
        roleCount === 0
          ? '台账记录要保留'
          : records.length > 1
            ? '历史记录和台账记录要保留'
            : '历史记录要保留';
      const hint = activeCount > 0 ? '如已不再担任，请结束其分工。' : '';
      throw new AppError(
        'CONFLICT',
        `「${before.name}」${records.join('、')}，不能删除（${kept}）。${hint}`,
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
    if (grid.archivedAt) {
      throw new AppError('CONFLICT', `网格「${grid.name}」已撤销，不能再安排人员`);
    }
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
    if (same) {
      throw new AppError('CONFLICT', `「${worker.name}」已是「${grid.name}」的${input.role}`, [
        { path: ['role'], message: `「${worker.name}」已是这个网格的${input.role}` },
      ]);
    }
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
      throw fieldError(
        ['endDate'],
        `结束日期 ${endDate} 不能早于开始日期 ${before.startDate}`,
        `不能早于开始日期 ${before.startDate}`,
      );
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
