import type {} from 'pdfkit';
import type { Box } from './box';
import { FONT_REGULAR, type FontName } from './fonts';
import { lineAdvance, textWidth, type TextStyle } from './text';

/**
 * Drawing operations for documents of many small pages (a batch of household cards): text,
 * grey fills and ruled boxes are collected, then written to the page's content stream in one
 * piece — fills, then all text in one BT…ET, then the rules stroked in one path per width.
 * A piece that repeats on many pages (a card's title, the table of a grid's workers) can be
 * made a form (a PDF Form XObject): drawn once, kept once in the file, placed on every page.
 *
 * Why not pdfkit's `doc.text()`: it shapes every distinct string with fontkit and caches the
 * result per string for the life of the document, so a batch of 1,000 cards (names, phones,
 * addresses all distinct) grew past 600 MB and took 3.5 s. Chinese text needs no shaping:
 * here each character is encoded once per document and font (pdfkit's own `encode`, so its
 * subset, widths and ToUnicode map stay right; pdftotext reads the text back), and a line is
 * written as one hex string. Latin kerning is not applied, which matches text.ts's
 * per-character measurement.
 */

/** The part of pdfkit's embedded font used here (not in its type declarations). */
interface EmbeddedFont {
  id: string;
  /** Ascent and descent in 1/1000 em. */
  ascender: number;
  descender: number;
  encode(text: string): [string[], unknown[]];
  ref(): unknown;
}

interface PdfRef {
  end(chunk: Buffer): void;
}

type Doc = PDFKit.PDFDocument & {
  _font: EmbeddedFont;
  page: { fonts: Record<string, unknown>; xobjects: Record<string, unknown> };
  ref(data: Record<string, unknown>): PdfRef;
};

/** Per document and font: character → glyph id as 4 hex digits. */
const glyphCache = new WeakMap<EmbeddedFont, Map<string, string>>();

const n = (value: number) => String(Math.round(value * 10) / 10);

/** '#e6e6e6' → the grey level 0…1 for the `g` operator. */
function grey(color: string): number {
  const value = Number.parseInt(color.slice(1, 3), 16);
  return Math.round((value / 255) * 1000) / 1000;
}

/** What one page (or one form) collects before it is written. */
class Layer {
  fills = new Map<string, Box[]>();
  rules = new Map<number, Box[]>();
  texts: string[] = [];
  forms: string[] = [];
  current = { font: '', size: 0 };
}

