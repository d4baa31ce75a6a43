import { describe, expect, it } from 'vitest';
import type { DemoSize } from '../../electron/api/schemas';
import type { DemoSummary } from '../../electron/api/types';
import { dispatch } from '../../electron/services/dispatch';
import { FIXED_NOW, openTestRuntime } from '../fixtures/runtime';
import { WORKFLOW_DEFAULTS } from '../fixtures/settings';
import { count } from '../fixtures/sqlite';

interface GridRow {
  id: number;
  parent_id: number | null;
  level: string;
  name: string;
  code: string;
  sort_order: number;
}

/**
 * Seeds a fresh database and reads back what was written — once per size and seed in this file
 * (a seed takes seconds: several tests read the same one).
 */
const seededOnce = new Map<string, ReturnType<typeof seedFresh>>();
const seeded = (size: DemoSize, seed: number) => {
  const key = `${size}/${seed}`;
  if (!seededOnce.has(key)) seededOnce.set(key, seedFresh(size, seed));
  return seededOnce.get(key)!;
};

/** Seeds a fresh database and reads back what was written. */
async function seedFresh(size: DemoSize, seed: number) {
  const runtime = await openTestRuntime();
  try {
    const result = await dispatch(runtime.ctx, 'demo.seed', { size, seed });
    const sqlite = runtime.ctx.sqlite;
    return {
      result,
      grids: sqlite
        .prepare('SELECT id, parent_id, level, name, code, sort_order FROM grids ORDER BY id')
        .all() as GridRow[],
      people: sqlite.prepare('SELECT name, id_number FROM members ORDER BY id LIMIT 200').all(),
      counts: {
        households: count(sqlite, 'households'),
        members: count(sqlite, 'members'),
        workers: count(sqlite, 'workers'),
      },
      audit: sqlite.prepare("SELECT * FROM audit_log WHERE entity = 'demo'").all() as Record<
        string,
        string
      >[],
      totalAudit: count(sqlite, 'audit_log'),
    };
  } finally {
    runtime.cleanup();
  }
}

const byLevel = (grids: GridRow[]) => {
  const counts: Record<string, number> = {};
  for (const grid of grids) counts[grid.level] = (counts[grid.level] ?? 0) + 1;
  return counts;
};

