import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { grids } from './grids';
import { workers } from './workers';

/**
 * A worker's role in a grid for a period. Ending an assignment sets end_date; rows are never
 * deleted (docs/domain.md §1: keep history), hence ON DELETE RESTRICT on both sides.
 */
export const workerRoles = sqliteTable(
  'worker_roles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workerId: integer('worker_id')
      .notNull()
      .references(() => workers.id, { onDelete: 'restrict' }),
    gridId: integer('grid_id')
      .notNull()
      .references(() => grids.id, { onDelete: 'restrict' }),
    role: text('role', { enum: ['网格长', '网格员', '监管员', '监测员', '信息员'] }).notNull(),
    duties: text('duties').notNull().default(''),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
  },
  (t) => [
    index('worker_roles_grid_idx').on(t.gridId, t.endDate),
    index('worker_roles_worker_idx').on(t.workerId, t.startDate),
  ],
);

export type WorkerRoleRow = typeof workerRoles.$inferSelect;