export class PageOps {
  private readonly doc: Doc;
  private readonly fonts = new Map<FontName, EmbeddedFont>();
  private readonly forms = new Map<string, { name: string; ref: PdfRef }>();
  private readonly placed = new Map<string, PdfRef>();
  private layer = new Layer();

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc as Doc;
  }

  private font(name: FontName): EmbeddedFont {
    let font = this.fonts.get(name);
    if (!font) {
      this.doc.font(name);
      font = this.doc._font;
      this.fonts.set(name, font);
    }
    return font;
  }

  private hex(font: EmbeddedFont, text: string): string {
    let glyphs = glyphCache.get(font);
    if (!glyphs) {
      glyphs = new Map();
      glyphCache.set(font, glyphs);
    }
    let out = '';
    for (const ch of text) {
      let gid = glyphs.get(ch);
      if (gid === undefined) {
        gid = font.encode(ch)[0].join('');
        glyphs.set(ch, gid);
      }
      out += gid;
    }
    return out;
  }

  /**
   * One line of text with the top of its line box at y (as text.ts's drawLine places it),
   * aligned within `width` when given. Never wraps.
   */
  text(
    text: string,
    x: number,
    y: number,
    style: TextStyle,
    options: { width?: number; align?: 'left' | 'center' | 'right' } = {},
  ): void {
    if (!text) return;
    const font = this.font(style.font ?? FONT_REGULAR);
    let left = x;
    if (options.width !== undefined && options.align && options.align !== 'left') {
      const free = options.width - textWidth(this.doc, text, style);
      left += options.align === 'center' ? free / 2 : free;
    }
    const box = ((font.ascender - font.descender) / 1000) * style.size;
    const baseline = y + (lineAdvance(style) - box) / 2 + (font.ascender / 1000) * style.size;
    const layer = this.layer;
    if (layer.current.font !== font.id || layer.current.size !== style.size) {
      layer.texts.push(`/${font.id} ${n(style.size)} Tf`);
      layer.current = { font: font.id, size: style.size };
    }
    // The page's coordinates are pdfkit's (y down): the text matrix flips the glyphs upright.
    layer.texts.push(`1 0 0 -1 ${n(left)} ${n(baseline)} Tm <${this.hex(font, text)}> Tj`);
  }

  /** A filled rectangle (a header cell's background), drawn under the text. */
  fill(box: Box, color: string): void {
    const list = this.layer.fills.get(color);
    if (list) list.push(box);
    else this.layer.fills.set(color, [box]);
  }

  /** A ruled rectangle (a cell's border), drawn over the fills and text. */
  rule(box: Box, lineWidth: number): void {
    const list = this.layer.rules.get(lineWidth);
    if (list) list.push(box);
    else this.layer.rules.set(lineWidth, [box]);
  }

  /**
   * Places the form `key` with its top-left corner at (x, y). The first time a key is seen,
   * `draw` draws the piece at (0, 0) into a new form `width` × `height`; later placements
   * reuse it, so the same piece costs its content once per document.
   */
  form(key: string, x: number, y: number, width: number, height: number, draw: () => void): void {
    let form = this.forms.get(key);
    if (!form) {
      const outer = this.layer;
      this.layer = new Layer();
      try {
        draw();
        const content = this.render();
        const fonts: Record<string, unknown> = {};
        for (const font of this.fonts.values()) fonts[font.id] = font.ref();
        // The box leaves room for the half of a border line that lies outside the piece.
        const ref = this.doc.ref({
          Type: 'XObject',
          Subtype: 'Form',
          BBox: [-2, -2, width + 2, height + 2],
          Resources: { Font: fonts },
        });
        ref.end(Buffer.from(content, 'latin1'));
        form = { name: `Fm${this.forms.size + 1}`, ref };
        this.forms.set(key, form);
      } finally {
        this.layer = outer;
      }
    }
    this.placed.set(form.name, form.ref);
    this.layer.forms.push(`q 1 0 0 1 ${n(x)} ${n(y)} cm /${form.name} Do Q`);
  }

  /** The collected operations as content-stream text. */
  private render(): string {
    const layer = this.layer;
    const out: string[] = ['q'];
    const rect = (b: Box) => `${n(b.x)} ${n(b.y)} ${n(b.width)} ${n(b.height)} re`;
    for (const [color, boxes] of layer.fills) {
      out.push(`${grey(color)} g`, ...boxes.map(rect), 'f');
    }
    if (layer.texts.length > 0) out.push('0 g', 'BT', ...layer.texts, 'ET');
    for (const [width, boxes] of layer.rules) {
      out.push(`${n(width)} w 0 G`, ...boxes.map(rect), 'S');
    }
    out.push('Q', ...layer.forms);
    return out.join('\n');
  }

  /** Writes everything collected to the current page and starts empty again. */
  flush(): void {
    const page = this.doc.page;
    if (this.layer.texts.length > 0) {
      for (const font of this.fonts.values()) page.fonts[font.id] ??= font.ref();
    }
    for (const [name, ref] of this.placed) page.xobjects[name] ??= ref;
    // As bytes: pdfkit converts a string to bytes one character at a time.
    this.doc.addContent(Buffer.from(`${this.render()}\n`, 'latin1') as unknown as string);
    this.placed.clear();
    this.layer = new Layer();
  }
}