describe('demo data', () => {
  it('is the same for the same seed: grid names, codes and people', async () => {
    // Two databases seeded apart: the same seed must give the same data.
    const a = await seedFresh('village', 42);
    const b = await seeded('village', 42);
    expect(a.grids.length).toBe(13);
    expect(b.grids).toEqual(a.grids);
    expect(b.people).toEqual(a.people);
    expect(b.counts).toEqual(a.counts);
  });

  it('is different for another seed', async () => {
    const a = await seeded('village', 42);
    const c = await seeded('village', 43);
    const names = (rows: GridRow[]) => rows.filter((g) => g.level !== 'group').map((g) => g.name);
    expect(names(c.grids)).not.toEqual(names(a.grids));
    expect(c.people).not.toEqual(a.people);
  });

  it.each([
    ['village', { county: 1, township: 1, village: 1, group: 10 }, 400],
    ['township', { county: 1, township: 1, village: 14, group: 150 }, 6000],
    // docs/domain.md §8's county: 10 / 80 / 4,286 grids and 39,154 households.
    ['county', { county: 1, township: 10, village: 80, group: 4286 }, 39154],
  ] as const)(
    '%s size has exactly the grids per level and the households it promises',
    async (size, expected, households) => {
      const { result, grids, counts } = await seeded(size, 7);
      expect(result).toMatchObject({ ok: true, result: { size, seed: 7, grids: expected } });
      expect(byLevel(grids)).toEqual(expected);
      expect(counts.households).toBe(households);
      const summary = (result as { result: DemoSummary }).result;
      expect({
        households: summary.households,
        members: summary.members,
        workers: summary.workers,
      }).toEqual(counts);
      if (size === 'county') expect(summary.monitored).toBe(366);
    },
  );

  it('builds a proper tree: one root, each level under the one above, codes nested', async () => {
    const { grids } = await seeded('township', 7);
    const byId = new Map(grids.map((row) => [row.id, row]));
    const above = { township: 'county', village: 'township', group: 'village' } as const;
    expect(grids.filter((g) => g.parent_id === null).map((g) => g.level)).toEqual(['county']);
    for (const row of grids) {
      expect(row.name).toMatch(/^\p{Script=Han}+$/u);
      if (row.parent_id === null) continue;
      const parent = byId.get(row.parent_id)!;
      expect(parent.level).toBe(above[row.level as keyof typeof above]);
      expect(row.code.startsWith(parent.code)).toBe(true);
    }
    expect(grids.filter((r) => r.level === 'village').every((r) => r.name.endsWith('村'))).toBe(
      true,
    );
    // Group names are unique within their village.
    const keys = grids.filter((g) => g.level === 'group').map((g) => `${g.parent_id}/${g.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('writes one audit row with entity demo', async () => {
    const { audit } = await seeded('village', 7);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      operator: '测试员',
      entity: 'demo',
      entity_id: 'village',
      action: 'seed',
      at: FIXED_NOW.toISOString(),
      before: null,
    });
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({
      seed: 7,
      grids: { county: 1, township: 1, village: 1, group: 10 },
    });
  });

  it('fills the settings with the first village, a fonds code and rising income lines', async () => {
    const runtime = await openTestRuntime();
    try {
      await dispatch(runtime.ctx, 'demo.seed', { size: 'village', seed: 1 });
      const village = runtime.ctx.sqlite
        .prepare("SELECT name FROM grids WHERE level = 'village'")
        .get() as { name: string };
      const year = FIXED_NOW.getFullYear();
      expect(await dispatch(runtime.ctx, 'settings.get', {})).toEqual({
        ok: true,
        result: {
          villageName: village.name,
          fondsCode: expect.stringMatching(/^Z\d{3}$/),
          householdCap: 100,
          incomeLines: [
            { year: year - 2, amount: 7500 },
            { year: year - 1, amount: 8050 },
            { year, amount: 8700 },
          ],
          ...WORKFLOW_DEFAULTS,
          // The demo files its 月通报 under a 统计报表 category of their own (10 years).
          archive: {
            ...WORKFLOW_DEFAULTS.archive,
            categories: [
              ...WORKFLOW_DEFAULTS.archive.categories,
              { name: '统计报表', retention: 'D10' },
            ],
          },
          archiveKinds: [
            ...WORKFLOW_DEFAULTS.archiveKinds.filter((k) => k.kind !== '月通报'),
            { kind: '月通报', category: '统计报表' },
          ],
        },
      });
    } finally {
      runtime.cleanup();
    }
  });

  it('refuses a database that already has grids with CONFLICT and writes nothing', async () => {
    const runtime = await openTestRuntime();
    try {
      const sqlite = runtime.ctx.sqlite;
      await dispatch(runtime.ctx, 'setup.createVillage', {
        county: '石门县',
        township: '柳湾镇',
        village: '杨柳村',
        groups: ['一组'],
      });
      const snapshot = () => ({
        grids: sqlite.prepare('SELECT * FROM grids ORDER BY id').all(),
        settings: sqlite.prepare('SELECT * FROM settings ORDER BY key').all(),
        audit: count(sqlite, 'audit_log'),
        households: count(sqlite, 'households'),
        members: count(sqlite, 'members'),
        workers: count(sqlite, 'workers'),
      });
      const before = snapshot();
      const result = await dispatch(runtime.ctx, 'demo.seed', { size: 'village', seed: 1 });
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'CONFLICT',
          message: '数据库里已经有网格数据。演示数据只能载入到空的数据库，以免和真实台账混在一起。',
        },
      });
      expect(snapshot()).toEqual(before);
      expect(before.grids).toHaveLength(4);
    } finally {
      runtime.cleanup();
    }
  });

  it('refuses a bad size or seed in Chinese', async () => {
    const runtime = await openTestRuntime();
    try {
      for (const [input, text] of [
        [{ size: 'city', seed: 1 }, '规模只能是'],
        [{ size: 'village', seed: -1 }, '随机种子不能为负数'],
        [{ size: 'village', seed: 1.5 }, '随机种子必须是整数'],
        [{ size: 'village', seed: 2 ** 31 }, '随机种子过大'],
      ] as const) {
        expect(await dispatch(runtime.ctx, 'demo.seed', input)).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION', message: expect.stringContaining(text) },
        });
      }
      expect(count(runtime.ctx.sqlite, 'grids')).toBe(0);
    } finally {
      runtime.cleanup();
    }
  });
});
