import PDFDocument from 'pdfkit';
import {
  FONT_BOLD,
  FONT_REGULAR,
  registerFonts,
  registerResolvedFont,
  type FontName,
  type ResolvedFont,
} from './fonts';
import { drawLine, lineAdvance, lineHeight, wrapLines, type TextStyle } from './text';

/**
 * A4 page frames: a pdfkit document with the Chinese fonts registered, margins in points, a
 * cursor (`y`) that moves down the content frame, page breaks when something does not fit,
 * and page numbers "— 1 —" stamped on every page when the document is finished (GB/T
 * 9704-2012 writes the page number this way; centred here, as most village forms do).
 */

export type Orientation = 'portrait' | 'landscape';

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The content area of a page, in points from the top-left corner. */
export interface Frame {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

/** Millimetres to points. */
export const mm = (value: number) => (value * 72) / 25.4;

/** A4 is 210 × 297 mm. */
export const A4 = { width: mm(210), height: mm(297) };

export interface PageOptions {
  orientation?: Orientation;
  /** Points; defaults to 20 mm each side (25 mm at the bottom, room for the page number). */
  margins?: Partial<Margins>;
  /** Stamp "— n —" at the bottom of every page (default true). */
  pageNumbers?: boolean;
  /**
   * How the page numbers look: font, size (default 10.5 pt) and the distance from the bottom
   * of the content frame to the top of the number line (default: centred in the bottom margin).
   */
  pageNumberStyle?: { font?: FontName; size?: number; offset?: number };
  /** Fonts to register besides the bundled ones (the settings' print fonts). */
  fonts?: readonly ResolvedFont[];
  /** Document information (shown by PDF readers). */
  title?: string;
  author?: string;
}

const DEFAULT_MARGINS: Margins = { top: mm(20), right: mm(20), bottom: mm(25), left: mm(20) };

export class PdfPages {
  readonly doc: PDFKit.PDFDocument;
  readonly frame: Frame;
  readonly orientation: Orientation;
  /** The cursor: where the next block starts on the current page. */
  y: number;
  private readonly margins: Margins;
  private readonly pageNumbers: boolean;
  private readonly pageNumberStyle: NonNullable<PageOptions['pageNumberStyle']>;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<Buffer>;

  constructor(options: PageOptions = {}) {
    this.orientation = options.orientation ?? 'portrait';
    this.margins = { ...DEFAULT_MARGINS, ...options.margins };
    this.pageNumbers = options.pageNumbers ?? true;
    this.pageNumberStyle = options.pageNumberStyle ?? {};
    const landscape = this.orientation === 'landscape';
    const width = landscape ? A4.height : A4.width;
    const height = landscape ? A4.width : A4.height;
    this.frame = {
      left: this.margins.left,
      top: this.margins.top,
      right: width - this.margins.right,
      bottom: height - this.margins.bottom,
      width: width - this.margins.left - this.margins.right,
      height: height - this.margins.top - this.margins.bottom,
    };
    this.doc = new PDFDocument({
      size: 'A4',
      layout: this.orientation,
      // Zero margins for pdfkit: every block is placed at explicit positions by this class,
      // so pdfkit never breaks a page by itself.
      margins: { top: 0, right: 0, bottom: 0, left: 0 },
      // Kept in memory until finish() so the page numbers can be stamped on every page.
      bufferPages: true,
      autoFirstPage: true,
      info: {
        Title: options.title ?? '',
        Author: options.author ?? '',
        Creator: '村级网格台账',
      },
      lang: 'zh-CN',
    });
    registerFonts(this.doc);
    for (const font of options.fonts ?? []) registerResolvedFont(this.doc, font);
    this.doc.font(FONT_REGULAR);
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.ended = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.y = this.frame.top;
  }

  /** Pages so far. */
  pageCount(): number {
    return this.doc.bufferedPageRange().count;
  }

  /** Room left below the cursor on this page. */
  remaining(): number {
    return this.frame.bottom - this.y;
  }

  addPage(): void {
    this.doc.addPage({
      size: 'A4',
      layout: this.orientation,
      margins: { top: 0, right: 0, bottom: 0, left: 0 },
    });
    this.y = this.frame.top;
  }

  /** Starts a new page unless `height` points fit below the cursor (a fresh page always "fits"). */
  ensureSpace(height: number): void {
    if (this.y > this.frame.top && height > this.remaining()) this.addPage();
  }

  /** Moves the cursor down. */
  skip(points: number): void {
    this.y = Math.min(this.y + points, this.frame.bottom);
  }

  /**
   * A block of text wrapped to the frame (or `width`), breaking pages between lines. Returns
   * the number of lines written.
   */
  text(
    text: string,
    style: TextStyle & { align?: 'left' | 'center' | 'right'; indent?: number; width?: number },
  ): number {
    const x = this.frame.left + (style.indent ?? 0);
    const width = style.width ?? this.frame.width - (style.indent ?? 0);
    const lines = wrapLines(this.doc, text, width, style);
    const advance = lineAdvance(style);
    for (const line of lines) {
      this.ensureSpace(advance);
      drawLine(this.doc, line, x, this.y, style, { width, align: style.align ?? 'left' });
      this.y += advance;
    }
    return lines.length;
  }

  /** A centred bold title. */
  title(text: string, size = 18): void {
    this.text(text, { font: FONT_BOLD, size, align: 'center' });
    this.skip(size * 0.5);
  }

  /** Stamps the page numbers, ends the document and returns its bytes. */
  async finish(): Promise<Buffer> {
    if (this.pageNumbers) {
      const range = this.doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        this.doc.switchToPage(i);
        const { font, size = 10.5, offset } = this.pageNumberStyle;
        const y = this.frame.bottom + (offset ?? (this.margins.bottom - lineHeight(size)) / 2);
        drawLine(
          this.doc,
          `— ${i - range.start + 1} —`,
          this.frame.left,
          y,
          { size, ...(font ? { font } : {}) },
          {
            width: this.frame.width,
            align: 'center',
          },
        );
      }
    }
    this.doc.end();
    return this.ended;
  }
}
