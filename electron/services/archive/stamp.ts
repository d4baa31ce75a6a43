import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import type * as Fontkit from '@pdf-lib/fontkit';
import { PDFDocument as PdfLibDocument } from 'pdf-lib';
import PDFDocument from 'pdfkit';
import { AppError } from '../../api/errors';
import { RETENTION_LABELS, type RetentionCode } from '../../api/archive-types';
import { fontBuffer, FONT_REGULAR } from '../../documents/pdf/fonts';
import { A4, mm } from '../../documents/pdf/page';
import { subsetTrueType } from './font-subset';
import { appendToFirstPage, PdfStructureError, type NewObject, type PageView } from './pdf-update';

/**
 * 归档章 (docs/domain.md §6; DA/T 22-2015 §7.2): a red 2 × 3 grid stamped on the first page of
 * each PDF in an EXPORTED copy, top right:
 *
 *   全宗号   | 年度     | 件号
 *   机构(问题) | 保管期限 | 页数
 *
 * Each cell shows its small label above the value, so a reader of the electronic copy needs
 * no legend. The stored original is never touched: the stamp is appended to a copy as an
 * incremental update (pdf-update.ts), so the copy begins with the original's bytes.
 *
 * The text is real text (pdftotext finds it) in a subset of the bundled Noto Sans SC made
 * once per export for every character any stamp of that export needs (font-subset.ts): each
 * copy gets the same prepared font objects (≈ 8 KB) and its own small content stream, so no
 * font work is done per item.
 */

export interface StampFields {
  fondsCode: string;
  year: number;
  itemNo: number;
  /** 机构(问题): the name (DA/T 22: name or its standard short form). */
  org: string;
  retention: RetentionCode;
  pages: number;
}

/** The six cells, in reading order: label and the value shown. */
export function stampCells(fields: StampFields): { label: string; value: string }[] {
  return [
    { label: '全宗号', value: fields.fondsCode },
    { label: '年度', value: String(fields.year) },
    { label: '件号', value: String(fields.itemNo).padStart(4, '0') },
    { label: '机构(问题)', value: fields.org },
    { label: '保管期限', value: RETENTION_LABELS[fields.retention] },
    { label: '页数', value: String(fields.pages) },
  ];
}

// Size and place: cells 15 × 8 mm (the usual 归档章 of 45 × 16 mm), 4 mm from the top edge
// and 8 mm from the right edge of the page as the reader sees it.
const CELL_WIDTH = mm(15);
const CELL_HEIGHT = mm(8);
const TOP = mm(4);
const RIGHT = mm(8);
const LABEL_SIZE = 5.5;
const VALUE_SIZE = 9;
const RED = '0.86 0.08 0.08';

// @pdf-lib/fontkit ships as a UMD bundle: require() gives the same object under tsx, Vitest
// and the bundled main process.
const fontkit = createRequire(import.meta.url)('@pdf-lib/fontkit') as typeof Fontkit;
let parsedFont: Fontkit.Font | undefined;
const noto = () => (parsedFont ??= fontkit.create(fontBuffer(FONT_REGULAR)));

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** UTF-16BE hex of one character, for the ToUnicode map. */
function utf16Hex(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) out += hex4(ch.charCodeAt(i));
  return out;
}

/** A Noto Sans SC subset holding the given characters, as PDF objects ready to append. */
export class StampFont {
  private constructor(
    /** Character → glyph id in the subset and advance width (1/1000 em). */
    private readonly glyphs: Map<string, { id: number; width: number }>,
    /** Type0 font, CIDFont, descriptor, font file and ToUnicode: the first one is the font. */
    readonly objects: NewObject[],
  ) {}

