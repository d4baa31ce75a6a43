import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';
import { documents } from './documents';
import { households } from './households';

/**
 * 监测对象申报政策明白纸 handed to a household (docs/domain.md §9 「Publicity」): when and by whom,
 * and the printed batch it came from, so the self-check can show which households have one.
 */
export const policyHandouts = sqliteTable(
  'policy_handouts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    handedDate: text('handed_date').notNull(),
    handedBy: text('handed_by').notNull(),
    documentId: integer('document_id').references(() => documents.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('policy_handouts_household_idx').on(t.householdId, t.handedDate)],
);

export type PolicyHandoutRow = typeof policyHandouts.$inferSelect;
