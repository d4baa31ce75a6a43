import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { FilePayload } from '../../electron/api/roster-io-types';
import type { MeetingDetail, MeetingSummary } from '../../electron/api/visits-types';
import { listAudit } from '../../electron/services/audit/audit';
import type { ServiceContext } from '../../electron/services/context';
import { createProblem, resolveProblem } from '../../electron/services/ledger/problems';
import {
  MEETING_SHEET,
  MEETING_TITLE,
  PROBLEM_HEADER,
} from '../../electron/services/visits/meeting-xlsx';
import { countRows, useTestRuntime } from '../fixtures/runtime';
import { call, failure, GRID, VILLAGE } from '../fixtures/village';
import { addHousehold, addWorker, member } from '../fixtures/visits';

/** One village with two households and three problems (one a clue with no household). */
async function buildVillage(ctx: ServiceContext) {
  await call(ctx, 'setup.createVillage', VILLAGE);
  const worker = await addWorker(ctx, '李明', GRID.group1);
  const chen = await addHousehold(ctx, GRID.group1, member('陈大山', '本人'));
  const sun = await addHousehold(ctx, GRID.group2, member('孙小河', '本人'));
  const problem = (input: Record<string, unknown>) =>
    createProblem(ctx, {
      workerId: worker,
      source: '网格员排查',
      personName: '',
      place: '',
      note: '',
      ...input,
    } as Parameters<typeof createProblem>[1]).id;
  const illness = problem({
    householdId: chen,
    category: '医疗',
    description: '户主住院，医疗支出大',
    registeredDate: '2026-04-03',
  });
  const house = problem({
    householdId: sun,
    category: '住房',
    description: '房屋墙体开裂',
    registeredDate: '2026-04-20',
  });
  const clue = problem({
    gridId: GRID.group1,
    personName: '路人甲',
    category: '其他',
    description: '反映村口有人生活困难',
    registeredDate: '2026-04-25',
  });
  resolveProblem(ctx, {
    id: house,
    measureTaken: '危房改造',
    responsiblePerson: '李明',
    resolvedDate: '2026-04-28',
  });
  return { worker, problems: { illness, house, clue } };
}

const minutes = (problemIds: number[], over: Record<string, unknown> = {}) => ({
  gridId: GRID.village,
  date: '2026-04-30',
  place: '村委会会议室',
  host: '王书记',
  attendees: '王书记、李明、赵强、驻村工作队张队长',
  topics: '四月走访情况；新发现问题研判',
  decisions: '1. 陈大山户纳入重点关注，下周入户核实医疗费用。\n2. 孙小河户危房改造完成后回访。',
  recorder: '李明',
  problemIds,
  ...over,
});

