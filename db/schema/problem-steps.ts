import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';
import { problems } from './problems';
import { PROBLEM_STEPS } from '../../electron/api/ledger-enums';

/**
 * One workflow step of a problem (docs/domain.md §3): 发现报告, 核实评议, 村内公示, 乡镇审核,
 * 县级审定, 部门落实, 镇村落实. At most one row per step; `end_date` only for 村内公示.
 */
export const problemSteps = sqliteTable(
  'problem_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    problemId: integer('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'cascade' }),
    step: text('step', {
      enum: PROBLEM_STEPS,
    }).notNull(),
    date: text('date').notNull(),
    /** The notice period's last day (村内公示 only). */
    endDate: text('end_date'),
    person: text('person').notNull().default(''),
    outcome: text('outcome').notNull().default(''),
    /**
     * 补录: why a step is recorded out of its order (docs/domain.md §3); '' for a step in order.
     * Only an explicit 补录 with a reason may break the order, and it is shown as such.
     */
    backfillReason: text('backfill_reason').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('problem_steps_unique').on(t.problemId, t.step),
    index('problem_steps_date_idx').on(t.date),
  ],
);

export type ProblemStepRow = typeof problemSteps.$inferSelect;
