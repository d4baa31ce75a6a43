import { describe, expect, it } from 'vitest';
import { AppError } from '../../electron/api/errors';
import { dispatch } from '../../electron/services/dispatch';
import { getSettings, updateSettings } from '../../electron/services/settings/settings';
import { createVillage, setupStatus } from '../../electron/services/setup/setup';
import { WORKFLOW_DEFAULTS } from '../fixtures/settings';
import { countRows, FIXED_NOW, useTestRuntime } from '../fixtures/runtime';

const VILLAGE = {
  county: '石门县',
  township: '柳湾镇',
  village: '杨柳村',
  groups: ['一组', '二组', '三组'],
};

describe('first-run set-up', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const nothingWritten = () => {
    expect(countRows(runtime(), 'grids')).toBe(0);
    expect(countRows(runtime(), 'audit_log')).toBe(0);
    expect(countRows(runtime(), 'settings')).toBe(0);
  };

  it('builds 县 → 乡镇 → 村 → groups and names the village in settings', async () => {
    expect(await dispatch(ctx(), 'setup.status', {})).toEqual({
      ok: true,
      result: { initialized: false, rootId: null, villageName: '' },
    });
    const result = await dispatch(ctx(), 'setup.createVillage', VILLAGE);
    expect(result).toMatchObject({
      ok: true,
      result: {
        name: '石门县',
        level: 'county',
        children: [
          {
            name: '柳湾镇',
            level: 'township',
            children: [
              {
                name: '杨柳村',
                level: 'village',
                children: [
                  { name: '一组', level: 'group', sortOrder: 0, children: [] },
                  { name: '二组', level: 'group', sortOrder: 1, children: [] },
                  { name: '三组', level: 'group', sortOrder: 2, children: [] },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(
      ctx().sqlite.prepare('SELECT id, parent_id, name, level FROM grids ORDER BY id').all(),
    ).toEqual([
      { id: 1, parent_id: null, name: '石门县', level: 'county' },
      { id: 2, parent_id: 1, name: '柳湾镇', level: 'township' },
      { id: 3, parent_id: 2, name: '杨柳村', level: 'village' },
      { id: 4, parent_id: 3, name: '一组', level: 'group' },
      { id: 5, parent_id: 3, name: '二组', level: 'group' },
      { id: 6, parent_id: 3, name: '三组', level: 'group' },
    ]);
    expect(await dispatch(ctx(), 'setup.status', {})).toEqual({
      ok: true,
      result: { initialized: true, rootId: 1, villageName: '杨柳村' },
    });
  });

  it('audits each grid and the village name it set', async () => {
    await dispatch(ctx(), 'setup.createVillage', VILLAGE);
    const rows = ctx()
      .sqlite.prepare('SELECT entity, entity_id, action, before, after FROM audit_log ORDER BY id')
      .all() as { entity: string; entity_id: string; action: string; before: string | null }[];
    expect(rows.map((r) => `${r.entity}:${r.entity_id}:${r.action}`)).toEqual([
      'grid:1:create',
      'grid:2:create',
      'grid:3:create',
      'grid:4:create',
      'grid:5:create',
      'grid:6:create',
      'setting:villageName:update',
    ]);
    expect(rows.at(-1)).toMatchObject({ before: '""', after: '"杨柳村"' });
  });

  it('refuses a second set-up with CONFLICT and writes nothing', async () => {
    await dispatch(ctx(), 'setup.createVillage', VILLAGE);
    const audits = countRows(runtime(), 'audit_log');
    const again = await dispatch(ctx(), 'setup.createVillage', { ...VILLAGE, village: '另一个村' });
    expect(again).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: '网格已经建立过了，请到「网格花名册」中增加或修改网格。',
      },
    });
    expect(countRows(runtime(), 'grids')).toBe(6);
    expect(countRows(runtime(), 'audit_log')).toBe(audits);
    expect(getSettings(ctx()).villageName).toBe('杨柳村');
  });

  it('refuses duplicate group names with a Chinese message, spaces ignored, and writes nothing', async () => {
    for (const groups of [
      ['一组', '一组'],
      ['一组', ' 一组 '],
    ]) {
      expect(await dispatch(ctx(), 'setup.createVillage', { ...VILLAGE, groups })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: '输入有误：村民小组名称不能重复' },
      });
    }
    nothingWritten();
  });

  it('refuses empty names and an empty group list, naming the field', async () => {
    const empty = await dispatch(ctx(), 'setup.createVillage', {
      ...VILLAGE,
      groups: ['一组', '  '],
    });
    expect(empty).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('第 2 个村民小组：请填写村民小组名称') },
    });
    expect(await dispatch(ctx(), 'setup.createVillage', { ...VILLAGE, groups: [] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('至少填写一个村民小组') },
    });
    expect(await dispatch(ctx(), 'setup.createVillage', { ...VILLAGE, county: '' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('请填写县名称') },
    });
    nothingWritten();
  });

  it('is one transaction: a failure at the last group leaves no grid, audit row or setting', () => {
    // Called directly, past the contract's duplicate check, so the 4th createGrid fails.
    let error: unknown;
    try {
      createVillage(ctx(), { ...VILLAGE, groups: ['一组', '二组', '一组'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'CONFLICT' });
    nothingWritten();
    expect(setupStatus(ctx())).toEqual({ initialized: false, rootId: null, villageName: '' });
  });

  it('keeps a village name the clerk already set', async () => {
    updateSettings(ctx(), { villageName: '杨柳村村民委员会' });
    await dispatch(ctx(), 'setup.createVillage', VILLAGE);
    expect(getSettings(ctx()).villageName).toBe('杨柳村村民委员会');
    expect(
      countRows(runtime(), 'audit_log') - 6, // six grids
    ).toBe(1);
  });
});

describe('settings', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const storeRaw = (key: string, value: string) =>
    ctx().sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(key, value);

  it('has defaults: cap 100, no income line assumed', async () => {
    expect(await dispatch(ctx(), 'settings.get', {})).toEqual({
      ok: true,
      result: {
        villageName: '',
        fondsCode: '',
        householdCap: 100,
        incomeLines: [],
        ...WORKFLOW_DEFAULTS,
      },
    });
    expect(countRows(runtime(), 'settings')).toBe(0);
  });

  it('saves a change with an audit row before → after, income lines sorted by year', async () => {
    const result = await dispatch(ctx(), 'settings.update', {
      householdCap: 80,
      incomeLines: [
        { year: 2026, amount: 8700 },
        { year: 2024, amount: 7500 },
        { year: 2025, amount: 8050 },
      ],
    });
    const sorted = [
      { year: 2024, amount: 7500 },
      { year: 2025, amount: 8050 },
      { year: 2026, amount: 8700 },
    ];
    expect(result).toEqual({
      ok: true,
      result: {
        villageName: '',
        fondsCode: '',
        householdCap: 80,
        incomeLines: sorted,
        ...WORKFLOW_DEFAULTS,
      },
    });
    expect(getSettings(ctx()).incomeLines).toEqual(sorted);
    expect(
      ctx().sqlite.prepare('SELECT key, value, updated_at FROM settings ORDER BY key').all(),
    ).toEqual([
      { key: 'householdCap', value: '80', updated_at: FIXED_NOW.toISOString() },
      { key: 'incomeLines', value: JSON.stringify(sorted), updated_at: FIXED_NOW.toISOString() },
    ]);
    const audit = ctx()
      .sqlite.prepare(
        "SELECT operator, entity_id, action, before, after FROM audit_log WHERE entity = 'setting' ORDER BY id",
      )
      .all() as {
      operator: string;
      entity_id: string;
      action: string;
      before: string;
      after: string;
    }[];
    expect(audit.map((a) => [a.entity_id, a.action, a.operator])).toEqual([
      ['householdCap', 'update', '测试员'],
      ['incomeLines', 'update', '测试员'],
    ]);
    expect([JSON.parse(audit[0]!.before), JSON.parse(audit[0]!.after)]).toEqual([100, 80]);
    expect([JSON.parse(audit[1]!.before), JSON.parse(audit[1]!.after)]).toEqual([[], sorted]);
  });

  it('records the previous value as before on a second change', async () => {
    await dispatch(ctx(), 'settings.update', { villageName: '杨柳村' });
    await dispatch(ctx(), 'settings.update', { villageName: ' 石门村 ' });
    expect(getSettings(ctx()).villageName).toBe('石门村');
    const last = ctx()
      .sqlite.prepare('SELECT before, after FROM audit_log ORDER BY id DESC LIMIT 1')
      .get();
    expect(last).toEqual({ before: '"杨柳村"', after: '"石门村"' });
  });

  it('writes no audit row for a value that did not change', async () => {
    await dispatch(ctx(), 'settings.update', { householdCap: 100, incomeLines: [] });
    expect(countRows(runtime(), 'audit_log')).toBe(0);
    expect(countRows(runtime(), 'settings')).toBe(0);
  });

  it('refuses two lines for one year and bad values, in Chinese, and stores nothing', async () => {
    const dup = await dispatch(ctx(), 'settings.update', {
      incomeLines: [
        { year: 2026, amount: 8700 },
        { year: 2026, amount: 9000 },
      ],
    });
    expect(dup).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: '输入有误：同一年度只能有一个监测收入标准',
      },
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
    const year = await dispatch(ctx(), 'settings.update', {
      incomeLines: [{ year: 2010, amount: 5000 }],
    });
    expect(year).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('年度不能早于 2015') },
    });
    const unknown = await dispatch(ctx(), 'settings.update', { theme: 'dark' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(countRows(runtime(), 'settings')).toBe(0);
    expect(countRows(runtime(), 'audit_log')).toBe(0);
  });

  it('falls back to the default when a stored value no longer passes its schema', () => {
    storeRaw('householdCap', '"很多"');
    storeRaw('incomeLines', '[{"year":"去年","amount":1}]');
    storeRaw('villageName', '"杨柳村"');
    expect(getSettings(ctx())).toEqual({
      villageName: '杨柳村',
      fondsCode: '',
      householdCap: 100,
      incomeLines: [],
      ...WORKFLOW_DEFAULTS,
    });
  });

  it('falls back to the default when a stored value is not JSON at all', async () => {
    // A hand-edited database (e.g. value 很多 without quotes) must not break every screen.
    storeRaw('householdCap', '很多');
    storeRaw('villageName', '"杨柳村"');
    expect(await dispatch(ctx(), 'settings.get', {})).toEqual({
      ok: true,
      result: {
        villageName: '杨柳村',
        fondsCode: '',
        householdCap: 100,
        incomeLines: [],
        ...WORKFLOW_DEFAULTS,
      },
    });
  });

  it('ignores stored keys it does not know', () => {
    storeRaw('theme', '"dark"');
    expect(getSettings(ctx())).not.toHaveProperty('theme');
  });
});

