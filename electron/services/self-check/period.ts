import { addDays } from '../ledger/calendar';
import { addMonths } from '../roster/elimination';
import { monthPeriod } from '../visits/rules';

/**
 * The period a self-check looks at (docs/domain.md §9), both days included. Left out, `to` is
 * today and `from` the first day of the 12-month window ending with `to`'s month — the same
 * window the income check uses, so a report without dates looks at one inspection year.
 */
export interface CheckPeriod {
  from: string;
  to: string;
  /** The day it is computed on. */
  asOf: string;
  /**
   * The day a period's status is judged on: the day after `to` for a period in the past (its
   * last day has then passed), today while it runs. A visit period or notice ending on it is
   * not yet late.
   */
  judgedOn: string;
}

export function resolvePeriod(input: { from?: string; to?: string }, asOf: string): CheckPeriod {
  const to = input.to ?? asOf;
  const from = input.from ?? incomeWindow(to).start;
  const after = addDays(to, 1);
  return { from, to, asOf, judgedOn: after < asOf ? after : asOf };
}

/**
 * The income window (docs/domain.md §9 「Income」): the 12 calendar months ending with the month
 * of `to` — to = 2026-05-20 gives 2025-06-01 .. 2026-05-31, across two calendar years like the
 * rule book's 2022-06-01 .. 2023-05-31.
 */
export function incomeWindow(to: string): { start: string; end: string } {
  const end = monthPeriod(to.slice(0, 7)).end;
  const start = `${addMonths(`${to.slice(0, 7)}-01`, -11)}`;
  return { start, end };
}

/**
 * The months (YYYY-MM) of the window in each calendar year it touches: 2025-06 .. 2026-05 →
 * [[2025, 7], [2026, 5]].
 */
export function windowYears(window: { start: string; end: string }): [number, number][] {
  const out: [number, number][] = [];
  for (let month = window.start.slice(0, 7); month <= window.end.slice(0, 7);) {
    const year = Number(month.slice(0, 4));
    const last = out.at(-1);
    if (last && last[0] === year) last[1] += 1;
    else out.push([year, 1]);
    month = addMonths(`${month}-01`, 1).slice(0, 7);
  }
  return out;
}

/** Every month (YYYY-MM) from `from`'s to `to`'s, in order. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let month = from.slice(0, 7); month <= to.slice(0, 7);) {
    out.push(month);
    month = addMonths(`${month}-01`, 1).slice(0, 7);
  }
  return out;
}

/** A date written as a clerk reads it in a sentence: 2026-05-20 → 2026年5月20日. */
export function dateText(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** A month as YYYY年M月. */
export function monthText(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}
