import { policyHandouts } from '../../../db/schema';
import { prepareBulkInsert } from '../bulk';
import type { ServiceContext } from '../context';
import { addDays, daysBetween } from '../ledger/calendar';
import { today } from '../roster/people';
import { Random } from './random';

/**
 * Share of households handed the 监测对象申报政策明白纸 in the demo: nearly all, as a village
 * that did its 集中排查 would have; the few left are what the self-check's coverage line shows
 * (docs/domain.md §9 「Publicity」).
 */
export const HANDOUT_SHARE = 0.97;

/**
 * The 明白纸 handed to each household by a worker of its grid during the year's first quarter
 * (or the weeks before today early in the year). Its own Random from the seed, so the roster and
 * the ledger a seed gives are unchanged by it.
 */
export function seedHandouts(ctx: ServiceContext, seed: number): { handouts: number } {
  const random = new Random(seed ^ 0x5f3759df);
  const rows = ctx.sqlite
    .prepare(
      `SELECT hg.household_id AS householdId,
         (SELECT w.name FROM worker_roles wr JOIN workers w ON w.id = wr.worker_id
          WHERE wr.grid_id = hg.grid_id AND wr.end_date IS NULL
          ORDER BY wr.role = '网格员' DESC, wr.id LIMIT 1) AS worker
       FROM household_grids hg WHERE hg.end_date IS NULL ORDER BY hg.household_id`,
    )
    .all() as { householdId: number; worker: string | null }[];
  const insert = prepareBulkInsert(ctx.db, policyHandouts, [
    'householdId',
    'handedDate',
    'handedBy',
  ]);
  const now = today(ctx);
  const start = `${now.slice(0, 4)}-01-06`;
  // Days from the start over which the handouts spread, never past today.
  const spread = Math.max(0, Math.min(80, daysBetween(start, now)));
  let handouts = 0;
  for (const row of rows) {
    if (!random.chance(HANDOUT_SHARE)) continue;
    insert({
      householdId: row.householdId,
      handedDate: spread === 0 ? now : addDays(start, random.int(0, spread)),
      handedBy: row.worker ?? '网格员',
    });
    handouts++;
  }
  return { handouts };
}
