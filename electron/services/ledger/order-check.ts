import { and, desc, eq } from 'drizzle-orm';
import { auditLog, type ProblemRow, type ProblemStepRow } from '../../../db/schema';
import { fieldError } from '../../api/errors';
import { DECISION_STEP } from '../../api/ledger-enums';
import type { ServiceContext } from '../context';
import { getSettings } from '../settings/settings';
import { orderViolations, type OrderInput, type OrderViolation } from './order';

/**
 * The ledger's side of the workflow order (docs/domain.md §3 「Order matters」): the stored
 * records as orderViolations' input, and the check every save of a step, a proposal or a
 * decision goes through. A save may not add a violation unless it is marked 补录 with a reason;
 * violations already stored (old data) never block an unrelated save and are never changed.
 */

/** The 补录 reason given with the problem's last proposal (kept in its 'propose' audit row). */
export function proposalBackfillReason(ctx: ServiceContext, problemId: number): string | null {
  const row = ctx.db
    .select({ after: auditLog.after })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entity, 'problem'),
        eq(auditLog.entityId, String(problemId)),
        eq(auditLog.action, 'propose'),
      ),
    )
    .orderBy(desc(auditLog.id))
    .get();
  if (!row?.after) return null;
  try {
    const after = JSON.parse(row.after) as { backfillReason?: unknown };
    return typeof after.backfillReason === 'string' && after.backfillReason
      ? after.backfillReason
      : null;
  } catch {
    return null;
  }
}

/** orderViolations' input for a problem's stored records. */
export function storedOrderInput(
  ctx: ServiceContext,
  problem: ProblemRow,
  steps: readonly ProblemStepRow[],
): OrderInput {
  const settings = getSettings(ctx);
  return {
    steps: steps.map((s) => ({
      step: s.step,
      date: s.date,
      endDate: s.endDate,
      backfillReason: s.backfillReason || null,
    })),
    proposal: problem.proposal,
    proposalDate: problem.proposalDate,
    decision: problem.decision,
    decisionDate: problem.decisionDate,
    proposalBackfillReason: problem.proposal ? proposalBackfillReason(ctx, problem.id) : null,
    decisionBackfillReason: steps.find((s) => s.step === DECISION_STEP)?.backfillReason || null,
    settings: {
      deadlines: settings.deadlines,
      holidays: settings.holidays,
      workdays: settings.workdays,
      eliminationNoticeDays: settings.eliminationNoticeDays,
    },
  };
}

const key = (v: OrderViolation) => `${v.step}|${v.dependsOn}|${v.message}`;

/**
 * Refuses a change that puts the workflow out of order: the violations of `after` that `before`
 * does not have. Without a 补录 reason the first one is thrown as a field error on `path` (the
 * date the clerk typed), saying how to 补录; with one, they are returned for the audit row.
 */
export function assertInOrder(
  before: OrderInput,
  after: OrderInput,
  backfillReason: string | null | undefined,
  path: (string | number)[],
): OrderViolation[] {
  const old = new Set(orderViolations(before).map(key));
  const added = orderViolations(after).filter((v) => !old.has(key(v)));
  if (added.length > 0 && !backfillReason) {
    const first = added[0]!;
    throw fieldError(
      path,
      `${first.message}。如确属事后补录，请打开「补录」并填写原因`,
      `${first.message}（如确属事后补录，请打开「补录」并填写原因）`,
    );
  }
  return added;
}
