import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, updatedAt } from './columns';
import { documents } from './documents';
import { households } from './households';
import { ATTACHMENT_TYPES } from '../../electron/api/ledger-enums';
import { RETENTION_CODES } from '../../electron/api/schemas';

/**
 * 归档文件 (DA/T 22-2015, filing by item): one filed document with its catalogue fields. 件号
 * runs without gaps within (全宗号, 门类, 年度, 保管期限, 机构(问题)); the 档号 is made from the
 * pattern setting when the item is filed and kept, so it never changes under a filed item.
 * The file is a copy in <data>/archive/<year>/ that stays as filed (the 归档章 is stamped only
 * on exported copies).
 */
export const archiveItems = sqliteTable(
  'archive_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fondsCode: text('fonds_code').notNull(),
    /** 门类代码, WS (文书) by default. */
    classCode: text('class_code').notNull().default('WS'),
    year: integer('year').notNull(),
    retention: text('retention', { enum: RETENTION_CODES }).notNull(),
    orgCode: text('org_code').notNull(),
    orgName: text('org_name').notNull(),
    itemNo: integer('item_no').notNull(),
    archivalCode: text('archival_code').notNull(),
    /** 文号, e.g. 杨柳村〔2026〕3号; empty for most village documents. */
    docNo: text('doc_no').notNull().default(''),
    responsible: text('responsible').notNull(),
    /** 题名; one made up by the filer is written in [ ]. */
    title: text('title').notNull(),
    /** 日期 as 8 digits YYYYMMDD. */
    date: text('date').notNull(),
    secrecy: text('secrecy').notNull().default(''),
    pages: integer('pages').notNull(),
    note: text('note').notNull().default(''),
    /** 综合类, 精准识别类, 精准施策类, 精准脱贫类, 一户一档 (an editable list in settings). */
    category: text('category').notNull(),
    /** Relative to the data folder (archive/…). */
    file: text('file').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    /** The original's kind: pdf, jpg or png (images become PDF pages in the export). */
    format: text('format', { enum: ATTACHMENT_TYPES }).notNull(),
    /** The generated document it was filed from, if any. */
    documentId: integer('document_id').references(() => documents.id, { onDelete: 'restrict' }),
    /** 一户一档: the household the file belongs to. */
    householdId: integer('household_id').references(() => households.id, {
      onDelete: 'restrict',
    }),
    /**
     * What a generated record is (docs/domain.md §6): 'monthlyReport:2026-04:village',
     * 'ledger:2026:village', 'minutes:12' … — the same record is filed once.
     */
    sourceKey: text('source_key'),
    /** When the item first left the office in an export package: its 件号 is fixed from then. */
    exportedAt: text('exported_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('archive_items_number_unique').on(
      t.fondsCode,
      t.classCode,
      t.year,
      t.retention,
      t.orgCode,
      t.itemNo,
    ),
    uniqueIndex('archive_items_code_unique').on(t.archivalCode),
    uniqueIndex('archive_items_document_unique')
      .on(t.documentId)
      .where(sql`document_id IS NOT NULL`),
    uniqueIndex('archive_items_source_unique')
      .on(t.sourceKey)
      .where(sql`source_key IS NOT NULL`),
    index('archive_items_year_idx').on(t.year, t.category),
  ],
);

export type ArchiveItemRow = typeof archiveItems.$inferSelect;
