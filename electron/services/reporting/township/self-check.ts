import type { SelfCheckReport } from '../../../api/self-check-types';
import type { TownshipSelfCheck, TownshipSelfCheckItem } from '../../../api/township-outputs-types';
import type { ServiceContext } from '../../context';
import { selfCheck } from '../../self-check/self-check';
import { today } from '../../roster/people';
import { contextAt, packageClock, parseJson, rollUp } from './villages';

/**
 * The 迎检自查 across villages (docs/domain.md §11, §9): each village's counts per check,
 * recomputed here with the village's own self-check on its grid, beside the counts its package
 * brought (self-check.json), and the township's totals.
 */

/**
 * Checks a workspace cannot recompute, so it shows the package's count and says 「仅村级可查」:
 * their records stay in the village (notices, the archive), are not all sent (workers without
 * any role travel with no grid), or they are judged against the village database's own
 * settings, which do not travel (the 监测收入标准 of income-below-line; the village's contacts
 * and hotline printed on the cards of cards-changed — recomputed here they differed on a clean
 * import: 0 for 2, 348 for 15).
 */
export const VILLAGE_ONLY_CHECKS: ReadonlySet<string> = new Set([
  'notices-too-short',
  'notices-without-result',
  'documents-not-filed',
  'workers-without-role',
  'income-below-line',
  'cards-changed',
]);

/**
 * The counts per check code of a package's self-check.json, which is hostile until read: the
 * village's SelfCheckReport ({ groups: [{ items: [{ code, count }] }] }), a list of
 * { code, count }, or an object code → count. Anything else gives no counts.
 */
export function packageCheckCounts(json: unknown): Map<string, number> {
  const out = new Map<string, number>();
  const take = (code: unknown, count: unknown) => {
    if (
      typeof code === 'string' &&
      code.length <= 100 &&
      typeof count === 'number' &&
      Number.isFinite(count)
    ) {
      out.set(code, count);
    }
  };
  const list = (items: unknown) => {
    if (!Array.isArray(items)) return;
    for (const item of items.slice(0, 1000)) {
      if (typeof item === 'object' && item !== null) {
        take((item as { code?: unknown }).code, (item as { count?: unknown }).count);
      }
    }
  };
  if (Array.isArray(json)) list(json);
  else if (typeof json === 'object' && json !== null) {
    const record = json as Record<string, unknown>;
    if (Array.isArray(record.groups)) {
      for (const group of record.groups.slice(0, 100)) {
        if (typeof group === 'object' && group !== null) list((group as { items?: unknown }).items);
      }
    } else if (Array.isArray(record.items)) list(record.items);
    else for (const [code, count] of Object.entries(record).slice(0, 1000)) take(code, count);
  }
  return out;
}

/** The period a package's self-check covered (its from/to), when it says so. */
function packagePeriod(json: unknown): { from: string; to: string } | null {
  if (typeof json !== 'object' || json === null) return null;
  const { from, to } = json as { from?: unknown; to?: unknown };
  const day = /^\d{4}-\d{2}-\d{2}$/;
  return typeof from === 'string' && typeof to === 'string' && day.test(from) && day.test(to)
    ? { from, to }
    : null;
}

// Every grid under a loaded village → the village (report_villages.id).
const VILLAGE_GRIDS = `WITH RECURSIVE scope(id, branch) AS (
  SELECT grid_id, id FROM report_villages WHERE grid_id IS NOT NULL
  UNION ALL
  SELECT g.id, s.branch FROM grids g JOIN scope s ON g.parent_id = s.id)
  SELECT id, branch FROM scope`;

/**
 * Each village is checked over the period its package's self-check covered and as at the day it
 * was computed (so both counts answer the same question), or the default period and today when
 * the package does not say. The
 * self-check runs once per distinct period over the whole workspace and each finding counts for
 * the village its grid is in: 80 runs, one per village, took ~23 s on the county demo, one run
 * ~2 s.
 */
export function townshipSelfCheck(ctx: ServiceContext): TownshipSelfCheck {
  const { workspace, villages } = rollUp(ctx, '各村迎检自查汇总');
  const own = villages.map((v) => parseJson(v.selfCheck));
  const periods = own.map(packagePeriod);
  // As at the moment the village computed its package (its figures' generatedAt): checks such
  // as 逾期未走访 and 回头看 are judged on "today".
  const clocks = villages.map((v) => packageClock(parseJson(v.figures)));
  const runKey = (i: number) => {
    const period = periods[i];
    return `${period ? `${period.from}|${period.to}` : ''}|${today(contextAt(ctx, clocks[i] ?? null))}`;
  };
  const villageOf = new Map(
    (ctx.sqlite.prepare(VILLAGE_GRIDS).all() as { id: number; branch: number }[]).map((r) => [
      r.id,
      r.branch,
    ]),
  );
  const runs = new Map<string, SelfCheckReport>();
  const runOf = (i: number) => {
    const key = runKey(i);
    let report = runs.get(key);
    if (!report) {
      report = selfCheck(contextAt(ctx, clocks[i] ?? null), periods[i] ?? {});
      runs.set(key, report);
    }
    return report;
  };
  // village index → check code → count
  const counted = villages.map(() => new Map<string, number>());
  const indexOf = new Map(villages.map((v, i) => [v.id, i]));
  const reports = villages.map((_, i) => runOf(i));
  for (const [key, report] of runs) {
    for (const item of report.groups.flatMap((g) => g.items)) {
      for (const finding of item.findings) {
        const village = finding.gridId === null ? undefined : villageOf.get(finding.gridId);
        const i = village === undefined ? undefined : indexOf.get(village);
        if (i === undefined || runKey(i) !== key) continue;
        counted[i]!.set(item.code, (counted[i]!.get(item.code) ?? 0) + 1);
      }
    }
  }
  const packages = own.map(packageCheckCounts);
  const first = reports[0];
  const checks = first
    ? first.groups.flatMap((g) =>
        g.items.map((i) => ({ code: i.code, group: g.group, title: i.title })),
      )
    : [];

  const items: TownshipSelfCheckItem[] = checks.map((c) => {
    const villageOnly = VILLAGE_ONLY_CHECKS.has(c.code);
    const counts = counted.map((m) => (villageOnly ? null : (m.get(c.code) ?? 0)));
    const packageCounts = packages.map((p) => p.get(c.code) ?? null);
    const sum = (values: (number | null)[]) => values.reduce<number>((n, v) => n + (v ?? 0), 0);
    return {
      ...c,
      villageOnly,
      counts,
      packageCounts,
      total: sum(counts),
      packageTotal: sum(packageCounts),
    };
  });
  const villageRows = villages.map((v, i) => ({
    villageId: v.id,
    township: v.township,
    village: v.village,
    total: items.reduce((n, item) => n + (item.counts[i] ?? 0), 0),
    packageTotal: items.reduce((n, item) => n + (item.packageCounts[i] ?? 0), 0),
  }));
  return {
    from: first?.from ?? '',
    to: first?.to ?? '',
    asOf: first?.asOf ?? '',
    placeName: workspace.name,
    villages: villageRows,
    items,
    total: items.reduce((n, item) => n + item.total, 0),
  };
}
