import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ProblemDetail } from '../../electron/api/ledger-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import { runCli } from '../../electron/cli/commands';
import { listAudit } from '../../electron/services/audit/audit';
import { LEDGER_COLUMNS } from '../../electron/services/ledger/ledger-xlsx';
import { useTestRuntime } from '../fixtures/runtime';
import { seedLedgerBase, type LedgerBase } from '../fixtures/ledger';
import { callers } from '../fixtures/village';

const HEADERS = [
  '序号',
  '网格',
  '网格员',
  '户主/反映人',
  '问题描述',
  '类别',
  '来源',
  '登记日期',
  '处置措施',
  '责任人',
  '办结时限',
  '状态',
  '办结日期',
  '回访结果',
  '备注',
];

async function readBack(data: Uint8Array): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
  expect(workbook.worksheets.map((s) => s.name)).toEqual(['问题登记台账']);
  return workbook.getWorksheet('问题登记台账')!;
}

const rowValues = (sheet: ExcelJS.Worksheet, n: number) =>
  (sheet.getRow(n).values as unknown[]).slice(1);

describe('ledger xlsx', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call } = callers(ctx);
  let base: LedgerBase;

  /** Three problems: one resolved and followed up, one overdue, one clue. */
  async function seedProblems() {
    base = await seedLedgerBase(call);
    const resolved = await call<ProblemDetail>('problems.create', {
      workerId: base.workers.wang,
      householdId: base.households.zhang,
      category: '医疗',
      source: '网格员排查',
      description: '户主住院，自付医疗费用约 3 万元',
      registeredDate: '2026-03-02',
    });
    await call('problems.resolve', {
      id: resolved.id,
      measureTaken: '落实医疗救助 2 万元',
      responsiblePerson: '王网格',
      resolvedDate: '2026-03-20', // due 3-17: three days late
    });
    await call('problems.followUp', {
      id: resolved.id,
      followUpDate: '2026-03-25',
      followUpResult: '救助款已到账',
      satisfaction: '基本满意',
    });
    const overdue = await call<ProblemDetail>('problems.create', {
      workerId: base.workers.li,
      householdId: base.households.zhao,
      category: '收入骤减',
      source: '部门筛查预警',
      description: '务工收入中断',
      registeredDate: '2026-04-10', // due 4-25, today 5-06: 11 days over
      note: '待乡镇复核',
    });
    await call('problems.saveStep', {
      problemId: overdue.id,
      step: '核实评议',
      date: '2026-04-11',
    });
    const clue = await call<ProblemDetail>('problems.create', {
      workerId: base.workers.li,
      gridId: base.grids.village,
      personName: '钱六',
      place: '村东头',
      category: '住房',
      source: '农户自主申报',
      description: '反映有户危房',
      registeredDate: '2026-05-01',
    });
    return { resolved, overdue, clue };
  }

  it('lays the ledger out as the paper ledger, A4 landscape with the header on every page', async () => {
    await seedProblems();
    const file = await call<FilePayload & { rows: number }>('problems.export', {});
    expect(file.rows).toBe(3);
    expect(file.fileName).toBe('问题登记台账-全部-20260506.xlsx');
    const sheet = await readBack(file.data);
    // Row 1 says the ledger is internal (it keeps free text whole, issue 14); row 2 the header.
    expect(sheet.getRow(1).getCell(1).value).toBe(
      '内部台账：含身份证号、电话等个人信息，不得公开张贴或外传',
    );
    expect(rowValues(sheet, 2)).toEqual(HEADERS);
    expect(LEDGER_COLUMNS.map((c) => c.header)).toEqual(HEADERS);
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:2',
    });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.rowCount).toBe(5);
    // Chinese-aware widths: wide enough for the headers (CJK = 2) and the long text columns.
    expect(sheet.getColumn(4).width).toBeGreaterThanOrEqual(11);
    expect(sheet.getColumn(5).width).toBeGreaterThanOrEqual(30);
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(10);

    // Ledger order: by registration date. Row 3 is the resolved one, followed up.
    expect(rowValues(sheet, 3)).toEqual([
      1,
      '杨柳村/一组',
      '王网格',
      '张三',
      '户主住院，自付医疗费用约 3 万元',
      '医疗',
      '网格员排查',
      '2026-03-02',
      '落实医疗救助 2 万元',
      '王网格',
      '2026-03-17',
      '已解决',
      '2026-03-20',
      '救助款已到账（基本满意）',
      '超时限 3 天办结',
    ]);
    // Row 4: open and past its 办结时限 — light red, 备注 says how many days.
    const overdue = sheet.getRow(4);
    expect(rowValues(sheet, 4)).toEqual(
      [
        2,
        '二组',
        '李网格',
        '赵四',
        '务工收入中断',
        '收入骤减',
        '部门筛查预警',
        '2026-04-10',
        '',
        '',
        '2026-04-25',
        '处理中',
        '',
        '',
        '待乡镇复核；逾期 11 天',
      ].map((v) => (v === '' ? undefined : v)),
    );
    expect(overdue.getCell(5).fill).toMatchObject({
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: 'FFFFE5E5' },
    });
    expect(JSON.stringify(sheet.getRow(3).getCell(5).fill ?? {})).not.toContain('FFFFE5E5');
    // Row 5: a clue shows the 反映人 and place, in its village grid.
    expect(sheet.getRow(5).getCell(2).value).toBe('杨柳村');
    expect(sheet.getRow(5).getCell(4).value).toBe('钱六（村东头）');
    // Dates are text, as typed: no date cells for LibreOffice or WPS to re-format.
    for (const column of [8, 11, 13]) {
      expect(typeof sheet.getRow(3).getCell(column).value).toBe('string');
    }
    expect(sheet.headerFooter.oddHeader).toContain('问题登记台账');
    expect(sheet.headerFooter.oddHeader).toContain('内部台账：含身份证号、电话等个人信息');
    // Explicit row heights for wrapped text (LibreOffice does not fit them on opening).
    for (const n of [3, 4, 5]) expect(sheet.getRow(n).height).toBeGreaterThanOrEqual(18);
    const exports = listAudit(ctx(), { entity: 'problem_ledger' });
    expect(exports[0]).toMatchObject({ action: 'export', after: { rows: 3 } });
  });

  it('exports the same filters as the list', async () => {
    const { overdue } = await seedProblems();
    const onlyOverdue = await call<FilePayload & { rows: number }>('problems.export', {
      overdue: true,
    });
    expect(onlyOverdue.rows).toBe(1);
    expect(onlyOverdue.fileName).toBe('问题登记台账-全部-逾期-20260506.xlsx');
    const sheet = await readBack(onlyOverdue.data);
    expect(sheet.getRow(3).getCell(5).value).toBe('务工收入中断');
    const village = await call<FilePayload & { rows: number }>('problems.export', {
      gridId: base.grids.group1,
    });
    expect(village.rows).toBe(1);
    expect(village.fileName).toMatch(/^问题登记台账-一组-/);
    const empty = await call<FilePayload & { rows: number }>('problems.export', {
      workerId: base.workers.li,
      status: '已解决',
    });
    expect(empty.rows).toBe(0);
    expect(rowValues(await readBack(empty.data), 2)).toEqual(HEADERS);
    expect(overdue.id).toBeGreaterThan(0);
  });

  it('export-ledger writes the file with the CLI filters, and reports a bad filter in Chinese', async () => {
    await seedProblems();
    const dbFile = ctx().databaseFile;
    const out = path.join(ctx().dataDir, '台账.xlsx');
    const lines: string[] = [];
    const errors: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => errors.push(l) };
    // One program at a time holds the database: the test's own session steps aside.
    runtime().session.close();
    const code = await runCli(
      ['export-ledger', '--db', dbFile, '--out', out, '--status', '处理中', '--from', '2026-04-01'],
      io,
      {},
    );
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    expect(lines).toEqual([`已导出 1 条问题：${out}`]);
    const sheet = await readBack(fs.readFileSync(out));
    expect(sheet.getRow(3).getCell(4).value).toBe('赵四');
    expect(sheet.rowCount).toBe(3);

    const bad = await runCli(
      ['export-ledger', '--db', dbFile, '--out', out, '--status', '办完了'],
      io,
      {},
    );
    expect(bad).toBe(1);
    expect(errors.at(-1)).toContain('状态只能是：未解决、处理中、已解决');
  });
});
