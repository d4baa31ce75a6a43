import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { displayWidth } from './cells';
import type { Column } from './columns';

/**
 * Frozen header and A4 landscape print setup with the header repeated on every page. Given
 * when the sheet is created: exceljs's streaming writer takes them only then.
 */
export function sheetOptions(): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页', firstFooter: '第 &P 页，共 &N 页' },
  };
}

/**
 * exceljs's streaming writer into memory: rows go out as they are committed, so a county's
 * 130,000 roster rows stay within memory. Commit each row and the sheet, then `finish()`
 * commits the workbook and returns the file.
 */
export function streamingWorkbook(options: { useSharedStrings: boolean }): {
  workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  finish: () => Promise<Buffer>;
} {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise((resolve) => stream.on('end', resolve));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: options.useSharedStrings,
  });
  return {
    workbook,
    finish: async () => {
      await workbook.commit();
      await finished;
      return Buffer.concat(chunks);
    },
  };
}

/** A thin rule on all four sides of a cell: the ruled tables of the reports and forms. */
export const THIN_BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** Header row and column widths (STACK.md: exceljs has no auto width; CJK counts 2). */
export function layoutSheet(
  sheet: ExcelJS.Worksheet,
  columns: readonly Pick<Column, 'header' | 'field' | 'width' | 'type'>[],
): void {
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.field,
    width: Math.max(c.width, displayWidth(c.header) * 0.9 + 2),
    style: c.type === 'id' || c.type === 'phone' ? { numFmt: '@' } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.height = 32;
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    cell.border = { bottom: { style: 'thin' } };
  });
}

/** Excel column letters: 1 → A, 27 → AA. */
export function columnLetter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
