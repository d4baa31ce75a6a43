import zlib from 'node:zlib';
import {
  centralRecord,
  endRecord,
  localHeader,
  METHOD_DEFLATE,
  type ZipEntryRecord,
} from '../files/zip-records';
import { ZipArchive } from './zip';

/**
 * The fast path for a big sheet (issue 15 item 3: a township's roster export ≤ 1 s). exceljs
 * writes the workbook with its header row — styles, column widths, frozen header, A4 print
 * setup, all as before — and the data rows are rendered here as plain XML and put into the
 * sheet before `</sheetData>`. Per cell, exceljs built a style object and an XML string for
 * its style (2 s for 21,000 rows × 34 cells); here a row is one string. The sheet part is
 * deflated as a stream on zlib's thread pool, so the whole file is never in memory as XML.
 */

/** A part of the header-only workbook may be at most this big (a few KB in practice). */
const PART_LIMIT = 16 * 1024 * 1024;
const CONTENT_TYPES = '[Content_Types].xml';
/** Every part dated 1980-01-01 00:00: the same data gives the same bytes. */
const STAMP = { time: 0, date: 0x21 };

/** A .zip built in memory, entry by entry (APPNOTE 6.3: deflate, UTF-8 names, no ZIP64). */
class MemoryZip {
  private readonly chunks: Buffer[] = [];
  private readonly written: ZipEntryRecord[] = [];
  private offset = 0;

  private push(chunk: Buffer) {
    this.chunks.push(chunk);
    this.offset += chunk.length;
  }

  /** One entry from chunks of its content, deflated as they come. */
  async add(name: string, content: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<void> {
    const deflate = zlib.createDeflateRaw({ level: 6 });
    const compressed: Buffer[] = [];
    deflate.on('data', (chunk: Buffer) => compressed.push(chunk));
    const ended = new Promise<void>((resolve, reject) => {
      deflate.on('end', resolve);
      deflate.on('error', reject);
    });
    let crc = 0;
    let size = 0;
    for await (const chunk of content) {
      crc = zlib.crc32(chunk, crc);
      size += chunk.length;
      if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
    }
    deflate.end();
    await ended;
    const data = Buffer.concat(compressed);
    const nameBytes = Buffer.from(name, 'utf8');
    if (this.offset + data.length > 0xffffffff || size > 0xffffffff)
      throw new Error('xlsx part over 4 GB');
    const entry = {
      name: nameBytes,
      method: METHOD_DEFLATE,
      crc,
      compressedSize: data.length,
      size,
      offset: this.offset,
    };
    this.written.push(entry);
    this.push(localHeader(entry, STAMP));
    this.push(data);
  }

  finish(): Buffer {
    const start = this.offset;
    for (const entry of this.written) this.push(centralRecord(entry, STAMP));
    this.push(endRecord(this.written.length, this.offset - start, start));
    return Buffer.concat(this.chunks);
  }
}

const XML_SPECIAL = /[&<>"]/;
// Characters XML 1.0 cannot hold at all (exceljs drops them too).
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text as XML character data. */
export function xmlText(text: string): string {
  const clean = text.replace(XML_INVALID, '');
  if (!XML_SPECIAL.test(clean)) return clean;
  return clean
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** One cell as exceljs writes it: a string (t="str") or a number, with an optional style id. */
export function cellXml(ref: string, value: string | number, style: number): string {
  const s = style ? ` s="${style}"` : '';
  return typeof value === 'number'
    ? `<c r="${ref}"${s}><v>${value}</v></c>`
    : `<c r="${ref}"${s} t="str"><v>${xmlText(value)}</v></c>`;
}

/**
 * The workbook exceljs wrote with `rows` (chunks of `<row>` XML, in order) put at the end of
 * the sheet data of `sheetPart` (e.g. xl/worksheets/sheet1.xml).
 */
export async function spliceRows(
  headerOnly: Buffer,
  sheetPart: string,
  rows: AsyncIterable<string>,
): Promise<Buffer> {
  const source = new ZipArchive(headerOnly, 'xlsx');
  const zip = new MemoryZip();
  // [Content_Types].xml first, as Excel itself writes it; some readers look for it there.
  const names = source
    .names()
    .sort((a, b) => Number(b === CONTENT_TYPES) - Number(a === CONTENT_TYPES));
  for (const name of names) {
    const bytes = source.read(name, PART_LIMIT)!;
    if (name !== sheetPart) {
      await zip.add(name, [bytes]);
      continue;
    }
    const xml = bytes.toString('utf8');
    const at = xml.lastIndexOf('</sheetData>');
    if (at < 0) throw new Error(`${sheetPart} has no sheetData`);
    await zip.add(
      name,
      (async function* () {
        yield Buffer.from(xml.slice(0, at), 'utf8');
        for await (const chunk of rows) yield Buffer.from(chunk, 'utf8');
        yield Buffer.from(xml.slice(at), 'utf8');
      })(),
    );
  }
  return zip.finish();
}
