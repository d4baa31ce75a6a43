import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { StringDecoder } from 'node:string_decoder';
import { excelSerialToIso } from '../../api/normalize';
import {
  refused,
  why,
  XLSX_MAX_COLUMNS,
  XLSX_PART_LIMITS,
  type SheetLimits,
} from '../files/limits';
import type { Cell } from './cells';
import { ZipArchive } from './zip';

/**
 * A small reader for the tables clerks import. exceljs reads a 10,000-household file in 5.8 s
 * and 800 MB in memory, and its streaming reader garbles Chinese characters split across
 * chunks (its parse-sax decodes every chunk on its own); this reads the same file in well
 * under a second.
 *
 * Every bound is in files/limits.ts: the inflated size of each part, columns up to XFD, rows
 * and cells per file kind, the length of one row. The scanning is linear: each tag is found
 * with indexOf from where the last one ended, so a sheet whose rows never close (an 88 KB
 * file once took 268 s with the regular expressions) is refused after one pass.
 */

const EMPTY: Cell = { text: '', numeric: false };
/** Built-in number formats that are dates (ECMA-376 §18.8.30). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

function xml(zip: ZipArchive, name: string): string | null {
  return zip.text(name, XLSX_PART_LIMITS.small);
}

/** What a read may take: the file's name for messages, and the rows and cells left. */
export interface XlsxBounds {
  fileName: string;
  /** Decremented as rows are read: one budget can span several sheets of a file. */
  left: SheetLimits;
  limits: SheetLimits;
}

export const xlsxBounds = (fileName: string, limits: SheetLimits): XlsxBounds => ({
  fileName,
  limits,
  left: { ...limits },
});

const TAG_END = new Set([' ', '>', '/', '\t', '\n', '\r']);

/** Where the next <name …> (not <nameXYZ) opens at or after `from`, or -1. */
function openTag(text: string, name: string, from: number): number {
  const needle = `<${name}`;
  for (let at = text.indexOf(needle, from); at >= 0; at = text.indexOf(needle, at + 1)) {
    const next = text[at + needle.length];
    if (next === undefined || TAG_END.has(next)) return at;
  }
  return -1;
}

/**
 * Calls back on each <name …>body</name> or <name …/> in `text`, in one pass. An element that
 * opens and never closes is an error (`malformed`), never a rescan of the rest.
 */
function eachElement(
  text: string,
  name: string,
  on: (attrs: string, body: string) => void,
  malformed: () => Error,
): void {
  const close = `</${name}>`;
  for (let at = openTag(text, name, 0); at >= 0;) {
    const end = text.indexOf('>', at);
    if (end < 0) throw malformed();
    if (text[end - 1] === '/') {
      on(text.slice(at + name.length + 1, end - 1), '');
      at = openTag(text, name, end + 1);
      continue;
    }
    const stop = text.indexOf(close, end + 1);
    if (stop < 0) throw malformed();
    on(text.slice(at + name.length + 1, end), text.slice(end + 1, stop));
    at = openTag(text, name, stop + close.length);
  }
}

const broken = (what: string) => () => new Error(`broken xlsx: ${what}`);

/** Runs saxes over a whole document, calling back on tags and text. */
function parseXml(
  text: string,
  on: { open?(tag: SaxesTagPlain): void; close?(tag: SaxesTagPlain): void; text?(t: string): void },
): void {
  const parser = new SaxesParser();
  if (on.open) parser.on('opentag', on.open);
  if (on.close) parser.on('closetag', on.close);
  if (on.text) parser.on('text', on.text);
  parser.write(text).close();
}

function sharedStrings(zip: ZipArchive, fileName: string): string[] {
  const text = zip.text('xl/sharedStrings.xml', XLSX_PART_LIMITS.sharedStrings);
  if (!text) return [];
  const strings: string[] = [];
  const limit = XLSX_PART_LIMITS.sharedStringCount;
  eachElement(
    text,
    'si',
    (_attrs, body) => {
      if (strings.length >= limit) throw refused(fileName, why.strings(limit));
      strings.push(own(runText(body)));
    },
    () => refused(fileName, why.malformed('共享字符串缺少结束标记 </si>')),
  );
  return strings;
}

