import { describe, expect, it } from 'vitest';
import {
  addDays,
  addWorkingDays,
  daysBetween,
  isWorkingDay,
  weekday,
  workingDaysInclusive,
} from '../../electron/services/ledger/calendar';
import {
  earliestNoticeEnd,
  noticeLength,
  problemDueDate,
  stepDueDates,
  townshipDueDate,
  verifyDueDate,
  type DeadlineSettings,
} from '../../electron/services/ledger/deadlines';
import { WORKFLOW_DEFAULTS } from '../fixtures/settings';

/**
 * 2026 劳动节 as the State Council set it: 5 月 1–5 日 off, Sunday 4 月 26 日 and Saturday
 * 5 月 9 日 worked instead (调休). 2026-05-01 is a Friday.
 */
const MAY_DAY = {
  holidays: ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'],
  workdays: ['2026-04-26', '2026-05-09'],
};

const defaults: DeadlineSettings = WORKFLOW_DEFAULTS;
const withCalendar = (calendar: typeof MAY_DAY): DeadlineSettings => ({ ...defaults, ...calendar });

describe('working-day calendar', () => {
  it('knows the weekday of a date whatever the time zone', () => {
    expect(weekday('2026-05-01')).toBe(5); // Friday
    expect(weekday('1970-01-01')).toBe(4); // Thursday
    expect(weekday('2024-02-29')).toBe(4);
    expect(weekday('1969-12-31')).toBe(3);
  });

  it('is Monday to Friday, less holidays, plus make-up days', () => {
    expect(isWorkingDay('2026-05-06')).toBe(true); // Wednesday
    expect(isWorkingDay('2026-05-09')).toBe(false); // Saturday
    expect(isWorkingDay('2026-05-10')).toBe(false); // Sunday
    expect(isWorkingDay('2026-05-01')).toBe(true); // a Friday, with no holiday list
    expect(isWorkingDay('2026-05-01', MAY_DAY)).toBe(false);
    expect(isWorkingDay('2026-05-04', MAY_DAY)).toBe(false); // a Monday off
    expect(isWorkingDay('2026-05-09', MAY_DAY)).toBe(true); // 调休: a Saturday worked
    expect(isWorkingDay('2026-04-26', MAY_DAY)).toBe(true); // 调休: a Sunday worked
  });

  it('adds calendar days across month ends, leap days and year ends', () => {
    expect(addDays('2024-01-31', 1)).toBe('2024-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-25', 15)).toBe('2026-02-09');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-05-06', 0)).toBe('2026-05-06');
  });

  it('counts days between dates (to − from)', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-02-28', '2025-03-01')).toBe(1);
    expect(daysBetween('2025-12-30', '2026-01-02')).toBe(3);
    expect(daysBetween('2026-05-06', '2026-05-01')).toBe(-5);
    expect(daysBetween('2026-05-06', '2026-05-06')).toBe(0);
  });

  it('adds working days over weekends, never counting the start day', () => {
    expect(addWorkingDays('2026-05-08', 1)).toBe('2026-05-11'); // Friday → Monday
    expect(addWorkingDays('2026-05-08', 3)).toBe('2026-05-13');
    expect(addWorkingDays('2026-05-09', 1)).toBe('2026-05-11'); // from a Saturday
    expect(addWorkingDays('2026-05-06', 0)).toBe('2026-05-06');
    expect(addWorkingDays('2026-05-11', -1)).toBe('2026-05-08'); // backwards over a weekend
  });

  it('adds working days across a month end with listed holidays and make-up days', () => {
    // Thursday 4 月 30 日: May 1–5 are off, so the first three working days are May 6, 7, 8.
    expect(addWorkingDays('2026-04-30', 3, MAY_DAY)).toBe('2026-05-08');
    // The fourth is Saturday May 9, a make-up working day.
    expect(addWorkingDays('2026-04-30', 4, MAY_DAY)).toBe('2026-05-09');
    expect(addWorkingDays('2026-04-30', 5, MAY_DAY)).toBe('2026-05-11');
    // Without the lists the same arithmetic gives Fri, Mon, Tue.
    expect(addWorkingDays('2026-04-30', 3)).toBe('2026-05-05');
    // Across a year end: Wed 2025-12-31 + 2 with New Year's Day off → Fri 2026-01-02, Mon 01-05.
    expect(addWorkingDays('2025-12-31', 2, { holidays: ['2026-01-01'], workdays: [] })).toBe(
      '2026-01-05',
    );
  });

  it('counts working days inclusively', () => {
    expect(workingDaysInclusive('2026-05-06', '2026-05-12')).toBe(5); // Wed..Tue
    expect(workingDaysInclusive('2026-04-30', '2026-05-09', MAY_DAY)).toBe(5); // 30, 6, 7, 8, 9
    expect(workingDaysInclusive('2026-05-10', '2026-05-09')).toBe(0);
  });
});

