import type {} from 'pdfkit';
import { A4, mm } from './page';
import { drawLine, lineHeight, textWidth, wrapLines, type TextStyle } from './text';

/**
 * Fixed boxes on a page, for documents made of self-contained pieces (a household card, a
 * label) rather than flowing text: where each piece goes on an A4 sheet, the cut line between
 * pieces, and text clamped to a number of lines so a piece never grows out of its box.
 */

/** A rectangle in points from the page's top-left corner. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The box shrunk by `inset` points on every side (or top/right/bottom/left). */
export function insetBox(
  box: Box,
  inset: number | { top: number; right: number; bottom: number; left: number },
): Box {
  const i =
    typeof inset === 'number' ? { top: inset, right: inset, bottom: inset, left: inset } : inset;
  return {
    x: box.x + i.left,
    y: box.y + i.top,
    width: box.width - i.left - i.right,
    height: box.height - i.top - i.bottom,
  };
}

/** The whole A4 portrait page. */
export const A4_PORTRAIT_PAGE: Box = { x: 0, y: 0, width: A4.width, height: A4.height };

/**
 * The two A5 halves of an A4 portrait sheet, top and bottom (each A5 landscape, 210 × 148.5
 * mm), inside `margin` from the paper's edges and `gutter` from the cut at mid-height.
 */
export function a4Halves(margin = mm(8), gutter = mm(7)): [Box, Box] {
  const half = A4.height / 2;
  const width = A4.width - 2 * margin;
  const height = half - margin - gutter;
  return [
    { x: margin, y: margin, width, height },
    { x: margin, y: half + gutter, width, height },
  ];
}

/** A dashed cut line across the sheet at `y`, with a small note saying where to cut. */
export function drawCutLine(doc: PDFKit.PDFDocument, y: number, note = '沿虚线裁开'): void {
  doc.save();
  doc
    .lineWidth(0.5)
    .strokeColor('#888888')
    .dash(4, { space: 3 })
    .moveTo(mm(4), y)
    .lineTo(A4.width - mm(4), y)
    .stroke();
  doc.undash();
  if (note) {
    const size = 6.5;
    const width = textWidth(doc, note, { size });
    // On a white band over the line, at the right edge, out of the cards' way.
    const x = A4.width - mm(6) - width;
    doc
      .rect(x - 2, y - size / 2 - 1, width + 4, size + 2)
      .fill('#ffffff')
      .fillColor('#888888');
    drawLine(doc, note, x, y - lineHeight(size) / 2, { size });
    doc.fillColor('black');
  }
  doc.restore();
}

/**
 * Wraps text to `width` and keeps at most `maxLines` lines; a cut last line ends in "…".
 * Returns the lines to draw.
 */
export function clampLines(
  doc: PDFKit.PDFDocument,
  text: string,
  width: number,
  style: TextStyle,
  maxLines: number,
): string[] {
  const lines = wrapLines(doc, text, width, style);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  while (last && textWidth(doc, `${last}…`, style) > width) last = [...last].slice(0, -1).join('');
  kept[maxLines - 1] = `${last}…`;
  return kept;
}
