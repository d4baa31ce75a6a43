import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * A handed-over archive item that was deleted (docs/domain.md §6): its 件号 stays unused and
 * this row is the line in its box's 备考表 — what (档号, 题名), when, why, who. Items deleted
 * before hand-over leave no row (their sequence closes up instead).
 */
export const archiveRemovals = sqliteTable(
  'archive_removals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fondsCode: text('fonds_code').notNull(),
    classCode: text('class_code').notNull(),
    year: integer('year').notNull(),
    retention: text('retention').notNull(),
    orgCode: text('org_code').notNull(),
    itemNo: integer('item_no').notNull(),
    archivalCode: text('archival_code').notNull(),
    /** 题名 as filed, with ID numbers and phones masked (docs/domain.md §7). */
    title: text('title').notNull(),
    /** ISO time of the delete, the reason the clerk gave and the operator. */
    removedAt: text('removed_at').notNull(),
    reason: text('reason').notNull(),
    operator: text('operator').notNull(),
  },
  (t) => [index('archive_removals_year_idx').on(t.year, t.retention, t.itemNo)],
);

export type ArchiveRemovalRow = typeof archiveRemovals.$inferSelect;
