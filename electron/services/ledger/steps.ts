import { eq } from 'drizzle-orm';
import { problemSteps, type ProblemRow, type ProblemStepRow } from '../../../db/schema';
import { AppError, fieldError } from '../../api/errors';
import { NOTICE_STEP } from '../../api/ledger-enums';
import type { StepSaveInput } from '../../api/ledger-schemas';
import type { ProblemDetail } from '../../api/ledger-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { getSettings } from '../settings/settings';
import { earliestNoticeEnd, noticeLength } from './deadlines';
import { orderViolations } from './order';
import { assertInOrder, storedOrderInput } from './order-check';
import {
  assertNotBeforeRegistration,
  assertNotFuture,
  getProblem,
  getProblemRow,
  refreshStatus,
  stepRows,
} from './problems';

const stepSnapshot = ({ createdAt: _c, ...row }: ProblemStepRow) => row;

/**
 * Writes the problem's one row for a step (insert, or update the existing one: the table
 * holds at most one per step) with its audit row and the re-derived status. For callers
 * already inside a transaction (saveStep, identify).
 *
 * Rules: the date is on or after the registration date (task rule) and not after today (it
 * records something that happened). 村内公示 has a first and a last day; the period, both
 * days counted, must reach the notice rule (docs/domain.md §3: 公示 ≥ 5 days) — without a last day
 * the shortest allowed period is recorded. The last day may be after today: a notice is
 * usually recorded when it is posted.
 */
export function writeStep(
  ctx: ServiceContext,
  problem: ProblemRow,
  input: Omit<StepSaveInput, 'problemId' | 'backfillReason'> & { backfillReason?: string | null },
  /** Set by callers that checked the order themselves (a decision, 识别认定). */
  options: { orderChecked?: boolean } = {},
): ProblemStepRow {
  // Paths are stepSave's: the step form shows each message under its date field.
  assertNotBeforeRegistration(problem, input.date, `「${input.step}」的日期`, ['date']);
  assertNotFuture(ctx, input.date, `「${input.step}」的日期`, ['date']);
  let endDate: string | null = null;
  if (input.step === NOTICE_STEP) {
    const settings = getSettings(ctx);
    endDate = input.endDate ?? earliestNoticeEnd(input.date, settings);
    if (endDate < input.date) {
      throw fieldError(
        ['endDate'],
        `公示结束日期 ${endDate} 不能早于开始日期 ${input.date}`,
        `不能早于开始日期 ${input.date}`,
      );
    }
    const rule = settings.deadlines.notice;
    const length = noticeLength(input.date, endDate, settings);
    if (length < rule.days) {
      const unit = rule.workingDays ? '个工作日' : '天';
      const earliest = earliestNoticeEnd(input.date, settings);
      throw fieldError(
        ['endDate'],
        `村内公示期 ${input.date} 至 ${endDate} 只有 ${length} ${unit}，公示不能少于 ${rule.days} ${unit}（最早 ${earliest} 结束）`,
        `公示只有 ${length} ${unit}，不能少于 ${rule.days} ${unit}（最早 ${earliest} 结束）`,
      );
    }
  } else if (input.endDate) {
    throw fieldError(['endDate'], `只有「${NOTICE_STEP}」填写结束日期`);
  }
  const stored = stepRows(ctx, problem.id);
  const existing = stored.find((s) => s.step === input.step);
  let backfillReason = input.backfillReason?.trim() || null;
  if (!options.orderChecked) {
    // docs/domain.md §3 「Order matters」: a step out of order only as 补录 with a reason.
    const before = storedOrderInput(ctx, problem, stored);
    const next = { step: input.step, date: input.date, endDate, backfillReason };
    const after = {
      ...before,
      steps: [...before.steps.filter((s) => s.step !== input.step), next],
    };
    assertInOrder(before, after, backfillReason, ['date']);
    // An edit of a 补录 step that is still out of order keeps its reason.
    if (
      !backfillReason &&
      existing?.backfillReason &&
      orderViolations(after).some((v) => v.step === input.step)
    ) {
      backfillReason = existing.backfillReason;
    }
  }
  const values = {
    date: input.date,
    endDate,
    person: input.person ?? '',
    outcome: input.outcome ?? '',
    backfillReason: backfillReason ?? '',
  };
  const row = existing
    ? ctx.db
        .update(problemSteps)
        .set(values)
        .where(eq(problemSteps.id, existing.id))
        .returning()
        .get()
    : ctx.db
        .insert(problemSteps)
        .values({ problemId: problem.id, step: input.step, ...values })
        .returning()
        .get();
  audit(ctx, {
    entity: 'problem_step',
    entityId: row.id,
    action: existing ? 'update' : 'create',
    before: existing ? stepSnapshot(existing) : undefined,
    after: stepSnapshot(row),
  });
  refreshStatus(ctx, problem.id);
  return row;
}

/** 保存办理环节 (insert or update), returning the problem's detail. */
export function saveStep(ctx: ServiceContext, input: StepSaveInput): ProblemDetail {
  return inTransaction(ctx, () => {
    const problem = getProblemRow(ctx, input.problemId);
    writeStep(ctx, problem, input);
    return getProblem(ctx, problem.id);
  });
}

/** Removes a step row; its attachments stay with the problem (step_id set null by the FK). */
export function removeStep(ctx: ServiceContext, id: number): ProblemDetail {
  return inTransaction(ctx, () => {
    const row = ctx.db.select().from(problemSteps).where(eq(problemSteps.id, id)).get();
    if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的办理环节，可能已被删除`);
    ctx.db.delete(problemSteps).where(eq(problemSteps.id, id)).run();
    audit(ctx, {
      entity: 'problem_step',
      entityId: id,
      action: 'delete',
      before: stepSnapshot(row),
    });
    refreshStatus(ctx, row.problemId);
    return getProblem(ctx, row.problemId);
  });
}
