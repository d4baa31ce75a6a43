import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { MonthlyReport } from '../../electron/api/reports-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import { monthlyReport } from '../../electron/services/reports/monthly';
import { monthlyPdf } from '../../electron/services/reports/monthly-pdf';
import { reportMonthRange } from '../../electron/services/reports/periods';
import { buildReportWorld } from '../fixtures/reports';
import { call } from '../fixtures/village';
import { useTestRuntime } from '../fixtures/runtime';

// The fixed clock is 2026-05-06 (test/fixtures/runtime.ts); the data set is described in
// test/fixtures/reports.ts.

/** A heading of the 月通报: the key figures' caption, an 附表's, or a section row (一、…). */
const HEADING = /^\s*(主要指标|附表\s*\d+|[一二三四五六七八九十]、)/;
const PAGE_NUMBER = /^\s*—\s*\d+\s*—\s*$/;

/** The pages of a PDF as pdftotext -layout reads them, page numbers left out. */
function pdfPages(buffer: Buffer, dir: string, name: string): string[][] {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, buffer);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return text
    .split('\f')
    .filter((page) => page.trim() !== '')
    .map((page) => page.split('\n').filter((l) => l.trim() !== '' && !PAGE_NUMBER.test(l)));
}

describe('月通报 layout', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  it('never leaves a heading or the signature block alone at a page foot', async () => {
    await buildReportWorld(ctx());
    const base = monthlyReport(ctx(), { month: '2026-04' });
    const grid = base.byGrid[0]!;
    const dir = runtime().ctx.dataDir;
    // Extra categories (older data keeps labels outside the code table) and extra grids push
    // every later heading, row by row, through every position on its page.
    let checked = 0;
    for (let extra = 0; extra < 44; extra += 1) {
      const report: MonthlyReport = {
        ...base,
        monitored: {
          ...base.monitored,
          byCategory: [
            ...base.monitored.byCategory,
            ...Array.from({ length: extra }, (_, i) => ({ label: `旧类别${i + 1}`, value: i })),
          ],
        },
        byGrid: [
          ...base.byGrid,
          ...Array.from({ length: extra % 7 }, (_, i) => ({
            ...grid,
            gridId: 100 + i,
            gridName: `新${i + 1}组`,
          })),
        ],
      };
      const pages = pdfPages(await monthlyPdf(report), dir, `layout-${extra}`);
      expect(pages.length).toBeGreaterThan(1);
      pages.forEach((lines, p) => {
        const last = lines.at(-1) ?? '';
        expect(last, `extra ${extra}, page ${p + 1}: 「${last.trim()}」`).not.toMatch(HEADING);
        // … nor with less than two rows under it (a caption: the table's header and two rows).
        lines.forEach((line, n) => {
          if (!HEADING.test(line)) return;
          const caption = /^\s*(主要指标|附表)/.test(line);
          expect(lines.length - n - 1, `${extra}/${p + 1}: ${line}`).toBeGreaterThanOrEqual(
            caption ? 3 : 2,
          );
        });
      });
      // The signature block: on the last page, under the last two rows of the last table.
      const lastPage = pages.at(-1)!;
      const signer = lastPage.findIndex((l) => /填报人：＿+\s+审核人：＿+/.test(l));
      expect(signer, `extra ${extra}`).toBeGreaterThanOrEqual(2);
      expect(lastPage[signer - 1]).toMatch(/^\s*合计\s+\d/);
      expect(lastPage[signer - 2]).toMatch(/^\s*[^\s合]\S*(\s+\d+){10}\s*$/);
      expect(lastPage.slice(signer).join('\n')).toMatch(
        /填报日期：＿+年＿+月＿+日[\s\S]*填报单位：杨柳村（盖章）/,
      );
      expect(pages.flat().filter((l) => l.includes('填报人'))).toHaveLength(1);
      checked += pages.length;
    }
    expect(checked).toBeGreaterThan(88);
  });

  it('ends the running month today: May is reported from 05-01 to 05-06', async () => {
    expect(reportMonthRange('2026-12', '2026-12-05')).toEqual({
      start: '2026-12-01',
      end: '2026-12-05',
      running: true,
    });
    expect(reportMonthRange('2026-11', '2026-12-05')).toEqual({
      start: '2026-11-01',
      end: '2026-11-30',
      running: false,
    });
    expect(reportMonthRange('2026-12', '2026-12-31').end).toBe('2026-12-31');
    expect(reportMonthRange('2027-01', '2026-12-05').end).toBe('2027-01-31');

    await buildReportWorld(ctx());
    const may = monthlyReport(ctx(), { month: '2026-05' });
    expect(may.monthStart).toBe('2026-05-01');
    expect(may.monthEnd).toBe('2026-05-06');
    const april = monthlyReport(ctx(), { month: '2026-04' });
    expect(april.monthEnd).toBe('2026-04-30');

    const pdf = await call<FilePayload>(ctx(), 'reports.monthlyExport', {
      month: '2026-05',
      format: 'pdf',
    });
    const text = pdfPages(Buffer.from(pdf.data), runtime().ctx.dataDir, 'may').flat().join('\n');
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain(
      '统计月份：2026年5月（2026-05-01至2026-05-06，本月尚未结束，统计截至2026-05-06',
    );

    const xlsx = await call<FilePayload>(ctx(), 'reports.monthlyExport', {
      month: '2026-05',
      format: 'xlsx',
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.data) as unknown as ArrayBuffer);
    for (const sheet of workbook.worksheets) {
      expect(String(sheet.getCell('A2').value)).toContain('2026-05-01 至 2026-05-06');
    }
    const aprilXlsx = await call<FilePayload>(ctx(), 'reports.monthlyExport', {
      month: '2026-04',
      format: 'xlsx',
    });
    const aprilBook = new ExcelJS.Workbook();
    await aprilBook.xlsx.load(Buffer.from(aprilXlsx.data) as unknown as ArrayBuffer);
    const aprilLine = String(aprilBook.getWorksheet('月通报')!.getCell('A2').value);
    expect(aprilLine).toContain('2026-04-01 至 2026-04-30');
    expect(aprilLine).not.toContain('尚未结束');
  });

  it('stores the rates of the workbook as numbers in a percentage format', async () => {
    await buildReportWorld(ctx());
    const file = await call<FilePayload>(ctx(), 'reports.monthlyExport', {
      month: '2026-04',
      format: 'xlsx',
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.data) as unknown as ArrayBuffer);
    const cells = new Map<string, ExcelJS.Cell>();
    workbook.getWorksheet('月通报')!.eachRow((row, n) => {
      if (n > 3) cells.set(String(row.getCell(1).value), row.getCell(2));
    });
    // 4/7 resolved this year (57.14% as printed), 3/5 measures done, 2/4 developmental ones.
    const expected: [string, number][] = [
      ['办结率', 0.5714],
      ['完成率', 0.6],
      ['开发式完成率', 0.5],
    ];
    for (const [label, value] of expected) {
      const cell = cells.get(label)!;
      expect(typeof cell.value, label).toBe('number');
      expect(cell.value).toBe(value);
      expect(cell.numFmt).toBe('0.00%');
    }
    const visits = cells.get('走访完成率')!;
    expect(typeof visits.value).toBe('number');
    expect(visits.numFmt).toContain('%');

    // The 完成率 column of 帮扶措施: numbers, or "—" where nothing was planned.
    const measures = workbook.getWorksheet('帮扶措施')!;
    let rates = 0;
    measures.eachRow((row, n) => {
      if (n <= 3) return;
      const cell = row.getCell(5);
      if (cell.value === '—') return;
      expect(typeof cell.value).toBe('number');
      expect(cell.numFmt).toContain('%');
      rates += 1;
    });
    expect(rates).toBeGreaterThanOrEqual(3);
    const total = measures.getRow(measures.rowCount);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(5).value).toBe(0.6);

    // An empty month has no rate to give: "—" stays text.
    const empty = await call<FilePayload>(ctx(), 'reports.monthlyExport', {
      month: '2024-01',
      format: 'xlsx',
    });
    const emptyBook = new ExcelJS.Workbook();
    await emptyBook.xlsx.load(Buffer.from(empty.data) as unknown as ArrayBuffer);
    emptyBook.getWorksheet('月通报')!.eachRow((row) => {
      if (row.getCell(1).value === '办结率') expect(row.getCell(2).value).toBe('—');
    });
  });
});
