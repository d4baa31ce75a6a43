import { eq } from 'drizzle-orm';
import { households, measures, problems } from '../../../db/schema';
import { AppError, fieldError } from '../../api/errors';
import { DECISION_STEP, type DecisionKind } from '../../api/ledger-enums';
import type { ProblemDecideInput, ProblemProposeInput } from '../../api/ledger-schemas';
import type { ProblemDetail } from '../../api/ledger-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { getHouseholdRow } from '../roster/households';
import { eliminationCheck } from '../roster/elimination';
import { assertNotMonitored, identifiedOutcome, makeMonitored } from './identify';
import { assertInOrder, storedOrderInput } from './order-check';
import {
  assertNotBeforeRegistration,
  assertNotFuture,
  getProblem,
  getProblemRow,
  parseProposalRisks,
  refreshStatus,
  stepRows,
} from './problems';
import { writeStep } from './steps';

/**
 * Proposals and decisions (docs/domain.md §3 「Order matters」). After 核实评议 a problem's
 * household is only proposed: 拟纳入 (a household not monitored, or eliminated: the 监测类别
 * and risk types to record) or 拟消除 (a monitored household not yet eliminated: the method).
 * The 识别认定公示 / 风险消除公示 list the pending proposals; after the 公示 and the 审核 the
 * decision is recorded at the 县级审定 step (labelled by settings.decisionLevel): 认定 makes
 * the household a monitoring object as 识别认定 does, 消除 marks 风险消除 under the roster's
 * rules (≥ 6 months, a measure done, not 整户无劳动能力). Each is refused out of order unless
 * marked 补录 with a reason, which the audit row keeps.
 */

const ANSWERS: Record<'拟纳入' | '拟消除', readonly DecisionKind[]> = {
  拟纳入: ['认定', '不予认定'],
  拟消除: ['消除', '不予消除'],
};

export function proposeProblem(ctx: ServiceContext, input: ProblemProposeInput): ProblemDetail {
  return inTransaction(ctx, () => {
    const problem = getProblemRow(ctx, input.problemId);
    if (problem.householdId === null) {
      throw new AppError(
        'VALIDATION',
        `这条线索还没有关联农户，请先关联农户再提出${input.proposal}`,
      );
    }
    if (problem.decision) {
      throw new AppError(
        'CONFLICT',
        `已于 ${problem.decisionDate ?? ''} 作出「${problem.decision}」的决定，不能再修改拟办结果`,
      );
    }
    assertNotBeforeRegistration(problem, input.proposalDate, '提出日期', ['proposalDate']);
    assertNotFuture(ctx, input.proposalDate, '提出日期', ['proposalDate']);
    const household = getHouseholdRow(ctx, problem.householdId);
    if (input.proposal === '拟纳入') {
      assertNotMonitored(ctx, household);
    } else {
      if (!household.monitorCategory || household.eliminationStatus === '已消除') {
        throw new AppError('CONFLICT', '这户不是风险未消除的监测对象，不能提出拟消除');
      }
      if (household.noLabourSupport) {
        throw new AppError('CONFLICT', '整户无劳动能力兜底保障户不标注风险消除，不能提出拟消除');
      }
    }
    const risks =
      input.proposal === '拟纳入'
        ? (input.riskTypes ?? []).map((riskType) => ({
            riskType,
            disasterSubtype: riskType === '因自然灾害' ? (input.disasterSubtype ?? null) : null,
          }))
        : null;
    const stored = stepRows(ctx, problem.id);
    const before = storedOrderInput(ctx, problem, stored);
    const backfillReason = input.backfillReason ?? null;
    const violations = assertInOrder(
      before,
      {
        ...before,
        proposal: input.proposal,
        proposalDate: input.proposalDate,
        proposalBackfillReason: backfillReason,
      },
      backfillReason,
      ['proposalDate'],
    );
    const values = {
      proposal: input.proposal,
      proposalDate: input.proposalDate,
      proposalCategory: input.proposal === '拟纳入' ? (input.monitorCategory ?? null) : null,
      proposalRisks: risks ? JSON.stringify(risks) : null,
      proposalMethod: input.proposal === '拟消除' ? (input.method ?? null) : null,
    };
    ctx.db
      .update(problems)
      .set({ ...values, updatedAt: ctx.now().toISOString() })
      .where(eq(problems.id, problem.id))
      .run();
    audit(ctx, {
      entity: 'problem',
      entityId: problem.id,
      action: 'propose',
      before: problem.proposal
        ? {
            proposal: problem.proposal,
            proposalDate: problem.proposalDate,
            proposalCategory: problem.proposalCategory,
            // The risks as a list, which the 操作记录 names (audit/history.ts), not JSON text.
            proposalRisks: parseProposalRisks(problem.proposalRisks),
            proposalMethod: problem.proposalMethod,
          }
        : undefined,
      after: {
        ...values,
        proposalRisks: risks,
        backfillReason,
        ...(violations.length ? { outOfOrder: violations.map((v) => v.message) } : {}),
      },
    });
    refreshStatus(ctx, problem.id);
    return getProblem(ctx, problem.id);
  });
}

