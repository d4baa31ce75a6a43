/**
 * One number format for every list, total and report on screen: 39,154 (grouped by
 * thousands, as zh-CN writes them). Figures with their unit are kept on one line.
 */
const NUMBER = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

/** 39154 → 「39,154」; null/undefined → 「—」 (not loaded yet). */
export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : NUMBER.format(value);
}

/** 39154, '户' → 「39,154 户」. */
export function formatCount(value: number | null | undefined, unit: string): string {
  return `${formatNumber(value)} ${unit}`;
}

/** For an antd Statistic's formatter: the same grouping as everywhere else. */
export const statisticFormatter = (value: number | string | undefined) =>
  typeof value === 'number' ? formatNumber(value) : (value ?? '');

/** A cell or group of words that must not break inside (「（12 户）」, a figure with its unit). */
export const NOWRAP = { whiteSpace: 'nowrap' } as const;
