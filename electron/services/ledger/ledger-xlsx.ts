import type ExcelJS from 'exceljs';
import type { LedgerFilter } from '../../api/ledger-schemas';
import type { LedgerRow } from '../../api/ledger-types';
import type { FilePayload } from '../../api/roster-io-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { getGrid } from '../grids/grids';
import { today } from '../roster/people';
import { displayWidth } from '../roster-io/cells';
import type { CellType } from '../roster-io/columns';
import { gridNames } from '../roster-io/grid-names';
import { layoutSheet, sheetOptions, streamingWorkbook } from '../roster-io/sheet-layout';
import { daysBetween } from './calendar';
import { ledgerRowsInOrder } from './query';

export const LEDGER_SHEET = '问题登记台账';

/**
 * The ledger keeps free text as written (an ID or phone in a description included): it is the
 * village's internal record. So it says so above the table and in every printed page's header
 * (docs/domain.md §7, issue 14).
 */
export const LEDGER_INTERNAL_NOTICE = '内部台账：含身份证号、电话等个人信息，不得公开张贴或外传';

interface LedgerColumn {
  header: string;
  field: string;
  type: CellType;
  /** Excel units (one CJK character ≈ 2): sized for the usual content of the column. */
  width: number;
  /** Long free text wraps inside its column instead of widening the page. */
  wrap?: boolean;
}

/**
 * The paper ledger's columns, in its order (docs/domain.md §3; the task's column list). Widths
 * keep the 15 columns on one A4 landscape page width at a readable scale (fitToWidth 1);
 * the 网格 column grows to the longest grid label in the file.
 */
export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { header: '序号', field: 'seq', type: 'int', width: 6 },
  { header: '网格', field: 'grid', type: 'text', width: 10 },
  { header: '网格员', field: 'worker', type: 'text', width: 10 },
  { header: '户主/反映人', field: 'person', type: 'text', width: 12, wrap: true },
  { header: '问题描述', field: 'description', type: 'text', width: 30, wrap: true },
  { header: '类别', field: 'category', type: 'text', width: 10 },
  { header: '来源', field: 'source', type: 'text', width: 13, wrap: true },
  { header: '登记日期', field: 'registeredDate', type: 'date', width: 11 },
  { header: '处置措施', field: 'measureTaken', type: 'text', width: 24, wrap: true },
  { header: '责任人', field: 'responsiblePerson', type: 'text', width: 10 },
  { header: '办结时限', field: 'dueDate', type: 'date', width: 11 },
  { header: '状态', field: 'status', type: 'text', width: 8 },
  { header: '办结日期', field: 'resolvedDate', type: 'date', width: 11 },
  { header: '回访结果', field: 'followUp', type: 'text', width: 18, wrap: true },
  { header: '备注', field: 'note', type: 'text', width: 16, wrap: true },
];

/** Light red for rows past their 办结时限 (the list screen uses the same cue). */
const OVERDUE_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFFFE5E5' },
};
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF999999' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** 户主/反映人: the head of the household, or the person (and place) of a clue. */
export function personCell(row: LedgerRow): string {
  if (row.headName !== null || row.householdId !== null) {
    const head = row.headName ?? '（未登记户主）';
    return row.personName && row.personName !== head
      ? `${head}（反映人：${row.personName}）`
      : head;
  }
  return row.place ? `${row.personName}（${row.place}）` : row.personName;
}

/** 回访结果 = result and satisfaction. */
export function followUpCell(row: LedgerRow): string {
  if (!row.followUpResult && !row.satisfaction) return '';
  const result = row.followUpResult || '已回访';
  return row.satisfaction ? `${result}（${row.satisfaction}）` : result;
}

/** 备注: the clerk's note, plus 逾期 N 天 while overdue (or how late a closed one was). */
export function noteCell(row: LedgerRow, lateDays: number | null): string {
  const parts = [row.note];
  if (row.overdueDays !== null) parts.push(`逾期 ${row.overdueDays} 天`);
  else if (lateDays !== null) parts.push(`超时限 ${lateDays} 天办结`);
  return parts.filter(Boolean).join('；');
}

/** Points per line of the default 11 pt font (CJK glyphs are a little taller than Latin). */
const LINE_HEIGHT = 15;

/**
 * A row tall enough for its longest wrapped cell. Set explicitly: LibreOffice does not fit
 * row heights to wrapped text when it opens an .xlsx (checked with LibreOffice 7.4: the
 * text ran into the rows below), while Excel and WPS would; an explicit height prints the
 * same in all three. Lines are estimated from the display width (CJK = 2) and the column.
 */
function rowHeight(values: Record<string, unknown>, widths: Map<string, number>): number {
  let lines = 1;
  for (const column of LEDGER_COLUMNS) {
    const text = values[column.field];
    if (!column.wrap || typeof text !== 'string') continue;
    // About one unit of the column goes to the cell's margins.
    const perLine = Math.max(1, (widths.get(column.field) ?? column.width) - 1);
    lines = Math.max(lines, Math.ceil(displayWidth(text) / perLine));
  }
  return lines * LINE_HEIGHT + 3;
}

/** Header/footer text codes treat & specially. */
const escapeHeader = (text: string) => text.replaceAll('&', '&&');

