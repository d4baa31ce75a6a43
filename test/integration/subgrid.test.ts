import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { NoticeDraft } from '../../electron/api/notices-types';
import type {
  GridDetail,
  HouseholdDetail,
  HouseholdPage,
  OverCapGrid,
} from '../../electron/api/roster-types';
import { cardContent } from '../../electron/services/cards/content';
import { analyseImport } from '../../electron/services/roster-io/import';
import { exportRoster } from '../../electron/services/roster-io/export';
import { reportScope } from '../../electron/services/reports/scope';
import { screeningSheet } from '../../electron/services/reports/screening-sheet';
import { validId } from '../fixtures/people';
import { useTestRuntime } from '../fixtures/runtime';
import { callers, GRID, VILLAGE } from '../fixtures/village';

/**
 * Grids below the 村民小组 (组内网格, docs/domain.md §1): a household in one keeps its 村民小组 as
 * 所在组 on its card, on notices and in the roster export; the cap counts the lowest grid.
 */
describe('组内网格 (grids below the 村民小组)', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call, fail } = callers(ctx);

  async function world() {
    await call('setup.createVillage', VILLAGE);
    const east = await call<{ id: number }>('grids.create', {
      parentId: GRID.group1,
      level: 'cell',
      name: '东片',
    });
    const worker = async (name: string, phone: string) =>
      (await call<{ id: number }>('workers.create', { name, sex: '男', phone })).id;
    const liSi = await worker('李四', '13800138001');
    const wangWu = await worker('王五', '13800138002');
    await call('roles.assign', {
      workerId: liSi,
      gridId: GRID.group1,
      role: '网格长',
      startDate: '2025-01-01',
      duties: '统筹本组',
    });
    await call('roles.assign', {
      workerId: wangWu,
      gridId: east.id,
      role: '网格员',
      startDate: '2025-01-01',
      duties: '走访东片农户',
    });
    const household = async (head: string, seq: number, extra: Record<string, unknown> = {}) =>
      (
        await call<{ id: number }>('households.create', {
          gridId: east.id,
          householdType: '脱贫户',
          phone: `1391234${String(5000 + seq)}`,
          address: `${seq}号`,
          members: [
            {
              name: head,
              sex: '男',
              idNumber: validId('19650101', `${String(seq).padStart(2, '0')}1`, '532530'),
              relation: '本人',
            },
          ],
          ...extra,
        })
      ).id;
    const zhang = await household('张三', 1, {
      monitorCategory: '边缘易致贫户',
      identifiedDate: '2026-04-01',
    });
    const li = await household('李明', 2);
    return { east: east.id, zhang, li };
  }

  it('is created only directly under a 村民小组, and nothing goes under it', async () => {
    const { east } = await world();
    expect(
      (await fail('grids.create', { parentId: GRID.village, level: 'cell', name: '西片' })).message,
    ).toBe('组内网格只能建在村民小组下面，「杨柳村」是村级网格');
    expect(
      (await fail('grids.create', { parentId: east, level: 'cell', name: '小片' })).message,
    ).toBe('「东片」是组内网格，下面不能再分网格');
    expect((await fail('grids.move', { id: east, parentId: GRID.village })).message).toContain(
      '组内网格只能建在村民小组下面',
    );
    // Moving it to another group is fine.
    await call('grids.move', { id: east, parentId: GRID.group2 });
    expect((await call<GridDetail>('grids.detail', { id: east })).path).toEqual([
      '石门县',
      '柳湾镇',
      '杨柳村',
      '二组',
      '东片',
    ]);
  });

  it('keeps the 村民小组 as 所在组 on the card, with the 组内网格 workers as their own row', async () => {
    const { zhang } = await world();
    const card = cardContent(ctx(), zhang);
    expect(card.group).toBe('一组');
    const detail = await call<HouseholdDetail>('households.get', { id: zhang });
    expect(detail.grid?.name).toBe('一组·东片');
    expect(detail.gridHistory.map((g) => g.gridName)).toEqual(['一组·东片']);
    expect(card.levels.map((l) => [l.label, l.grid, l.workers.map((w) => w.name)])).toEqual([
      ['乡镇', '柳湾镇', []],
      ['村', '杨柳村', []],
      ['组', '一组', ['李四']],
      ['网格', '东片', ['王五']],
    ]);
    // The nearest worker to report to is the household's own small grid's.
    expect(card.report.worker).toMatchObject({ level: 'cell', name: '王五' });
  });

  it('prints 所在组 = the group on household notices, and the grid notice names group and 组内网格', async () => {
    const { zhang } = await world();
    await call('measures.save', {
      householdId: zhang,
      category: '产业',
      content: '发展养殖',
      plannedDate: '2026-05-01',
      status: '实施中',
    });
    const measures = await call<NoticeDraft>('notices.draft', {
      kind: '帮扶措施公示',
      from: '2026-04-01',
      to: '2026-05-06',
    });
    expect(measures.table.rows).toEqual([['张三', '一组', '产业', '产业帮扶', '实施中']]);
    const division = await call<NoticeDraft>('notices.draft', { kind: '网格划分及网格员公示' });
    const grids = division.table.rows.map((r) => [r[0], r[1], r[3]]);
    expect(grids).toContainEqual(['一组', '2', '李四']);
    expect(grids).toContainEqual(['一组·东片', '2', '王五']);
  });

  it('lists the household under 「一组·东片」 and exports it as 一组/东片, which imports back', async () => {
    const { east } = await world();
    const page = await call<HouseholdPage>('households.list', { gridId: GRID.group1 });
    expect(page.rows.map((r) => [r.headName, r.gridName])).toEqual([
      ['张三', '一组·东片'],
      ['李明', '一组·东片'],
    ]);
    const { buffer } = await exportRoster(ctx(), {});
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('农户与成员')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const column = header.indexOf('网格（村民小组）') + 1;
    expect([2, 3].map((r) => sheet.getRow(r).getCell(column).value)).toEqual([
      '一组/东片',
      '一组/东片',
    ]);
    const again = await analyseImport(ctx(), 'households', '花名册.xlsx', buffer);
    expect(again.preview).toMatchObject({ problemCount: 0, creates: 0, updates: 2 });
    const gridOf = ctx()
      .sqlite.prepare('SELECT DISTINCT grid_id AS g FROM household_grids WHERE end_date IS NULL')
      .all();
    expect(gridOf).toEqual([{ g: east }]);
  });

  it('lists a split group’s households on its 月度排查表, titled with the village', async () => {
    await world();
    const sheet = await screeningSheet(ctx(), { gridId: GRID.group1, month: '2026-05' });
    expect(sheet.rows).toBe(2);
    expect(reportScope(ctx(), GRID.group1).rootName).toBe('杨柳村一组');
  });

  it('names a 组内网格 in a report title with its village and group', async () => {
    const { east } = await world();
    expect(reportScope(ctx(), east).rootName).toBe('杨柳村一组东片');
  });

  it('applies the household cap to the lowest grid', async () => {
    const { east } = await world();
    await call('settings.update', { householdCap: 1 });
    const over = await call<OverCapGrid[]>('grids.overCap', {});
    expect(over.map((g) => [g.gridId, g.householdCount])).toEqual([[east, 2]]);
    expect((await call<GridDetail>('grids.detail', { id: east })).overCap).toBe(true);
    // The split group holds its households through its 组内网格: not itself over the cap.
    expect((await call<GridDetail>('grids.detail', { id: GRID.group1 })).overCap).toBe(false);
  });
});