/** Which cell styles (the s attribute) show a date. */
function dateStyles(zip: ZipArchive): Set<number> {
  const text = xml(zip, 'xl/styles.xml');
  const dates = new Set<number>();
  if (!text) return dates;
  const custom = new Map<number, string>();
  let inXfs = false;
  let index = 0;
  parseXml(text, {
    open(tag) {
      if (tag.name === 'numFmt')
        custom.set(Number(tag.attributes.numFmtId), String(tag.attributes.formatCode ?? ''));
      else if (tag.name === 'cellXfs') inXfs = true;
      else if (tag.name === 'xf' && inXfs) {
        const id = Number(tag.attributes.numFmtId ?? 0);
        const code = (custom.get(id) ?? '').replace(/"[^"]*"|\[[^\]]*\]/g, '');
        if (BUILTIN_DATE_FORMATS.has(id) || (/[yd]/i.test(code) && !/^[hms:.\s0]*$/i.test(code)))
          dates.add(index);
        index++;
      }
    },
    close(tag) {
      if (tag.name === 'cellXfs') inXfs = false;
    },
  });
  return dates;
}

/** The part name of the wanted sheet, or of the first sheet, with its name. */
function sheetPart(zip: ZipArchive, wanted: string): { name: string; part: string } | null {
  const workbook = xml(zip, 'xl/workbook.xml');
  const rels = xml(zip, 'xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) return null;
  const targets = new Map<string, string>();
  parseXml(rels, {
    open(tag) {
      if (tag.name === 'Relationship')
        targets.set(String(tag.attributes.Id), String(tag.attributes.Target));
    },
  });
  const sheets: { name: string; part: string }[] = [];
  parseXml(workbook, {
    open(tag) {
      if (tag.name !== 'sheet') return;
      if (sheets.length >= XLSX_PART_LIMITS.sheets) throw new Error('too many sheets');
      const target = targets.get(String(tag.attributes['r:id'])) ?? '';
      const part = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
      sheets.push({ name: String(tag.attributes.name), part });
    },
  });
  return sheets.find((s) => s.name === wanted) ?? sheets[0] ?? null;
}

/** A1 → 0, AB7 → 27; past XFD (16,384 columns) → Infinity, before it grows. */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
    if (n > XLSX_MAX_COLUMNS) return Infinity;
  }
  return n - 1;
}

export interface SheetRows {
  sheet: string;
  /** Rows in order, each with its 1-based number; cells by column index. */
  rows: { row: number; cells: Cell[] }[];
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character data → text (&lt; &amp; &#20013; …). */
function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, code: string) => {
    if (code.startsWith('#x')) return String.fromCodePoint(parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(parseInt(code.slice(1), 10));
    return ENTITIES[code] ?? whole;
  });
}

/** A rich-text body without its phonetic guides (<rPh>…</rPh>), in one pass. */
function withoutGuides(body: string): string {
  let out = '';
  let pos = 0;
  for (let at = openTag(body, 'rPh', 0); at >= 0; at = openTag(body, 'rPh', pos)) {
    out += body.slice(pos, at);
    const end = body.indexOf('>', at);
    if (end < 0) throw broken('rPh')();
    const close = body[end - 1] === '/' ? end - 5 : body.indexOf('</rPh>', end);
    if (close < 0) throw broken('rPh')();
    pos = close + 6;
  }
  return out + body.slice(pos);
}

/** The text of an <is> or <si> body: its <t> runs, without phonetic guides (<rPh>). */
function runText(body: string): string {
  // The common case, one plain run: <is><t>张三</t></is>.
  const plain = /^(?:<is>)?<t(?: xml:space="preserve")?>([^<]*)<\/t>(?:<\/is>)?$/.exec(body);
  if (plain) return unescapeXml(plain[1]!);
  let text = '';
  eachElement(withoutGuides(body), 't', (_attrs, run) => (text += unescapeXml(run)), broken('t'));
  return text;
}

/**
 * A copy that does not point into the sheet's text. V8 keeps substrings of 13+ characters
 * (every ID number) as slices of their parent, which would keep the whole decoded sheet
 * (about 100 MB for 10,000 households) alive until the import ends.
 */
const own = (text: string): string =>
  text.length >= 13 ? Buffer.from(text, 'utf8').toString('utf8') : text;

const ATTRIBUTES = { r: /\br="([^"]*)"/, t: /\bt="([^"]*)"/, s: /\bs="([^"]*)"/ };
const attribute = (attrs: string, name: keyof typeof ATTRIBUTES) =>
  ATTRIBUTES[name].exec(attrs)?.[1];

/** The text between <v> and </v> of a cell body (found with indexOf: linear). */
function cellValue(body: string): string {
  const open = body.indexOf('<v>');
  if (open < 0) return '';
  const close = body.indexOf('</v>', open + 3);
  return close < 0 ? '' : unescapeXml(body.slice(open + 3, close));
}

