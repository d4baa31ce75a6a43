import {
  DECISION_STEP,
  NOTICE_STEP,
  type DecisionKind,
  type ProblemStep,
  type ProposalKind,
} from '../../api/ledger-enums';
import { noticeLength, type DeadlineSettings } from './deadlines';

/**
 * The order of the problem workflow (docs/domain.md §3 「Order matters」), as a pure function
 * of one problem's records: no database, no clock. The ledger service calls it before saving a
 * step, a proposal or a decision (refusing a new violation unless it is marked 补录 with a
 * reason); the self-check (工作程序) calls it on stored records to list what is out of order,
 * including what was saved as 补录.
 *
 * The points in order: 核实评议 → proposal (拟纳入 / 拟消除) → 村内公示 → 乡镇审核 (after the
 * 公示's last day) → decision (认定 / 消除, recorded at 县级审定). Rules:
 *  1. the proposal is not dated before 核实评议, and 核实评议 is recorded;
 *  2. 村内公示 does not start before the proposal, nor before 核实评议;
 *  3. 乡镇审核 is dated on or after the day after the 公示's last day;
 *  4. a 认定 / 消除 decision (or, on old records without a decision, a dated 县级审定 step) has
 *     核实评议, 村内公示 and 乡镇审核 recorded, 核实评议 and 审核 dated on or before it and the
 *     公示 ended before it;
 *  5. a 拟消除's 公示 lasts at least `eliminationNoticeDays` (docs/domain.md §3, §4).
 * A rule is checked only when both of its points are there, except rules 1 and 4 that also
 * name a missing prerequisite. 不予认定 / 不予消除 only have to follow the proposal.
 */

/** One recorded step, as problem_steps stores it. */
export interface OrderStep {
  step: ProblemStep;
  date: string;
  /** 村内公示's last day; null for other steps (and for an old 公示 without one). */
  endDate: string | null;
  /** Set when the clerk recorded the step as 补录 (entered after the fact, out of order). */
  backfillReason: string | null;
}

export interface OrderInput {
  steps: readonly OrderStep[];
  proposal: ProposalKind | null;
  proposalDate: string | null;
  decision: DecisionKind | null;
  decisionDate: string | null;
  /** The 补录 reason given for the proposal or the decision, if any (kept in the audit trail). */
  proposalBackfillReason?: string | null;
  decisionBackfillReason?: string | null;
  /** The notice rule (calendar / working days) and the 风险消除公示 length. */
  settings: DeadlineSettings & { eliminationNoticeDays: number };
}

/** A point of the order: a step, or the proposal / decision by its own name. */
export type OrderPoint = ProblemStep | ProposalKind | DecisionKind;

export interface OrderViolation {
  /** The later point, the one out of order. */
  step: OrderPoint;
  /** The point it depends on (missing, or dated after it). */
  dependsOn: OrderPoint;
  /** Chinese, naming both points and their dates. */
  message: string;
  /** The 补录 reason recorded on `step`, or null when it was not marked 补录. */
  backfillReason: string | null;
}

const POSITIVE: readonly DecisionKind[] = ['认定', '消除'];

