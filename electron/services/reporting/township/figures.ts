import type { MonthlyReport, Rate } from '../../../api/reports-types';
import type { FigureKey, FigureRates, VillageFigures } from '../../../api/township-outputs-types';
import { rate } from '../../reports/periods';

/**
 * The figures of a village's 月通报 the township sets side by side (docs/domain.md §11): each
 * read from a MonthlyReport — the township's recomputation on the village's loaded rows, or
 * the package's own figures.json — by the same path, so both are read alike.
 */
export const FIGURES: readonly {
  key: FigureKey;
  label: string;
  of: (r: MonthlyReport) => number;
}[] = [
  { key: 'households', label: '纳入网格管理的农户（户）', of: (r) => r.households.covered },
  { key: 'members', label: '农户人口（人）', of: (r) => r.households.members },
  { key: 'monitored', label: '监测对象（户）', of: (r) => r.monitored.total },
  { key: 'eliminated', label: '已消除风险（户）', of: (r) => r.monitored.eliminated },
  { key: 'notEliminated', label: '未消除风险（户）', of: (r) => r.monitored.notEliminated },
  { key: 'newInMonth', label: '本月新识别（户）', of: (r) => r.monitored.newInMonth },
  {
    key: 'eliminatedInMonth',
    label: '本月消除风险（户）',
    of: (r) => r.monitored.eliminatedInMonth,
  },
  { key: 'problemsRegistered', label: '本月登记问题（件）', of: (r) => r.problems.registered },
  { key: 'problemsResolved', label: '本月办结问题（件）', of: (r) => r.problems.resolved },
  { key: 'problemsOpen', label: '月末未办结（件）', of: (r) => r.problems.open },
  { key: 'problemsOverdue', label: '超过办结时限（件）', of: (r) => r.problems.overdue },
  { key: 'yearRegistered', label: '年度累计登记（件）', of: (r) => r.problems.yearRegistered },
  { key: 'yearResolved', label: '年度累计办结（件）', of: (r) => r.problems.yearResolved },
  { key: 'measuresPlanned', label: '计划帮扶措施（项）', of: (r) => r.measures.planned },
  { key: 'measuresDone', label: '已完成帮扶措施（项）', of: (r) => r.measures.done },
  {
    key: 'developmentalPlanned',
    label: '开发式帮扶措施计划（项）',
    of: (r) => r.measures.developmental.planned,
  },
  {
    key: 'developmentalDone',
    label: '开发式帮扶措施完成（项）',
    of: (r) => r.measures.developmental.done,
  },
  { key: 'visitsDue', label: '应走访（户）', of: (r) => r.visits.due },
  { key: 'visitsDone', label: '已走访（户）', of: (r) => r.visits.done },
  { key: 'visitsPending', label: '待走访（户）', of: (r) => r.visits.pending },
  { key: 'visitsOverdue', label: '逾期未走访（户）', of: (r) => r.visits.overdue },
  { key: 'visitsRecorded', label: '本月走访记录（次）', of: (r) => r.visits.recorded },
];

export function figuresOf(report: MonthlyReport): VillageFigures {
  const out = {} as VillageFigures;
  for (const f of FIGURES) out[f.key] = f.of(report);
  return out;
}

/**
 * A figure of a package's figures.json, which is hostile until read: a MonthlyReport as the
 * village computed it, or a flat object of the keys above. null when absent or not a count.
 */
export function packageFigure(json: unknown, figure: (typeof FIGURES)[number]): number | null {
  if (typeof json !== 'object' || json === null) return null;
  const flat = (json as Record<string, unknown>)[figure.key];
  if (typeof flat === 'number') return Number.isFinite(flat) ? flat : null;
  try {
    const value = figure.of(json as MonthlyReport);
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

export function emptyFigures(): VillageFigures {
  const out = {} as VillageFigures;
  for (const f of FIGURES) out[f.key] = 0;
  return out;
}

export function addFigures(into: VillageFigures, add: VillageFigures): void {
  for (const f of FIGURES) into[f.key] += add[f.key];
}

export function ratesOf(f: VillageFigures): FigureRates {
  return {
    resolved: rate(f.yearResolved, f.yearRegistered),
    visits: rate(f.visitsDone, f.visitsDue),
    measures: rate(f.measuresDone, f.measuresPlanned),
  };
}

/**
 * Ranks (1 = best) by a rate, higher first; a village with nothing to divide ("—") comes last.
 * Equal rates share a rank (1, 2, 2, 4), ties listed by the larger numerator, then in the given
 * order, so the same data ranks the same way every time.
 */
export function rankBy<T>(
  items: readonly T[],
  rateOf: (item: T) => Rate,
): { order: number[]; rank: number[] } {
  const key = (r: Rate) => (r.percent === null ? -1 : r.percent);
  const order = items
    .map((item, i) => ({ i, r: rateOf(item) }))
    .sort((a, b) => key(b.r) - key(a.r) || b.r.numerator - a.r.numerator || a.i - b.i)
    .map((x) => x.i);
  const rank = new Array<number>(items.length).fill(0);
  order.forEach((index, position) => {
    const prev = position > 0 ? order[position - 1]! : -1;
    rank[index] =
      prev >= 0 && key(rateOf(items[prev]!)) === key(rateOf(items[index]!))
        ? rank[prev]!
        : position + 1;
  });
  return { order, rank };
}
