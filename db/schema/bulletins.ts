import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, updatedAt } from './columns';

/**
 * The township's written 月通报 across its villages (docs/domain.md §11): 〔年〕第N号, the month it
 * reports on and the clerk's text for 基本情况 / 存在问题 / 下步工作 (JSON { basic, problems,
 * nextSteps }); the tables are computed from the loaded packages when printed. A draft has no
 * number; issuing gives the next number of its year, which never changes afterwards.
 */
export const bulletins = sqliteTable(
  'bulletins',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    month: text('month').notNull(),
    title: text('title').notNull(),
    sections: text('sections').notNull(),
    year: integer('year'),
    number: integer('number'),
    issuedAt: text('issued_at'),
    issuedBy: text('issued_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('bulletins_number_unique')
      .on(t.year, t.number)
      .where(sql`number IS NOT NULL`),
  ],
);

export type BulletinRow = typeof bulletins.$inferSelect;
