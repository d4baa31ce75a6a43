import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';
import { documents } from './documents';
import { grids } from './grids';
import { NOTICE_KINDS } from '../../electron/api/notices-types';

/**
 * An issued 公示 / 公告 (docs/domain.md §4): what was posted, for which period, numbered per year.
 * The rows are kept as they were printed (already stripped of anything private), so the
 * record shows what the village saw even after the roster changes.
 */
export const notices = sqliteTable(
  'notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', {
      enum: NOTICE_KINDS,
    }).notNull(),
    year: integer('year').notNull(),
    /** 第 N 号 within the year, without gaps. */
    serial: integer('serial').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    issuer: text('issuer').notNull(),
    issueDate: text('issue_date').notNull(),
    periodStart: text('period_start').notNull(),
    periodEnd: text('period_end').notNull(),
    /** The grid the notice covers (a village, or a group), when it is about one. */
    gridId: integer('grid_id').references(() => grids.id, { onDelete: 'restrict' }),
    /** The range the rows were drawn from (识别/措施/消除 dates), when the kind has one. */
    dataFrom: text('data_from'),
    dataTo: text('data_to'),
    /** For a 结果公告: the notice whose outcome it announces (at most one each). */
    sourceNoticeId: integer('source_notice_id').references((): AnySQLiteColumn => notices.id, {
      onDelete: 'restrict',
    }),
    /** The printed table: { columns: string[], rows: string[][] } as JSON. */
    tableJson: text('table_json').notNull(),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'restrict' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('notices_serial_unique').on(t.year, t.serial),
    index('notices_period_idx').on(t.periodEnd),
    uniqueIndex('notices_source_unique')
      .on(t.sourceNoticeId)
      .where(sql`source_notice_id IS NOT NULL`),
  ],
);

export type NoticeRow = typeof notices.$inferSelect;