describe('workflow deadlines from the settings', () => {
  it('gives 办结时限 = registration + 15 calendar days, across a month end', () => {
    expect(problemDueDate('2026-01-25', defaults)).toBe('2026-02-09');
    expect(problemDueDate('2024-02-20', defaults)).toBe('2024-03-06'); // leap February
    expect(problemDueDate('2025-02-20', defaults)).toBe('2025-03-07');
    // A calendar-day rule ignores weekends and holidays, even when it ends on one.
    expect(problemDueDate('2026-04-18', withCalendar(MAY_DAY))).toBe('2026-05-03');
  });

  it('counts a working-day total rule over holidays and make-up days', () => {
    const settings = withCalendar(MAY_DAY);
    const rule = {
      ...settings,
      deadlines: { ...settings.deadlines, total: { days: 10, workingDays: true } },
    };
    // From Tue 4-28: 29, 30, (May 1–5 off), 6, 7, 8, 9 (调休), 11, 12, 13, 14.
    expect(problemDueDate('2026-04-28', rule)).toBe('2026-05-14');
  });

  it('gives 核实评议 two days after registration', () => {
    expect(verifyDueDate('2026-01-30', defaults)).toBe('2026-02-01');
    expect(verifyDueDate('2025-12-31', defaults)).toBe('2026-01-02');
  });

  it('gives 乡镇审核 three working days after the notice ends, or after 核实评议 without one', () => {
    const notice = { step: '村内公示', date: '2026-05-04', endDate: '2026-05-08' };
    const verify = { step: '核实评议', date: '2026-05-01', endDate: null };
    expect(townshipDueDate([verify, notice], defaults)).toBe('2026-05-13'); // Fri → Wed
    expect(townshipDueDate([verify], defaults)).toBe('2026-05-06'); // Fri → Wed
    expect(townshipDueDate([verify], withCalendar(MAY_DAY))).toBe('2026-05-08');
    expect(townshipDueDate([], defaults)).toBeNull();
    expect(stepDueDates('2026-04-30', [verify, notice], defaults)).toEqual({
      核实评议: '2026-05-02',
      乡镇审核: '2026-05-13',
    });
    expect(stepDueDates('2026-04-30', [], defaults)).toEqual({ 核实评议: '2026-05-02' });
  });

  it('measures a notice both days included and finds its earliest end', () => {
    expect(noticeLength('2026-05-06', '2026-05-10', defaults)).toBe(5);
    expect(noticeLength('2026-05-06', '2026-05-09', defaults)).toBe(4);
    expect(earliestNoticeEnd('2026-05-06', defaults)).toBe('2026-05-10');
    expect(earliestNoticeEnd('2026-01-29', defaults)).toBe('2026-02-02');
    const working = {
      ...withCalendar(MAY_DAY),
      deadlines: { ...defaults.deadlines, notice: { days: 5, workingDays: true } },
    };
    // Working-day notice from Thu 4-30: 30, 6, 7, 8, 9 (调休).
    expect(earliestNoticeEnd('2026-04-30', working)).toBe('2026-05-09');
    expect(noticeLength('2026-04-30', '2026-05-08', working)).toBe(4);
  });
});
