import ExcelJS from 'exceljs';
import type { SelfCheckReport } from '../../api/self-check-types';
import { FONT_BOLD } from '../../documents/pdf/fonts';
import { PdfPages } from '../../documents/pdf/page';
import { drawTable, tableLeadHeight, type TableOptions } from '../../documents/pdf/table';
import { lineHeight } from '../../documents/pdf/text';
import type { ServiceContext } from '../context';
import { reportSheetOptions, titleRow, workbookBuffer, writeTable } from '../reports/xlsx-kit';
import { getSettings } from '../settings/settings';

/**
 * 迎检自查 as files (docs/domain.md §9): the xlsx (汇总 and 明细 sheets) and the PDF (title, scope
 * and period, the summary per group, then every check with its findings). Both print only what
 * the report holds — the record's name, its grid and the engine's sentence — so no ID number
 * or phone is ever added here.
 */

export const SELF_CHECK_TITLE = '迎检自查报告';
/** What a group (or the whole report) with no finding says, on screen and in both files. */
export const NOTHING_FOUND = '未发现问题';

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 「一、」 … for the groups' headings, as official reports number their sections. */
function ordinal(index: number): string {
  return CHINESE_ORDINALS[index] ?? String(index + 1);
}

/** The line under the title: scope, period and the day it was computed. */
export function selfCheckScopeLine(report: SelfCheckReport): string {
  return `检查范围：${report.scopeName}\u3000检查期间：${report.from} 至 ${report.to}\u3000生成日期：${report.asOf}`;
}

/** The summary's closing sentence. */
function totalLine(report: SelfCheckReport): string {
  const checks = report.groups.reduce((n, g) => n + g.items.length, 0);
  const failing = report.groups.reduce((n, g) => n + g.items.filter((i) => i.count > 0).length, 0);
  return report.total === 0
    ? `共检查 ${checks} 项，${NOTHING_FOUND}。`
    : `共检查 ${checks} 项，其中 ${failing} 项发现问题，合计 ${report.total} 条。`;
}

// ---------------------------------------------------------------------------------------------
// xlsx

/**
 * Two sheets: 汇总 (each check of each group with its count, a bold 小计 per group — 「未发现问题」
 * when it found nothing — and the 合计) and 明细 (every finding: 序号, 分组, 检查项, 网格, 对象,
 * 问题说明). A4, the header row frozen and repeated on every printed page, widths from content.
 */
export async function writeSelfCheckXlsx(report: SelfCheckReport): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '村级网格台账';
  workbook.created = new Date(`${report.asOf}T00:00:00`);

  const summaryColumns = [
    { header: '分组', width: 14 },
    { header: '检查项', width: 30 },
    { header: '检查依据', width: 36 },
    { header: '问题数', width: 8, align: 'right' as const },
  ];
  const summary = workbook.addWorksheet('汇总', reportSheetOptions('portrait', 4));
  titleRow(summary, 1, SELF_CHECK_TITLE, summaryColumns.length, { size: 16, bold: true });
  titleRow(summary, 2, selfCheckScopeLine(report), summaryColumns.length, {
    size: 10,
    align: 'left',
  });
  titleRow(summary, 3, totalLine(report), summaryColumns.length, { size: 10, align: 'left' });
  const summaryRows: (string | number)[][] = [];
  const bold = new Set<number>();
  for (const group of report.groups) {
    for (const item of group.items) {
      summaryRows.push([group.group, item.title, item.rule, item.count]);
    }
    bold.add(summaryRows.length);
    summaryRows.push([
      group.group,
      group.count === 0 ? `小计（${NOTHING_FOUND}）` : '小计',
      '',
      group.count,
    ]);
  }
  bold.add(summaryRows.length);
  summaryRows.push(['合计', report.total === 0 ? NOTHING_FOUND : '', '', report.total]);
  writeTable(summary, 4, summaryColumns, summaryRows, bold);

  const detailColumns = [
    { header: '序号', width: 6, align: 'right' as const },
    { header: '分组', width: 12 },
    { header: '检查项', width: 24 },
    { header: '网格', width: 14 },
    { header: '对象', width: 16 },
    { header: '问题说明', width: 40 },
  ];
  const detail = workbook.addWorksheet('明细', reportSheetOptions('landscape', 3));
  titleRow(detail, 1, `${SELF_CHECK_TITLE}：问题明细`, detailColumns.length, {
    size: 16,
    bold: true,
  });
  titleRow(detail, 2, selfCheckScopeLine(report), detailColumns.length, {
    size: 10,
    align: 'left',
  });
  const detailRows: (string | number)[][] = [];
  for (const group of report.groups) {
    for (const item of group.items) {
      for (const finding of item.findings) {
        detailRows.push([
          detailRows.length + 1,
          group.group,
          item.title,
          finding.gridName,
          finding.subject,
          finding.detail,
        ]);
      }
    }
  }
  if (detailRows.length === 0) detailRows.push(['', '', NOTHING_FOUND, '', '', '']);
  writeTable(detail, 3, detailColumns, detailRows);

  return new Uint8Array(await workbookBuffer(workbook));
}

