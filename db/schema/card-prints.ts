import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { documents } from './documents';
import { households } from './households';

/**
 * The last printed 明白纸 of each household: a hash of its content, so "reprint changed cards"
 * prints exactly the households whose card would now read differently (docs/domain.md §5).
 */
export const cardPrints = sqliteTable('card_prints', {
  householdId: integer('household_id')
    .primaryKey()
    .references(() => households.id, { onDelete: 'cascade' }),
  contentHash: text('content_hash').notNull(),
  printedAt: text('printed_at').notNull(),
  documentId: integer('document_id').references(() => documents.id, { onDelete: 'set null' }),
});
