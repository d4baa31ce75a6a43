import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { EvaluationList, EvaluationRow } from '../../electron/api/reports-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import { listAudit } from '../../electron/services/audit/audit';
import { gradeOf, totalScore } from '../../electron/services/reports/evaluation';
import { parsePeriod } from '../../electron/services/reports/periods';
import { buildReportWorld } from '../fixtures/reports';
import { call, failure, GRID } from '../fixtures/village';
import { useTestRuntime } from '../fixtures/runtime';

// The fixed clock is 2026-05-06; the data set is described in test/fixtures/reports.ts.
const byName = (list: EvaluationList) =>
  Object.fromEntries(list.rows.map((r) => [r.workerName, r])) as Record<string, EvaluationRow>;

describe('实绩评价 scoring rules', () => {
  it('grades by the thresholds 90 / 75 / 60', () => {
    expect(gradeOf(100)).toBe('优秀');
    expect(gradeOf(90)).toBe('优秀');
    expect(gradeOf(89.99)).toBe('良好');
    expect(gradeOf(75)).toBe('良好');
    expect(gradeOf(74.99)).toBe('合格');
    expect(gradeOf(60)).toBe('合格');
    expect(gradeOf(59.99)).toBe('不合格');
    expect(gradeOf(0)).toBe('不合格');
    expect(gradeOf(null)).toBeNull();
  });

  it('weights 40/30/30 over the parts that apply', () => {
    expect(totalScore({ visitsOnTime: 100, closedOnTime: 100, manual: 88 })).toBe(96.4);
    expect(totalScore({ visitsOnTime: 50, closedOnTime: 0, manual: 100 })).toBe(50);
    // No manual score: 40 and 30 weighted up to 100.
    expect(totalScore({ visitsOnTime: 50, closedOnTime: 0, manual: null })).toBe(28.57);
    expect(totalScore({ visitsOnTime: null, closedOnTime: null, manual: 77 })).toBe(77);
    expect(totalScore({ visitsOnTime: null, closedOnTime: null, manual: null })).toBeNull();
  });

  it('reads every kind of period', () => {
    expect(parsePeriod('2026')).toMatchObject({
      start: '2026-01-01',
      end: '2026-12-31',
      label: '2026年度',
    });
    expect(parsePeriod('2026-h2')).toMatchObject({
      period: '2026-H2',
      start: '2026-07-01',
      end: '2026-12-31',
      label: '2026年下半年',
    });
    expect(parsePeriod('2024-Q1')).toMatchObject({
      start: '2024-01-01',
      end: '2024-03-31',
      months: ['2024-01', '2024-02', '2024-03'],
    });
    expect(parsePeriod('2024-02')).toMatchObject({
      start: '2024-02-01',
      end: '2024-02-29',
      months: ['2024-02'],
    });
  });
});

