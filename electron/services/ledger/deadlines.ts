import type { ProblemStep } from '../../api/ledger-enums';
import type { Settings } from '../../api/schemas';
import {
  addDays,
  addWorkingDays,
  daysBetween,
  workingDaysInclusive,
  type WorkCalendar,
} from './calendar';

/**
 * The time limits of the problem workflow (docs/domain.md §3), as pure functions of the settings
 * (deadlines, holidays, workdays) and the recorded dates. Defaults: 核实评议 2 days, 村内公示 at
 * least 5 days, 乡镇审核 3 working days, the whole process 15 days.
 */

export type DeadlineRule = Settings['deadlines']['total'];
export type DeadlineSettings = Pick<Settings, 'deadlines' | 'holidays' | 'workdays'>;

/**
 * `start` plus a rule: a working-day rule skips Saturdays, Sundays and listed holidays but
 * counts 调休 make-up days; a calendar-day rule counts every day, and its last day stays put
 * even when it falls on a weekend or holiday (the rule says "days", not "working days").
 */
export function applyRule(start: string, rule: DeadlineRule, calendar: WorkCalendar): string {
  return rule.workingDays ? addWorkingDays(start, rule.days, calendar) : addDays(start, rule.days);
}

/** 办结时限: registration + the whole-process rule (stored in problems.due_date). */
export function problemDueDate(registeredDate: string, settings: DeadlineSettings): string {
  return applyRule(registeredDate, settings.deadlines.total, settings);
}

/** 核实评议 is due the verify rule after registration. */
export function verifyDueDate(registeredDate: string, settings: DeadlineSettings): string {
  return applyRule(registeredDate, settings.deadlines.verify, settings);
}

/**
 * 乡镇审核 is due the township rule after the notice's last day; without a 公示, after the
 * 核实评议 date; with neither, it cannot be known yet (null).
 */
export function townshipDueDate(
  steps: readonly { step: string; date: string; endDate: string | null }[],
  settings: DeadlineSettings,
): string | null {
  const notice = steps.find((s) => s.step === '村内公示');
  const verify = steps.find((s) => s.step === '核实评议');
  const start = notice ? (notice.endDate ?? notice.date) : verify?.date;
  return start ? applyRule(start, settings.deadlines.township, settings) : null;
}

/** The time limit of each step a rule covers; the other steps have none. */
export function stepDueDates(
  registeredDate: string,
  steps: readonly { step: string; date: string; endDate: string | null }[],
  settings: DeadlineSettings,
): Partial<Record<ProblemStep, string>> {
  const result: Partial<Record<ProblemStep, string>> = {
    核实评议: verifyDueDate(registeredDate, settings),
  };
  const township = townshipDueDate(steps, settings);
  if (township) result['乡镇审核'] = township;
  return result;
}

/**
 * The length of a 公示 as the notice rule counts it, both ends included (a notice posted on
 * the 1st and taken down after the 5th has run 5 days): calendar days, or working days when
 * the rule says so.
 */
export function noticeLength(start: string, end: string, settings: DeadlineSettings): number {
  return settings.deadlines.notice.workingDays
    ? workingDaysInclusive(start, end, settings)
    : daysBetween(start, end) + 1;
}

/** The earliest last day a notice starting on `start` may have (≥ notice.days, inclusive). */
export function earliestNoticeEnd(start: string, settings: DeadlineSettings): string {
  const rule = settings.deadlines.notice;
  if (!rule.workingDays) return addDays(start, rule.days - 1);
  // The N-th working day counting the start day itself when it is one.
  let end = start;
  while (noticeLength(start, end, settings) < rule.days) end = addDays(end, 1);
  return end;
}

/** Calendar days past a limit on `today`, or null when not past (today ≤ due). */
export function daysOver(dueDate: string, today: string): number | null {
  const over = daysBetween(dueDate, today);
  return over > 0 ? over : null;
}
