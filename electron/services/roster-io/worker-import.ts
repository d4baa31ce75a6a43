import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { workerRoles, workers } from '../../../db/schema';
import { workerInput } from '../../api/roster-schemas';
import { isoDate } from '../../api/schemas';
import { ROLES } from '../../api/roster-enums';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { auditSnapshot } from '../roster/people';
import { convertCell } from './cells';
import { WORKER_COLUMNS } from './columns';
import { gridNames } from './grid-names';
import type { ImportSummary } from '../../api/roster-io-types';
import { headerIndex } from './household-import';
import type { Problem } from './problems';
import type { Table } from './read';

const roleFields = z.strictObject({
  role: z.enum(ROLES, { error: `网格职责只能是：${ROLES.join('、')}` }),
  duties: z.string().max(500, '职责说明不能超过 500 个字').default(''),
  startDate: isoDate('开始日期'),
});

export interface WorkerRowPlan {
  row: number;
  key: string;
  worker: z.output<typeof workerInput>;
  role: (z.output<typeof roleFields> & { gridId: number }) | null;
}

const headerOf = (field: string) => WORKER_COLUMNS.find((c) => c.field === field)?.header ?? field;

/** Validates every worker row; a person is known by name and phone. */
export function parseWorkers(
  ctx: ServiceContext,
  table: Table,
): { plans: WorkerRowPlan[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const at = headerIndex(table, WORKER_COLUMNS, problems);
  if (problems.length > 0) return { plans: [], problems };
  const grids = gridNames(ctx);
  const plans: WorkerRowPlan[] = [];
  for (const { row, cells } of table.rows) {
    const before = problems.length;
    const report = (field: string, reason: string) =>
      problems.push({ sheet: table.sheet, row, column: headerOf(field), reason });
    const values: Record<string, unknown> = {};
    for (const column of WORKER_COLUMNS) {
      const index = at.get(column.field);
      if (index === undefined) continue;
      const converted = convertCell(column, cells[index]);
      if (converted.ok) values[column.field] = converted.value;
      else report(column.field, converted.reason);
    }
    const worker = workerInput.safeParse(
      Object.fromEntries(
        ['name', 'sex', 'phone', 'unit', 'post', 'birthYear']
          .filter((f) => values[f] !== undefined)
          .map((f) => [f, values[f]]),
      ),
    );
    if (!worker.success)
      for (const issue of worker.error.issues)
        report(String(issue.path[0] ?? 'name'), issue.message);
    let role: WorkerRowPlan['role'] = null;
    if (values.grid || values.role || values.startDate) {
      const gridId = values.grid ? grids.resolve(String(values.grid)) : undefined;
      if (!values.grid) report('grid', '安排了网格职责，请填写网格');
      else if (gridId === undefined) report('grid', `找不到名为「${String(values.grid)}」的网格`);
      else if (gridId === 'ambiguous')
        report('grid', `有几个网格都叫「${String(values.grid)}」，请写上级，如「杨柳村/一组」`);
      const parsed = roleFields.safeParse({
        role: values.role,
        duties: values.duties ?? '',
        startDate: values.startDate,
      });
      if (!parsed.success)
        for (const issue of parsed.error.issues)
          report(String(issue.path[0] ?? 'role'), issue.message);
      if (parsed.success && typeof gridId === 'number') role = { ...parsed.data, gridId };
    }
    if (problems.length === before && worker.success) {
      plans.push({
        row,
        key: `${worker.data.name}|${worker.data.phone}`,
        worker: worker.data,
        role,
      });
    }
  }
  return { plans, problems };
}

/** Creates or updates workers (by name and phone) and adds roles not already held. */
export function writeWorkers(
  ctx: ServiceContext,
  plans: WorkerRowPlan[],
  skipped: number,
): ImportSummary {
  return inTransaction(ctx, () => {
    const summary: ImportSummary = { created: 0, updated: 0, skipped, members: 0 };
    const ids = new Map<string, number>();
    for (const existing of ctx.db.select().from(workers).all())
      ids.set(`${existing.name}|${existing.phone}`, existing.id);
    const touched = new Set<number>();
    for (const plan of plans) {
      let id = ids.get(plan.key);
      const values = { ...plan.worker, birthYear: plan.worker.birthYear ?? null };
      if (id === undefined) {
        const row = ctx.db.insert(workers).values(values).returning().get();
        id = row.id;
        ids.set(plan.key, id);
        touched.add(id);
        audit(ctx, {
          entity: 'worker',
          entityId: id,
          action: 'import-create',
          after: auditSnapshot(row),
        });
        summary.created++;
      } else if (!touched.has(id)) {
        touched.add(id);
        const after = ctx.db
          .update(workers)
          .set({ ...values, updatedAt: ctx.now().toISOString() })
          .where(eq(workers.id, id))
          .returning()
          .get();
        audit(ctx, {
          entity: 'worker',
          entityId: id,
          action: 'import-update',
          after: auditSnapshot(after),
        });
        summary.updated++;
      }
      if (!plan.role) continue;
      const held = ctx.db
        .select({ id: workerRoles.id })
        .from(workerRoles)
        .where(
          and(
            eq(workerRoles.workerId, id),
            eq(workerRoles.gridId, plan.role.gridId),
            eq(workerRoles.role, plan.role.role),
            isNull(workerRoles.endDate),
          ),
        )
        .get();
      if (held) continue;
      const role = ctx.db
        .insert(workerRoles)
        .values({
          workerId: id,
          gridId: plan.role.gridId,
          role: plan.role.role,
          duties: plan.role.duties,
          startDate: plan.role.startDate,
        })
        .returning()
        .get();
      audit(ctx, {
        entity: 'worker_role',
        entityId: role.id,
        action: 'import-create',
        after: role,
      });
    }
    return summary;
  });
}
