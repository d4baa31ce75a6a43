import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';
import { households } from './households';
import { problems } from './problems';
import { workers } from './workers';
import { VISIT_WAYS } from '../../electron/api/visits-types';

/** 走访 (docs/domain.md §3): who visited which household, when, how, and what they found. */
export const visits = sqliteTable(
  'visits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // Restrict: a household with visits on record is kept, not deleted with its history.
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'restrict' }),
    workerId: integer('worker_id')
      .notNull()
      .references(() => workers.id, { onDelete: 'restrict' }),
    date: text('date').notNull(),
    way: text('way', { enum: VISIT_WAYS }).notNull(),
    findings: text('findings').notNull().default(''),
    /** The problem registered from this visit ("needs follow-up"). */
    problemId: integer('problem_id').references(() => problems.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('visits_household_idx').on(t.householdId, t.date),
    index('visits_worker_idx').on(t.workerId, t.date),
    index('visits_date_idx').on(t.date),
  ],
);

export type VisitRow = typeof visits.$inferSelect;
