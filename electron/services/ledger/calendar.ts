/**
 * The working-day calendar (pure functions over 'YYYY-MM-DD' strings, no clock, no database).
 * A day is a working day when it is Monday to Friday and not in `holidays`, or when it is in
 * `workdays` (调休上班日: a Saturday or Sunday made a working day around a public holiday).
 * Arithmetic runs in UTC on the date alone, so no time zone or DST can shift a day.
 */

export interface WorkCalendar {
  /** Public holidays (sorted ISO dates; only used as a set here). */
  holidays: readonly string[];
  /** Make-up working days (调休), usually weekend days. */
  workdays: readonly string[];
}

export const NO_HOLIDAYS: WorkCalendar = { holidays: [], workdays: [] };

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for an ISO date. */
function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

function fromDayNumber(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The two lists as sets, built once per calendar object (they can hold 400 days each). */
const setsCache = new WeakMap<WorkCalendar, { holidays: Set<string>; workdays: Set<string> }>();
function setsOf(calendar: WorkCalendar) {
  let sets = setsCache.get(calendar);
  if (!sets) {
    sets = { holidays: new Set(calendar.holidays), workdays: new Set(calendar.workdays) };
    setsCache.set(calendar, sets);
  }
  return sets;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/** A make-up day (调休) wins over everything; then a listed holiday; then Monday to Friday. */
export function isWorkingDay(date: string, calendar: WorkCalendar = NO_HOLIDAYS): boolean {
  const sets = setsOf(calendar);
  if (sets.workdays.has(date)) return true;
  if (sets.holidays.has(date)) return false;
  const day = weekday(date);
  return day !== 0 && day !== 6;
}

/** The date `days` calendar days after (negative: before) `date`. */
export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/**
 * The `days`-th working day after `date` (the start day itself is never counted, like
 * "within 3 working days of the notice"): Friday + 1 working day is the next Monday.
 * 0 returns the date unchanged. Negative counts go backwards the same way.
 */
export function addWorkingDays(
  date: string,
  days: number,
  calendar: WorkCalendar = NO_HOLIDAYS,
): string {
  const step = days < 0 ? -1 : 1;
  let remaining = Math.abs(days);
  let n = dayNumber(date);
  while (remaining > 0) {
    n += step;
    if (isWorkingDay(fromDayNumber(n), calendar)) remaining--;
  }
  return fromDayNumber(n);
}

/** Calendar days from `from` to `to` (to − from): 2024-01-31 → 2024-02-01 is 1. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Working days from `from` to `to`, both days included (0 when to < from). */
export function workingDaysInclusive(
  from: string,
  to: string,
  calendar: WorkCalendar = NO_HOLIDAYS,
): number {
  let count = 0;
  for (let n = dayNumber(from), end = dayNumber(to); n <= end; n++) {
    if (isWorkingDay(fromDayNumber(n), calendar)) count++;
  }
  return count;
}
