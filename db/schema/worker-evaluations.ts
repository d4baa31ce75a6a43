import { integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { updatedAt } from './columns';
import { workers } from './workers';

/**
 * 实绩评价: the clerk's manual part of a worker's evaluation for one period (2026, 2026-H1,
 * 2026-Q3 or 2026-11). The counted parts (visits on time, problems found and closed on time)
 * are computed from the ledger when the evaluation is shown, never stored twice.
 */
export const workerEvaluations = sqliteTable(
  'worker_evaluations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workerId: integer('worker_id')
      .notNull()
      .references(() => workers.id, { onDelete: 'restrict' }),
    period: text('period').notNull(),
    manualScore: real('manual_score'),
    note: text('note').notNull().default(''),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('worker_evaluations_unique').on(t.workerId, t.period)],
);
