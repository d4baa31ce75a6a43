import type ExcelJS from 'exceljs';
import { displayWidth } from '../roster-io/cells';
import { columnLetter, sheetOptions, THIN_BORDER } from '../roster-io/sheet-layout';

/**
 * The reports' sheets: a title (and a line under it) above a ruled table whose header row is
 * frozen and repeated on every printed page. Print setup is the roster's (A4, fit to width,
 * page numbers in the footer) with the orientation and the repeated rows of each sheet.
 */

export interface XlsxColumn {
  header: string;
  /** Minimum width in Excel units (a CJK character ≈ 2). */
  width: number;
  align?: 'left' | 'center' | 'right';
}

/** A number shown in a format of its own, e.g. a rate: 0.9161 shown as 91.61%. */
export interface XlsxFormatted {
  value: number;
  numFmt: string;
  /** The value as shown, for measuring the column. */
  text: string;
}

export type XlsxCell = string | number | null | XlsxFormatted;

/** What a cell shows, for measuring widths. */
const shownText = (cell: XlsxCell | undefined) =>
  cell !== null && typeof cell === 'object' ? cell.text : String(cell ?? '');

/** Worksheet options: A4 in the orientation given, the header row frozen and repeated. */
export function reportSheetOptions(
  orientation: 'portrait' | 'landscape',
  headerRow: number,
): Partial<ExcelJS.AddWorksheetOptions> {
  const base = sheetOptions();
  return {
    ...base,
    views: [{ state: 'frozen', ySplit: headerRow }],
    pageSetup: {
      ...base.pageSetup,
      orientation,
      printTitlesRow: `${headerRow}:${headerRow}`,
    },
  };
}

/** A merged, centred title line across the table's width. */
export function titleRow(
  sheet: ExcelJS.Worksheet,
  row: number,
  text: string,
  columnCount: number,
  options: { size?: number; bold?: boolean; align?: 'left' | 'center' } = {},
): void {
  sheet.mergeCells(row, 1, row, Math.max(columnCount, 1));
  const cell = sheet.getCell(row, 1);
  cell.value = text;
  cell.font = { size: options.size ?? 11, bold: options.bold ?? false };
  cell.alignment = { horizontal: options.align ?? 'center', vertical: 'middle', wrapText: true };
  sheet.getRow(row).height = (options.size ?? 11) * 2;
}

/**
 * The header row at `headerRow` and the body under it, ruled, with widths from the content
 * (exceljs has no auto width). Returns the next free row.
 */
export function writeTable(
  sheet: ExcelJS.Worksheet,
  headerRow: number,
  columns: readonly XlsxColumn[],
  rows: readonly (readonly XlsxCell[])[],
  boldRows: ReadonlySet<number> = new Set(),
): number {
  const header = sheet.getRow(headerRow);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    cell.border = THIN_BORDER;
  });
  header.height = 30;
  rows.forEach((values, r) => {
    const row = sheet.getRow(headerRow + 1 + r);
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const value = values[i] ?? null;
      if (value !== null && typeof value === 'object') {
        cell.value = value.value;
        cell.numFmt = value.numFmt;
      } else {
        cell.value = value === '' ? null : value;
      }
      cell.border = THIN_BORDER;
      cell.alignment = { horizontal: c.align ?? 'left', vertical: 'top', wrapText: true };
      if (boldRows.has(r)) cell.font = { bold: true };
    });
  });
  columns.forEach((c, i) => {
    // Cells with several lines are measured by their longest line; capped so a long text
    // wraps instead of making one very wide column.
    let width = Math.max(c.width, displayWidth(c.header) * 0.6 + 2);
    for (const values of rows) {
      const text = shownText(values[i]);
      for (const line of text.split('\n')) width = Math.max(width, displayWidth(line) + 2);
    }
    sheet.getColumn(i + 1).width = Math.min(width, Math.max(c.width, 60));
  });
  return headerRow + 1 + rows.length;
}

/** The range a sheet's print area should cover, e.g. A1:K40. */
export function printArea(columnCount: number, lastRow: number): string {
  return `A1:${columnLetter(columnCount)}${lastRow}`;
}

export async function workbookBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A grid name may hold characters a file system refuses (/ : * ? …): they become _. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
}
