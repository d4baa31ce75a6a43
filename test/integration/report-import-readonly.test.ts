import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../electron/api/contract';
import { allowedInRollUp } from '../../electron/api/workspace-methods';
import { dispatch } from '../../electron/services/dispatch';
import { ROLL_UP_READ_ONLY } from '../../electron/services/reporting/workspace';
import { validInputs, type SeedIds } from '../fixtures/attack-inputs';
import {
  tableCounts,
  townshipSource,
  townshipWorkspace,
  type TownshipSource,
} from '../fixtures/report-packages';
import type { TestRuntime } from '../fixtures/runtime';
import { call } from '../fixtures/village';

/**
 * Read-only (docs/domain.md §11): in a 乡镇汇总库 every method of the contract that is not on the
 * roll-up's list is refused with the read-only sentence before it reaches a service, and the
 * database is exactly as before (no row written, not even an audit entry).
 */

let source: TownshipSource;
let township: TestRuntime;
let ids: SeedIds;

beforeAll(async () => {
  source = await townshipSource();
  township = await townshipWorkspace(source);
  await call(township.ctx, 'township.importPackages', { files: [source.pack(0, '2026-04')] });
  const one = (sql: string) => township.ctx.sqlite.prepare(sql).pluck().get() as number;
  const known: Partial<SeedIds> = {
    village: one("SELECT min(id) FROM grids WHERE level = 'village'"),
    group: one("SELECT min(id) FROM grids WHERE level = 'group'"),
    otherGroup: one("SELECT max(id) FROM grids WHERE level = 'group'"),
    household: one('SELECT min(household_id) FROM members'),
    member: one('SELECT min(id) FROM members'),
    worker: one('SELECT min(id) FROM workers'),
    openProblem: one('SELECT min(id) FROM problems'),
    visit: one('SELECT min(id) FROM visits'),
    openYear: 2026,
    sealedYear: 2025,
  };
  // Ids the workspace has no row for (notices, documents …) only need to pass the schema.
  ids = new Proxy(known, { get: (target, key) => target[key as keyof SeedIds] ?? 1 }) as SeedIds;
}, 300_000);
afterAll(() => {
  township?.cleanup();
  source?.runtime.cleanup();
});

describe('a township workspace is read-only', () => {
  it('refuses every method not on its list, and writes nothing', async () => {
    const inputs = validInputs(ids, { packagePath: township.dir }) as Record<string, unknown>;
    const refused = METHOD_NAMES.filter((m) => !allowedInRollUp(m) && !m.startsWith('session.'));
    expect(refused.length).toBeGreaterThan(50);
    const before = tableCounts(township.ctx);
    const changes = township.ctx.sqlite.prepare('SELECT total_changes()').pluck();
    const changedBefore = changes.get();
    const wrong: string[] = [];
    for (const method of refused) {
      const result = await dispatch(township.ctx, method, inputs[method]);
      if (
        result.ok ||
        result.error.code !== 'CONFLICT' ||
        result.error.message !== ROLL_UP_READ_ONLY
      ) {
        wrong.push(`${method}: ${JSON.stringify(result).slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(changes.get()).toBe(changedBefore);
    expect(tableCounts(township.ctx)).toEqual(before);
  }, 120_000);

  it('the village edits named in §11 are among the refused', () => {
    for (const m of [
      'households.update',
      'members.add',
      'problems.update',
      'problems.saveStep',
      'visits.create',
      'grids.create',
      'workers.update',
      'rosterIo.importCommit',
      'demo.seed',
    ]) {
      expect(allowedInRollUp(m), m).toBe(false);
    }
  });

  it('reads still work on the loaded villages', async () => {
    const list = await call<{ total: number }>(township.ctx, 'households.list', {});
    expect(list.total).toBeGreaterThan(0);
    const tree = await call<unknown[]>(township.ctx, 'grids.tree', {});
    expect(tree.length).toBe(1);
  });

  it('a village database is not affected by the list', async () => {
    const result = await dispatch(source.runtime.ctx, 'grids.rename', {
      id: source.villages[0]!.gridId,
      name: source.villages[0]!.name,
    });
    expect(result.ok).toBe(true);
  });
});
