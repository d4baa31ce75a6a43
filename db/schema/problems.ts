import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, updatedAt } from './columns';
import { grids } from './grids';
import { households } from './households';
import { workers } from './workers';
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  PROBLEM_STATUSES,
  SATISFACTION_LEVELS,
  PROPOSAL_KINDS,
  DECISION_KINDS,
} from '../../electron/api/ledger-enums';

/**
 * 问题登记台账 (docs/domain.md §3): one problem found by a worker, for a household or (a clue not yet
 * tied to one) a free-text person and place. `status` and `due_date` are stored, derived by the
 * ledger service in the same transaction as every change, so the ledger's filters stay indexed.
 */
export const problems = sqliteTable(
  'problems',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The grid the problem belongs to: the household's group grid, or the one chosen for a clue. */
    gridId: integer('grid_id')
      .notNull()
      .references(() => grids.id, { onDelete: 'restrict' }),
    /** Who found it (登记网格员). */
    workerId: integer('worker_id')
      .notNull()
      .references(() => workers.id, { onDelete: 'restrict' }),
    householdId: integer('household_id').references(() => households.id, {
      onDelete: 'restrict',
    }),
    /** 反映人 and 地点 for a clue with no household yet. */
    personName: text('person_name').notNull().default(''),
    place: text('place').notNull().default(''),
    category: text('category', {
      enum: PROBLEM_CATEGORIES,
    }).notNull(),
    source: text('source', {
      enum: PROBLEM_SOURCES,
    }).notNull(),
    description: text('description').notNull(),
    registeredDate: text('registered_date').notNull(),
    /** 办结时限: registration + the whole-process limit in force when it was registered. */
    dueDate: text('due_date').notNull(),
    status: text('status', { enum: PROBLEM_STATUSES }).notNull().default('未解决'),
    /** 处置措施, 责任人, 办结日期. */
    measureTaken: text('measure_taken').notNull().default(''),
    responsiblePerson: text('responsible_person').notNull().default(''),
    resolvedDate: text('resolved_date'),
    /** 回访: date, result, satisfaction (满意 / 基本满意 / 不满意). */
    followUpDate: text('follow_up_date'),
    followUpResult: text('follow_up_result').notNull().default(''),
    satisfaction: text('satisfaction', { enum: SATISFACTION_LEVELS }),
    note: text('note').notNull().default(''),
    /**
     * The outcome proposed after 核实评议 (docs/domain.md §3 「Order matters」): 拟纳入 (with the
     * 监测类别 and risk types to record) or 拟消除 (with the method). The 识别认定 / 风险消除
     * 公示 list the proposed households; the decision comes after the 公示 and the 审核.
     */
    proposal: text('proposal', { enum: PROPOSAL_KINDS }),
    proposalDate: text('proposal_date'),
    proposalCategory: text('proposal_category'),
    /** JSON array of { riskType, disasterSubtype } (the household_risks shape), zod-checked. */
    proposalRisks: text('proposal_risks'),
    proposalMethod: text('proposal_method'),
    /** The decision on the proposal (认定 / 不予认定 / 消除 / 不予消除) and its date. */
    decision: text('decision', { enum: DECISION_KINDS }),
    decisionDate: text('decision_date'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('problems_registered_idx').on(t.registeredDate),
    index('problems_grid_idx').on(t.gridId, t.registeredDate),
    index('problems_worker_idx').on(t.workerId, t.registeredDate),
    index('problems_household_idx').on(t.householdId),
    index('problems_status_idx').on(t.status, t.dueDate),
    index('problems_proposal_idx').on(t.proposal, t.proposalDate),
  ],
);

export type ProblemRow = typeof problems.$inferSelect;
