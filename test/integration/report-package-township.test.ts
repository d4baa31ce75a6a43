import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseholdPage } from '../../electron/api/roster-types';
import { seedDemo } from '../../electron/services/demo/demo';
import { PACKAGE_TABLES, rowSchema } from '../../electron/services/reporting/format';
import { buildReportPackage } from '../../electron/services/reporting/package/write';
import { openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { call, failure } from '../fixtures/village';
import { ZipReader } from '../../electron/services/archive/zip-reader';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A 上报包 from a database with several villages (the township demo, 14 villages): the village
 * must be named, and one village's package holds that village's households only — as many as
 * the roster lists for it — with every reference closed. A 乡镇汇总库 refuses to write one.
 */

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await openTestRuntime();
  await seedDemo(runtime.ctx, { size: 'township', seed: 1 });
}, 600_000);
afterAll(() => runtime.cleanup());

const villages = () =>
  runtime.ctx.sqlite
    .prepare("SELECT id, name FROM grids WHERE level = 'village' ORDER BY id")
    .all() as { id: number; name: string }[];

describe('the 上报包 of one village of a township', () => {
  it('asks which village when the database holds several', async () => {
    const error = await failure(runtime.ctx, 'report.package', { period: '2026-04' });
    expect(error.message).toContain(`本库有 ${villages().length} 个村，请选择要上报的村`);
  });

  it("holds only that village's households, as many as its roster lists", async () => {
    const list = villages();
    expect(list.length).toBeGreaterThan(1);
    const village = list[1]!;
    const built = buildReportPackage(runtime.ctx, { period: '2026-04', villageGridId: village.id });
    expect(built.manifest.village.name).toBe(village.name);
    expect(built.fileName).toBe(`上报包_${village.name}_2026-04.zip`);
    const roster = await call<HouseholdPage>(runtime.ctx, 'households.list', {
      gridId: village.id,
      limit: 1,
    });
    expect(built.manifest.counts.households).toBe(roster.total);
    expect(roster.total).toBeGreaterThan(0);

    const file = path.join(runtime.dir, 'one.zip');
    fs.writeFileSync(file, built.bytes);
    const reader = await ZipReader.open(file);
    const rows = new Map<string, Record<string, unknown>[]>();
    try {
      for (const entry of reader.entries) {
        if (!entry.name.startsWith('data/')) continue;
        const name = entry.name.slice(5, -'.jsonl'.length);
        rows.set(
          name,
          (await reader.buffer(entry))
            .toString('utf8')
            .split('\n')
            .filter((l) => l)
            .map((l) => JSON.parse(l) as Record<string, unknown>),
        );
      }
    } finally {
      await reader.close();
    }
    // Every household of the package has an assignment on the village's own grids.
    const subtree = new Set(
      (
        runtime.ctx.sqlite
          .prepare(
            `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id)
             SELECT id FROM sub`,
          )
          .all(village.id) as { id: number }[]
      ).map((r) => r.id),
    );
    expect(rows.get('grids')!.every((g) => subtree.has(g.id as number))).toBe(true);
    expect(rows.get('household_grids')!.every((a) => subtree.has(a.grid_id as number))).toBe(true);
    expect(rows.get('problems')!.every((p) => subtree.has(p.grid_id as number))).toBe(true);
    const ids = new Map<string, Set<unknown>>();
    for (const [name, list] of rows) ids.set(name, new Set(list.map((r) => r.id)));
    for (const spec of PACKAGE_TABLES) {
      const schema = rowSchema(spec);
      for (const row of rows.get(spec.name) ?? []) {
        expect(schema.safeParse(row).success, spec.name).toBe(true);
        for (const [column, target] of Object.entries(spec.refs)) {
          if (row[column] === null) continue;
          expect(ids.get(target)!.has(row[column]), `${spec.name}.${column}`).toBe(true);
        }
      }
    }
  });

  it('sends a household that moved to another village with its new village only', async () => {
    const [a, b] = villages() as [{ id: number }, { id: number }, ...unknown[]];
    const sqlite = runtime.ctx.sqlite;
    const moved = sqlite
      .prepare(
        `SELECT hg.household_id AS id FROM household_grids hg JOIN grids g ON g.id = hg.grid_id
         WHERE g.parent_id = ? AND hg.end_date IS NULL ORDER BY hg.household_id LIMIT 1`,
      )
      .get(a.id) as { id: number };
    const target = sqlite
      .prepare("SELECT id FROM grids WHERE parent_id = ? AND level = 'group' ORDER BY id LIMIT 1")
      .get(b.id) as { id: number };
    const before = buildReportPackage(runtime.ctx, { period: '2026-04', villageGridId: a.id });
    await call(runtime.ctx, 'households.move', {
      id: moved.id,
      gridId: target.id,
      date: '2026-05-01',
    });
    const fromA = buildReportPackage(runtime.ctx, { period: '2026-04', villageGridId: a.id });
    const toB = buildReportPackage(runtime.ctx, { period: '2026-04', villageGridId: b.id });
    expect(fromA.manifest.counts.households).toBe(before.manifest.counts.households! - 1);
    const householdsOf = async (bytes: Uint8Array) => {
      const file = path.join(runtime.dir, 'moved.zip');
      fs.writeFileSync(file, bytes);
      const reader = await ZipReader.open(file);
      try {
        const entry = reader.entries.find((e) => e.name === 'data/households.jsonl')!;
        return (await reader.buffer(entry))
          .toString('utf8')
          .split('\n')
          .filter((l) => l)
          .map((l) => (JSON.parse(l) as { id: number }).id);
      } finally {
        await reader.close();
      }
    };
    expect(await householdsOf(fromA.bytes)).not.toContain(moved.id);
    expect(await householdsOf(toB.bytes)).toContain(moved.id);
  });

  it('is refused in a 乡镇汇总库', async () => {
    const township = await openTestRuntime();
    try {
      await call(township.ctx, 'setup.createWorkspace', {
        kind: 'township',
        county: '石门县',
        township: '柳湾镇',
      });
      const error = await failure(township.ctx, 'report.package', { period: '2026-04' });
      // Refused before the service (the roll-up's read-only guard) or by it (assertVillageDatabase).
      expect(error.message).toMatch(/乡镇汇总库/);
      expect(error.code).toBe('CONFLICT');
    } finally {
      township.cleanup();
    }
  });
});