/**
 * The ledger as .xlsx laid out as the paper ledger: A4 landscape, fitted to the page width,
 * header row frozen and repeated on every printed page (printTitlesRow 1:1 — the title goes in
 * the page header, so row 1 stays the column header), dates as text YYYY-MM-DD (no date cells
 * that LibreOffice or WPS might show as numbers or re-format), overdue rows in light red.
 * Written with exceljs's streaming writer like the roster export.
 */
export async function buildLedgerXlsx(
  ctx: ServiceContext,
  filter: LedgerFilter,
  scope = '全部',
): Promise<{ buffer: Buffer; rows: number }> {
  const { workbook, finish } = streamingWorkbook({
    // Shared strings, as Excel itself writes them: the form every reader (LibreOffice, WPS)
    // takes without question. The ledger's text repeats a lot (grids, names, categories).
    useSharedStrings: true,
  });
  workbook.creator = '村级网格台账';
  const options = sheetOptions();
  const title =
    `&L${escapeHeader(scope)}&C&"-,Bold"&14问题登记台账&"-,Regular"&9\n${LEDGER_INTERNAL_NOTICE}` +
    `&R导出日期 ${today(ctx)}`;
  // Row 1 is the notice, row 2 the column header: both frozen and printed on every page.
  const sheet = workbook.addWorksheet(LEDGER_SHEET, {
    ...options,
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: { ...options.pageSetup, printTitlesRow: '1:2' },
    headerFooter: { ...options.headerFooter, oddHeader: title, firstHeader: title },
  });

  const names = gridNames(ctx);
  const gridLabel = (row: LedgerRow) => names.labelOf(row.gridId) || row.gridName;
  // The 网格 column as wide as the longest label of the grids in use (CJK = 2), capped.
  const labelWidth = Math.min(24, Math.max(0, ...names.labels.map(displayWidth)) + 2);
  const columns = LEDGER_COLUMNS.map((c) =>
    c.field === 'grid' ? { ...c, width: Math.max(c.width, labelWidth) } : c,
  );
  layoutSheet(sheet, columns);
  const widths = new Map(
    columns.map((c) => [c.field, sheet.getColumn(c.field).width ?? c.width] as const),
  );
  // layoutSheet wrote the column header into row 1: it moves to row 2 under the notice.
  const header = sheet.getRow(1);
  const headerStyle = { font: header.font, alignment: header.alignment, height: header.height };
  const notice = sheet.getRow(1);
  notice.eachCell((cell) => {
    cell.style = {};
  });
  notice.values = [LEDGER_INTERNAL_NOTICE];
  notice.font = { bold: true, color: { argb: 'FFC00000' } };
  notice.alignment = { vertical: 'middle', horizontal: 'left' };
  notice.height = 20;
  sheet.mergeCells(1, 1, 1, LEDGER_COLUMNS.length);
  notice.commit();
  const headerRow = sheet.getRow(2);
  headerRow.values = columns.map((c) => c.header);
  headerRow.font = headerStyle.font;
  headerRow.alignment = headerStyle.alignment;
  headerRow.height = headerStyle.height;
  headerRow.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    cell.border = BORDER;
  });
  headerRow.commit();

  let count = 0;
  for (const row of ledgerRowsInOrder(ctx, filter)) {
    count++;
    const lateDays =
      row.closedOnTime === false && row.resolvedDate
        ? daysBetween(row.dueDate, row.resolvedDate)
        : null;
    const values: Record<string, string | number | null> = {
      seq: count,
      grid: gridLabel(row),
      worker: row.workerName,
      person: personCell(row),
      description: row.description,
      category: row.category,
      source: row.source,
      registeredDate: row.registeredDate,
      measureTaken: row.measureTaken,
      responsiblePerson: row.responsiblePerson,
      dueDate: row.dueDate,
      status: row.status,
      resolvedDate: row.resolvedDate ?? '',
      followUp: followUpCell(row),
      note: noteCell(row, lateDays),
    };
    // An empty field is an empty cell (still bordered), not a cell holding "".
    for (const key of Object.keys(values)) if (values[key] === '') values[key] = null;
    const added = sheet.addRow(values);
    LEDGER_COLUMNS.forEach((column, index) => {
      const cell = added.getCell(index + 1);
      cell.border = BORDER;
      cell.alignment = {
        vertical: 'top',
        horizontal: column.wrap ? 'left' : 'center',
        wrapText: Boolean(column.wrap),
      };
      if (row.overdueDays !== null) cell.fill = OVERDUE_FILL;
    });
    added.height = rowHeight(values, widths);
    added.commit();
  }
  sheet.commit();
  return { buffer: await finish(), rows: count };
}

/**
 * problems.export: the workbook as a FilePayload named after the grid and the day. The
 * export is recorded in the audit log (it carries households' names and problems), with the
 * filter and the row count.
 */
export async function ledgerExportFile(
  ctx: ServiceContext,
  filter: LedgerFilter,
): Promise<FilePayload & { rows: number }> {
  const scope = filter.gridId !== undefined ? getGrid(ctx, filter.gridId).name : '全部';
  const { buffer, rows } = await buildLedgerXlsx(ctx, filter, scope);
  inTransaction(ctx, () =>
    audit(ctx, {
      entity: 'problem_ledger',
      entityId: filter.gridId ?? 'all',
      action: 'export',
      after: { filter, rows },
    }),
  );
  const stamp = today(ctx).replaceAll('-', '');
  return {
    fileName: `问题登记台账-${scope}${filter.overdue ? '-逾期' : ''}-${stamp}.xlsx`,
    data: buffer,
    rows,
  };
}
