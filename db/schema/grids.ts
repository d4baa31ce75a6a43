import { index, integer, sqliteTable, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';

/**
 * The grid tree (网格): 县 → 乡镇 → 村 → 村民小组 → 组内网格. The tree is data, any depth ≥ 2
 * (docs/domain.md §1: some provinces use three levels).
 */
export const grids = sqliteTable(
  'grids',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    parentId: integer('parent_id').references((): AnySQLiteColumn => grids.id, {
      onDelete: 'restrict',
    }),
    /** 'cell' = 组内网格 under a 村民小组 (docs/domain.md §1); a text column, no CHECK: no migration. */
    level: text('level', { enum: ['county', 'township', 'village', 'group', 'cell'] }).notNull(),
    name: text('name').notNull(),
    code: text('code'),
    sortOrder: integer('sort_order').notNull().default(0),
    /** Set instead of deleting a grid that has history (past workers or households). */
    archivedAt: text('archived_at'),
    createdAt: createdAt(),
  },
  (t) => [index('grids_parent_idx').on(t.parentId, t.sortOrder)],
);

export type GridRow = typeof grids.$inferSelect;
export type NewGridRow = typeof grids.$inferInsert;