  static create(text: string): StampFont {
    const font = noto();
    const scale = 1000 / font.unitsPerEm;
    const chars = [...new Set(text)].sort();
    const found = chars.map((ch) => font.glyphForCodePoint(ch.codePointAt(0)!));
    const subset = subsetTrueType(
      fontBuffer(FONT_REGULAR),
      found.map((glyph) => glyph.id),
    );
    const glyphs = new Map<string, { id: number; width: number }>();
    chars.forEach((ch, i) => {
      const glyph = found[i]!;
      glyphs.set(ch, {
        id: subset.ids.get(glyph.id)!,
        width: Math.round(glyph.advanceWidth * scale),
      });
    });
    const file = subset.file;

    // A subset is named with a tag of six capitals (ISO 32000-1 §9.6.4), here from its glyphs.
    const tag = [...crypto.createHash('sha256').update(chars.join('')).digest().subarray(0, 6)]
      .map((b) => String.fromCharCode(65 + (b % 26)))
      .join('');
    const baseFont = `/${tag}+${(font.postscriptName ?? 'NotoSansSC-Regular').replace(/[^A-Za-z0-9-]/g, '')}`;
    // One entry per glyph id (a character missing from the font shares .notdef, id 0).
    const byId = [...new Map([...glyphs.entries()].map(([ch, g]) => [g.id, { ch, ...g }])).values()]
      .filter((g) => g.id !== 0)
      .sort((a, b) => a.id - b.id);
    const widths = `[${byId.map((g) => `${g.id} [${g.width}]`).join(' ')}]`;
    const bbox = font.bbox;
    const toUnicode = [
      '/CIDInit /ProcSet findresource begin',
      '12 dict begin',
      'begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Adobe-Identity-UCS def',
      '/CMapType 2 def',
      '1 begincodespacerange',
      '<0000> <ffff>',
      'endcodespacerange',
      // At most 100 mappings per block.
      ...Array.from({ length: Math.ceil(byId.length / 100) }, (_, block) => {
        const slice = byId.slice(block * 100, block * 100 + 100);
        return [
          `${slice.length} beginbfchar`,
          ...slice.map((g) => `<${hex4(g.id)}> <${utf16Hex(g.ch)}>`),
          'endbfchar',
        ].join('\n');
      }),
      'endcmap',
      'CMapName currentdict /CMap defineresource pop',
      'end',
      'end',
    ].join('\n');
    const objects: NewObject[] = [
      {
        body: `<< /Type /Font /Subtype /Type0 /BaseFont ${baseFont} /Encoding /Identity-H /DescendantFonts [@1] /ToUnicode @4 >>`,
      },
      {
        body:
          `<< /Type /Font /Subtype /CIDFontType2 /BaseFont ${baseFont}` +
          ' /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>' +
          ` /FontDescriptor @2 /DW 1000 /W ${widths} /CIDToGIDMap /Identity >>`,
      },
      {
        body:
          `<< /Type /FontDescriptor /FontName ${baseFont} /Flags 4` +
          ` /FontBBox [${[bbox.minX, bbox.minY, bbox.maxX, bbox.maxY].map((v) => Math.round(v * scale)).join(' ')}]` +
          ` /ItalicAngle 0 /Ascent ${Math.round(font.ascent * scale)} /Descent ${Math.round(font.descent * scale)}` +
          ` /CapHeight ${Math.round(font.capHeight * scale)} /StemV 80 /FontFile2 @3 >>`,
      },
      { body: `<< /Length1 ${file.length} >>`, stream: zlib.deflateSync(file), deflated: true },
      { body: '<<>>', stream: zlib.deflateSync(Buffer.from(toUnicode, 'latin1')), deflated: true },
    ];
    return new StampFont(glyphs, objects);
  }

  /** Width of a text at `size` points. */
  width(text: string, size: number): number {
    let units = 0;
    for (const ch of text) units += this.glyphs.get(ch)?.width ?? 1000;
    return (units * size) / 1000;
  }

  /** The text as a hex string of subset glyph ids (Identity-H). */
  encode(text: string): string {
    let out = '<';
    for (const ch of text) {
      const glyph = this.glyphs.get(ch);
      if (!glyph) throw new Error(`StampFont: character ${ch} not in the subset`);
      out += hex4(glyph.id);
    }
    return `${out}>`;
  }
}

/** Every character a set of stamps needs (labels and values). */
export function stampText(all: readonly StampFields[]): string {
  const chars = new Set<string>();
  for (const fields of all) {
    for (const cell of stampCells(fields)) for (const ch of cell.label + cell.value) chars.add(ch);
  }
  return [...chars].join('');
}

const fixed = (n: number) => +n.toFixed(2);

/** Content operators of the stamp on a page of the given view size, top right. */
export function stampOperators(
  font: StampFont,
  fontName: string,
  fields: StampFields,
  view: PageView,
): string {
  const width = 3 * CELL_WIDTH;
  const height = 2 * CELL_HEIGHT;
  // A page narrower than the stamp (a receipt scan) gets it at its left edge instead.
  const left = Math.max(0, view.width - RIGHT - width);
  const bottom = view.height - TOP - height;
  const ops: string[] = [
    `1 0 0 1 ${fixed(left)} ${fixed(bottom)} cm`,
    `${RED} RG ${RED} rg 0.8 w`,
    `0 0 ${fixed(width)} ${fixed(height)} re S`,
    `0 ${fixed(CELL_HEIGHT)} m ${fixed(width)} ${fixed(CELL_HEIGHT)} l S`,
    `${fixed(CELL_WIDTH)} 0 m ${fixed(CELL_WIDTH)} ${fixed(height)} l S`,
    `${fixed(2 * CELL_WIDTH)} 0 m ${fixed(2 * CELL_WIDTH)} ${fixed(height)} l S`,
    'BT',
  ];
  const text = (value: string, size: number, column: number, baseline: number) => {
    const room = CELL_WIDTH - 3;
    const fitted = Math.max(
      4,
      Math.min(size, (room * size) / Math.max(font.width(value, size), 0.01)),
    );
    const x = column * CELL_WIDTH + (CELL_WIDTH - font.width(value, fitted)) / 2;
    ops.push(
      `/${fontName} ${fixed(fitted)} Tf 1 0 0 1 ${fixed(x)} ${fixed(baseline)} Tm ${font.encode(value)} Tj`,
    );
  };
  stampCells(fields).forEach((cell, index) => {
    const column = index % 3;
    const cellBottom = index < 3 ? CELL_HEIGHT : 0;
    text(cell.label, LABEL_SIZE, column, cellBottom + CELL_HEIGHT - LABEL_SIZE - 1.2);
    if (cell.value) text(cell.value, VALUE_SIZE, column, cellBottom + 3);
  });
  ops.push('ET');
  return ops.join('\n');
}