export function decideProblem(ctx: ServiceContext, input: ProblemDecideInput): ProblemDetail {
  return inTransaction(ctx, () => {
    const problem = getProblemRow(ctx, input.problemId);
    if (!problem.proposal || !problem.proposalDate || problem.householdId === null) {
      throw new AppError('VALIDATION', '还没有提出拟纳入或拟消除，不能作出决定');
    }
    if (problem.decision) {
      throw new AppError(
        'CONFLICT',
        `已于 ${problem.decisionDate ?? ''} 作出「${problem.decision}」的决定`,
      );
    }
    const allowed = ANSWERS[problem.proposal];
    if (!allowed.includes(input.decision)) {
      throw fieldError(['decision'], `「${problem.proposal}」的决定只能是：${allowed.join('、')}`);
    }
    assertNotBeforeRegistration(problem, input.decisionDate, '决定日期', ['decisionDate']);
    assertNotFuture(ctx, input.decisionDate, '决定日期', ['decisionDate']);
    const stored = stepRows(ctx, problem.id);
    const before = storedOrderInput(ctx, problem, stored);
    const backfillReason = input.backfillReason ?? null;
    const violations = assertInOrder(
      before,
      {
        ...before,
        decision: input.decision,
        decisionDate: input.decisionDate,
        decisionBackfillReason: backfillReason,
        steps: [
          ...before.steps.filter((s) => s.step !== DECISION_STEP),
          { step: DECISION_STEP, date: input.decisionDate, endDate: null, backfillReason },
        ],
      },
      backfillReason,
      ['decisionDate'],
    );
    let outcome: string;
    if (input.decision === '认定') {
      const risks = parseProposalRisks(problem.proposalRisks) as Parameters<
        typeof makeMonitored
      >[2]['risks'];
      if (!problem.proposalCategory || risks.length === 0) {
        throw new AppError('VALIDATION', '拟纳入缺少监测类别或风险类型，请先补全拟纳入');
      }
      makeMonitored(ctx, problem.householdId, {
        monitorCategory: problem.proposalCategory as Parameters<
          typeof makeMonitored
        >[2]['monitorCategory'],
        risks,
        identifiedDate: input.decisionDate,
      });
      outcome = identifiedOutcome(problem.proposalCategory, risks);
    } else if (input.decision === '消除') {
      // The roster's rules of 风险消除 (docs/domain.md §2), judged on the decision date.
      const household = getHouseholdRow(ctx, problem.householdId);
      const done = ctx.db
        .select({ status: measures.status })
        .from(measures)
        .where(eq(measures.householdId, household.id))
        .all();
      const check = eliminationCheck(household, done, input.decisionDate);
      if (!check.allowed) throw fieldError(['decision'], check.reason!);
      const method: '稳定消除' | '自然消除' =
        problem.proposalMethod === '自然消除' ? '自然消除' : '稳定消除';
      const after = {
        eliminationStatus: '已消除' as const,
        eliminationMethod: method,
        eliminationDate: input.decisionDate,
      };
      ctx.db
        .update(households)
        .set({ ...after, updatedAt: ctx.now().toISOString() })
        .where(eq(households.id, household.id))
        .run();
      audit(ctx, {
        entity: 'household',
        entityId: household.id,
        action: 'eliminate',
        before: {
          eliminationStatus: household.eliminationStatus,
          eliminationMethod: household.eliminationMethod,
          eliminationDate: household.eliminationDate,
        },
        after,
      });
      outcome = `风险消除（${method}）`;
    } else {
      outcome = input.decision;
    }
    ctx.db
      .update(problems)
      .set({
        decision: input.decision,
        decisionDate: input.decisionDate,
        updatedAt: ctx.now().toISOString(),
      })
      .where(eq(problems.id, problem.id))
      .run();
    const existing = stored.find((s) => s.step === DECISION_STEP);
    writeStep(
      ctx,
      getProblemRow(ctx, problem.id),
      {
        step: DECISION_STEP,
        date: input.decisionDate,
        endDate: null,
        person: input.person || existing?.person || '',
        outcome: existing?.outcome ? `${existing.outcome}；${outcome}` : outcome,
        backfillReason,
      },
      { orderChecked: true },
    );
    audit(ctx, {
      entity: 'problem',
      entityId: problem.id,
      action: 'decide',
      after: {
        proposal: problem.proposal,
        decision: input.decision,
        decisionDate: input.decisionDate,
        backfillReason,
        ...(violations.length ? { outOfOrder: violations.map((v) => v.message) } : {}),
      },
    });
    return getProblem(ctx, problem.id);
  });
}