export function orderViolations(input: OrderInput): OrderViolation[] {
  const out: OrderViolation[] = [];
  const byStep = new Map(input.steps.map((s) => [s.step, s]));
  const verify = byStep.get('核实评议');
  const notice = byStep.get(NOTICE_STEP);
  const review = byStep.get('乡镇审核');
  const decided = byStep.get(DECISION_STEP);
  const push = (
    step: OrderPoint,
    dependsOn: OrderPoint,
    message: string,
    backfillReason: string | null | undefined,
  ) => out.push({ step, dependsOn, message, backfillReason: backfillReason ?? null });
  const noticeText = (s: OrderStep) => (s.endDate ? `${s.date} 至 ${s.endDate}` : `${s.date} 起`);

  // 1. The proposal follows 核实评议.
  if (input.proposal && input.proposalDate) {
    const p = input.proposal;
    if (!verify) {
      push(
        p,
        '核实评议',
        `「${p}」（${input.proposalDate}）之前没有记录「核实评议」：应先核实评议再提出${p}`,
        input.proposalBackfillReason,
      );
    } else if (input.proposalDate < verify.date) {
      push(
        p,
        '核实评议',
        `「${p}」日期 ${input.proposalDate} 早于「核实评议」${verify.date}：应在核实评议之后提出`,
        input.proposalBackfillReason,
      );
    }
  }

  // 2. The 公示 announces the proposal: not before it, nor before 核实评议.
  if (notice) {
    if (input.proposal && input.proposalDate && notice.date < input.proposalDate) {
      push(
        NOTICE_STEP,
        input.proposal,
        `「${NOTICE_STEP}」开始日期 ${notice.date} 早于「${input.proposal}」${input.proposalDate}：公示的是拟${input.proposal === '拟纳入' ? '纳入' : '消除'}的农户，应在提出之后公示`,
        notice.backfillReason,
      );
    } else if (verify && notice.date < verify.date) {
      push(
        NOTICE_STEP,
        '核实评议',
        `「${NOTICE_STEP}」开始日期 ${notice.date} 早于「核实评议」${verify.date}：应在核实评议之后公示`,
        notice.backfillReason,
      );
    }
    // 5. A 风险消除公示 lasts at least eliminationNoticeDays.
    if (input.proposal === '拟消除' && notice.endDate) {
      const days = noticeLength(notice.date, notice.endDate, input.settings);
      const need = input.settings.eliminationNoticeDays;
      if (days < need) {
        const unit = input.settings.deadlines.notice.workingDays ? '个工作日' : '天';
        push(
          NOTICE_STEP,
          '拟消除',
          `「拟消除」的风险消除公示 ${noticeText(notice)} 只有 ${days} ${unit}，不能少于 ${need} ${unit}`,
          notice.backfillReason,
        );
      }
    }
  }

  // 3. 乡镇审核 after the 公示's last day.
  if (review && notice) {
    const last = notice.endDate ?? notice.date;
    if (review.date <= last) {
      push(
        '乡镇审核',
        NOTICE_STEP,
        `「乡镇审核」日期 ${review.date} 不能早于「${NOTICE_STEP}」（${noticeText(notice)}）结束的次日：应在公示期满后审核`,
        review.backfillReason,
      );
    }
  }

  // 4. The decision after 核实评议, 公示 and 审核.
  const decision: { point: OrderPoint; date: string; reason: string | null | undefined } | null =
    input.decision && input.decisionDate
      ? POSITIVE.includes(input.decision)
        ? {
            point: input.decision,
            date: input.decisionDate,
            reason: input.decisionBackfillReason ?? decided?.backfillReason,
          }
        : null
      : decided && !input.decision
        ? { point: DECISION_STEP, date: decided.date, reason: decided.backfillReason }
        : null;
  if (input.decision && input.decisionDate && !POSITIVE.includes(input.decision)) {
    if (input.proposalDate && input.decisionDate < input.proposalDate && input.proposal) {
      push(
        input.decision,
        input.proposal,
        `「${input.decision}」日期 ${input.decisionDate} 早于「${input.proposal}」${input.proposalDate}`,
        input.decisionBackfillReason,
      );
    }
  }
  if (decision) {
    const { point, date, reason } = decision;
    const missing = (dep: ProblemStep) =>
      push(
        point,
        dep,
        `「${point}」（${date}）之前没有记录「${dep}」：应先${dep}，再${point}`,
        reason,
      );
    if (!verify) missing('核实评议');
    else if (verify.date > date)
      push(point, '核实评议', `「${point}」日期 ${date} 早于「核实评议」${verify.date}`, reason);
    if (!notice) missing(NOTICE_STEP);
    else if ((notice.endDate ?? notice.date) >= date)
      push(
        point,
        NOTICE_STEP,
        `「${point}」日期 ${date} 不能早于「${NOTICE_STEP}」（${noticeText(notice)}）结束的次日：应在公示期满后决定`,
        reason,
      );
    if (!review) missing('乡镇审核');
    else if (review.date > date)
      push(
        point,
        '乡镇审核',
        `「${point}」日期 ${date} 早于「乡镇审核」${review.date}：应在审核之后决定`,
        reason,
      );
  }
  return out;
}

/** The violations a change introduces: those naming `point` as the later or earlier point. */
export function violationsOf(
  violations: readonly OrderViolation[],
  point: OrderPoint,
): OrderViolation[] {
  return violations.filter((v) => v.step === point || v.dependsOn === point);
}
