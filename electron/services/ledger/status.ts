import type { ProblemStatus } from '../../api/ledger-enums';
import { daysOver } from './deadlines';

/**
 * 状态 of a problem, derived (never entered): stored in problems.status by the ledger
 * service in the same transaction as every change, so the ledger's filters stay indexed.
 * - 已解决 once it has a 办结日期;
 * - otherwise 处理中 when any step past 发现报告 is recorded (someone is working on it) or a
 *   处置措施 is being taken;
 * - otherwise 未解决 (only registered, or only its 发现报告).
 */
export function deriveStatus(problem: {
  resolvedDate: string | null;
  measureTaken: string;
  steps: readonly string[];
}): ProblemStatus {
  if (problem.resolvedDate) return '已解决';
  if (problem.steps.some((step) => step !== '发现报告')) return '处理中';
  if (problem.measureTaken.trim() !== '') return '处理中';
  return '未解决';
}

/**
 * 逾期 on a given day — the one rule for the ledger (on today) and the 月通报 (on its
 * reference day, overdueReferenceDate): not resolved by that day, and the 办结时限 before it
 * (docs/domain.md §3: a problem is handled within its time limit).
 */
export function isOverdueOn(
  problem: { resolvedDate: string | null; dueDate: string },
  day: string,
): boolean {
  return (problem.resolvedDate === null || problem.resolvedDate > day) && problem.dueDate < day;
}

/** isOverdueOn in SQL, over `problems p`, the day bound as `dayParam` (e.g. '@today'). */
export const overdueOnSql = (dayParam: string): string =>
  `((p.resolved_date IS NULL OR p.resolved_date > ${dayParam}) AND p.due_date < ${dayParam})`;

/**
 * The day a month's 逾期 is counted on: the month's last day once it is over, today while it
 * runs (a 办结时限 later this month has not passed yet; counting it made the 月通报 say 3 where
 * the ledger said 1 on the same day).
 */
export function overdueReferenceDate(monthEnd: string, today: string): string {
  return today < monthEnd ? today : monthEnd;
}

/**
 * 逾期: not resolved and today is past the 办结时限; the calendar days over, or null.
 * A resolved problem is never overdue (see closedOnTime for whether it was late).
 */
export function overdueDays(
  problem: { status: string; dueDate: string },
  today: string,
): number | null {
  if (problem.status === '已解决') return null;
  return daysOver(problem.dueDate, today);
}

/** 按时办结: resolved on or before its 办结时限; null while not resolved. */
export function closedOnTime(problem: {
  resolvedDate: string | null;
  dueDate: string;
}): boolean | null {
  if (!problem.resolvedDate) return null;
  return problem.resolvedDate <= problem.dueDate;
}
