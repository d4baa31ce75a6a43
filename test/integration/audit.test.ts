import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../electron/api/types';
import { audit } from '../../electron/services/audit/audit';
import { inTransaction } from '../../electron/services/context';
import { dispatch } from '../../electron/services/dispatch';
import { createGrid, renameGrid } from '../../electron/services/grids/grids';
import { countRows, FIXED_NOW, useTestRuntime } from '../fixtures/runtime';

describe('audit trail', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const list = async (input: Record<string, unknown>) => {
    const result = await dispatch(ctx(), 'audit.list', input);
    if (!result.ok) throw new Error(result.error.message);
    return result.result as AuditEntry[];
  };

  it('refuses to write outside the transaction of a change', () => {
    expect(() => audit(ctx(), { entity: 'grid', entityId: 1, action: 'create' })).toThrow(
      'must run inside the transaction',
    );
    expect(countRows(runtime(), 'audit_log')).toBe(0);
  });

  it('is rolled back with the change it records', () => {
    expect(() =>
      inTransaction(ctx(), () => {
        audit(ctx(), { entity: 'grid', entityId: 1, action: 'create', after: { name: '甲' } });
        throw new Error('later step failed');
      }),
    ).toThrow('later step failed');
    expect(countRows(runtime(), 'audit_log')).toBe(0);
  });

  it('lists newest first with before and after as values, filtered and limited', async () => {
    const county = createGrid(ctx(), { parentId: null, level: 'county', name: '石门县' });
    const township = createGrid(ctx(), { parentId: county.id, level: 'township', name: '柳湾镇' });
    renameGrid(ctx(), { id: township.id, name: '柳湾乡' });
    await dispatch(ctx(), 'settings.update', { householdCap: 80 });

    const all = await list({});
    expect(all.map((e) => `${e.entity}:${e.entityId}:${e.action}`)).toEqual([
      'setting:householdCap:update',
      `grid:${township.id}:update`,
      `grid:${township.id}:create`,
      `grid:${county.id}:create`,
    ]);
    expect(all[0]).toMatchObject({
      at: FIXED_NOW.toISOString(),
      operator: '测试员',
      before: 100,
      after: 80,
    });
    expect(all[1]).toMatchObject({
      before: { name: '柳湾镇', level: 'township' },
      after: { name: '柳湾乡', level: 'township' },
    });

    expect(
      (await list({ entity: 'grid', entityId: String(township.id) })).map((e) => e.action),
    ).toEqual(['update', 'create']);
    expect(await list({ entity: 'setting' })).toHaveLength(1);
    expect((await list({ limit: 2 })).map((e) => e.entity)).toEqual(['setting', 'grid']);
  });

  it('refuses a bad limit in Chinese', async () => {
    expect(await dispatch(ctx(), 'audit.list', { limit: 0 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('条数') },
    });
  });
});