describe('月度会商 minutes', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  it('saves minutes with linked problems and reads them back with names and statuses', async () => {
    const { problems } = await buildVillage(ctx());
    const saved = await call<MeetingDetail>(
      ctx(),
      'meetings.save',
      minutes([problems.clue, problems.illness, problems.house]),
    );
    expect(saved).toMatchObject({
      gridId: GRID.village,
      gridName: '杨柳村',
      gridPath: ['石门县', '柳湾镇', '杨柳村'],
      date: '2026-04-30',
      host: '王书记',
      recorder: '李明',
      problemCount: 3,
    });
    // In registration order, households by their head, a clue by who reported it.
    expect(saved.problems).toEqual([
      {
        id: problems.illness,
        registeredDate: '2026-04-03',
        description: '户主住院，医疗支出大',
        category: '医疗',
        status: '未解决',
        headName: '陈大山',
        gridName: '一组',
      },
      {
        id: problems.house,
        registeredDate: '2026-04-20',
        description: '房屋墙体开裂',
        category: '住房',
        status: '已解决',
        headName: '孙小河',
        gridName: '二组',
      },
      expect.objectContaining({ id: problems.clue, headName: '路人甲', status: '未解决' }),
    ]);
    expect(await call(ctx(), 'meetings.get', { id: saved.id })).toEqual(saved);
    const [entry] = listAudit(ctx(), { entity: 'meeting', entityId: String(saved.id) });
    expect(entry).toMatchObject({
      action: 'create',
      after: expect.objectContaining({
        problemIds: [problems.illness, problems.house, problems.clue],
      }),
    });
  });

  it('updates the fields and replaces the linked problems; deleting keeps the problems', async () => {
    const { problems } = await buildVillage(ctx());
    const saved = await call<MeetingDetail>(
      ctx(),
      'meetings.save',
      minutes([problems.illness, problems.house]),
    );
    const updated = await call<MeetingDetail>(
      ctx(),
      'meetings.save',
      minutes([problems.clue], { id: saved.id, place: '一组活动室', gridId: GRID.group1 }),
    );
    expect(updated).toMatchObject({ id: saved.id, place: '一组活动室', gridName: '一组' });
    expect(updated.problems.map((p) => p.id)).toEqual([problems.clue]);
    expect(countRows(runtime(), 'meeting_problems')).toBe(1);
    const trail = listAudit(ctx(), { entity: 'meeting', entityId: String(saved.id) });
    expect(trail[0]).toMatchObject({
      action: 'update',
      before: expect.objectContaining({ problemIds: [problems.illness, problems.house] }),
      after: expect.objectContaining({ problemIds: [problems.clue], place: '一组活动室' }),
    });

    await call(ctx(), 'meetings.delete', { id: saved.id });
    expect(countRows(runtime(), 'meetings')).toBe(0);
    expect(countRows(runtime(), 'meeting_problems')).toBe(0);
    expect(countRows(runtime(), 'problems')).toBe(3);
    expect(listAudit(ctx(), { entity: 'meeting' })[0]).toMatchObject({ action: 'delete' });
    expect(await failure(ctx(), 'meetings.get', { id: saved.id })).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('lists minutes newest first, by date range and grid subtree', async () => {
    const { problems } = await buildVillage(ctx());
    await call(ctx(), 'meetings.save', minutes([], { date: '2026-03-31' }));
    await call(ctx(), 'meetings.save', minutes([problems.illness, problems.house]));
    await call(ctx(), 'meetings.save', minutes([], { gridId: GRID.group2, date: '2026-05-02' }));
    const all = await call<MeetingSummary[]>(ctx(), 'meetings.list', {});
    expect(all.map((m) => [m.date, m.gridName, m.problemCount])).toEqual([
      ['2026-05-02', '二组', 0],
      ['2026-04-30', '杨柳村', 2],
      ['2026-03-31', '杨柳村', 0],
    ]);
    const april = await call<MeetingSummary[]>(ctx(), 'meetings.list', {
      from: '2026-04-01',
      to: '2026-04-30',
    });
    expect(april.map((m) => m.date)).toEqual(['2026-04-30']);
    const group2 = await call<MeetingSummary[]>(ctx(), 'meetings.list', { gridId: GRID.group2 });
    expect(group2.map((m) => m.date)).toEqual(['2026-05-02']);
    const village = await call<MeetingSummary[]>(ctx(), 'meetings.list', { gridId: GRID.village });
    expect(village).toHaveLength(3);
  });

  it('refuses a township grid, a future date, unknown, foreign or later problems, writing nothing', async () => {
    const { worker, problems } = await buildVillage(ctx());
    expect(
      await failure(ctx(), 'meetings.save', minutes([], { gridId: GRID.township })),
    ).toMatchObject({
      code: 'VALIDATION',
      message: '会商记录要记在村级或村民小组网格下，「柳湾镇」是乡镇级网格',
    });
    expect(
      await failure(ctx(), 'meetings.save', minutes([], { date: '2026-05-07' })),
    ).toMatchObject({ message: '会商日期 2026-05-07 不能晚于今天（2026-05-06）' });
    expect(
      (await failure(ctx(), 'meetings.save', minutes([], { date: '2014-05-07' }))).message,
    ).toContain('会商日期不能早于 2015 年');
    expect(await failure(ctx(), 'meetings.save', minutes([problems.illness, 999]))).toMatchObject({
      code: 'NOT_FOUND',
      message: '找不到编号为 999 的问题，可能已被删除',
    });
    expect(
      (await failure(ctx(), 'meetings.save', minutes([problems.illness, problems.illness])))
        .message,
    ).toContain('关联问题不能重复');
    // 一组's meeting cannot take 二组's problem.
    expect(
      await failure(ctx(), 'meetings.save', minutes([problems.house], { gridId: GRID.group1 })),
    ).toMatchObject({
      code: 'VALIDATION',
      message: `问题 ${problems.house} 不属于「一组」，只能关联本网格（含下级网格）的问题`,
    });
    // Another village's problem is refused for this village too.
    const other = await call<{ id: number }>(ctx(), 'grids.create', {
      parentId: GRID.township,
      level: 'village',
      name: '桃园村',
    });
    const otherGroup = await call<{ id: number }>(ctx(), 'grids.create', {
      parentId: other.id,
      level: 'group',
      name: '桃园一组',
    });
    const foreign = createProblem(ctx(), {
      workerId: worker,
      gridId: otherGroup.id,
      personName: '桃园村民',
      place: '',
      note: '',
      category: '饮水',
      source: '网格员排查',
      description: '桃园村停水',
      registeredDate: '2026-04-10',
    }).id;
    expect((await failure(ctx(), 'meetings.save', minutes([foreign]))).message).toContain(
      '不属于「杨柳村」',
    );
    // A meeting cannot discuss a problem registered after it.
    expect(
      await failure(ctx(), 'meetings.save', minutes([problems.clue], { date: '2026-04-24' })),
    ).toMatchObject({
      message: `问题 ${problems.clue}（2026-04-25 登记）登记在会商日期 2026-04-24 之后，不能关联`,
    });
    expect(countRows(runtime(), 'meetings')).toBe(0);
    expect(countRows(runtime(), 'meeting_problems')).toBe(0);
    expect(listAudit(ctx(), { entity: 'meeting' })).toEqual([]);
  });

  it('exports the minutes as an A4 portrait workbook with the fields and linked problems', async () => {
    const { problems } = await buildVillage(ctx());
    const saved = await call<MeetingDetail>(
      ctx(),
      'meetings.save',
      minutes([problems.illness, problems.house]),
    );
    const file = await call<FilePayload>(ctx(), 'meetings.export', { id: saved.id });
    expect(file.fileName).toBe('月度会商记录-杨柳村-2026-04-30.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.data) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(MEETING_SHEET)!;
    expect(sheet).toBeDefined();
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    });

    const text = (row: number, col: number) => sheet.getCell(row, col).text;
    expect(text(1, 1)).toBe(MEETING_TITLE);
    expect(sheet.getCell(1, 5).isMerged).toBe(true);
    // Label in A, value in C, for each field in order.
    const fields: [string, string][] = [];
    for (let r = 2; r <= 9; r++) fields.push([text(r, 1), text(r, 3)]);
    expect(fields).toEqual([
      ['网格', '石门县 / 柳湾镇 / 杨柳村'],
      ['会商日期', '2026-04-30'],
      ['会商地点', '村委会会议室'],
      ['主持人', '王书记'],
      ['记录人', '李明'],
      ['参会人员', '王书记、李明、赵强、驻村工作队张队长'],
      ['会商议题', '四月走访情况；新发现问题研判'],
      [
        '会商决定',
        '1. 陈大山户纳入重点关注，下周入户核实医疗费用。\n2. 孙小河户危房改造完成后回访。',
      ],
    ]);
    // Two lines of decisions get a taller row than a one-line field.
    expect(sheet.getRow(9).height).toBeGreaterThan(sheet.getRow(3).height);
    expect(text(10, 1)).toBe('关联问题（2 个）');
    expect([1, 2, 3, 4, 5].map((c) => text(11, c))).toEqual([...PROBLEM_HEADER]);
    expect([1, 2, 3, 4, 5].map((c) => text(12, c))).toEqual([
      '1',
      '2026-04-03',
      '陈大山',
      '户主住院，医疗支出大',
      '未解决',
    ]);
    expect([1, 2, 3, 4, 5].map((c) => text(13, c))).toEqual([
      '2',
      '2026-04-20',
      '孙小河',
      '房屋墙体开裂',
      '已解决',
    ]);
    expect(text(15, 1)).toBe('主持人签字：');
    expect(text(15, 4)).toBe('记录人签字：');
  });

  it('exports minutes with no linked problems', async () => {
    await buildVillage(ctx());
    const saved = await call<MeetingDetail>(ctx(), 'meetings.save', minutes([]));
    const file = await call<FilePayload>(ctx(), 'meetings.export', { id: saved.id });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.data) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(MEETING_SHEET)!;
    expect(sheet.getCell(10, 1).text).toBe('关联问题（0 个）');
    expect(sheet.getCell(12, 1).text).toBe('无');
  });
});