/** Whether the bytes are a PDF whose objects sit in the classic layout the fast path reads. */
async function rewriteClassic(pdf: Buffer): Promise<Buffer> {
  const doc = await PdfLibDocument.load(pdf, { updateMetadata: false });
  return Buffer.from(await doc.save({ useObjectStreams: false, addDefaultPage: false }));
}

/**
 * Stamps exported copies for one export: the font subset is made once for all of them.
 */
export class Stamper {
  /** Files that had to be rewritten in classic form first (scanner PDFs with object streams). */
  rewritten = 0;

  private constructor(private readonly font: StampFont) {}

  static create(all: readonly StampFields[]): Stamper {
    return new Stamper(StampFont.create(stampText(all)));
  }

  /**
   * The stamped copy of a PDF. `what` names the item in a message (its 档号). A file whose
   * structure the fast path does not read is first rewritten by pdf-lib (same pages, same
   * content, classic cross-reference table); an encrypted or unreadable one is refused.
   */
  async stampPdf(pdf: Buffer, fields: StampFields, what: string): Promise<Buffer> {
    return (await this.stampCopy(pdf, fields, what)).buffer;
  }

  /**
   * As stampPdf, and whether the copy is the original with the stamp appended (then its
   * first pdf.length bytes are the original's: a caller that hashed the original can go on
   * hashing only what follows).
   */
  async stampCopy(
    pdf: Buffer,
    fields: StampFields,
    what: string,
  ): Promise<{ buffer: Buffer; appended: boolean }> {
    const draw = (view: PageView, fontName: string) =>
      stampOperators(this.font, fontName, fields, view);
    try {
      return { buffer: appendToFirstPage(pdf, this.font.objects, draw), appended: true };
    } catch (error) {
      if (!(error instanceof PdfStructureError)) throw error;
      if (error.message === 'encrypted') {
        throw new AppError(
          'VALIDATION',
          `${what} 的 PDF 加了密码，无法加盖归档章；请归档未加密的文件`,
        );
      }
    }
    let classic: Buffer;
    try {
      classic = await rewriteClassic(pdf);
    } catch (error) {
      const encrypted = /encrypt/i.test((error as Error).message);
      throw new AppError(
        'VALIDATION',
        encrypted
          ? `${what} 的 PDF 加了密码，无法加盖归档章；请归档未加密的文件`
          : `${what} 的 PDF 无法读取（${(error as Error).message}），无法加盖归档章`,
      );
    }
    this.rewritten++;
    try {
      return {
        buffer: appendToFirstPage(classic, this.font.objects, draw),
        appended: false,
      };
    } catch (error) {
      throw new AppError(
        'VALIDATION',
        `${what} 的 PDF 结构无法识别（${(error as Error).message}），无法加盖归档章`,
      );
    }
  }

  /** A JPG or PNG original as one A4 page (scaled to fit), then stamped. */
  async stampImage(image: Buffer, fields: StampFields, what: string): Promise<Buffer> {
    return this.stampPdf(await imagePage(image, what), fields, what);
  }
}

/**
 * One image on one A4 page, scaled to fit within 10 mm margins and centred; landscape when
 * the image is wider than tall. The image data is embedded as is (JPEG) or as PNG pixels.
 */
export async function imagePage(image: Buffer, what = '图片'): Promise<Buffer> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    info: { Creator: '村级网格台账' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit's openImage() is not in @types/pdfkit: it reads the size without drawing.
  const withOpen = doc as PDFKit.PDFDocument & {
    openImage(src: Buffer): { width: number; height: number };
  };
  let opened: { width: number; height: number };
  try {
    opened = withOpen.openImage(image);
  } catch (error) {
    throw new AppError('VALIDATION', `${what} 的图片无法读取（${(error as Error).message}）`);
  }
  const landscape = opened.width > opened.height;
  const width = landscape ? A4.height : A4.width;
  const height = landscape ? A4.width : A4.height;
  const margin = mm(10);
  doc.addPage({ size: 'A4', layout: landscape ? 'landscape' : 'portrait', margin: 0 });
  doc.image(opened as unknown as Buffer, margin, margin, {
    fit: [width - 2 * margin, height - 2 * margin],
    align: 'center',
    valign: 'center',
  });
  doc.end();
  return ended;
}
