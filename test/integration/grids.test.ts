import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/services/dispatch';
import { createGrid, gridTree } from '../../electron/services/grids/grids';
import { countRows, FIXED_NOW, useTestRuntime } from '../fixtures/runtime';

describe('grid tree service', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const auditRows = () =>
    ctx().sqlite.prepare('SELECT * FROM audit_log ORDER BY id').all() as {
      operator: string;
      entity: string;
      entity_id: string;
      action: string;
      before: string | null;
      after: string | null;
      at: string;
    }[];

  function smallTree() {
    const county = createGrid(ctx(), { parentId: null, level: 'county', name: '石门县' });
    const township = createGrid(ctx(), { parentId: county.id, level: 'township', name: '柳湾镇' });
    const village = createGrid(ctx(), { parentId: township.id, level: 'village', name: '杨柳村' });
    return { county, township, village };
  }

  it('nests the tree and orders children by the order they were added', () => {
    const { village } = smallTree();
    for (const name of ['三组', '一组', '二组'])
      createGrid(ctx(), { parentId: village.id, level: 'group', name });
    const [root] = gridTree(ctx());
    expect(root!.name).toBe('石门县');
    const groups = root!.children[0]!.children[0]!.children;
    expect(groups.map((g) => [g.name, g.sortOrder])).toEqual([
      ['三组', 0],
      ['一组', 1],
      ['二组', 2],
    ]);
  });

  it('records every write in the audit log with operator, time, before and after', async () => {
    const { village } = smallTree();
    const group = await dispatch(ctx(), 'grids.create', {
      parentId: village.id,
      level: 'group',
      name: '一组',
      code: 'G01',
    });
    expect(group.ok).toBe(true);
    const id = (group as { result: { id: number } }).result.id;
    await dispatch(ctx(), 'grids.rename', { id, name: '第一村民小组' });
    await dispatch(ctx(), 'grids.delete', { id });
    const rows = auditRows().filter((r) => r.entity_id === String(id));
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
    expect(
      rows.every(
        (r) => r.operator === '测试员' && r.entity === 'grid' && r.at === FIXED_NOW.toISOString(),
      ),
    ).toBe(true);
    expect(JSON.parse(rows[0]!.after!)).toMatchObject({
      name: '一组',
      code: 'G01',
      level: 'group',
    });
    expect(JSON.parse(rows[1]!.before!).name).toBe('一组');
    expect(JSON.parse(rows[1]!.after!).name).toBe('第一村民小组');
    expect(JSON.parse(rows[2]!.before!).name).toBe('第一村民小组');
    expect(rows[2]!.after).toBeNull();
  });

  it('refuses a duplicate name under the same parent and writes neither grid nor audit row', async () => {
    const { village } = smallTree();
    createGrid(ctx(), { parentId: village.id, level: 'group', name: '一组' });
    const grids = countRows(runtime(), 'grids');
    const audits = countRows(runtime(), 'audit_log');
    const result = await dispatch(ctx(), 'grids.create', {
      parentId: village.id,
      level: 'group',
      name: '一组',
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('已有名为「一组」') },
    });
    expect(countRows(runtime(), 'grids')).toBe(grids);
    expect(countRows(runtime(), 'audit_log')).toBe(audits);
  });

  it('refuses a child that is not below its parent’s level', async () => {
    const { village } = smallTree();
    const result = await dispatch(ctx(), 'grids.create', {
      parentId: village.id,
      level: 'township',
      name: '新镇',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('「杨柳村」是村级网格') },
    });
  });

  it('refuses to delete a grid that still has children, naming it and the count', async () => {
    const { township } = smallTree();
    const result = await dispatch(ctx(), 'grids.delete', { id: township.id });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: '「柳湾镇」下还有 1 个下级网格，不能删除。请先把它们移到其他网格或结束分工。',
      },
    });
    expect(countRows(runtime(), 'grids')).toBe(3);
  });

  it('rolls the grid back when its audit row cannot be written (one transaction)', () => {
    ctx().sqlite.exec(
      "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk trouble'); END",
    );
    expect(() => createGrid(ctx(), { parentId: null, level: 'county', name: '石门县' })).toThrow(
      'disk trouble',
    );
    expect(countRows(runtime(), 'grids')).toBe(0);
  });

  it('says which grid is missing', async () => {
    expect(await dispatch(ctx(), 'grids.rename', { id: 999, name: '甲' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: '找不到编号为 999 的网格，可能已被删除' },
    });
  });
});
