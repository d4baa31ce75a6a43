import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';
import { households } from './households';
import { problems } from './problems';

/**
 * A department's 预警名单 imported in the village (docs/domain.md §11 部门筛查预警): the file, who
 * loaded it and its counts; its rows below. The 核查反馈表 is written from these.
 */
export const warningBatches = sqliteTable('warning_batches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  fileName: text('file_name').notNull(),
  department: text('department').notNull().default(''),
  importedBy: text('imported_by').notNull(),
  rowCount: integer('row_count').notNull(),
  matched: integer('matched').notNull(),
  unmatched: integer('unmatched').notNull(),
  duplicates: integer('duplicates').notNull(),
  createdAt: createdAt(),
});

/**
 * One row of a 预警名单 as the department sent it, and what became of it: 'matched' (a household
 * found, a problem registered with source 部门筛查预警 and a 核查 deadline 3 working days on),
 * 'unmatched' (listed for the clerk) or 'duplicate' (the same person again in the list).
 */
export const warningRows = sqliteTable(
  'warning_rows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id')
      .notNull()
      .references(() => warningBatches.id, { onDelete: 'cascade' }),
    rowNumber: integer('row_number').notNull(),
    name: text('name').notNull().default(''),
    idNumber: text('id_number').notNull().default(''),
    village: text('village').notNull().default(''),
    warningType: text('warning_type').notNull().default(''),
    warningDate: text('warning_date').notNull().default(''),
    department: text('department').notNull().default(''),
    outcome: text('outcome', { enum: ['matched', 'unmatched', 'duplicate'] }).notNull(),
    /** Why unmatched / which row it repeats, in Chinese. */
    reason: text('reason').notNull().default(''),
    householdId: integer('household_id').references(() => households.id, {
      onDelete: 'set null',
    }),
    problemId: integer('problem_id').references(() => problems.id, { onDelete: 'set null' }),
    /** 核查 deadline: the warning's date (or the import day) + 3 working days. */
    checkDue: text('check_due'),
  },
  (t) => [
    index('warning_rows_batch_idx').on(t.batchId, t.rowNumber),
    index('warning_rows_problem_idx').on(t.problemId),
  ],
);

export type WarningBatchRow = typeof warningBatches.$inferSelect;
export type WarningRowRow = typeof warningRows.$inferSelect;
