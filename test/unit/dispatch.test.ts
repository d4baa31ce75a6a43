import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/services/dispatch';
import { countRows, openTestRuntime, useTestRuntime } from '../fixtures/runtime';

describe('dispatch: the one entry point of every door', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  it('refuses an unknown method, and names on Object.prototype', async () => {
    for (const method of ['fs.readFile', '__proto__', 'constructor', 'hasOwnProperty']) {
      expect(await dispatch(ctx(), method, {})).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_METHOD' },
      });
    }
  });

  it('names the bad field in Chinese', async () => {
    const result = await dispatch(ctx(), 'grids.create', {
      parentId: null,
      level: 'group',
      name: 123,
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: '输入有误：请填写网格名称' },
    });
    const wrongType = await dispatch(ctx(), 'demo.seed', { size: 'village', seed: 'abc' });
    expect(wrongType).toMatchObject({
      error: { message: expect.stringContaining('随机种子必须是数字') },
    });
  });

  it('refuses __proto__ and other unknown keys', async () => {
    const polluted = JSON.parse('{"id": 1, "name": "甲", "__proto__": {"admin": true}}');
    expect(await dispatch(ctx(), 'grids.rename', polluted)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(await dispatch(ctx(), 'settings.get', { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('refuses a 10 MB string without crashing', async () => {
    const huge = '村'.repeat(10 * 1024 * 1024);
    const result = await dispatch(ctx(), 'grids.create', {
      parentId: null,
      level: 'county',
      name: huge,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('不能超过 50 个字') },
    });
    expect(countRows(runtime(), 'grids')).toBe(0);
  });

  it('stores SQL-looking text verbatim', async () => {
    const name = "x'); DROP TABLE grids;--";
    const result = await dispatch(ctx(), 'grids.create', { parentId: null, level: 'county', name });
    expect(result).toMatchObject({ ok: true, result: { name } });
    expect(ctx().sqlite.prepare('SELECT name FROM grids').all()).toEqual([{ name }]);
  });

  it('turns an internal failure into a Chinese INTERNAL error without leaking details', async () => {
    const broken = await openTestRuntime();
    broken.close();
    const result = await dispatch(broken.ctx, 'grids.tree', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('程序内部出错') },
    });
    expect(JSON.stringify(result)).not.toContain('database connection');
    fs.rmSync(path.dirname(broken.ctx.databaseFile), { recursive: true, force: true });
  });
});
