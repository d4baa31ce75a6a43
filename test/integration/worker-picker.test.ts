import { describe, expect, it } from 'vitest';
import type { GridWorkers, WorkerPage } from '../../electron/api/roster-types';
import { useTestRuntime } from '../fixtures/runtime';
import { callers, VILLAGE } from '../fixtures/village';

// Grid ids after set-up: 1 县, 2 乡镇, 3 村, 4 一组, 5 二组.

/**
 * workers.list (paged, searched and filtered in the service) and workers.forGrid (the workers
 * over a grid in the default order) — what the 网格员 page and every 网格员 picker load instead
 * of the whole county's workers (issue 15 item 3).
 */
describe('worker list and pickers', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call, fail } = callers(ctx);

  /** A village with workers over its grids; returns their ids by name. */
  async function seed() {
    await call('setup.createVillage', VILLAGE);
    const people: [string, string][] = [
      ['李建国', '13800138000'],
      ['王建华', '13900139001'],
      ['建明', '13700137002'],
      ['赵六', '0871-1234567'],
      ['钱七', ''],
      ['孙八', '13600136003'],
      ['周九', '13500135004'],
    ];
    const ids: Record<string, number> = {};
    for (const [name, phone] of people) {
      ids[name] = (
        await call<{ id: number }>('workers.create', { name, sex: '男', phone, post: '' })
      ).id;
    }
    const assign = (name: string, gridId: number, role: string) =>
      call<{ id: number }>('roles.assign', {
        workerId: ids[name],
        gridId,
        role,
        startDate: '2025-01-01',
      });
    await assign('李建国', 4, '网格长');
    await assign('孙八', 4, '网格员');
    await assign('赵六', 5, '网格员');
    await assign('王建华', 3, '监管员');
    await assign('建明', 3, '网格长');
    await assign('周九', 3, '网格员');
    // 李建国 also leads the village's 信息员 work: listed once, at his own group.
    await assign('李建国', 3, '信息员');
    // 钱七's role in 一组 has ended: he is over no grid now.
    const ended = await assign('钱七', 4, '监测员');
    await call('roles.end', { id: ended.id, endDate: '2026-01-31' });
    return ids;
  }

  const names = (page: WorkerPage) => page.rows.map((w) => w.name);

  it('pages the workers by name with the total of the filter, phones masked', async () => {
    await seed();
    const first = await call<WorkerPage>('workers.list', { limit: 3 });
    const second = await call<WorkerPage>('workers.list', { limit: 3, offset: 3 });
    const last = await call<WorkerPage>('workers.list', { limit: 3, offset: 6 });
    expect(first.total).toBe(7);
    expect(second.total).toBe(7);
    expect(last.total).toBe(7);
    const all = [...names(first), ...names(second), ...names(last)];
    expect(all).toHaveLength(7);
    expect(new Set(all).size).toBe(7);
    // Sorted as SQLite sorts the names (by code point), one page after the other.
    expect(all).toEqual([...all].sort());
    const beyond = await call<WorkerPage>('workers.list', { limit: 3, offset: 9 });
    expect(beyond).toEqual({ total: 7, rows: [] });

    const li = all.indexOf('李建国');
    const row = [...first.rows, ...second.rows, ...last.rows][li]!;
    expect(row.phoneMasked).toBe('138****8000');
    expect(row.initials).toBe('ljg');
    expect(row.activeRoles).toEqual([
      { gridId: 4, gridName: '一组', role: '网格长' },
      { gridId: 3, gridName: '杨柳村', role: '信息员' },
    ]);
    expect(JSON.stringify([first, second, last])).not.toContain('13800138000');
  });

  it('searches by a part of the name (names starting with it first), initials, or a phone tail', async () => {
    await seed();
    const byName = await call<WorkerPage>('workers.list', { query: '建' });
    expect(byName.total).toBe(3);
    expect(names(byName)).toEqual(['建明', '李建国', '王建华']);
    expect(names(await call<WorkerPage>('workers.list', { query: 'ljg' }))).toEqual(['李建国']);
    expect(names(await call<WorkerPage>('workers.list', { query: 'Z' }))).toEqual(['周九', '赵六']);
    expect(await call<WorkerPage>('workers.list', { query: '齉' })).toEqual({ total: 0, rows: [] });

    // A phone by its last 4 digits (a mobile or a landline) or as a whole number.
    expect(names(await call<WorkerPage>('workers.list', { query: '8000' }))).toEqual(['李建国']);
    expect(names(await call<WorkerPage>('workers.list', { query: '4567' }))).toEqual(['赵六']);
    expect(names(await call<WorkerPage>('workers.list', { query: '139 0013 9001' }))).toEqual([
      '王建华',
    ]);
    // Never by a longer tail: that reads a masked phone back digit by digit (§7).
    const tail = await fail('workers.list', { query: '38000' });
    expect(tail.code).toBe('VALIDATION');
    expect(tail.message).toBe('按号码查找请输入身份证号或电话的后 4 位，或完整号码');

    // Each number search is in the audit trail, the number masked as lists mask it.
    const rows = ctx()
      .sqlite.prepare(
        `SELECT entity_id AS entityId, action, after FROM audit_log
         WHERE entity = 'roster_search' ORDER BY id`,
      )
      .all() as { entityId: string; action: string; after: string }[];
    expect(rows.map((r) => [r.entityId, r.action])).toEqual([
      ['workers', 'digit-search'],
      ['workers', 'digit-search'],
      ['workers', 'digit-search'],
    ]);
    expect(rows.map((r) => JSON.parse(r.after) as { query: string; hits: number })).toEqual([
      expect.objectContaining({ query: '…8000', hits: 1 }),
      expect.objectContaining({ query: '…4567', hits: 1 }),
      expect.objectContaining({ query: '139****9001', hits: 1 }),
    ]);
    expect(JSON.stringify(rows)).not.toContain('13900139001');
  });

  it('counts worker number searches in the one per-minute limit', async () => {
    await seed();
    await call('settings.update', { digitSearchesPerMinute: 2 });
    await call('workers.list', { query: '8000' });
    await call('workers.list', { query: '4567' });
    const refused = await fail('workers.list', { query: '9001' });
    expect(refused.code).toBe('BUSY');
    // The roster's search box shares the limit; a search by name does not count.
    expect((await fail('roster.search', { query: '1234' })).code).toBe('BUSY');
    expect(names(await call<WorkerPage>('workers.list', { query: '李' }))).toEqual(['李建国']);
  });

  it('filters by a grid and the grids below it, current roles only', async () => {
    await seed();
    const group = await call<WorkerPage>('workers.list', { gridId: 4 });
    expect(group.total).toBe(2);
    expect(names(group).sort()).toEqual(['孙八', '李建国'].sort());
    const village = await call<WorkerPage>('workers.list', { gridId: 3 });
    expect(village.total).toBe(6);
    expect(names(village)).not.toContain('钱七');
    const searched = await call<WorkerPage>('workers.list', { gridId: 3, query: 'zl' });
    expect(names(searched)).toEqual(['赵六']);
    expect(names(await call<WorkerPage>('workers.list', { gridId: 5, query: '李' }))).toEqual([]);
  });

  it('lists the workers over a grid nearest first, in the default role order', async () => {
    const ids = await seed();
    const over = await call<GridWorkers>('workers.forGrid', { gridId: 4 });
    expect(over.gridId).toBe(4);
    // 一组: its 网格员 before its 网格长; then the village's 网格员, 网格长, (李建国's 信息员
    // is left out: he is listed at 一组), 监管员. 赵六 of 二组 and 钱七 (role ended) are not.
    expect(over.workers.map((w) => [w.name, w.nearest.role, w.nearest.depth])).toEqual([
      ['孙八', '网格员', 0],
      ['李建国', '网格长', 0],
      ['周九', '网格员', 1],
      ['建明', '网格长', 1],
      ['王建华', '监管员', 1],
    ]);
    expect(over.workers[0]!.id).toBe(ids['孙八']);
    expect(over.workers[1]!.activeRoles.map((r) => r.gridName)).toEqual(['一组', '杨柳村']);
    expect(over.workers[1]!.phoneMasked).toBe('138****8000');

    // Nobody in 二组 but 赵六; the village's people follow.
    const second = await call<GridWorkers>('workers.forGrid', { gridId: 5 });
    expect(second.workers.map((w) => w.name)).toEqual(['赵六', '周九', '建明', '李建国', '王建华']);
    // The village itself: its own workers only (no grid above it holds any).
    expect(
      (await call<GridWorkers>('workers.forGrid', { gridId: 3 })).workers.map((w) => w.name),
    ).toEqual(['周九', '建明', '李建国', '王建华']);
    expect((await fail('workers.forGrid', { gridId: 999 })).code).toBe('NOT_FOUND');
  });
});
