import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../../api/errors';
import type { Cell } from './cells';

export interface Table {
  sheet: string;
  header: string[];
  /** Data rows with their 1-based row number in the file, as the clerk sees it in Excel. */
  rows: { row: number; cells: Cell[] }[];
}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const XLS_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A cell value from exceljs as text; dates as YYYY-MM-DD. */
function cellFromValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return { text: '', numeric: false };
  if (typeof value === 'number')
    return { text: Number.isInteger(value) ? String(value) : String(value), numeric: true };
  if (typeof value === 'boolean') return { text: value ? '是' : '否', numeric: false };
  if (value instanceof Date) {
    // exceljs gives dates as UTC midnight.
    return { text: value.toISOString().slice(0, 10), numeric: false };
  }
  if (typeof value === 'object') {
    if ('richText' in value)
      return { text: value.richText.map((r) => r.text).join(''), numeric: false };
    if ('result' in value) return cellFromValue(value.result as ExcelJS.CellValue);
    if ('text' in value) return { text: String(value.text), numeric: false };
    if ('error' in value) return { text: '', numeric: false };
  }
  return { text: String(value), numeric: false };
}

async function readXlsx(
  buffer: Buffer,
  wanted: string,
  onRow?: (n: number) => void,
): Promise<Table> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buffer), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let chosen: Table | null = null;
  let first: Table | null = null;
  for await (const worksheet of reader) {
    const sheet = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name: string };
    const table: Table = { sheet: sheet.name, header: [], rows: [] };
    // Every sheet must be read through (a stream); only the wanted one is kept.
    const keep = chosen === null;
    for await (const row of sheet) {
      if (!keep) continue;
      const values = (row.values as ExcelJS.CellValue[]).slice(1);
      const cells = values.map(cellFromValue);
      if (table.header.length === 0) {
        table.header = cells.map((c) => c.text.trim());
      } else if (cells.some((c) => c.text.trim() !== '')) {
        table.rows.push({ row: row.number, cells });
        if (onRow && table.rows.length % 1000 === 0) onRow(table.rows.length);
      }
    }
    if (keep) {
      if (sheet.name === wanted) chosen = table;
      else first ??= table;
    }
  }
  const table = chosen ?? first;
  if (!table) throw new AppError('VALIDATION', '文件里没有工作表');
  return table;
}

/** UTF-8 (with or without BOM) when it decodes cleanly, otherwise GBK, as Excel saves in China. */
export function decodeText(buffer: Buffer): { text: string; encoding: 'UTF-8' | 'GBK' } {
  if (buffer.subarray(0, 3).equals(UTF8_BOM))
    return { text: buffer.subarray(3).toString('utf8'), encoding: 'UTF-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'UTF-8' };
  } catch {
    return { text: iconv.decode(buffer, 'gbk'), encoding: 'GBK' };
  }
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function readCsv(buffer: Buffer, sheet: string): Table {
  const { text } = decodeText(buffer);
  const lines = parseCsv(text);
  const header = (lines[0] ?? []).map((h) => h.trim());
  const rows = lines
    .slice(1)
    .map((cells, i) => ({ row: i + 2, cells: cells.map((t) => ({ text: t, numeric: false })) }))
    .filter((r) => r.cells.some((c) => c.text.trim() !== ''));
  return { sheet, header, rows };
}

/**
 * Reads an import file: .xlsx (streamed) or .csv (UTF-8 or GBK). A legacy .xls cannot be read
 * by exceljs: the clerk is asked to save it as .xlsx.
 */
export async function readTable(
  buffer: Buffer,
  fileName: string,
  wantedSheet: string,
  onRow?: (rows: number) => void,
): Promise<Table> {
  const lower = fileName.toLowerCase();
  if (buffer.subarray(0, 4).equals(XLS_MAGIC) || lower.endsWith('.xls')) {
    throw new AppError(
      'VALIDATION',
      '这是旧版 Excel（.xls）文件，无法直接导入。请在 Excel 或 WPS 中打开，「另存为」.xlsx 格式后再导入。',
    );
  }
  if (buffer.subarray(0, 4).equals(XLSX_MAGIC)) {
    try {
      return await readXlsx(buffer, wantedSheet, onRow);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('VALIDATION', '文件打不开：它不是有效的 .xlsx 文件，可能已损坏。');
    }
  }
  if (lower.endsWith('.xlsx'))
    throw new AppError('VALIDATION', '文件打不开：它不是有效的 .xlsx 文件，可能已损坏。');
  return readCsv(buffer, wantedSheet);
}
