/**
 * A TrueType subset for embedding in a PDF (ISO 32000-1 §9.9: FontFile2 needs head, hhea,
 * loca, maxp, glyf, hmtx, and cvt/fpgm/prep when the glyphs' instructions use them), written
 * here from the font's own tables.
 *
 * Why not @pdf-lib/fontkit's createSubset(): version 1.1.1 writes the subset's `loca` in the
 * short format without padding glyph records to even length, so every glyph after an odd-sized
 * one points one byte off and renders blank (pdf-lib issue #1232, fixed upstream in fontkit
 * 1.8). With Noto Sans SC most of the 归档章's characters disappeared while pdftotext still
 * found the text. This writer keeps the long `loca` format and pads every glyph to 4 bytes.
 *
 * Glyph ids of the subset: 0 is .notdef, then the requested glyphs in the order given, then
 * any components of composite glyphs.
 */

interface Tables {
  get(tag: string): Buffer | undefined;
}

function readTables(font: Buffer): Tables {
  const count = font.readUInt16BE(4);
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = font.toString('latin1', at, at + 4);
    const offset = font.readUInt32BE(at + 8);
    const length = font.readUInt32BE(at + 12);
    tables.set(tag, font.subarray(offset, offset + length));
  }
  return tables;
}

function required(tables: Tables, tag: string): Buffer {
  const table = tables.get(tag);
  if (!table) throw new Error(`font has no ${tag} table`);
  return table;
}

// Composite glyph flags (OpenType glyf table).
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

function checksum(data: Buffer): number {
  let sum = 0;
  const padded =
    data.length % 4 ? Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]) : data;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

export interface TrueTypeSubset {
  /** The font file (a complete sfnt with the tables a PDF needs). */
  file: Buffer;
  /** Original glyph id → glyph id in the subset, for the glyphs asked for. */
  ids: Map<number, number>;
}

/** Subsets a TrueType (glyf) font to the given original glyph ids. */
export function subsetTrueType(font: Buffer, glyphIds: readonly number[]): TrueTypeSubset {
  if (font.readUInt32BE(0) !== 0x00010000 && font.toString('latin1', 0, 4) !== 'true') {
    throw new Error('not a TrueType font');
  }
  const tables = readTables(font);
  const head = required(tables, 'head');
  const hhea = required(tables, 'hhea');
  const maxp = required(tables, 'maxp');
  const hmtx = required(tables, 'hmtx');
  const loca = required(tables, 'loca');
  const glyf = required(tables, 'glyf');
  const longLoca = head.readInt16BE(50) === 1;
  const glyphCount = maxp.readUInt16BE(4);
  const metricsCount = hhea.readUInt16BE(34);

  const location = (gid: number): [number, number] =>
    longLoca
      ? [loca.readUInt32BE(gid * 4), loca.readUInt32BE(gid * 4 + 4)]
      : [loca.readUInt16BE(gid * 2) * 2, loca.readUInt16BE(gid * 2 + 2) * 2];
  const metrics = (gid: number): [number, number] => {
    if (gid < metricsCount) return [hmtx.readUInt16BE(gid * 4), hmtx.readInt16BE(gid * 4 + 2)];
    const advance = hmtx.readUInt16BE((metricsCount - 1) * 4);
    return [advance, hmtx.readInt16BE(metricsCount * 4 + (gid - metricsCount) * 2)];
  };

  const order: number[] = [];
  const ids = new Map<number, number>();
  const include = (gid: number): number => {
    const known = ids.get(gid);
    if (known !== undefined) return known;
    if (gid < 0 || gid >= glyphCount) throw new Error(`glyph ${gid} out of range`);
    ids.set(gid, order.length);
    order.push(gid);
    return order.length - 1;
  };
  include(0);
  for (const gid of glyphIds) include(gid);

  const records: Buffer[] = [];
  // The list grows while composite glyphs pull in their components.
  for (let i = 0; i < order.length; i++) {
    const [start, end] = location(order[i]!);
    let record = Buffer.from(glyf.subarray(start, end));
    if (record.length >= 10 && record.readInt16BE(0) < 0) {
      let p = 10;
      for (;;) {
        const flags = record.readUInt16BE(p);
        record.writeUInt16BE(include(record.readUInt16BE(p + 2)), p + 2);
        p += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
        if (flags & WE_HAVE_A_SCALE) p += 2;
        else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) p += 4;
        else if (flags & WE_HAVE_A_TWO_BY_TWO) p += 8;
        if (!(flags & MORE_COMPONENTS)) break;
      }
    }
    if (record.length % 4) record = Buffer.concat([record, Buffer.alloc(4 - (record.length % 4))]);
    records.push(record);
  }

  const newGlyf = Buffer.concat(records);
  const newLoca = Buffer.alloc((order.length + 1) * 4);
  let offset = 0;
  records.forEach((record, i) => {
    newLoca.writeUInt32BE(offset, i * 4);
    offset += record.length;
  });
  newLoca.writeUInt32BE(offset, order.length * 4);
  const newHmtx = Buffer.alloc(order.length * 4);
  order.forEach((gid, i) => {
    const [advance, bearing] = metrics(gid);
    newHmtx.writeUInt16BE(advance, i * 4);
    newHmtx.writeInt16BE(bearing, i * 4 + 2);
  });
  const newHead = Buffer.from(head);
  newHead.writeUInt32BE(0, 8); // checkSumAdjustment: recomputed below
  newHead.writeInt16BE(1, 50); // indexToLocFormat: long
  const newHhea = Buffer.from(hhea);
  newHhea.writeUInt16BE(order.length, 34);
  const newMaxp = Buffer.from(maxp);
  newMaxp.writeUInt16BE(order.length, 4);

  const out = new Map<string, Buffer>([
    ['glyf', newGlyf],
    ['head', newHead],
    ['hhea', newHhea],
    ['hmtx', newHmtx],
    ['loca', newLoca],
    ['maxp', newMaxp],
  ]);
  for (const tag of ['cvt ', 'fpgm', 'prep']) {
    const table = tables.get(tag);
    if (table) out.set(tag, table);
  }
  const tags = [...out.keys()].sort();
  const headerLength = 12 + tags.length * 16;
  const directory = Buffer.alloc(headerLength);
  directory.writeUInt32BE(0x00010000, 0);
  directory.writeUInt16BE(tags.length, 4);
  const entrySelector = Math.floor(Math.log2(tags.length));
  directory.writeUInt16BE(2 ** entrySelector * 16, 6);
  directory.writeUInt16BE(entrySelector, 8);
  directory.writeUInt16BE(tags.length * 16 - 2 ** entrySelector * 16, 10);
  const bodies: Buffer[] = [];
  let at = headerLength;
  tags.forEach((tag, i) => {
    const table = out.get(tag)!;
    const record = 12 + i * 16;
    directory.write(tag, record, 'latin1');
    directory.writeUInt32BE(checksum(table), record + 4);
    directory.writeUInt32BE(at, record + 8);
    directory.writeUInt32BE(table.length, record + 12);
    const padded =
      table.length % 4 ? Buffer.concat([table, Buffer.alloc(4 - (table.length % 4))]) : table;
    bodies.push(padded);
    at += padded.length;
  });
  const file = Buffer.concat([directory, ...bodies]);
  // head.checkSumAdjustment = 0xB1B0AFBA − checksum of the whole file.
  const headAt =
    headerLength + bodies.slice(0, tags.indexOf('head')).reduce((n, b) => n + b.length, 0);
  file.writeUInt32BE((0xb1b0afba - checksum(file)) >>> 0, headAt + 8);
  return { file, ids };
}
