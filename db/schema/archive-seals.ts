import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A sealed 年度: its archive items are locked until an explicit, audited unseal. */
export const archiveSeals = sqliteTable('archive_seals', {
  year: integer('year').primaryKey(),
  sealedAt: text('sealed_at').notNull(),
  operator: text('operator').notNull(),
});
