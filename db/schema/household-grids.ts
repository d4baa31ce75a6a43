import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { grids } from './grids';
import { households } from './households';

/** 包保: which lowest-level grid a household belongs to, with history (one open row each). */
export const householdGrids = sqliteTable(
  'household_grids',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    gridId: integer('grid_id')
      .notNull()
      .references(() => grids.id, { onDelete: 'restrict' }),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
  },
  (t) => [
    uniqueIndex('household_grids_current_unique')
      .on(t.householdId)
      .where(sql`end_date IS NULL`),
    index('household_grids_grid_idx').on(t.gridId, t.endDate),
  ],
);
