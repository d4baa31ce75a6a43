import { describe, expect, it } from 'vitest';
import { parseIdNumber } from '../../electron/api/id-number';
import { dispatch } from '../../electron/services/dispatch';
import { birthDate, idNumber, mobileNumber, personName } from '../../electron/services/demo/names';
import { Random } from '../../electron/services/demo/random';
import { openTestRuntime } from '../fixtures/runtime';

async function seeded(size: 'village' | 'township' | 'county', seed: number) {
  const runtime = await openTestRuntime();
  const result = await dispatch(runtime.ctx, 'demo.seed', { size, seed });
  const grids = runtime.ctx.sqlite
    .prepare('SELECT parent_id, level, name, code FROM grids ORDER BY id')
    .all();
  runtime.cleanup();
  return { result, grids };
}

describe('demo data', () => {
  it('is the same for the same seed and different for another', async () => {
    const a = await seeded('township', 42);
    const b = await seeded('township', 42);
    const c = await seeded('township', 43);
    expect(a.grids).toEqual(b.grids);
    expect(a.grids).not.toEqual(c.grids);
  });

  it.each([
    ['village', { county: 1, township: 1, village: 1, group: 10 }],
    ['township', { county: 1, township: 1, village: 14, group: 150 }],
    ['county', { county: 1, township: 10, village: 80, group: 4286 }],
  ] as const)('%s size has the expected grids per level', async (size, expected) => {
    const { result, grids } = await seeded(size, 7);
    expect(result).toMatchObject({ ok: true, result: { grids: expected } });
    const byLevel = Object.groupBy(grids as { level: string }[], (g) => g.level);
    expect(Object.fromEntries(Object.entries(byLevel).map(([k, v]) => [k, v!.length]))).toEqual(
      expected,
    );
  });

  it('gives every grid a plausible name and a code nested in its parent’s code', async () => {
    const { grids } = await seeded('township', 5);
    const rows = grids as { parent_id: number | null; level: string; name: string; code: string }[];
    const byId = new Map(rows.map((row, i) => [i + 1, row]));
    for (const row of rows) {
      expect(row.name).toMatch(/^(\p{Script=Han})+$/u);
      if (row.parent_id !== null)
        expect(row.code.startsWith(byId.get(row.parent_id)!.code)).toBe(true);
    }
    expect(rows.filter((r) => r.level === 'village').every((r) => r.name.endsWith('村'))).toBe(
      true,
    );
  });

  it('fills the settings and records one audit row', async () => {
    const runtime = await openTestRuntime();
    await dispatch(runtime.ctx, 'demo.seed', { size: 'village', seed: 1 });
    const settings = await dispatch(runtime.ctx, 'settings.get', {});
    expect(settings).toMatchObject({
      ok: true,
      result: { fondsCode: expect.stringMatching(/^Z\d{3}$/), householdCap: 100 },
    });
    expect((settings as { result: { incomeLines: unknown[] } }).result.incomeLines).toHaveLength(3);
    expect(
      runtime.ctx.sqlite.prepare("SELECT action FROM audit_log WHERE entity = 'demo'").all(),
    ).toEqual([{ action: 'seed' }]);
    runtime.cleanup();
  });

  it('refuses a database that already has grids and writes nothing', async () => {
    const runtime = await openTestRuntime();
    await dispatch(runtime.ctx, 'setup.createVillage', {
      county: '石门县',
      township: '柳湾镇',
      village: '杨柳村',
      groups: ['一组'],
    });
    const result = await dispatch(runtime.ctx, 'demo.seed', { size: 'village', seed: 1 });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('只能载入到空的数据库') },
    });
    expect(runtime.ctx.sqlite.prepare('SELECT count(*) AS n FROM grids').get()).toEqual({ n: 4 });
    runtime.cleanup();
  });

  it('makes people with valid ID numbers that agree with their birth date and sex, and valid mobiles', () => {
    const random = new Random(9);
    for (let i = 0; i < 2000; i++) {
      const sex = random.chance(0.5) ? '男' : '女';
      const born = birthDate(random, 2026, 0, 90);
      const id = idNumber(random, '532529', born, sex);
      const parsed = parseIdNumber(id);
      expect(parsed).toEqual({ ok: true, info: { birthDate: born, sex } });
      expect(mobileNumber(random)).toMatch(/^1[3-9]\d{9}$/);
      expect(personName(random, sex)).toMatch(/^\p{Script=Han}{2,3}$/u);
    }
  });
});
