import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  SELF_CHECK_GROUPS,
  type SelfCheckFinding,
  type SelfCheckItem,
  type SelfCheckReport,
} from '../../electron/api/self-check-types';
import { writeSelfCheckPdf, writeSelfCheckXlsx } from '../../electron/services/self-check/files';
import { useTestRuntime } from '../fixtures/runtime';

// A hand-built report (the engine is tested on its own): two groups with findings, the others
// clean, so both files must show the counts, every finding and 「未发现问题」 for the rest.

const finding = (
  subject: string,
  gridName: string,
  detail: string,
  target: SelfCheckFinding['target'],
): SelfCheckFinding => ({ subject, gridId: 4, gridName, detail, target });

function item(
  code: string,
  group: SelfCheckItem['group'],
  title: string,
  findings: SelfCheckFinding[],
): SelfCheckItem {
  return { code, group, title, rule: `${title}的依据`, count: findings.length, findings };
}

function buildReport(extraOverdue = 0): SelfCheckReport {
  const income = item('income-below-line', '政策落实', '收入低于监测标准但未纳入监测', [
    finding('张大山户', '一组', '家庭人均纯收入 6200 元，低于 2026 年监测收入标准 8700 元', {
      kind: 'household',
      id: 11,
    }),
    finding('李小河户', '二组', '家庭人均纯收入 7100 元，低于 2026 年监测收入标准 8700 元', {
      kind: 'household',
      id: 12,
    }),
  ]);
  const water = item('water-no-measure', '政策落实', '饮水安全问题未落实帮扶措施', []);
  const overdue = item('problem-overdue', '工作程序', '问题超过办结时限', [
    finding('第 7 号问题', '一组', '登记于 2026-03-01，办结时限 15 天，已超期 51 天', {
      kind: 'problem',
      id: 7,
    }),
    ...Array.from({ length: extraOverdue }, (_, i) =>
      finding(`第 ${100 + i} 号问题`, '二组', `超期第 ${i + 1} 条说明文字`, {
        kind: 'problem',
        id: 100 + i,
      }),
    ),
  ]);
  const leader = item('grid-no-leader', '网格与人员', '网格没有网格长', []);
  const groups = SELF_CHECK_GROUPS.map((group) => {
    const items = [income, water, overdue, leader].filter((i) => i.group === group);
    if (items.length === 0) items.push(item(`${group}-x`, group, `${group}的一项检查`, []));
    return { group, count: items.reduce((n, i) => n + i.count, 0), items };
  });
  return {
    from: '2026-01-01',
    to: '2026-04-30',
    asOf: '2026-05-06',
    gridId: 3,
    scopeName: '幸福村',
    total: groups.reduce((n, g) => n + g.count, 0),
    groups,
  };
}

/** Every text cell of a sheet as a row-major list of strings. */
function sheetText(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  sheet.eachRow((row, r) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      values[c - 1] = cell.value === null ? '' : String(cell.value);
    });
    rows[r - 1] = values;
  });
  return rows;
}

