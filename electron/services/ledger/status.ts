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