describe('实绩评价 of the village', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  it('counts visits, problems and scores for a month', async () => {
    const world = await buildReportWorld(ctx());
    await call(ctx(), 'evaluations.save', {
      workerId: world.workers.liSi,
      period: '2026-04',
      manualScore: 88,
      note: '工作认真',
    });
    const list = await call<EvaluationList>(ctx(), 'evaluations.list', { period: '2026-04' });
    expect(list).toMatchObject({
      period: '2026-04',
      periodStart: '2026-04-01',
      periodEnd: '2026-04-30',
      weights: { visitsOnTime: 40, closedOnTime: 30, manual: 30 },
    });
    // 赵六's role ended on 2026-02-28: not evaluated for April. Grid order: 一组 before 二组.
    expect(list.rows.map((r) => r.workerName)).toEqual(['李四', '王五']);
    const rows = byName(list);

    // 李四 (一组): visited H3 on 04-16 (H1's visit is in May). Due in April: H1 (quarterly,
    // done 05-03 inside Q2) and H3 (done); H2's quarter is still open → not counted. Found
    // P1, P2, P8 in April; P1 was due 04-18 and closed 04-12.
    expect(rows['李四']).toMatchObject({
      roles: '一组 网格长',
      visitsDone: 1,
      visitsDue: 2,
      visitsOnTime: 2,
      visitsOnTimeRate: { text: '100.00%' },
      problemsFound: 3,
      problemsDue: 1,
      problemsClosedOnTime: 1,
      closedOnTimeRate: { text: '100.00%' },
      manualScore: 88,
      note: '工作认真',
      totalScore: 96.4,
      grade: '优秀',
    });
    // 王五 (二组): two visits in April. Due: H4 done (phone counts for an away household), H5
    // overdue (a risk household needs 入户); H6 still open. P4 was due 04-04 and is still open.
    expect(rows['王五']).toMatchObject({
      roles: '二组 网格员',
      visitsDone: 2,
      visitsDue: 2,
      visitsOnTime: 1,
      visitsOnTimeRate: { text: '50.00%' },
      problemsFound: 0,
      problemsDue: 1,
      problemsClosedOnTime: 0,
      closedOnTimeRate: { text: '0.00%' },
      manualScore: null,
      totalScore: 28.57,
      grade: '不合格',
    });
  });

  it('counts a quarter: months together, quarterly households once, ended roles in their months', async () => {
    await buildReportWorld(ctx());
    const list = await call<EvaluationList>(ctx(), 'evaluations.list', { period: '2026-Q1' });
    expect(list.rows.map((r) => r.workerName)).toEqual(['李四', '赵六', '王五']);
    const rows = byName(list);
    // 一组 in Q1, no visits at all: H1 and H2 quarterly (one due each), H3 (a risk household
    // now) monthly. 赵六 held his role in January and February, 李四 all three months.
    expect(rows['赵六']).toMatchObject({
      visitsDue: 4,
      visitsOnTime: 0,
      totalScore: 0,
      grade: '不合格',
    });
    expect(rows['李四']).toMatchObject({
      visitsDue: 5,
      visitsOnTime: 0,
      problemsFound: 0,
      problemsDue: 0,
    });
    // 二组: H4 and H5 monthly (6 due, none done), H6 quarterly, visited 03-15 (done).
    // Problems due in Q1: P3 (closed late), P5 (on time), P9 (closed late).
    expect(rows['王五']).toMatchObject({
      visitsDone: 1,
      visitsDue: 7,
      visitsOnTime: 1,
      visitsOnTimeRate: { text: '14.29%' },
      problemsFound: 4,
      problemsDue: 3,
      problemsClosedOnTime: 1,
      closedOnTimeRate: { text: '33.33%' },
      totalScore: 22.45,
      grade: '不合格',
    });
  });

  it('limits the list to a grid', async () => {
    await buildReportWorld(ctx());
    const list = await call<EvaluationList>(ctx(), 'evaluations.list', {
      period: '2026-04',
      gridId: GRID.group2,
    });
    expect(list.rows.map((r) => r.workerName)).toEqual(['王五']);
    expect(list.rows[0]).toMatchObject({ visitsDue: 2, visitsOnTime: 1 });
  });

  it('saves the manual score with an audit entry, and refuses what cannot be scored', async () => {
    const world = await buildReportWorld(ctx());
    const input = { workerId: world.workers.wangWu, period: '2026-q2', manualScore: 70, note: '' };
    expect(await call(ctx(), 'evaluations.save', input)).toEqual({
      workerId: world.workers.wangWu,
      period: '2026-Q2',
      manualScore: 70,
      note: '',
    });
    await call(ctx(), 'evaluations.save', { ...input, manualScore: 92.5, note: '走访及时' });
    const entries = listAudit(ctx(), { entity: 'worker_evaluation' });
    expect(entries.map((e) => e.action)).toEqual(['update', 'create']);
    expect(entries[0]).toMatchObject({
      operator: '测试员',
      before: { manualScore: 70, note: '' },
      after: { manualScore: 92.5, note: '走访及时', period: '2026-Q2' },
    });
    const list = await call<EvaluationList>(ctx(), 'evaluations.list', { period: '2026-Q2' });
    expect(byName(list)['王五']).toMatchObject({ manualScore: 92.5, note: '走访及时' });
    // Cleared again.
    await call(ctx(), 'evaluations.save', { ...input, manualScore: null });
    const cleared = await call<EvaluationList>(ctx(), 'evaluations.list', { period: '2026-Q2' });
    expect(byName(cleared)['王五']!.manualScore).toBeNull();

    expect(
      await failure(ctx(), 'evaluations.save', { ...input, workerId: world.workers.zhaoLiu }),
    ).toEqual({
      code: 'VALIDATION',
      message: '网格员「赵六」在2026年第2季度没有担任网格职责，不能评分',
    });
    expect((await failure(ctx(), 'evaluations.save', { ...input, workerId: 999 })).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await failure(ctx(), 'evaluations.save', { ...input, manualScore: 101 })).message,
    ).toContain('评分不能大于 100');
    expect(
      (await failure(ctx(), 'evaluations.save', { ...input, period: '2026-Q5' })).message,
    ).toContain('评价期间应为');
    expect(countEvaluations()).toBe(1);
  });

  function countEvaluations(): number {
    return (
      ctx().sqlite.prepare('SELECT count(*) AS n FROM worker_evaluations').get() as { n: number }
    ).n;
  }

  it('exports the evaluation sheet', async () => {
    const world = await buildReportWorld(ctx());
    await call(ctx(), 'evaluations.save', {
      workerId: world.workers.liSi,
      period: '2026-04',
      manualScore: 88,
      note: '工作认真',
    });
    const file = await call<FilePayload>(ctx(), 'evaluations.export', { period: '2026-04' });
    expect(file.fileName).toBe('网格员实绩评价-杨柳村-2026-04.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.data) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('实绩评价')!;
    expect(sheet.getCell('A1').value).toBe('杨柳村 2026年4月网格员实绩评价表');
    expect(String(sheet.getCell('A2').value)).toContain('按时走访率 × 40%');
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      printTitlesRow: '3:3',
    });
    expect(sheet.getRow(3).getCell(2).value).toBe('网格员');
    const values = (n: number) =>
      Array.from((sheet.getRow(n).values as unknown[]).slice(1), (v) => v ?? null);
    expect(values(4)).toEqual([
      1,
      '李四',
      '一组 网格长',
      1,
      2,
      2,
      '100.00%',
      3,
      1,
      1,
      '100.00%',
      88,
      96.4,
      '优秀',
      '工作认真',
    ]);
    expect(values(5).slice(0, 2)).toEqual([2, '王五']);
    expect(values(5)[13]).toBe('不合格');
    expect(String(sheet.getCell(`A${sheet.rowCount}`).value)).toContain('评价小组成员签字');
  });
});
