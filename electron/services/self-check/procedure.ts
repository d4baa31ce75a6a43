import type { DecisionKind, ProblemStep, ProposalKind } from '../../api/ledger-enums';
import type { SelfCheckFinding, SelfCheckItem } from '../../api/self-check-types';
import { orderViolations, type OrderStep } from '../ledger/order';
import { closedOnTime, isOverdueOn, overdueReferenceDate } from '../ledger/status';
import { daysBetween } from '../ledger/calendar';
import { getSettings } from '../settings/settings';
import { sqlQuery } from '../sql';
import { SUBTREE, finding, item, type CheckScope } from './common';
import { dateText } from './period';

/**
 * 工作程序 (docs/domain.md §9 「Procedure」, §3 「Order matters」): steps out of order (the
 * ledger's own rule, ledger/order.ts), steps recorded as 补录 with their reason, problems past
 * their 办结时限 (the ledger's 逾期 rule, ledger/status.ts). The problems looked at are those
 * of the grid's subtree active in the period: registered by its last day and not resolved
 * before its first.
 */

interface ProblemRow {
  id: number;
  gridId: number;
  who: string | null;
  registeredDate: string;
  dueDate: string;
  resolvedDate: string | null;
  proposal: ProposalKind | null;
  proposalDate: string | null;
  decision: DecisionKind | null;
  decisionDate: string | null;
  /** JSON array of { step, date, endDate, backfillReason }. */
  steps: string;
}

const PROBLEMS = sqlQuery<ProblemRow, { gridId: number | null; from: string; to: string }>(
  `${SUBTREE}
  SELECT p.id, p.grid_id AS gridId,
    coalesce((SELECT m.name FROM members m WHERE m.household_id = p.household_id
              AND m.relation = '本人' ORDER BY m.sort_order, m.id LIMIT 1),
             nullif(p.person_name, '')) AS who,
    p.registered_date AS registeredDate, p.due_date AS dueDate, p.resolved_date AS resolvedDate,
    p.proposal, p.proposal_date AS proposalDate, p.decision, p.decision_date AS decisionDate,
    (SELECT json_group_array(json_object('step', s.step, 'date', s.date, 'endDate', s.end_date,
                                         'backfillReason', s.backfill_reason))
     FROM problem_steps s WHERE s.problem_id = p.id) AS steps
  FROM problems p
  WHERE (@gridId IS NULL OR p.grid_id IN sub)
    AND p.registered_date <= @to AND (p.resolved_date IS NULL OR p.resolved_date >= @from)
  ORDER BY p.id`,
);

/** 「第 12 号问题（张三）」: the ledger numbers problems by their id. */
export function problemSubject(id: number, who: string | null): string {
  return who ? `第 ${id} 号问题（${who}）` : `第 ${id} 号问题`;
}

export function procedureChecks(scope: CheckScope): SelfCheckItem[] {
  const { ctx, period } = scope;
  const settings = getSettings(ctx);
  const day = overdueReferenceDate(period.to, period.asOf);
  const order: SelfCheckFinding[] = [];
  const backfilled: SelfCheckFinding[] = [];
  const overdue: SelfCheckFinding[] = [];

  for (const p of PROBLEMS.all(ctx, { gridId: scope.gridId, from: period.from, to: period.to })) {
    const subject = problemSubject(p.id, p.who);
    const at = (list: SelfCheckFinding[], detail: string) =>
      list.push(finding(scope, p.gridId, subject, detail, { kind: 'problem', id: p.id }));
    const steps = (
      JSON.parse(p.steps) as {
        step: ProblemStep;
        date: string;
        endDate: string | null;
        backfillReason: string;
      }[]
    ).map((s): OrderStep => ({
      step: s.step,
      date: s.date,
      endDate: s.endDate,
      backfillReason: s.backfillReason === '' ? null : s.backfillReason,
    }));
    const violations = orderViolations({
      steps,
      proposal: p.proposal,
      proposalDate: p.proposalDate,
      decision: p.decision,
      decisionDate: p.decisionDate,
      settings,
    });
    // A violation recorded as 补录 is listed below with its reason, not as a gap.
    const gaps = violations.filter((v) => v.backfillReason === null);
    if (gaps.length > 0) at(order, gaps.map((v) => v.message).join('；'));

    for (const s of steps) {
      if (s.backfillReason === null) continue;
      at(backfilled, `「${s.step}」（${dateText(s.date)}）为补录，原因：${s.backfillReason}`);
    }

    if (isOverdueOn(p, day)) {
      at(
        overdue,
        `办结时限 ${dateText(p.dueDate)}，至${dateText(day)}仍未办结，逾期 ${daysBetween(p.dueDate, day)} 天`,
      );
    } else if (
      closedOnTime(p) === false &&
      p.resolvedDate! >= period.from &&
      p.resolvedDate! <= period.to
    ) {
      at(
        overdue,
        `办结时限 ${dateText(p.dueDate)}，${dateText(p.resolvedDate!)}才办结，超期 ${daysBetween(p.dueDate, p.resolvedDate!)} 天`,
      );
    }
  }

  const G = '工作程序' as const;
  return [
    item(
      scope,
      'steps-out-of-order',
      G,
      '处置程序顺序不符',
      '核实评议 → 拟纳入/拟消除 → 村内公示 → 公示期满后乡镇审核 → 认定/消除，未标补录的顺序错误',
      order,
    ),
    item(
      scope,
      'steps-backfilled',
      G,
      '补录的处置步骤',
      '事后补录的步骤应写明原因，迎检时逐条说明',
      backfilled,
    ),
    item(
      scope,
      'problems-overdue',
      G,
      '问题超过办结时限',
      `问题应在办结时限内办结（全流程 ${settings.deadlines.total.days} ${settings.deadlines.total.workingDays ? '个工作日' : '天'}）`,
      overdue,
    ),
  ];
}