describe('workflow settings', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  it('saves deadlines and the calendar; holiday lists are sorted and without repeats', async () => {
    const result = await dispatch(ctx(), 'settings.update', {
      deadlines: { ...WORKFLOW_DEFAULTS.deadlines, total: { days: 10, workingDays: true } },
      holidays: ['2026-10-02', '2026-10-01', '2026-10-01'],
      workdays: ['2026-10-11'],
    });
    expect(result).toMatchObject({
      ok: true,
      result: {
        deadlines: { total: { days: 10, workingDays: true }, verify: { days: 2 } },
        holidays: ['2026-10-01', '2026-10-02'],
        workdays: ['2026-10-11'],
      },
    });
  });

  it('refuses a limit of 0 days and a date that does not exist, naming the field', async () => {
    const zero = await dispatch(ctx(), 'settings.update', {
      deadlines: { ...WORKFLOW_DEFAULTS.deadlines, verify: { days: 0, workingDays: false } },
    });
    expect(zero).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(zero)).toContain('核实评议时限至少 1 天');
    const bad = await dispatch(ctx(), 'settings.update', { holidays: ['2026-02-30'] });
    expect(JSON.stringify(bad)).toContain('不是有效的日期');
    expect(getSettings(ctx()).holidays).toEqual([]);
  });
});
