import { check, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { createdAt } from './columns';

/**
 * What this database is (docs/domain.md §11 上报与汇总): a village's own ledger (no row: every
 * database made before 上报 existed is one), or a 乡镇汇总 / 县级汇总 workspace that holds only
 * what its villages' 上报包 brought, read-only. One row at most; chosen when the database is made
 * and never changed afterwards (a village database must not turn into a roll-up or back).
 */
export const workspace = sqliteTable(
  'workspace',
  {
    id: integer('id').primaryKey(),
    kind: text('kind', { enum: ['village', 'township', 'county'] }).notNull(),
    /** The township's (or county's) name, as the villages' packages spell it. */
    name: text('name').notNull(),
    /** The county the township is in, when known (a township workspace refuses other counties). */
    county: text('county').notNull().default(''),
    createdAt: createdAt(),
  },
  () => [check('workspace_single_row', sql`id = 1`)],
);

export type WorkspaceRow = typeof workspace.$inferSelect;
