import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { StringDecoder } from 'node:string_decoder';
import { excelSerialToIso } from '../../api/normalize';
import type { Cell } from './cells';
import { ZipArchive } from './zip';

/**
 * A small reader for the tables clerks import. exceljs reads a 10,000-household file in 5.8 s
 * and 800 MB in memory, and its streaming reader garbles Chinese characters split across
 * chunks (its parse-sax decodes every chunk on its own); this reads the same file in well
 * under a second.
 */

const EMPTY: Cell = { text: '', numeric: false };
/** Built-in number formats that are dates (ECMA-376 §18.8.30). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

function xml(zip: ZipArchive, name: string): string | null {
  return zip.text(name);
}

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

function sharedStrings(zip: ZipArchive): string[] {
  const text = xml(zip, 'xl/sharedStrings.xml');
  if (!text) return [];
  return [...text.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) => own(runText(m[1] ?? '')));
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
      const target = targets.get(String(tag.attributes['r:id'])) ?? '';
      const part = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
      sheets.push({ name: String(tag.attributes.name), part });
    },
  });
  return sheets.find((s) => s.name === wanted) ?? sheets[0] ?? null;
}

/** A1 → 0, AB7 → 27. */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
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

/** The text of an <is> or <si> body: its <t> runs, without phonetic guides (<rPh>). */
function runText(body: string): string {
  // The common case, one plain run: <is><t>张三</t></is>.
  const plain = /^(?:<is>)?<t(?: xml:space="preserve")?>([^<]*)<\/t>(?:<\/is>)?$/.exec(body);
  if (plain) return unescapeXml(plain[1]!);
  let text = '';
  for (const match of body
    .replace(/<rPh\b[\s\S]*?<\/rPh>/g, '')
    .matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>|<t\b[^>]*\/>/g)) {
    text += unescapeXml(match[1] ?? '');
  }
  return text;
}

/**
 * A copy that does not point into the sheet's text. V8 keeps substrings of 13+ characters
 * (every ID number) as slices of their parent, which would keep the whole decoded sheet
 * (about 100 MB for 10,000 households) alive until the import ends.
 */
const own = (text: string): string =>
  text.length >= 13 ? Buffer.from(text, 'utf8').toString('utf8') : text;

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const ATTRIBUTES = { r: /\br="([^"]*)"/, t: /\bt="([^"]*)"/, s: /\bs="([^"]*)"/ };
const attribute = (attrs: string, name: keyof typeof ATTRIBUTES) =>
  ATTRIBUTES[name].exec(attrs)?.[1];

/** Appends the cells of one <row> element. */
function scanRow(
  attrs: string,
  body: string,
  lastRow: number,
  strings: string[],
  dates: Set<number>,
): { row: number; cells: Cell[] } {
  const number = Number(attribute(attrs, 'r') ?? lastRow + 1);
  const cells: Cell[] = [];
  for (const cellMatch of body.matchAll(CELL)) {
    const cellAttrs = cellMatch[1]!;
    const cellBody = cellMatch[2] ?? '';
    const ref = attribute(cellAttrs, 'r');
    const column = ref ? columnIndex(ref) : cells.length;
    const type = attribute(cellAttrs, 't') ?? 'n';
    const value = unescapeXml(/<v>([\s\S]*?)<\/v>/.exec(cellBody)?.[1] ?? '');
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
    while (cells.length < column) cells.push(EMPTY);
    cells[column] = cell;
  }
  return { row: number, cells };
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
  onRow?: (n: number) => void,
): Promise<SheetRows | null> {
  const zip = new ZipArchive(buffer);
  const target = sheetPart(zip, wanted);
  const stream = target && zip.stream(target.part);
  if (!target || !stream) return null;
  const strings = sharedStrings(zip);
  const dates = dateStyles(zip);
  const rows: SheetRows['rows'] = [];
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lastRow = 0;
  const scan = (text: string) => {
    ROW.lastIndex = 0;
    for (const match of text.matchAll(ROW)) {
      const row = scanRow(match[1]!, match[2] ?? '', lastRow, strings, dates);
      lastRow = row.row;
      rows.push(row);
      if (onRow && rows.length % 1000 === 0) onRow(rows.length);
    }
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    pending += decoder.write(chunk);
    const end = pending.lastIndexOf('</row>');
    if (end < 0) continue;
    scan(pending.slice(0, end + 6));
    pending = pending.slice(end + 6);
  }
  scan(pending + decoder.end());
  return { sheet: target.name, rows };
}
