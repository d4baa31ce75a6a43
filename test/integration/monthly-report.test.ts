import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ChartItem, MonthlyReport } from '../../electron/api/reports-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import { runCli } from '../../electron/cli/commands';
import { monthlyReport } from '../../electron/services/reports/monthly';
import { buildReportWorld } from '../fixtures/reports';
import { call, failure, GRID } from '../fixtures/village';
import { useTestRuntime } from '../fixtures/runtime';

// The fixed clock is 2026-05-06; every figure below is worked out by hand from the data set
// described in test/fixtures/reports.ts.
const asMap = (items: ChartItem[]) => Object.fromEntries(items.map((i) => [i.label, i.value]));

const ID_PATTERN = /\d{17}[\dX]/;
const MOBILE_PATTERN = /1[3-9]\d{9}/;

describe('月通报 figures', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  it('gives every figure of the month for the whole village', async () => {
    await buildReportWorld(ctx());
    const r = await call<MonthlyReport>(ctx(), 'reports.monthly', { month: '2026-04' });

    expect(r.title).toBe('杨柳村 2026年4月 防返贫动态监测月通报');
    expect(r.monthStart).toBe('2026-04-01');
    expect(r.monthEnd).toBe('2026-04-30');
    expect(r.grid).toBeNull();
    expect(r.households).toEqual({ covered: 6, members: 13 });

    // H2 (eliminated 04-10), H3 (identified 04-15), H4; H5 is identified only in May.
    expect(r.monitored).toMatchObject({
      total: 3,
      eliminated: 1,
      notEliminated: 2,
      newInMonth: 1,
      eliminatedInMonth: 1,
    });
    expect(r.monitored.byCategory).toEqual([
      { label: '脱贫不稳定户', value: 1 },
      { label: '边缘易致贫户', value: 1 },
      { label: '突发严重困难户', value: 1 },
    ]);
    expect(asMap(r.monitored.eliminatedByCategory)).toEqual({
      脱贫不稳定户: 0,
      边缘易致贫户: 1,
      突发严重困难户: 0,
    });

    // Registered in April: P1, P2, P8. Resolved in April: P1, P3, P8. Open at the end: P2, P4,
    // P9 (resolved only in May); overdue among them: P4 (due 04-04), P9 (due 02-16).
    // Year to date: P1-P5, P8, P9 registered; P1, P3, P5, P8 resolved by 04-30 → 4/7.
    expect(r.problems).toMatchObject({
      registered: 3,
      resolved: 3,
      open: 3,
      overdue: 2,
      yearRegistered: 7,
      yearResolved: 4,
      yearRate: { numerator: 4, denominator: 7, percent: 57.14, text: '57.14%' },
    });
    expect(asMap(r.problems.registeredByCategory)).toEqual({
      收入骤减: 1,
      支出骤增: 0,
      住房: 0,
      教育: 0,
      医疗: 1,
      饮水: 0,
      就业: 0,
      其他: 1,
    });
    expect(asMap(r.problems.resolvedByCategory)).toMatchObject({
      收入骤减: 1,
      就业: 1,
      其他: 1,
      医疗: 0,
    });
    expect(asMap(r.problems.openByCategory)).toMatchObject({
      医疗: 1,
      住房: 1,
      收入骤减: 1,
      其他: 0,
    });
    expect(asMap(r.problems.registeredBySource)).toEqual({
      网格员排查: 1,
      农户自主申报: 2,
      部门筛查预警: 0,
      其他: 0,
    });

    // Planned by 04-30 for the monitored: H2 产业, H3 就业, H3 公益岗位 (done early), H4 综合保障,
    // H4 金融 (no plan date, entered 04-02). Not: H2 健康 (plan 05-20), H4 社会帮扶 (entered in
    // May), H5 and H1 (not monitoring objects in April). Done: 产业, 公益岗位, 综合保障.
    expect(r.measures).toMatchObject({
      planned: 5,
      done: 3,
      rate: { text: '60.00%', percent: 60 },
      doneInMonth: 1,
      developmental: { planned: 4, done: 2, rate: { text: '50.00%' } },
    });
    const byCategory = Object.fromEntries(r.measures.byCategory.map((m) => [m.category, m]));
    expect(byCategory['产业']).toMatchObject({ planned: 1, done: 1, developmental: true });
    expect(byCategory['就业']).toMatchObject({ planned: 1, done: 0, rate: { text: '0.00%' } });
    expect(byCategory['综合保障']).toMatchObject({ planned: 1, done: 1, developmental: false });
    expect(byCategory['健康']).toMatchObject({ planned: 0, done: 0, rate: { text: '—' } });
    expect(byCategory['社会帮扶']).toMatchObject({ planned: 0 });
    expect(r.measures.byCategory).toHaveLength(14);
    expect(asMap(r.measures.plannedByCategory)['金融']).toBe(1);

    // Due in April (visit rules): H1 quarterly, visited 05-03 (inside Q2) → done; H2
    // eliminated → quarterly, pending; H3 risk, 入户 04-16 → done; H4 away, phone 04-08 → done;
    // H5 risk, only a phone call → overdue (April has ended); H6 quarterly, pending.
    expect(r.visits).toMatchObject({
      due: 6,
      done: 3,
      pending: 2,
      overdue: 1,
      rate: { text: '50.00%' },
      recorded: 3,
    });
    expect(r.visits.byStatus).toEqual([
      { label: '已走访', value: 3 },
      { label: '待走访', value: 2 },
      { label: '逾期', value: 1 },
    ]);
    expect(asMap(r.visits.recordedByWay)).toEqual({ 入户: 1, 电话: 2, 微信: 0 });

    expect(r.byGrid).toEqual([
      {
        gridId: GRID.group1,
        gridName: '一组',
        households: 3,
        members: 6,
        monitored: 2,
        problemsRegistered: 2,
        problemsResolved: 1,
        problemsOpen: 1,
        problemsOverdue: 0,
        visitsDue: 3,
        visitsDone: 2,
        visitsOverdue: 0,
      },
      {
        gridId: GRID.group2,
        gridName: '二组',
        households: 3,
        members: 7,
        monitored: 1,
        problemsRegistered: 0,
        problemsResolved: 1,
        problemsOpen: 2,
        problemsOverdue: 2,
        visitsDue: 3,
        visitsDone: 1,
        visitsOverdue: 1,
      },
      // The clue registered on the village grid itself.
      expect.objectContaining({
        gridId: GRID.village,
        gridName: '杨柳村（本级）',
        households: 0,
        problemsRegistered: 1,
        problemsResolved: 1,
      }),
    ]);
  });

  it('limits every figure to a grid subtree', async () => {
    await buildReportWorld(ctx());
    const r = monthlyReport(ctx(), { month: '2026-04', gridId: GRID.group2 });
    expect(r.title).toBe('杨柳村二组 2026年4月 防返贫动态监测月通报');
    expect(r.grid).toEqual({
      id: GRID.group2,
      name: '二组',
      path: ['石门县', '柳湾镇', '杨柳村', '二组'],
    });
    expect(r.households).toEqual({ covered: 3, members: 7 });
    expect(r.monitored.total).toBe(1);
    expect(r.problems).toMatchObject({
      registered: 0,
      resolved: 1,
      open: 2,
      overdue: 2,
      yearRegistered: 4,
      yearResolved: 2,
      yearRate: { text: '50.00%' },
    });
    expect(r.measures).toMatchObject({ planned: 2, done: 1 });
    expect(r.visits).toMatchObject({ due: 3, done: 1, pending: 1, overdue: 1, recorded: 2 });
    expect(r.byGrid.map((g) => g.gridName)).toEqual(['二组']);
  });

  it('moves with the month: March sees other figures', async () => {
    await buildReportWorld(ctx());
    const r = monthlyReport(ctx(), { month: '2026-03' });
    // Registered in March: P3, P4. Resolved in March: none. Open at 03-31: P3, P4, P9.
    // Overdue at 03-31: P3 (due 03-16), P9 (due 02-16); P4 is due 04-04.
    expect(r.problems).toMatchObject({ registered: 2, resolved: 0, open: 3, overdue: 2 });
    // YTD to 03-31: P3, P4, P5, P9 registered; P5 resolved.
    expect(r.problems.yearRate.text).toBe('25.00%');
    // H3 is not yet a monitoring object and H2 not yet eliminated.
    expect(r.monitored).toMatchObject({ total: 2, eliminated: 0, newInMonth: 0 });
    // H4 金融 was entered only on 04-02.
    expect(r.measures).toMatchObject({ planned: 2, done: 2 });
  });

  it('gives zero figures and no rate for an empty month', async () => {
    await buildReportWorld(ctx());
    const r = monthlyReport(ctx(), { month: '2024-01' });
    expect(r.problems).toMatchObject({ registered: 0, yearRegistered: 0 });
    expect(r.problems.yearRate).toEqual({ numerator: 0, denominator: 0, percent: null, text: '—' });
    expect(r.monitored.total).toBe(0);
  });

  it('refuses a malformed month and an unknown grid', async () => {
    await buildReportWorld(ctx());
    expect((await failure(ctx(), 'reports.monthly', { month: '2026-13' })).message).toContain(
      '月份的格式应为 2026-04',
    );
    expect((await failure(ctx(), 'reports.monthly', { month: '2026-04', gridId: 999 })).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await failure(ctx(), 'reports.monthlyExport', { month: '2026-04', format: 'docx' })).message,
    ).toContain('文件格式只能是 xlsx 或 pdf');
  });
});

