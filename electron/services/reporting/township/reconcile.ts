import type {
  ReconcileDifference,
  ReconcileVillage,
  Reconciliation,
} from '../../../api/township-outputs-types';
import type { ServiceContext } from '../../context';
import { figuresByVillage } from './by-village';
import { FIGURES, packageFigure } from './figures';
import { townshipSelfCheck } from './self-check';
import { today } from '../../roster/people';
import { contextAt, packageClock, parseJson, rollUp } from './villages';

/** What a village without any difference says (docs/domain.md §11 账账相符). */
export const ALL_AGREE = '账账相符';
/** What a check the workspace cannot recompute says. */
export const VILLAGE_ONLY = '仅村级可查';

/**
 * 账账相符 (docs/domain.md §11): per village, every figure of the package's own 月通报
 * (figures.json, for the package's month) against the township's recomputation from the loaded
 * rows, and the package's self-check counts against the recomputed ones for the checks whose data
 * travels; every difference listed with both numbers, never hidden.
 */
export function reconcile(ctx: ServiceContext): Reconciliation {
  const { villages } = rollUp(ctx, '账账相符核对');
  // Each package's figures are for its own month, as at the day the village computed them:
  // recompute once per (month, day) present.
  const owns = villages.map((v) => parseJson(v.figures));
  const clocks = owns.map(packageClock);
  const keyOf = (i: number) => `${villages[i]!.period}|${today(contextAt(ctx, clocks[i] ?? null))}`;
  const computed = new Map<string, ReturnType<typeof figuresByVillage>>();
  villages.forEach((v, i) => {
    const key = keyOf(i);
    if (!computed.has(key)) {
      computed.set(key, figuresByVillage(contextAt(ctx, clocks[i] ?? null), v.period));
    }
  });
  const checks = villages.length > 0 ? townshipSelfCheck(ctx) : null;

  const rows: ReconcileVillage[] = villages.map((v, i) => {
    const differences: ReconcileDifference[] = [];
    const own = owns[i];
    const mine = computed.get(keyOf(i))?.get(v.id);
    for (const figure of FIGURES) {
      const packageValue = packageFigure(own, figure);
      const recomputed = mine ? mine[figure.key] : null;
      if (packageValue !== recomputed) {
        differences.push({ kind: 'figure', label: figure.label, packageValue, recomputed });
      }
    }
    const villageOnly: string[] = [];
    for (const item of checks?.items ?? []) {
      if (item.villageOnly) {
        villageOnly.push(item.title);
        continue;
      }
      const packageValue = item.packageCounts[i] ?? null;
      const recomputed = item.counts[i] ?? null;
      if (packageValue !== recomputed) {
        differences.push({
          kind: 'selfCheck',
          label: `自查：${item.title}`,
          packageValue,
          recomputed,
        });
      }
    }
    return {
      villageId: v.id,
      township: v.township,
      village: v.village,
      period: v.period,
      differences,
      villageOnly,
      verdict: differences.length === 0 ? ALL_AGREE : `有 ${differences.length} 处不符`,
    };
  });
  return { villages: rows, differences: rows.reduce((n, r) => n + r.differences.length, 0) };
}
