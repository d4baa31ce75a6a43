import type { Rate } from '../../api/reports-types';

/** Months, evaluation periods and rates: pure helpers shared by the reports. */

const pad = (n: number) => String(n).padStart(2, '0');

export interface DateRange {
  start: string;
  end: string;
}

/** 'YYYY-MM' → its first and last day (2024-02 → 2024-02-01 .. 2024-02-29). */
export function monthRange(month: string): DateRange {
  const [year, m] = month.split('-').map(Number) as [number, number];
  // Day 0 of the next month is the last day of this one (leap years included).
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { start: `${year}-${pad(m)}-01`, end: `${year}-${pad(m)}-${pad(last)}` };
}

/**
 * The days a month's 月通报 covers: the whole month once it is over (or not begun); while it
 * runs, its first day to today — on 2026-12-05 the 12月 report covers 2026-12-01 to 2026-12-05
 * (docs/domain.md §3 "月通报"). `running` says the month is not over yet.
 */
export function reportMonthRange(month: string, today: string): DateRange & { running: boolean } {
  const range = monthRange(month);
  const running = today >= range.start && today < range.end;
  return { start: range.start, end: running ? today : range.end, running };
}

/** 2026-04 → 2026年4月, as titles and sheets write a month. */
export function monthLabel(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${year}年${m}月`;
}

export interface EvaluationPeriod extends DateRange {
  period: string;
  /** 2026年上半年, 2026年第2季度, 2026年4月, 2026年度. */
  label: string;
  /** The months the period covers, 'YYYY-MM', in order. */
  months: string[];
}

/**
 * A 实绩评价 period (already checked by the schema): 2026 (a year), 2026-H1/H2 (a half),
 * 2026-Q1..Q4 (a quarter), 2026-04 (a month).
 */
export function parsePeriod(period: string): EvaluationPeriod {
  const [yearText, part] = period.toUpperCase().split('-') as [string, string | undefined];
  const year = Number(yearText);
  let first = 1;
  let count = 12;
  let label = `${year}年度`;
  if (part?.startsWith('H')) {
    first = part === 'H1' ? 1 : 7;
    count = 6;
    label = `${year}年${part === 'H1' ? '上' : '下'}半年`;
  } else if (part?.startsWith('Q')) {
    const q = Number(part.slice(1));
    first = (q - 1) * 3 + 1;
    count = 3;
    label = `${year}年第${q}季度`;
  } else if (part) {
    first = Number(part);
    count = 1;
    label = `${year}年${first}月`;
  }
  const months = Array.from({ length: count }, (_, i) => `${year}-${pad(first + i)}`);
  return {
    period: part ? `${year}-${part}` : String(year),
    label,
    months,
    start: monthRange(months[0]!).start,
    end: monthRange(months.at(-1)!).end,
  };
}

/** numerator ÷ denominator in percent, 2 decimals ("91.61%"); '—' when there is nothing to divide. */
export function rate(numerator: number, denominator: number): Rate {
  if (denominator <= 0) return { numerator, denominator, percent: null, text: '—' };
  const percent = Math.round((numerator / denominator) * 10_000) / 100;
  return { numerator, denominator, percent, text: `${percent.toFixed(2)}%` };
}