// ---------------------------------------------------------------------------------------------
// PDF

const HEADING = { font: FONT_BOLD, size: 13 } as const;
const SUBHEADING = { font: FONT_BOLD, size: 11 } as const;
const BODY = { size: 10 } as const;
const NOTE = { size: 9 } as const;
const GAP = 4;
const SECTION_GAP = 12;

/**
 * A4 portrait: the title 「迎检自查报告」, the scope and period, the summary table (one row per
 * group: checks, checks with findings, findings), then one section per group — 「未发现问题」
 * when it found nothing, else each check that found something with its rule and a table of its
 * findings (序号, 网格, 对象, 问题说明), and the checks that found nothing named in one line.
 * Page numbers "— n —"; the bundled font embedded as a subset. `ctx` gives the unit's name
 * (the document's author).
 */
export async function writeSelfCheckPdf(
  ctx: ServiceContext,
  report: SelfCheckReport,
): Promise<Uint8Array> {
  const settings = getSettings(ctx);
  const pages = new PdfPages({
    title: `${SELF_CHECK_TITLE}（${report.scopeName}）`,
    author: settings.villageName || report.scopeName,
  });
  pages.title(SELF_CHECK_TITLE, 18);
  pages.text(selfCheckScopeLine(report), BODY);
  pages.text(totalLine(report), BODY);
  pages.skip(8);

  pages.text('汇总', HEADING);
  pages.skip(GAP);
  const summaryRows = report.groups.map((g, i) => [
    `${ordinal(i)}、${g.group}`,
    g.items.length,
    g.items.filter((item) => item.count > 0).length,
    g.count,
    g.count === 0 ? NOTHING_FOUND : '',
  ]);
  summaryRows.push([
    '合计',
    report.groups.reduce((n, g) => n + g.items.length, 0),
    report.groups.reduce((n, g) => n + g.items.filter((item) => item.count > 0).length, 0),
    report.total,
    report.total === 0 ? NOTHING_FOUND : '',
  ]);
  drawTable(pages, {
    columns: [
      { header: '分组', width: 4 },
      { header: '检查项', width: 2, align: 'right' },
      { header: '发现问题的检查项', width: 3, align: 'right' },
      { header: '问题条数', width: 2, align: 'right' },
      { header: '说明', width: 3, align: 'center' },
    ],
    rows: summaryRows,
    boldRows: new Set([summaryRows.length - 1]),
  });

  report.groups.forEach((group, g) => {
    pages.skip(SECTION_GAP);
    const heading = `${ordinal(g)}、${group.group}（${group.count} 条）`;
    if (group.count === 0) {
      pages.ensureSpace(lineHeight(HEADING.size) + GAP + lineHeight(BODY.size));
      pages.text(heading, HEADING);
      pages.skip(GAP);
      pages.text(
        `${NOTHING_FOUND}。已检查：${group.items.map((i) => i.title).join('；') || '无'}。`,
        BODY,
      );
      return;
    }
    const found = group.items.filter((item) => item.count > 0);
    found.forEach((item, n) => {
      const table: TableOptions = {
        columns: [
          { header: '序号', width: 1, align: 'right' },
          { header: '网格', width: 3 },
          { header: '对象', width: 3.5 },
          { header: '问题说明', width: 9.5 },
        ],
        rows: item.findings.map((f, k) => [k + 1, f.gridName, f.subject, f.detail]),
        fontSize: 9,
      };
      // The group's heading (for its first check), the check's title and rule go with the
      // table's header and first rows: nothing stands alone at a page foot.
      const lead =
        (n === 0 ? lineHeight(HEADING.size) + GAP : 0) +
        lineHeight(SUBHEADING.size) +
        2 * lineHeight(NOTE.size) +
        GAP +
        tableLeadHeight(pages, table);
      pages.ensureSpace(lead);
      if (n === 0) {
        pages.text(heading, HEADING);
        pages.skip(GAP);
      } else {
        pages.skip(GAP * 2);
      }
      pages.text(`${n + 1}. ${item.title}（${item.count} 条）`, SUBHEADING);
      if (item.rule) pages.text(`检查依据：${item.rule}`, NOTE);
      pages.skip(GAP);
      drawTable(pages, table);
    });
    const clean = group.items.filter((item) => item.count === 0);
    if (clean.length > 0) {
      pages.skip(GAP * 2);
      pages.text(`以下检查${NOTHING_FOUND}：${clean.map((i) => i.title).join('；')}。`, NOTE);
    }
  });

  return new Uint8Array(await pages.finish());
}