/** The cells of one <row> element, checked against the bounds (columns, cells). */
function scanRow(
  attrs: string,
  body: string,
  lastRow: number,
  strings: string[],
  dates: Set<number>,
  bounds: XlsxBounds,
): { row: number; cells: Cell[] } {
  const number = Number(attribute(attrs, 'r') ?? lastRow + 1);
  const cells: Cell[] = [];
  eachElement(
    body,
    'c',
    (cellAttrs, cellBody) => {
      const ref = attribute(cellAttrs, 'r');
      const column = ref ? columnIndex(ref) : cells.length;
      if (column >= XLSX_MAX_COLUMNS) throw refused(bounds.fileName, why.column(ref ?? ''));
      const type = attribute(cellAttrs, 't') ?? 'n';
      const value = cellValue(cellBody);
      let cell: Cell = EMPTY;
      if (type === 's') cell = { text: strings[Number(value)] ?? '', numeric: false };
      else if (type === 'inlineStr') cell = { text: own(runText(cellBody)), numeric: false };
      else if (type === 'b') cell = { text: value === '1' ? '是' : '否', numeric: false };
      else if (type === 'n' && value !== '') {
        const style = Number(attribute(cellAttrs, 's') ?? 0);
        // A date-formatted cell is that day, read by the one normalizer (docs/domain.md §10); a
        // number outside its years stays a number, for the column's own check.
        const day = dates.has(style) ? excelSerialToIso(Number(value)) : null;
        cell = day ? { text: day, numeric: false } : { text: own(value), numeric: true };
      } else if (type !== 'e' && value !== '') cell = { text: own(value), numeric: false };
      // Cells count up to the last one, gaps included: the array holds them all.
      const grown = Math.max(0, column + 1 - cells.length);
      bounds.left.cells -= grown;
      if (bounds.left.cells < 0) throw refused(bounds.fileName, why.cells(bounds.limits.cells));
      while (cells.length < column) cells.push(EMPTY);
      cells[column] = cell;
    },
    () => refused(bounds.fileName, why.malformed('单元格缺少结束标记 </c>')),
  );
  return { row: number, cells };
}

/** The sheet names of an xlsx, in order (xl/workbook.xml). */
export function xlsxSheetNames(buffer: Buffer, fileName: string): string[] {
  const workbook = xml(new ZipArchive(buffer, fileName), 'xl/workbook.xml') ?? '';
  const names: string[] = [];
  parseXml(workbook, {
    open(tag) {
      if (tag.name !== 'sheet') return;
      if (names.length >= XLSX_PART_LIMITS.sheets) throw new Error('too many sheets');
      names.push(String(tag.attributes.name ?? ''));
    },
  });
  return names;
}

/**
 * Reads one sheet of an .xlsx file as text cells. The sheet part is inflated as a stream and
 * decoded with a StringDecoder (which keeps characters split between chunks whole); complete
 * rows are scanned as they arrive. SpreadsheetML rows are flat and regular, and this is five
 * times faster than a general XML parser.
 */
export async function readXlsxSheet(
  buffer: Buffer,
  wanted: string,
  bounds: XlsxBounds,
  onRow?: (n: number) => void,
  /** Takes each row instead of the result's list (the worker sends rows on in batches). */
  sink?: (row: SheetRows['rows'][number]) => void,
): Promise<SheetRows | null> {
  const zip = new ZipArchive(buffer, bounds.fileName);
  const target = sheetPart(zip, wanted);
  const chunks = target && zip.chunks(target.part, XLSX_PART_LIMITS.sheet);
  if (!target || !chunks) return null;
  const strings = sharedStrings(zip, bounds.fileName);
  const dates = dateStyles(zip);
  const rows: SheetRows['rows'] = [];
  const decoder = new StringDecoder('utf8');
  const rowLimit = XLSX_PART_LIMITS.row;
  let pending = '';
  let lastRow = 0;
  let read = 0;
  const scan = (text: string) =>
    eachElement(
      text,
      'row',
      (attrs, body) => {
        if (--bounds.left.rows < 0) throw refused(bounds.fileName, why.rows(bounds.limits.rows));
        const row = scanRow(attrs, body, lastRow, strings, dates, bounds);
        lastRow = row.row;
        if (sink) sink(row);
        else rows.push(row);
        if (onRow && ++read % 1000 === 0) onRow(read);
      },
      () => refused(bounds.fileName, why.row(rowLimit)),
    );
  for await (const chunk of chunks) {
    pending += decoder.write(chunk);
    const end = pending.lastIndexOf('</row>');
    if (end < 0) {
      // No row ends in what is pending: it may only grow to the length of one row.
      if (pending.length > rowLimit) throw refused(bounds.fileName, why.row(rowLimit));
      continue;
    }
    scan(pending.slice(0, end + 6));
    pending = pending.slice(end + 6);
  }
  scan(pending + decoder.end());
  return { sheet: target.name, rows };
}