describe('迎检自查 files', () => {
  const runtime = useTestRuntime();

  it('xlsx: 汇总 counts per group with 未发现问题, 明细 lists every finding, A4 with header repeated', async () => {
    const bytes = await writeSelfCheckXlsx(buildReport());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总', '明细']);

    const summary = workbook.getWorksheet('汇总')!;
    expect(summary.getCell('A1').value).toBe('迎检自查报告');
    expect(String(summary.getCell('A2').value)).toContain('检查范围：幸福村');
    expect(String(summary.getCell('A2').value)).toContain('2026-01-01 至 2026-04-30');
    expect(summary.getCell('A3').value).toBe('共检查 7 项，其中 2 项发现问题，合计 3 条。');
    const rows = sheetText(summary);
    expect(rows[3]).toEqual(['分组', '检查项', '检查依据', '问题数']);
    expect(rows).toContainEqual([
      '政策落实',
      '收入低于监测标准但未纳入监测',
      '收入低于监测标准但未纳入监测的依据',
      '2',
    ]);
    expect(rows).toContainEqual(['政策落实', '小计', '', '2']);
    expect(rows).toContainEqual(['工作程序', '小计', '', '1']);
    expect(rows).toContainEqual(['网格与人员', '小计（未发现问题）', '', '0']);
    expect(rows).toContainEqual(['数据完整', '小计（未发现问题）', '', '0']);
    expect(rows.at(-1)).toEqual(['合计', '', '', '3']);
    expect(summary.pageSetup.paperSize).toBe(9);
    expect(summary.pageSetup.printTitlesRow).toBe('4:4');

    const detail = workbook.getWorksheet('明细')!;
    const lines = sheetText(detail);
    expect(lines[2]).toEqual(['序号', '分组', '检查项', '网格', '对象', '问题说明']);
    expect(lines.slice(3)).toEqual([
      [
        '1',
        '政策落实',
        '收入低于监测标准但未纳入监测',
        '一组',
        '张大山户',
        '家庭人均纯收入 6200 元，低于 2026 年监测收入标准 8700 元',
      ],
      [
        '2',
        '政策落实',
        '收入低于监测标准但未纳入监测',
        '二组',
        '李小河户',
        '家庭人均纯收入 7100 元，低于 2026 年监测收入标准 8700 元',
      ],
      [
        '3',
        '工作程序',
        '问题超过办结时限',
        '一组',
        '第 7 号问题',
        '登记于 2026-03-01，办结时限 15 天，已超期 51 天',
      ],
    ]);
    expect(detail.pageSetup.orientation).toBe('landscape');
    expect(detail.pageSetup.printTitlesRow).toBe('3:3');
    // Widths from the content: the explanation is wider than the number.
    expect(detail.getColumn(6).width!).toBeGreaterThan(detail.getColumn(1).width! * 4);
  });

  it('xlsx of a clean village: 明细 says 未发现问题', async () => {
    const clean = buildReport();
    for (const group of clean.groups) {
      group.count = 0;
      for (const i of group.items) {
        i.count = 0;
        i.findings = [];
      }
    }
    clean.total = 0;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      Buffer.from(await writeSelfCheckXlsx(clean)) as unknown as ArrayBuffer,
    );
    expect(workbook.getWorksheet('汇总')!.getCell('A3').value).toBe('共检查 7 项，未发现问题。');
    expect(sheetText(workbook.getWorksheet('明细')!)[3]).toContain('未发现问题');
  });

  it('PDF: title, scope, summary, findings and 未发现问题 per clean group, fonts embedded, page numbers', async () => {
    const dir = runtime().ctx.dataDir;
    // Enough findings to run over a page: the table continues with its header repeated.
    const report = buildReport(60);
    const file = path.join(dir, 'self-check.pdf');
    fs.writeFileSync(file, await writeSelfCheckPdf(runtime().ctx, report));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toContain('迎检自查报告');
    expect(pages[0]).toMatch(/检查范围：幸福村\s+检查期间：2026-01-01 至 2026-04-30/);
    expect(pages[0]).toContain('合计 63 条');
    // The summary: one row per group with its count; clean groups say so.
    expect(pages[0]).toMatch(/一、政策落实\s+2\s+1\s+2/);
    expect(pages[0]).toMatch(/二、数据完整\s+1\s+0\s+0\s+未发现问题/);
    expect(text).toMatch(/一、政策落实（2 条）/);
    expect(text).toMatch(/1\. 收入低于监测标准但未纳入监测（2 条）/);
    expect(text).toMatch(/张大山户\s+家庭人均纯收入 6200 元/);
    expect(text).toContain('以下检查未发现问题：饮水安全问题未落实帮扶措施。');
    expect(text).toMatch(/三、工作程序（61 条）/);
    expect(text).toMatch(/61\s+二组\s+第 159 号问题\s+超期第 60 条说明文字/);
    expect(text).toMatch(/六、网格与人员（0 条）\s+未发现问题。已检查：网格没有网格长。/);
    // Page numbers on every page; the header row repeated where the table continues.
    pages.forEach((page, i) => expect(page).toMatch(new RegExp(`—\\s*${i + 1}\\s*—`)));
    expect(pages[1]).toMatch(/序号\s+网格\s+对象\s+问题说明/);

    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    const fontLines = fonts
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '');
    expect(fontLines.length).toBeGreaterThan(0);
    // Every font embedded (emb column "yes") as a subset.
    for (const line of fontLines) expect(line).toMatch(/\+NotoSansSC.*\byes\s+yes\b/);
  });
});
