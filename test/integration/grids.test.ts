import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../electron/api/errors';
import type { GridNode, GridRecord } from '../../electron/api/types';
import { dispatch } from '../../electron/services/dispatch';
import {
  createGrid,
  deleteGrid,
  gridPath,
  gridTree,
  moveGrid,
  renameGrid,
} from '../../electron/services/grids/grids';
import { householdInput } from '../fixtures/people';
import { countRows, FIXED_NOW, useTestRuntime } from '../fixtures/runtime';

interface AuditRow {
  operator: string;
  entity: string;
  entity_id: string;
  action: string;
  before: string | null;
  after: string | null;
  at: string;
}

describe('grid service', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const auditRows = () =>
    ctx().sqlite.prepare('SELECT * FROM audit_log ORDER BY id').all() as AuditRow[];
  const gridRow = (id: number) => ctx().sqlite.prepare('SELECT * FROM grids WHERE id = ?').get(id);
  const counts = () => ({
    grids: countRows(runtime(), 'grids'),
    audit: countRows(runtime(), 'audit_log'),
  });
  const ok = <T>(envelope: Envelope<unknown>): T => {
    if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
    return envelope.result as T;
  };

  /** 石门县 → 柳湾镇 → 杨柳村, created directly through the service. */
  function smallTree() {
    const county = createGrid(ctx(), { parentId: null, level: 'county', name: '石门县' });
    const township = createGrid(ctx(), { parentId: county.id, level: 'township', name: '柳湾镇' });
    const village = createGrid(ctx(), { parentId: township.id, level: 'village', name: '杨柳村' });
    return { county, township, village };
  }

  const childrenOf = (nodes: GridNode[], id: number): GridNode[] => {
    for (const node of nodes) {
      if (node.id === id) return node.children;
      const found = childrenOf(node.children, id);
      if (found.length > 0) return found;
    }
    return [];
  };

  describe('writes', () => {
    it('creates, renames and deletes directly, and the database follows', () => {
      const { village } = smallTree();
      const group = createGrid(ctx(), {
        parentId: village.id,
        level: 'group',
        name: '一组',
        code: 'G01',
      });
      expect(group).toEqual({
        id: 4,
        parentId: village.id,
        level: 'group',
        name: '一组',
        code: 'G01',
        sortOrder: 0,
        archivedAt: null,
      });
      expect(gridRow(group.id)).toMatchObject({ parent_id: 3, level: 'group', code: 'G01' });

      expect(renameGrid(ctx(), { id: group.id, name: '第一村民小组' })).toMatchObject({
        id: group.id,
        name: '第一村民小组',
      });
      expect(gridRow(group.id)).toMatchObject({ name: '第一村民小组' });
      expect(gridPath(ctx(), group.id)).toEqual(['石门县', '柳湾镇', '杨柳村', '第一村民小组']);

      expect(deleteGrid(ctx(), { id: group.id })).toEqual({ id: group.id, archived: false });
      expect(gridRow(group.id)).toBeUndefined();
      expect(countRows(runtime(), 'grids')).toBe(3);
    });

    it('creates, renames and deletes through dispatch, trimming names and codes', async () => {
      const { village } = smallTree();
      const group = ok<GridRecord>(
        await dispatch(ctx(), 'grids.create', {
          parentId: village.id,
          level: 'group',
          name: '  一组 ',
          code: ' G01 ',
        }),
      );
      expect(group).toMatchObject({ name: '一组', code: 'G01', parentId: village.id });
      expect(gridRow(group.id)).toMatchObject({ name: '一组', code: 'G01' });

      const blankCode = ok<GridRecord>(
        await dispatch(ctx(), 'grids.create', {
          parentId: village.id,
          level: 'group',
          name: '二组',
          code: '',
        }),
      );
      expect(gridRow(blankCode.id)).toMatchObject({ code: null, sort_order: 1 });

      expect(
        ok<GridRecord>(await dispatch(ctx(), 'grids.rename', { id: group.id, name: '第一组' })),
      ).toMatchObject({ id: group.id, name: '第一组' });
      expect(ok(await dispatch(ctx(), 'grids.delete', { id: group.id }))).toEqual({
        id: group.id,
        archived: false,
      });
      expect(
        (
          ctx().sqlite.prepare('SELECT name FROM grids ORDER BY id').all() as { name: string }[]
        ).map((r) => r.name),
      ).toEqual(['石门县', '柳湾镇', '杨柳村', '二组']);
    });

    it('appends one audit row per write: operator, time, entity, action, before and after', async () => {
      const { village } = smallTree();
      expect(auditRows()).toHaveLength(3);
      const group = ok<GridRecord>(
        await dispatch(ctx(), 'grids.create', {
          parentId: village.id,
          level: 'group',
          name: '一组',
          code: 'G01',
        }),
      );
      await dispatch(ctx(), 'grids.rename', { id: group.id, name: '第一村民小组' });
      await dispatch(ctx(), 'grids.delete', { id: group.id });

      const rows = auditRows();
      expect(rows).toHaveLength(6);
      for (const row of rows) {
        expect(row).toMatchObject({
          operator: '测试员',
          entity: 'grid',
          at: FIXED_NOW.toISOString(),
        });
      }
      const mine = rows.filter((r) => r.entity_id === String(group.id));
      expect(mine.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
      const [created, renamed, deleted] = mine;
      expect(created!.before).toBeNull();
      expect(JSON.parse(created!.after!)).toEqual({
        id: group.id,
        parentId: village.id,
        level: 'group',
        name: '一组',
        code: 'G01',
        sortOrder: 0,
        archivedAt: null,
      });
      expect(JSON.parse(renamed!.before!)).toMatchObject({ name: '一组' });
      expect(JSON.parse(renamed!.after!)).toMatchObject({ name: '第一村民小组', code: 'G01' });
      expect(JSON.parse(deleted!.before!)).toMatchObject({ name: '第一村民小组' });
      expect(deleted!.after).toBeNull();
    });

    it('writes no audit row for a rename to the same name', () => {
      const { village } = smallTree();
      const before = counts();
      expect(renameGrid(ctx(), { id: village.id, name: '杨柳村' }).name).toBe('杨柳村');
      expect(counts()).toEqual(before);
    });

    it('keeps the grid and its audit row in one transaction: no audit, no grid', () => {
      ctx().sqlite.exec(
        "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk trouble'); END",
      );
      expect(() => createGrid(ctx(), { parentId: null, level: 'county', name: '石门县' })).toThrow(
        'disk trouble',
      );
      expect(counts()).toEqual({ grids: 0, audit: 0 });
    });
  });

  describe('refused writes change nothing', () => {
    it('a duplicate name under the same parent: CONFLICT, no grid, no audit row', async () => {
      const { village } = smallTree();
      createGrid(ctx(), { parentId: village.id, level: 'group', name: '一组' });
      const before = counts();
      const result = await dispatch(ctx(), 'grids.create', {
        parentId: village.id,
        level: 'group',
        name: ' 一组',
      });
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'CONFLICT',
          message: '同一上级下已有名为「一组」的网格，请换一个名称',
        },
      });
      expect(counts()).toEqual(before);
    });

    it('a duplicate root name is refused too, but the same name under another parent is fine', async () => {
      const { township } = smallTree();
      expect(
        await dispatch(ctx(), 'grids.create', { parentId: null, level: 'county', name: '石门县' }),
      ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      const other = createGrid(ctx(), { parentId: township.id, level: 'village', name: '石门村' });
      createGrid(ctx(), { parentId: 3, level: 'group', name: '一组' });
      expect(
        await dispatch(ctx(), 'grids.create', { parentId: other.id, level: 'group', name: '一组' }),
      ).toMatchObject({ ok: true, result: { name: '一组', parentId: other.id } });
    });

    it('a rename onto a sibling’s name: CONFLICT, name kept, no audit row', async () => {
      const { village } = smallTree();
      createGrid(ctx(), { parentId: village.id, level: 'group', name: '一组' });
      const two = createGrid(ctx(), { parentId: village.id, level: 'group', name: '二组' });
      const before = counts();
      expect(await dispatch(ctx(), 'grids.rename', { id: two.id, name: '一组' })).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', message: expect.stringContaining('已有名为「一组」') },
      });
      expect(gridRow(two.id)).toMatchObject({ name: '二组' });
      expect(counts()).toEqual(before);
    });

    it('a level not below its parent’s: VALIDATION in Chinese naming the parent, nothing written', async () => {
      const { village } = smallTree();
      const before = counts();
      for (const level of ['county', 'township', 'village'] as const) {
        const result = await dispatch(ctx(), 'grids.create', {
          parentId: village.id,
          level,
          name: '新网格',
        });
        expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      }
      expect(
        await dispatch(ctx(), 'grids.create', {
          parentId: village.id,
          level: 'township',
          name: '新镇',
        }),
      ).toEqual({
        ok: false,
        error: {
          code: 'VALIDATION',
          message: '「杨柳村」是村级网格，下级只能是比它低的层级，不能是乡镇',
        },
      });
      expect(counts()).toEqual(before);
    });

    it('a missing parent or grid: NOT_FOUND naming the number', async () => {
      const before = counts();
      expect(
        await dispatch(ctx(), 'grids.create', { parentId: 42, level: 'group', name: '一组' }),
      ).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: '找不到编号为 42 的网格，可能已被删除' },
      });
      expect(await dispatch(ctx(), 'grids.rename', { id: 999, name: '甲' })).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: '找不到编号为 999 的网格，可能已被删除' },
      });
      expect(await dispatch(ctx(), 'grids.delete', { id: 999 })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      expect(counts()).toEqual(before);
    });

    it('deleting a grid with sub-grids: CONFLICT naming the grid and the count, nothing deleted', async () => {
      const { township, village } = smallTree();
      for (const name of ['一组', '二组', '三组'])
        createGrid(ctx(), { parentId: village.id, level: 'group', name });
      const before = counts();
      expect(await dispatch(ctx(), 'grids.delete', { id: township.id })).toEqual({
        ok: false,
        error: {
          code: 'CONFLICT',
          message: '「柳湾镇」下还有 1 个下级网格，不能删除。请先把它们移到其他网格或结束分工。',
        },
      });
      expect(() => deleteGrid(ctx(), { id: village.id })).toThrow(
        '「杨柳村」下还有 3 个下级网格，不能删除。',
      );
      expect(counts()).toEqual(before);
    });

    it('moving a grid under itself or its own sub-grid is refused', async () => {
      const { township, village } = smallTree();
      const before = counts();
      expect(
        await dispatch(ctx(), 'grids.move', { id: township.id, parentId: village.id }),
      ).toEqual({
        ok: false,
        error: { code: 'VALIDATION', message: '不能把「柳湾镇」移到它自己或它的下级网格里' },
      });
      expect(
        await dispatch(ctx(), 'grids.move', { id: village.id, parentId: village.id }),
      ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(counts()).toEqual(before);
    });
  });

  describe('archive', () => {
    /** 一组 with a household that moved on to 二组: history, nothing current. */
    async function groupWithHistory() {
      const { village } = smallTree();
      const one = createGrid(ctx(), { parentId: village.id, level: 'group', name: '一组' });
      const two = createGrid(ctx(), { parentId: village.id, level: 'group', name: '二组' });
      const household = ok<{ id: number }>(
        await dispatch(ctx(), 'households.create', householdInput(one.id)),
      );
      ok(await dispatch(ctx(), 'households.move', { id: household.id, gridId: two.id }));
      return { village, one, two };
    }

    it('keeps a grid with history, hidden from the tree, with an archive audit row', async () => {
      const { village, one } = await groupWithHistory();
      expect(ok(await dispatch(ctx(), 'grids.delete', { id: one.id }))).toEqual({
        id: one.id,
        archived: true,
      });
      expect(gridRow(one.id)).toMatchObject({ name: '一组', archived_at: FIXED_NOW.toISOString() });
      expect(childrenOf(gridTree(ctx()), village.id).map((g) => g.name)).toEqual(['二组']);
      expect(auditRows().at(-1)).toMatchObject({
        entity: 'grid',
        entity_id: String(one.id),
        action: 'archive',
      });
      // Its name is free again under the same parent.
      expect(
        await dispatch(ctx(), 'grids.create', {
          parentId: village.id,
          level: 'group',
          name: '一组',
        }),
      ).toMatchObject({ ok: true });
    });

    it('keeps the first archive date when an archived grid is deleted again', async () => {
      const { one } = await groupWithHistory();
      ok(await dispatch(ctx(), 'grids.delete', { id: one.id }));
      const audits = countRows(runtime(), 'audit_log');
      ctx().now = () => new Date('2026-09-01T00:00:00.000Z');
      await dispatch(ctx(), 'grids.delete', { id: one.id });
      expect(gridRow(one.id)).toMatchObject({ archived_at: FIXED_NOW.toISOString() });
      expect(countRows(runtime(), 'audit_log')).toBe(audits);
    });

    it('refuses to use an archived grid as a parent or to rename it', async () => {
      const { one } = await groupWithHistory();
      ok(await dispatch(ctx(), 'grids.delete', { id: one.id }));
      expect(await dispatch(ctx(), 'grids.rename', { id: one.id, name: '新一组' })).toEqual({
        ok: false,
        error: { code: 'CONFLICT', message: '网格「一组」已撤销，不能再使用' },
      });
      expect(
        await dispatch(ctx(), 'grids.create', { parentId: one.id, level: 'group', name: '甲' }),
      ).toEqual({
        ok: false,
        error: { code: 'CONFLICT', message: '网格「一组」已撤销，不能再使用' },
      });
    });
  });

  describe('tree', () => {
    it('is empty on a new database', async () => {
      expect(await dispatch(ctx(), 'grids.tree', {})).toEqual({ ok: true, result: [] });
    });

    it('nests every level and orders children in the order they were added', () => {
      const { county, township, village } = smallTree();
      for (const name of ['三组', '一组', '二组'])
        createGrid(ctx(), { parentId: village.id, level: 'group', name });
      const second = createGrid(ctx(), {
        parentId: county.id,
        level: 'township',
        name: '河口乡',
      });
      const tree = gridTree(ctx());
      expect(tree).toHaveLength(1);
      const [root] = tree;
      expect(root).toMatchObject({ name: '石门县', level: 'county', parentId: null });
      expect(root!.children.map((c) => [c.name, c.sortOrder])).toEqual([
        ['柳湾镇', 0],
        ['河口乡', 1],
      ]);
      expect(root!.children[1]).toMatchObject({ id: second.id, children: [] });
      expect(childrenOf(tree, township.id).map((c) => c.name)).toEqual(['杨柳村']);
      expect(childrenOf(tree, village.id).map((g) => [g.name, g.sortOrder, g.level])).toEqual([
        ['三组', 0, 'group'],
        ['一组', 1, 'group'],
        ['二组', 2, 'group'],
      ]);
    });

    it('puts a new grid last even after an earlier sibling was deleted', () => {
      const { village } = smallTree();
      const [one] = ['一组', '二组', '三组'].map((name) =>
        createGrid(ctx(), { parentId: village.id, level: 'group', name }),
      );
      deleteGrid(ctx(), { id: one!.id });
      createGrid(ctx(), { parentId: village.id, level: 'group', name: '四组' });
      expect(childrenOf(gridTree(ctx()), village.id).map((g) => g.name)).toEqual([
        '二组',
        '三组',
        '四组',
      ]);
    });

    it('moves a grid with an audit row and shows it last among its new siblings', () => {
      const { township } = smallTree();
      // 河口村 and its 甲组 are created before 杨柳村's groups, so 甲组 has the smaller id.
      const other = createGrid(ctx(), { parentId: township.id, level: 'village', name: '河口村' });
      const moving = createGrid(ctx(), { parentId: other.id, level: 'group', name: '甲组' });
      const [one] = ['一组', '二组'].map((name) =>
        createGrid(ctx(), { parentId: 3, level: 'group', name }),
      );
      deleteGrid(ctx(), { id: one!.id });

      const moved = moveGrid(ctx(), { id: moving.id, parentId: 3 });
      expect(moved).toMatchObject({ id: moving.id, parentId: 3 });
      const audit = auditRows().at(-1)!;
      expect(audit).toMatchObject({ action: 'move', entity_id: String(moving.id) });
      expect(JSON.parse(audit.before!)).toMatchObject({ parentId: other.id });
      expect(JSON.parse(audit.after!)).toMatchObject({ parentId: 3 });

      // The sibling count (1) would tie with 二组's sort order and the smaller id would then
      // sort the moved grid first: the new sort order must be after the highest one.
      expect(childrenOf(gridTree(ctx()), 3).map((g) => g.name)).toEqual(['二组', '甲组']);
    });
  });
});
