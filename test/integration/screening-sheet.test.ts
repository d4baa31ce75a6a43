import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { FilePayload } from '../../electron/api/roster-io-types';
import { buildReportWorld } from '../fixtures/reports';
import { call, failure, GRID } from '../fixtures/village';
import { useTestRuntime } from '../fixtures/runtime';

// The fixed clock is 2026-05-06; the data set is described in test/fixtures/reports.ts.

/**
 * Points of paper a row of the sheet gets when printed: the sheet is fit to one A4 landscape
 * page wide (side margins 0.4 in each), a column of width w is about ppc × w + 5 pixels — Excel
 * with Calibri gives ppc = 7, LibreOffice without Calibri about 9.5.
 */
function printedHeight(sheet: ExcelJS.Worksheet, row: number, ppc: number): number {
  let pixels = 0;
  for (let i = 1; i <= 9; i++) pixels += (sheet.getColumn(i).width ?? 0) * ppc + 5;
  const scale = Math.min(1, ((297 / 25.4 - 0.8) * 96) / pixels);
  return sheet.getRow(row).height * scale;
}
const EIGHT_MM = (8 * 72) / 25.4;
describe('村组网格长月度排查表', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  async function sheetOf(gridId: number, month: string) {
    const file = await call<FilePayload>(ctx(), 'reports.screeningSheet', { gridId, month });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.data) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('月度排查表')!;
    // All nine columns, empty ones as null.
    const row = (n: number) =>
      Array.from({ length: 9 }, (_, i) => sheet.getRow(n).getCell(i + 1).value ?? null);
    return { file, sheet, row };
  }

  it('lists every household of the group grid with the month’s visits, problems and changes', async () => {
    await buildReportWorld(ctx());
    const { file, sheet, row } = await sheetOf(GRID.group1, '2026-04');
    expect(file.fileName).toBe('村组网格长月度排查表-杨柳村一组-2026-04.xlsx');

    expect(sheet.getCell('A1').value).toBe('村组网格长月度排查表');
    const header = String(sheet.getCell('A2').value);
    expect(header).toContain('网格：杨柳村 一组');
    expect(header).toContain('网格长：李四');
    expect(header).toContain('排查月份：2026年4月');
    expect(header).toContain('农户：3 户');
    expect(row(3)).toEqual([
      '序号',
      '户主',
      '家庭人口',
      '户类型',
      '监测对象类别',
      '本月走访',
      '发现问题',
      '风险变化/处置情况',
      '备注',
    ]);

    // H1: visited only in May, so its 本月走访 is left blank for the grid head; P1 registered
    // and closed in April (the phone in its text masked) is what the ledger records.
    expect(row(4)).toEqual([
      1,
      '陈一',
      2,
      '一般农户',
      null,
      null,
      '务工收入骤减，联系电话139****5678',
      '已解决（4月12日办结）',
      null,
    ]);
    // H2: P2 still open; its risk was eliminated on 04-10.
    expect(row(5)).toEqual([
      2,
      '刘二',
      2,
      '一般农户',
      '边缘易致贫户（已消除）',
      null,
      '住院自付费用高',
      '1. 未解决\n2. 本月风险消除（稳定消除）',
      null,
    ]);
    // H3: visited at home on 04-16 by 李四; identified this month; P7 is May's.
    expect(row(6)).toEqual([
      3,
      '张三',
      2,
      '脱贫户',
      '脱贫不稳定户',
      '4月16日 入户（李四）',
      '无',
      '本月识别为监测对象（脱贫不稳定户）',
      null,
    ]);
    // Every household's row is at least 8 mm high on paper (the print scale counted in).
    for (let n = 4; n <= 6; n++) {
      for (const ppc of [7, 9.5])
        expect(printedHeight(sheet, n, ppc)).toBeGreaterThanOrEqual(EIGHT_MM);
    }
    // Then a blank row and the signature line.
    expect(String(sheet.getCell('A8').value)).toContain('网格长签字');
    expect(String(sheet.getCell('A8').value)).toContain('日期');
    expect(sheet.rowCount).toBe(8);

    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToWidth: 1,
      printTitlesRow: '3:3',
    });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });

    // Nothing in the sheet looks like an ID number or an unmasked phone.
    sheet.eachRow((r) => {
      const text = JSON.stringify(r.values);
      expect(text).not.toMatch(/\d{17}[\dX]/);
      expect(text).not.toMatch(/1[3-9]\d{9}/);
    });
  });

  it('shows another month and another grid', async () => {
    await buildReportWorld(ctx());
    const { sheet, row } = await sheetOf(GRID.group2, '2026-03');
    expect(String(sheet.getCell('A2').value)).toContain('网格长：（未配备）');
    expect(row(4).slice(1, 8)).toEqual([
      '孙四',
      2,
      '一般农户',
      '突发严重困难户',
      null,
      '1. 务工中断\n2. 房屋漏雨',
      '1. 已解决（4月5日办结）\n2. 未解决',
    ]);
    expect(row(6).slice(1, 8)).toEqual([
      '吴六',
      3,
      '一般农户',
      null,
      '3月15日 入户（王五）',
      '无',
      '无变化',
    ]);
  });

  it('leaves the hand-filled columns of a household not yet visited blank', async () => {
    await buildReportWorld(ctx());
    const { sheet, row } = await sheetOf(GRID.group1, '2026-05');
    const filled = [4, 5, 6].map((n) => row(n));
    // Nothing the grid head writes in is pre-filled for a household without a visit: no
    // "未走访", no "无", no "无变化".
    for (const r of filled) {
      if (r[5] !== null) continue;
      expect(r[6] === null || !/^无$/.test(String(r[6]))).toBe(true);
      expect(r[7] === null || !/^无变化$/.test(String(r[7]))).toBe(true);
      expect(r[8]).toBeNull();
    }
    const text = JSON.stringify(filled);
    expect(text).not.toContain('未走访');
    expect(filled.some((r) => r[5] === null && r[6] === null && r[7] === null)).toBe(true);
    // A visited one still says what the visit found.
    expect(filled.some((r) => r[5] !== null)).toBe(true);
    for (let n = 4; n <= 6; n++) {
      for (const ppc of [7, 9.5])
        expect(printedHeight(sheet, n, ppc)).toBeGreaterThanOrEqual(EIGHT_MM);
    }
  });

  it('is made only for a group grid', async () => {
    await buildReportWorld(ctx());
    expect(
      await failure(ctx(), 'reports.screeningSheet', { gridId: GRID.village, month: '2026-04' }),
    ).toEqual({
      code: 'VALIDATION',
      message: '月度排查表按村组网格填写：「杨柳村」不是村民小组网格，请选择一个村民小组',
    });
    expect(
      (await failure(ctx(), 'reports.screeningSheet', { gridId: 99, month: '2026-04' })).code,
    ).toBe('NOT_FOUND');
  });
});
