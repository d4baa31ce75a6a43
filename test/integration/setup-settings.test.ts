import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/services/dispatch';
import { getSettings, updateSettings } from '../../electron/services/settings/settings';
import { countRows, useTestRuntime } from '../fixtures/runtime';

const VILLAGE = {
  county: '石门县',
  township: '柳湾镇',
  village: '杨柳村',
  groups: ['一组', '二组', '三组'],
};

describe('first-run set-up', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  it('builds 县 → 乡镇 → 村 → groups and names the village in settings', async () => {
    expect(await dispatch(ctx(), 'setup.status', {})).toEqual({
      ok: true,
      result: { initialized: false, rootId: null, villageName: '' },
    });
    const result = await dispatch(ctx(), 'setup.createVillage', VILLAGE);
    expect(result.ok).toBe(true);
    const rows = ctx().sqlite.prepare('SELECT name, level FROM grids ORDER BY id').all();
    expect(rows).toEqual([
      { name: '石门县', level: 'county' },
      { name: '柳湾镇', level: 'township' },
      { name: '杨柳村', level: 'village' },
      { name: '一组', level: 'group' },
      { name: '二组', level: 'group' },
      { name: '三组', level: 'group' },
    ]);
    expect(await dispatch(ctx(), 'setup.status', {})).toEqual({
      ok: true,
      result: { initialized: true, rootId: 1, villageName: '杨柳村' },
    });
  });

  it('refuses a second set-up and writes nothing', async () => {
    await dispatch(ctx(), 'setup.createVillage', VILLAGE);
    const audits = countRows(runtime(), 'audit_log');
    const again = await dispatch(ctx(), 'setup.createVillage', { ...VILLAGE, village: '另一个村' });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('网格已经建立过了') },
    });
    expect(countRows(runtime(), 'grids')).toBe(6);
    expect(countRows(runtime(), 'audit_log')).toBe(audits);
  });

  it('refuses duplicate and empty group names in Chinese', async () => {
    const dup = await dispatch(ctx(), 'setup.createVillage', {
      ...VILLAGE,
      groups: ['一组', '一组'],
    });
    expect(dup).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('村民小组名称不能重复') },
    });
    const empty = await dispatch(ctx(), 'setup.createVillage', {
      ...VILLAGE,
      groups: ['一组', '  '],
    });
    expect(empty).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('村民小组 第 2 项：请填写村民小组名称') },
    });
    expect(countRows(runtime(), 'grids')).toBe(0);
  });

  it('keeps a village name the clerk already set', async () => {
    updateSettings(ctx(), { villageName: '杨柳村村民委员会' });
    await dispatch(ctx(), 'setup.createVillage', VILLAGE);
    expect(getSettings(ctx()).villageName).toBe('杨柳村村民委员会');
  });
});

describe('settings', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  it('has defaults: cap 100, no income line assumed', () => {
    expect(getSettings(ctx())).toEqual({
      villageName: '',
      fondsCode: '',
      householdCap: 100,
      incomeLines: [],
    });
  });

  it('saves a change with an audit row before → after, income lines sorted by year', async () => {
    const result = await dispatch(ctx(), 'settings.update', {
      householdCap: 80,
      incomeLines: [
        { year: 2026, amount: 8700 },
        { year: 2024, amount: 7500 },
      ],
    });
    expect(result).toMatchObject({ ok: true, result: { householdCap: 80 } });
    expect(getSettings(ctx()).incomeLines.map((l) => l.year)).toEqual([2024, 2026]);
    const audit = ctx()
      .sqlite.prepare(
        "SELECT entity_id, before, after FROM audit_log WHERE entity = 'setting' ORDER BY id",
      )
      .all() as { entity_id: string; before: string; after: string }[];
    expect(audit.map((a) => a.entity_id)).toEqual(['householdCap', 'incomeLines']);
    expect([JSON.parse(audit[0]!.before), JSON.parse(audit[0]!.after)]).toEqual([100, 80]);
  });

  it('writes no audit row for a value that did not change', async () => {
    await dispatch(ctx(), 'settings.update', { householdCap: 100 });
    expect(countRows(runtime(), 'audit_log')).toBe(0);
  });

  it('refuses two lines for one year and bad values, in Chinese', async () => {
    const dup = await dispatch(ctx(), 'settings.update', {
      incomeLines: [
        { year: 2026, amount: 8700 },
        { year: 2026, amount: 9000 },
      ],
    });
    expect(dup).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('同一年度只能有一个监测收入标准') },
    });
    const cap = await dispatch(ctx(), 'settings.update', { householdCap: 0 });
    expect(cap).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('户数上限至少为 1') },
    });
    const fonds = await dispatch(ctx(), 'settings.update', { fondsCode: 'Z 109/' });
    expect(fonds).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('全宗号只能包含') },
    });
    const unknown = await dispatch(ctx(), 'settings.update', { theme: 'dark' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('falls back to the default when a stored value no longer passes its schema', () => {
    ctx()
      .sqlite.prepare("INSERT INTO settings (key, value) VALUES ('householdCap', '\"很多\"')")
      .run();
    expect(getSettings(ctx()).householdCap).toBe(100);
  });
});
