import iconv from 'iconv-lite';
import { AppError } from '../../api/errors';
import { CSV_MAX_FIELD_CHARS, refused, SHEET_LIMITS, why, type SheetLimits } from '../files/limits';
import type { Cell } from './cells';
import { readXlsxSheet, xlsxBounds } from './xlsx-reader';

export interface Table {
  sheet: string;
  header: string[];
  /** Data rows with their 1-based row number in the file, as the clerk sees it in Excel. */
  rows: { row: number; cells: Cell[] }[];
}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const XLS_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** One row as read, header included: its 1-based number in the file and its cells. */
export type Row = Table['rows'][number];

/** The rows of a sheet as read (header first) → the Table: header trimmed, empty rows dropped. */
export function assembleTable(sheet: string, rows: readonly Row[]): Table {
  const [header, ...data] = rows;
  return {
    sheet,
    header: (header?.cells ?? []).map((c) => c.text.trim()),
    rows: data.filter((r) => r.cells.some((c) => c.text.trim() !== '')),
  };
}

/** Streams the wanted sheet (or the first one) with the reader of xlsx-reader.ts. */
async function readXlsx(
  buffer: Buffer,
  fileName: string,
  wanted: string,
  sink: (row: Row) => void,
  onRow?: (n: number) => void,
): Promise<string> {
  const sheet = await readXlsxSheet(
    buffer,
    wanted,
    xlsxBounds(fileName, SHEET_LIMITS.roster),
    onRow,
    sink,
  );
  if (!sheet) throw new AppError('VALIDATION', '文件里没有工作表');
  return sheet.sheet;
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

/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Rows, cells and a
 * field's length are bounded (files/limits.ts): 18 MB of empty lines once made 3.7 GB of rows.
 */
export function parseCsv(
  text: string,
  fileName = '文件',
  limits: SheetLimits = SHEET_LIMITS.roster,
): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let cells = 0;
  const endRow = () => {
    cells += row.length;
    if (rows.length >= limits.rows) throw refused(fileName, why.rows(limits.rows));
    if (cells > limits.cells) throw refused(fileName, why.cells(limits.cells));
    rows.push(row);
  };
  for (let i = 0; i < text.length; i++) {
    if (field.length > CSV_MAX_FIELD_CHARS) throw refused(fileName, why.field(CSV_MAX_FIELD_CHARS));
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
      endRow();
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    endRow();
  }
  return rows;
}

function readCsv(buffer: Buffer, fileName: string, sink: (row: Row) => void): void {
  const { text } = decodeText(buffer);
  parseCsv(text, fileName).forEach((cells, i) =>
    sink({ row: i + 1, cells: cells.map((t) => ({ text: t, numeric: false })) }),
  );
}

/**
 * Reads an import file: .xlsx (streamed) or .csv (UTF-8 or GBK), each row (header first) to
 * `sink`; returns the sheet's name. A legacy .xls cannot be read: the clerk is asked to save it
 * as .xlsx. runBounded's worker sends the rows on in batches (files/parse-tasks.ts), so it
 * never holds the whole table.
 */
export async function readTableRows(
  buffer: Buffer,
  fileName: string,
  wantedSheet: string,
  sink: (row: Row) => void,
  onRow?: (rows: number) => void,
): Promise<string> {
  const lower = fileName.toLowerCase();
  if (buffer.subarray(0, 4).equals(XLS_MAGIC) || lower.endsWith('.xls')) {
    throw new AppError(
      'VALIDATION',
      '这是旧版 Excel（.xls）文件，无法直接导入。请在 Excel 或 WPS 中打开，「另存为」.xlsx 格式后再导入。',
    );
  }
  if (buffer.subarray(0, 4).equals(XLSX_MAGIC)) {
    try {
      return await readXlsx(buffer, fileName, wantedSheet, sink, onRow);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('VALIDATION', '文件打不开：它不是有效的 .xlsx 文件，可能已损坏。');
    }
  }
  if (lower.endsWith('.xlsx'))
    throw new AppError('VALIDATION', '文件打不开：它不是有效的 .xlsx 文件，可能已损坏。');
  readCsv(buffer, fileName, sink);
  return wantedSheet;
}

/** The whole table of an import file, read in this thread (tests, the fuzz suite). */
export async function readTable(
  buffer: Buffer,
  fileName: string,
  wantedSheet: string,
  onRow?: (rows: number) => void,
): Promise<Table> {
  const rows: Row[] = [];
  const sheet = await readTableRows(buffer, fileName, wantedSheet, (row) => rows.push(row), onRow);
  return assembleTable(sheet, rows);
}
