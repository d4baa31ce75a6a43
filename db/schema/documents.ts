import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';

/**
 * A document the app generated and kept (an issued notice, a batch of household cards, later
 * ledger exports and monthly reports): the PDF lives in <data>/documents/<year>/ under a name
 * the service chooses, its SHA-256 proves it unchanged, so it can be filed in the archive
 * (DA/T 22) later exactly as it was issued.
 */
export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 公示公告, 明白纸, … (what the archive files it as). */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** The document's own date (issue date), YYYY-MM-DD. */
    docDate: text('doc_date').notNull(),
    /** Relative to the data folder (documents/…). */
    file: text('file').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    pages: integer('pages').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('documents_kind_date_idx').on(t.kind, t.docDate)],
);

export type DocumentRow = typeof documents.$inferSelect;
