import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';

/**
 * An archive package from another village, loaded read-only (a township compares several side by
 * side). Its files are kept unchanged in <data>/imports/<id>/; `check_json` holds the 账账相符
 * result made when it was loaded (catalogue, XML, manifest and files agreeing).
 */
export const archiveImports = sqliteTable('archive_imports', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Who made it, from 说明文件.TXT (e.g. 杨柳村村民委员会), and the package's own name. */
  label: text('label').notNull(),
  sourceName: text('source_name').notNull(),
  fondsCode: text('fonds_code').notNull().default(''),
  folder: text('folder').notNull(),
  itemCount: integer('item_count').notNull(),
  fileCount: integer('file_count').notNull(),
  checkJson: text('check_json').notNull(),
  createdAt: createdAt(),
});

/** The catalogue rows of an imported package, as its 文件目录.XML lists them. */
export const archiveImportItems = sqliteTable(
  'archive_import_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    importId: integer('import_id')
      .notNull()
      .references(() => archiveImports.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    archivalCode: text('archival_code').notNull(),
    responsible: text('responsible').notNull().default(''),
    title: text('title').notNull(),
    date: text('date').notNull().default(''),
    secrecy: text('secrecy').notNull().default(''),
    fileName: text('file_name').notNull().default(''),
    note: text('note').notNull().default(''),
  },
  (t) => [index('archive_import_items_import_idx').on(t.importId, t.seq)],
);
