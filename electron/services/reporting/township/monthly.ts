import type {
  TownshipMonthly,
  TownshipMonthlyRow,
  TownshipMonthlyTotal,
} from '../../../api/township-outputs-types';
import type { ServiceContext } from '../../context';
import { monthLabel, reportMonthRange } from '../../reports/periods';
import { today } from '../../roster/people';
import { figuresByVillage } from './by-village';
import { addFigures, emptyFigures, rankBy, ratesOf } from './figures';
import { rollUp } from './villages';

/**
 * The 月通报 across villages (docs/domain.md §11): one row per loaded village with the figures
 * of the village's own 月通报, recomputed from its loaded rows; a total row (and in a county
 * workspace one subtotal per township); the villages ranked by 办结率 and by 走访完成率.
 */
export function townshipMonthly(ctx: ServiceContext, input: { month: string }): TownshipMonthly {
  const { workspace, villages } = rollUp(ctx, '乡镇月通报');
  const { start, end } = reportMonthRange(input.month, today(ctx));
  const figures = figuresByVillage(ctx, input.month);

  const base = villages.map((v) => {
    const f = figures.get(v.id) ?? emptyFigures();
    return {
      villageId: v.id,
      gridId: v.gridId,
      township: v.township,
      village: v.village,
      packagePeriod: v.period,
      figures: f,
      rates: ratesOf(f),
    };
  });
  const resolved = rankBy(base, (r) => r.rates.resolved);
  const visits = rankBy(base, (r) => r.rates.visits);
  const rows: TownshipMonthlyRow[] = base.map((r, i) => ({
    ...r,
    rankResolved: resolved.rank[i]!,
    rankVisits: visits.rank[i]!,
  }));

  const totalOf = (label: string, of: readonly TownshipMonthlyRow[]): TownshipMonthlyTotal => {
    const sum = emptyFigures();
    for (const r of of) addFigures(sum, r.figures);
    return { label, figures: sum, rates: ratesOf(sum) };
  };
  const townships =
    workspace.kind === 'county'
      ? [...new Set(rows.map((r) => r.township))].map((t) =>
          totalOf(
            `${t}小计`,
            rows.filter((r) => r.township === t),
          ),
        )
      : [];

  return {
    month: input.month,
    monthStart: start,
    monthEnd: end,
    kind: workspace.kind === 'county' ? 'county' : 'township',
    placeName: workspace.name,
    title: `${workspace.name} ${monthLabel(input.month)} 防返贫动态监测月通报（分村）`,
    generatedAt: ctx.now().toISOString(),
    rows,
    townships,
    total: totalOf('合计', rows),
    byResolved: resolved.order.map((i) => rows[i]!.villageId),
    byVisits: visits.order.map((i) => rows[i]!.villageId),
    otherPeriods: villages
      .filter((v) => v.period !== input.month)
      .map((v) => ({ village: v.village, period: v.period })),
  };
}
