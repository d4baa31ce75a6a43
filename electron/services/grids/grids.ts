import { and, asc, count, eq, isNull, ne } from 'drizzle-orm';
import { grids, type GridRow } from '../../../db/schema';
import { AppError } from '../../api/errors';
import { GRID_LEVEL_LABELS } from '../../api/labels';
import { GRID_LEVEL_RANK, type GridLevel } from '../../api/schemas';
import type { GridNode, GridRecord } from '../../api/types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';

const toRecord = (row: GridRow): GridRecord => ({
  id: row.id,
  parentId: row.parentId,
  level: row.level,
  name: row.name,
  code: row.code,
  sortOrder: row.sortOrder,
});

export function getGrid(ctx: ServiceContext, id: number): GridRecord {
  const row = ctx.db.select().from(grids).where(eq(grids.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的网格，可能已被删除`);
  return toRecord(row);
}

/** The whole tree, children ordered by sort order then id. */
export function gridTree(ctx: ServiceContext): GridNode[] {
  const rows = ctx.db.select().from(grids).orderBy(asc(grids.sortOrder), asc(grids.id)).all();
  const nodes = new Map<number, GridNode>();
  for (const row of rows) nodes.set(row.id, { ...toRecord(row), children: [] });
  const roots: GridNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

function assertUniqueSibling(
  ctx: ServiceContext,
  parentId: number | null,
  name: string,
  exceptId?: number,
): void {
  const clash = ctx.db
    .select({ id: grids.id })
    .from(grids)
    .where(
      and(
        parentId === null ? isNull(grids.parentId) : eq(grids.parentId, parentId),
        eq(grids.name, name),
        exceptId === undefined ? undefined : ne(grids.id, exceptId),
      ),
    )
    .get();
  if (clash) throw new AppError('CONFLICT', `同一上级下已有名为「${name}」的网格，请换一个名称`);
}

function assertLevelBelow(parent: GridRecord | null, level: GridLevel): void {
  if (parent && GRID_LEVEL_RANK[level] <= GRID_LEVEL_RANK[parent.level]) {
    throw new AppError(
      'VALIDATION',
      `「${parent.name}」是${GRID_LEVEL_LABELS[parent.level]}级网格，下级只能是比它低的层级，不能是${GRID_LEVEL_LABELS[level]}`,
    );
  }
}

export function createGrid(
  ctx: ServiceContext,
  input: { parentId: number | null; level: GridLevel; name: string; code?: string | undefined },
): GridRecord {
  return inTransaction(ctx, () => {
    const parent = input.parentId === null ? null : getGrid(ctx, input.parentId);
    assertLevelBelow(parent, input.level);
    assertUniqueSibling(ctx, input.parentId, input.name);
    const [{ next } = { next: 0 }] = ctx.db
      .select({ next: count() })
      .from(grids)
      .where(input.parentId === null ? isNull(grids.parentId) : eq(grids.parentId, input.parentId))
      .all();
    const row = ctx.db
      .insert(grids)
      .values({
        parentId: input.parentId,
        level: input.level,
        name: input.name,
        code: input.code || null,
        sortOrder: next,
      })
      .returning()
      .get();
    const record = toRecord(row);
    audit(ctx, { entity: 'grid', entityId: record.id, action: 'create', after: record });
    return record;
  });
}

export function renameGrid(ctx: ServiceContext, input: { id: number; name: string }): GridRecord {
  return inTransaction(ctx, () => {
    const before = getGrid(ctx, input.id);
    if (before.name === input.name) return before;
    assertUniqueSibling(ctx, before.parentId, input.name, input.id);
    ctx.db.update(grids).set({ name: input.name }).where(eq(grids.id, input.id)).run();
    const after = { ...before, name: input.name };
    audit(ctx, { entity: 'grid', entityId: input.id, action: 'update', before, after });
    return after;
  });
}

export function deleteGrid(ctx: ServiceContext, input: { id: number }): { id: number } {
  return inTransaction(ctx, () => {
    const before = getGrid(ctx, input.id);
    const [{ children } = { children: 0 }] = ctx.db
      .select({ children: count() })
      .from(grids)
      .where(eq(grids.parentId, input.id))
      .all();
    if (children > 0) {
      throw new AppError(
        'CONFLICT',
        `「${before.name}」下还有 ${children} 个下级网格，不能删除。请先删除或移走下级网格。`,
      );
    }
    ctx.db.delete(grids).where(eq(grids.id, input.id)).run();
    audit(ctx, { entity: 'grid', entityId: input.id, action: 'delete', before });
    return { id: input.id };
  });
}

export function countGrids(ctx: ServiceContext): number {
  return ctx.db.select({ n: count() }).from(grids).get()?.n ?? 0;
}