describe('月通报 files', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  async function exportFile(format: 'xlsx' | 'pdf'): Promise<{ file: string; name: string }> {
    const payload = await call<FilePayload>(ctx(), 'reports.monthlyExport', {
      month: '2026-04',
      format,
    });
    const file = path.join(runtime().ctx.dataDir, `report.${format}`);
    fs.writeFileSync(file, Buffer.from(payload.data));
    return { file, name: payload.fileName };
  }

  it('writes a PDF with the title, the figures, page numbers and an embedded subset font', async () => {
    await buildReportWorld(ctx());
    const { file, name } = await exportFile('pdf');
    expect(name).toBe('月通报-杨柳村-2026-04.pdf');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('杨柳村 2026年4月 防返贫动态监测月通报');
    expect(text).toMatch(/办结率\s+57\.14%/);
    expect(text).toMatch(/完成率\s+60\.00%/);
    expect(text).toMatch(/开发式完成率\s+50\.00%/);
    expect(text).toMatch(/监测对象（户）\s+3/);
    expect(text).toMatch(/一组\s+3\s+6\s+2\s+2\s+1\s+1\s+0\s+3\s+2\s+0/);
    expect(text).toMatch(/—\s*1\s*—/);
    expect(text).not.toMatch(ID_PATTERN);
    expect(text).not.toMatch(MOBILE_PATTERN);

    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    const fontLines = fonts.split('\n').slice(2).filter(Boolean);
    expect(fontLines.length).toBeGreaterThan(0);
    for (const line of fontLines) {
      // name type encoding emb sub uni: a subset name (ABCDEF+) and emb/sub both yes.
      expect(line).toMatch(/^[A-Z]{6}\+NotoSansSC-\S+\s.*\syes\s+yes\s+yes\s/);
    }
    expect(fs.statSync(file).size).toBeLessThan(400_000);
  });

  it('writes a workbook: the 月通报 sheet and one sheet per breakdown, A4', async () => {
    await buildReportWorld(ctx());
    const { file, name } = await exportFile('xlsx');
    expect(name).toBe('月通报-杨柳村-2026-04.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      '月通报',
      '监测对象',
      '问题类别',
      '问题来源',
      '帮扶措施',
      '走访',
      '分网格',
    ]);
    const main = workbook.getWorksheet('月通报')!;
    expect(main.getCell('A1').value).toBe('杨柳村 2026年4月 防返贫动态监测月通报');
    expect(String(main.getCell('A2').value)).toContain('2026-04-01 至 2026-04-30');
    expect(main.pageSetup.paperSize).toBe(9);
    expect(main.pageSetup.orientation).toBe('portrait');
    const figures = new Map<string, unknown>();
    main.eachRow((row, n) => {
      if (n > 3) figures.set(String(row.getCell(1).value).trim(), row.getCell(2).value);
    });
    expect(figures.get('纳入网格管理的农户（户）')).toBe(6);
    expect(figures.get('本月登记问题（件）')).toBe(3);
    expect(figures.get('其中：超过办结时限（件）')).toBe(2);
    // Rates are numbers shown as percentages (monthly-report-layout.test.ts reads the format).
    expect(figures.get('办结率')).toBe(0.5714);
    expect(figures.get('完成率')).toBe(0.6);
    expect(figures.get('逾期未走访（户）')).toBe(1);

    const grids = workbook.getWorksheet('分网格')!;
    expect(grids.pageSetup.orientation).toBe('landscape');
    expect(grids.pageSetup.printTitlesRow).toBe('3:3');
    expect(grids.getRow(3).getCell(1).value).toBe('网格');
    expect(grids.getRow(4).values).toEqual([undefined, '一组', 3, 6, 2, 2, 1, 1, 0, 3, 2, 0]);
    const last = grids.getRow(grids.rowCount);
    expect(last.getCell(1).value).toBe('合计');
    expect(last.getCell(2).value).toBe(6);

    const measures = workbook.getWorksheet('帮扶措施')!;
    const rows: unknown[][] = [];
    measures.eachRow((row, n) => {
      if (n > 3) rows.push(Array.from((row.values as unknown[]).slice(1), (v) => v ?? null));
    });
    expect(rows).toContainEqual(['其中：开发式', '是', 4, 2, 0.5]);
    expect(rows).toContainEqual(['合计', null, 5, 3, 0.6]);

    // Nothing personal anywhere in the workbook.
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) => {
        const text = JSON.stringify(row.values);
        expect(text).not.toMatch(ID_PATTERN);
        expect(text).not.toMatch(MOBILE_PATTERN);
      });
    }
  });

  it('is made by the CLI: monthly-report --month --out (.pdf or .xlsx)', async () => {
    await buildReportWorld(ctx());
    const db = runtime().ctx.databaseFile;
    runtime().close();
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    const cli = (args: string[]) => runCli([...args, '--db', db], io, {});
    const pdf = path.join(path.dirname(db), 'cli.pdf');
    expect(await cli(['monthly-report', '--month', '2026-04', '--out', pdf])).toBe(0);
    expect(out.join('\n')).toContain('年度办结率 57.14%');
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain(
      '防返贫动态监测月通报',
    );
    const xlsx = path.join(path.dirname(db), 'cli.xlsx');
    expect(await cli(['monthly-report', '--month', '2026-04', '--grid', '5', '--out', xlsx])).toBe(
      0,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    expect(workbook.getWorksheet('月通报')!.getCell('A1').value).toBe(
      '杨柳村二组 2026年4月 防返贫动态监测月通报',
    );
    expect(await cli(['monthly-report', '--month', '2026-04', '--out', 'x.docx'])).toBe(1);
    expect(out.at(-1)).toBe('--out 的文件扩展名应为 .xlsx 或 .pdf');
  });
});
