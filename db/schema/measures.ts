import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { households } from './households';
import { createdAt, updatedAt } from './columns';

/** 帮扶措施 of a household. 开发式 is derived from the category, not stored. */
export const measures = sqliteTable(
  'measures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    category: text('category').notNull(),
    content: text('content').notNull(),
    plannedDate: text('planned_date'),
    doneDate: text('done_date'),
    status: text('status', { enum: ['计划', '实施中', '已完成'] }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('measures_household_idx').on(t.householdId),
    index('measures_category_idx').on(t.category, t.status),
  ],
);
