import type {} from 'pdfkit';
import { FONT_REGULAR, type FontName } from './fonts';

/**
 * Text measurement and line breaking done here rather than by pdfkit, so a table knows each
 * cell's lines before drawing (row heights, splitting a tall row across pages) and text is
 * always placed at explicit positions (STACK.md: text past the page bottom makes pdfkit add a
 * page by itself).
 */

export interface TextStyle {
  font?: FontName;
  /** Points. */
  size: number;
  /**
   * Points from one line to the next; default lineHeight(size). GB/T 9704 notices set it so a
   * page holds 22 lines.
   */
  leading?: number;
}

/** Line advance as a multiple of the font size: Noto Sans SC's ascent + descent is 1.448 em. */
export const LINE_HEIGHT = 1.45;

export const lineHeight = (size: number) => size * LINE_HEIGHT;

/** The advance of one line of a style (its leading, or the default line height). */
export const lineAdvance = (style: TextStyle) => style.leading ?? lineHeight(style.size);

/** Widths at 1 pt per font and character: measuring is the hot path of a long table. */
const widths = new Map<string, Map<string, number>>();

export function textWidth(doc: PDFKit.PDFDocument, text: string, style: TextStyle): number {
  const font = style.font ?? FONT_REGULAR;
  let table = widths.get(font);
  if (!table) {
    table = new Map();
    widths.set(font, table);
  }
  let width = 0;
  let selected = false;
  for (const ch of text) {
    let w = table.get(ch);
    if (w === undefined) {
      if (!selected) {
        doc.font(font).fontSize(1);
        selected = true;
      }
      w = doc.widthOfString(ch);
      table.set(ch, w);
    }
    width += w;
  }
  return width * style.size;
}

// 禁则 (line-breaking rules used for Chinese): these never start a line …
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕〉”’…—·%‰,.;:?!)]}']);
// … and these never end one.
const NO_LINE_END = new Set([...'（《「『【〔〈“‘([{']);

const isCjk = (ch: string) => /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/.test(ch);

/** A 发文字号 (杨柳村委发〔2026〕3号: the 〔year〕N号 part) is never broken. */
const DOC_NUMBER = /〔\d{4}〕\d+号/g;

/**
 * Units that are not split: a CJK character (a break may fall between any two), a run of Latin
 * letters or digits (a word or a number such as 2026-04-30), a 〔2026〕3号, a space. Closing punctuation
 * sticks to the unit before it and opening punctuation to the unit after it.
 */
function units(paragraph: string): string[] {
  const raw: string[] = [];
  let word = '';
  // Each 〔2026〕3号 is one unit, kept whole; the text around it is split as usual.
  let last = 0;
  const pieces: { text: string; whole: boolean }[] = [];
  for (const m of paragraph.matchAll(DOC_NUMBER)) {
    pieces.push({ text: paragraph.slice(last, m.index), whole: false });
    pieces.push({ text: m[0], whole: true });
    last = m.index + m[0].length;
  }
  pieces.push({ text: paragraph.slice(last), whole: false });
  const chars: string[] = [];
  const wholes = new Map<number, string>();
  for (const piece of pieces) {
    if (piece.whole) {
      wholes.set(chars.length, piece.text);
      chars.push('\u0000');
    } else {
      chars.push(...piece.text);
    }
  }
  for (const [i, ch] of chars.entries()) {
    if (ch === '\u0000') {
      if (word) raw.push(word);
      word = '';
      raw.push(wholes.get(i)!);
      continue;
    }
    // ASCII punctuation stays inside its word ("2026-04-30", "A.1,"); full-width is a unit.
    const punct = ch > '\u007f' && (NO_LINE_START.has(ch) || NO_LINE_END.has(ch));
    if (ch === ' ' || isCjk(ch) || punct) {
      if (word) raw.push(word);
      word = '';
      raw.push(ch);
    } else {
      word += ch;
    }
  }
  if (word) raw.push(word);

  const result: string[] = [];
  let pendingOpen = '';
  for (const unit of raw) {
    if (NO_LINE_END.has(unit)) {
      pendingOpen += unit;
    } else if (NO_LINE_START.has(unit) && result.length > 0 && !pendingOpen) {
      result[result.length - 1] += unit;
    } else {
      result.push(pendingOpen + unit);
      pendingOpen = '';
    }
  }
  if (pendingOpen) result.push(pendingOpen);
  return result;
}

/**
 * Breaks text into lines no wider than `width` points: at explicit newlines, between CJK
 * characters and at spaces, keeping 禁则 punctuation in place. A unit wider than the whole line
 * (a very long number) is cut by characters. An empty text is one empty line.
 */
export function wrapLines(
  doc: PDFKit.PDFDocument,
  text: string,
  width: number,
  style: TextStyle,
): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    let lineWidth = 0;
    const flush = () => {
      lines.push(line.trimEnd());
      line = '';
      lineWidth = 0;
    };
    for (const unit of units(paragraph)) {
      if (unit === ' ' && line === '') continue; // no space at the start of a wrapped line
      const w = textWidth(doc, unit, style);
      if (lineWidth + w <= width + 0.01) {
        line += unit;
        lineWidth += w;
        continue;
      }
      if (line.trim() !== '') flush();
      if (unit === ' ') continue;
      if (w <= width + 0.01) {
        line = unit;
        lineWidth = w;
        continue;
      }
      // Wider than a whole line: cut it by characters.
      for (const ch of unit) {
        const cw = textWidth(doc, ch, style);
        if (lineWidth + cw > width + 0.01 && line !== '') flush();
        line += ch;
        lineWidth += cw;
      }
    }
    flush();
  }
  return lines;
}

/** Draws one line with its top at y; never wraps and never adds a page. */
export function drawLine(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  style: TextStyle,
  options: { width?: number; align?: 'left' | 'center' | 'right' } = {},
): void {
  if (!text) return;
  let left = x;
  if (options.width !== undefined && options.align && options.align !== 'left') {
    const free = options.width - textWidth(doc, text, style);
    left += options.align === 'center' ? free / 2 : free;
  }
  doc.font(style.font ?? FONT_REGULAR).fontSize(style.size);
  // The box's top plus half the leading, so the glyphs sit in the middle of the line; the
  // glyph box is the font's own ascent + descent (1.448 em for Noto Sans SC, 1 em for 宋体).
  const top = y + (lineAdvance(style) - doc.currentLineHeight()) / 2;
  doc.text(text, left, top, { lineBreak: false });
}
