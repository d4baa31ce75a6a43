import { and, asc, count, eq, isNull, max, ne } from 'drizzle-orm';
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
  archivedAt: row.archivedAt,
});

export function getGrid(ctx: ServiceContext, id: number): GridRecord {
  const row = ctx.db.select().from(grids).where(eq(grids.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的网格，可能已被删除`);
  return toRecord(row);
}

/** The whole tree of grids in use (archived ones left out), children by sort order then id. */
export function gridTree(ctx: ServiceContext): GridNode[] {
  const rows = ctx.db
    .select()
    .from(grids)
    .where(isNull(grids.archivedAt))
    .orderBy(asc(grids.sortOrder), asc(grids.id))
    .all();
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
        isNull(grids.archivedAt),
        exceptId === undefined ? undefined : ne(grids.id, exceptId),
      ),
    )
    .get();
  if (clash) throw new AppError('CONFLICT', `同一上级下已有名为「${name}」的网格，请换一个名称`);
}

/**
 * After the last sibling: one more than the highest sort order (not the count, which ties
 * with an existing sibling once another has moved away).
 */
function nextSortOrder(ctx: ServiceContext, parentId: number | null): number {
  const row = ctx.db
    .select({ top: max(grids.sortOrder) })
    .from(grids)
    .where(parentId === null ? isNull(grids.parentId) : eq(grids.parentId, parentId))
    .get();
  return row?.top === null || row?.top === undefined ? 0 : row.top + 1;
}

function assertLevelBelow(parent: GridRecord | null, level: GridLevel): void {
  // A 组内网格 splits one 村民小组 (docs/domain.md §1): only directly under a group, so that
  // the group above it is the household's 所在组 (see group-of.ts).
  if (parent?.level === 'cell') {
    throw new AppError('VALIDATION', `「${parent.name}」是组内网格，下面不能再分网格`);
  }
  if (level === 'cell' && parent?.level !== 'group') {
    throw new AppError(
      'VALIDATION',
      parent
        ? `组内网格只能建在村民小组下面，「${parent.name}」是${GRID_LEVEL_LABELS[parent.level]}级网格`
        : '组内网格只能建在村民小组下面，请先选择所属的村民小组',
    );
  }
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
    assertUsable(parent);
    assertLevelBelow(parent, input.level);
    assertUniqueSibling(ctx, input.parentId, input.name);
    const next = nextSortOrder(ctx, input.parentId);
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
    assertUsable(before);
    if (before.name === input.name) return before;
    assertUniqueSibling(ctx, before.parentId, input.name, input.id);
    ctx.db.update(grids).set({ name: input.name }).where(eq(grids.id, input.id)).run();
    const after = { ...before, name: input.name };
    audit(ctx, { entity: 'grid', entityId: input.id, action: 'update', before, after });
    return after;
  });
}

/**
 * Deletes a grid, or archives it when it has history. Refused while it has sub-grids,
 * households or workers in office, with a message saying which.
 */
export function deleteGrid(
  ctx: ServiceContext,
  input: { id: number },
): { id: number; archived: boolean } {
  return inTransaction(ctx, () => {
    const before = getGrid(ctx, input.id);
    // Already withdrawn: keep its real date rather than archive it again.
    assertUsable(before);
    const blockers = gridUsage(ctx, input.id);
    const reasons = [
      blockers.children > 0 ? `${blockers.children} 个下级网格` : '',
      blockers.households > 0 ? `${blockers.households} 户农户` : '',
      blockers.activeRoles > 0 ? `${blockers.activeRoles} 名在岗网格人员` : '',
    ].filter(Boolean);
    if (reasons.length > 0) {
      throw new AppError(
        'CONFLICT',
        `「${before.name}」下还有 ${reasons.join('、')}，不能删除。请先把它们移到其他网格或结束分工。`,
      );
    }
    if (blockers.history > 0) {
      // Past workers and households still point here: keep the row, hide it from the tree.
      ctx.db
        .update(grids)
        .set({ archivedAt: ctx.now().toISOString() })
        .where(eq(grids.id, input.id))
        .run();
      audit(ctx, { entity: 'grid', entityId: input.id, action: 'archive', before });
      return { id: input.id, archived: true };
    }
    ctx.db.delete(grids).where(eq(grids.id, input.id)).run();
    audit(ctx, { entity: 'grid', entityId: input.id, action: 'delete', before });
    return { id: input.id, archived: false };
  });
}

function countWhere(ctx: ServiceContext, query: string, id: number): number {
  return (ctx.sqlite.prepare(query).get(id) as { n: number }).n;
}

/** What still hangs on a grid: sub-grids, current households, workers in office, history. */
export function gridUsage(ctx: ServiceContext, id: number) {
  return {
    children: countWhere(
      ctx,
      'SELECT count(*) AS n FROM grids WHERE parent_id = ? AND archived_at IS NULL',
      id,
    ),
    households: countWhere(
      ctx,
      'SELECT count(*) AS n FROM household_grids WHERE grid_id = ? AND end_date IS NULL',
      id,
    ),
    activeRoles: countWhere(
      ctx,
      'SELECT count(*) AS n FROM worker_roles WHERE grid_id = ? AND end_date IS NULL',
      id,
    ),
    history:
      countWhere(ctx, 'SELECT count(*) AS n FROM household_grids WHERE grid_id = ?', id) +
      countWhere(ctx, 'SELECT count(*) AS n FROM worker_roles WHERE grid_id = ?', id) +
      countWhere(ctx, 'SELECT count(*) AS n FROM grids WHERE parent_id = ?', id),
  };
}

function assertUsable(grid: GridRecord | null): void {
  if (grid?.archivedAt) throw new AppError('CONFLICT', `网格「${grid.name}」已撤销，不能再使用`);
}

/** Moves a grid under another parent (same level rules; never under itself or its own sub-grids). */
export function moveGrid(ctx: ServiceContext, input: { id: number; parentId: number }): GridRecord {
  return inTransaction(ctx, () => {
    const before = getGrid(ctx, input.id);
    assertUsable(before);
    const parent = getGrid(ctx, input.parentId);
    assertUsable(parent);
    for (
      let cursor: GridRecord | null = parent;
      cursor;
      cursor = cursor.parentId === null ? null : getGrid(ctx, cursor.parentId)
    ) {
      if (cursor.id === before.id) {
        throw new AppError('VALIDATION', `不能把「${before.name}」移到它自己或它的下级网格里`);
      }
    }
    assertLevelBelow(parent, before.level);
    assertUniqueSibling(ctx, parent.id, before.name, before.id);
    const next = nextSortOrder(ctx, parent.id);
    ctx.db
      .update(grids)
      .set({ parentId: parent.id, sortOrder: next })
      .where(eq(grids.id, input.id))
      .run();
    const after = getGrid(ctx, input.id);
    audit(ctx, { entity: 'grid', entityId: input.id, action: 'move', before, after });
    return after;
  });
}

/** Names from the root down to the grid, e.g. [石门县, 柳湾镇, 杨柳村, 第一村民小组]. */
export function gridPath(ctx: ServiceContext, id: number): string[] {
  const rows = ctx.sqlite
    .prepare(
      `WITH RECURSIVE up(id, parent_id, name, depth) AS (
         SELECT id, parent_id, name, 0 FROM grids WHERE id = ?
         UNION ALL SELECT g.id, g.parent_id, g.name, up.depth + 1 FROM grids g JOIN up ON g.id = up.parent_id)
       SELECT name FROM up ORDER BY depth DESC`,
    )
    .all(id) as { name: string }[];
  return rows.map((r) => r.name);
}

/**
 * Grid id → its place in the tree walked depth first (siblings by sort order, then id): the
 * order the roster shows grids in, for lists and reports that sort rows by grid.
 */
export function gridOrder(ctx: ServiceContext): Map<number, number> {
  const rows = ctx.sqlite
    .prepare('SELECT id, parent_id AS parentId FROM grids ORDER BY sort_order, id')
    .all() as { id: number; parentId: number | null }[];
  const children = new Map<number | null, number[]>();
  for (const row of rows) {
    const list = children.get(row.parentId);
    if (list) list.push(row.id);
    else children.set(row.parentId, [row.id]);
  }
  const order = new Map<number, number>();
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length > 0) {
    const id = stack.pop()!;
    order.set(id, order.size);
    stack.push(...[...(children.get(id) ?? [])].reverse());
  }
  return order;
}

export function countGrids(ctx: ServiceContext): number {
  return ctx.db.select({ n: count() }).from(grids).get()?.n ?? 0;
}
