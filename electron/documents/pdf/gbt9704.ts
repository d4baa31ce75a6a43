import { FONT_BOLD, FONT_REGULAR, type ResolvedFont } from './fonts';
import { mm, PdfPages, type Margins, type Orientation } from './page';
import { drawLine, textWidth, wrapLines, type TextStyle } from './text';

/**
 * The page frame of a public notice after GB/T 9704-2012 (党政机关公文格式), which village
 * notices may follow (docs/domain.md §4): A4, 天头 (top margin) 37 mm, 订口 (binding, left) 28 mm,
 * 版心 (text block) 156 × 225 mm, title 2号 (22 pt), body 3号 (16 pt) at 22 lines a page,
 * page number "— 1 —" in 4号 (14 pt) 7 mm below the text block, issuer and date at the bottom
 * right with the date 右空四字 (four characters from the right edge) in Arabic numerals, and
 * the seal pressed over them.
 */
export const GBT9704 = {
  top: mm(37),
  left: mm(28),
  blockWidth: mm(156),
  blockHeight: mm(225),
  titleSize: 22,
  bodySize: 16,
  linesPerPage: 22,
  pageNumberSize: 14,
  pageNumberGap: mm(7),
  /** A round village committee seal is 42 mm across. */
  sealDiameter: mm(42),
} as const;

/** Body leading: 22 lines fill the 225 mm block. */
export const BODY_LEADING = GBT9704.blockHeight / GBT9704.linesPerPage;

/**
 * Margins of the frame. Portrait is the standard's; the standard has no landscape page (its
 * wide tables turn the sheet), so landscape keeps the binding and side margins and takes 25 mm
 * at the top and bottom: a 243 × 160 mm block, page number 7 mm below it as in portrait.
 */
export function noticeMargins(orientation: Orientation): Margins {
  const right = mm(210) - GBT9704.left - GBT9704.blockWidth; // 26 mm
  if (orientation === 'portrait') {
    return {
      top: GBT9704.top,
      left: GBT9704.left,
      right,
      bottom: mm(297) - GBT9704.top - GBT9704.blockHeight, // 35 mm
    };
  }
  return { top: mm(25), left: GBT9704.left, right, bottom: mm(25) };
}

/** The two fonts of a notice: 标题 (小标宋's stand-in) and 正文 (仿宋's). */
export interface NoticeFonts {
  title: ResolvedFont;
  body: ResolvedFont;
}

export const noticeBodyStyle = (fonts: NoticeFonts): TextStyle => ({
  font: fonts.body.name,
  size: GBT9704.bodySize,
  leading: BODY_LEADING,
});

export const noticeTitleStyle = (fonts: NoticeFonts): TextStyle => ({
  font: fonts.title.name,
  size: GBT9704.titleSize,
  // Two body lines for one title line would leave a wide gap: 1.45 em reads as one heading.
  leading: GBT9704.titleSize * 1.45,
});

/** A notice's pages in the GB/T 9704 frame, with the chosen fonts registered. */
export function noticePages(options: {
  orientation: Orientation;
  fonts: NoticeFonts;
  title?: string;
  author?: string;
}): PdfPages {
  return new PdfPages({
    orientation: options.orientation,
    margins: noticeMargins(options.orientation),
    fonts: [options.fonts.title, options.fonts.body],
    pageNumberStyle: {
      font: options.fonts.body.name,
      size: GBT9704.pageNumberSize,
      offset: GBT9704.pageNumberGap,
    },
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...(options.author !== undefined ? { author: options.author } : {}),
  });
}

/**
 * The title, centred, then half an empty line. A title too long for one line is broken into
 * lines of even length (GB/T 9704 §7.3.2: 回行时要做到词意完整，排列对称), not a full line and a
 * last character alone.
 */
export function noticeTitle(pages: PdfPages, title: string, fonts: NoticeFonts): void {
  const style = noticeTitleStyle(fonts);
  const full = pages.frame.width;
  const count = wrapLines(pages.doc, title, full, style).length;
  let width = full;
  if (count > 1) {
    // The narrowest width that still needs no more lines.
    let low = full / count;
    while (width - low > 1) {
      const mid = (low + width) / 2;
      if (wrapLines(pages.doc, title, mid, style).length > count) low = mid;
      else width = mid;
    }
  }
  pages.text(title, { ...style, align: 'center', width, indent: (full - width) / 2 });
  pages.skip(BODY_LEADING / 2);
}

/** A line centred in body type (the serial number under the title). */
export function noticeCentredLine(pages: PdfPages, text: string, fonts: NoticeFonts): void {
  pages.text(text, { ...noticeBodyStyle(fonts), align: 'center' });
}

/**
 * Body paragraphs, one per line of `text`, each starting two characters in (GB/T 9704: 每个
 * 自然段左空二字). Blank lines are dropped: the standard has no empty lines between paragraphs.
 */
export function noticeParagraphs(pages: PdfPages, text: string, fonts: NoticeFonts): void {
  for (const paragraph of text.split(/\r?\n/)) {
    const trimmed = paragraph.trim();
    if (!trimmed) continue;
    // Two ideographic spaces are two characters of indent that wrapLines keeps on the first
    // line only (it drops nothing but ASCII spaces at a line start).
    pages.text(`\u3000\u3000${trimmed}`, noticeBodyStyle(fonts));
  }
}

/** "2026-05-06" → "2026年5月6日" (Arabic numerals, GB/T 9704 §7.3.5). */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/**
 * The issuer and the date at the bottom right, under an empty space for the seal (GB/T 9704
 * §7.3.5.1): the date ends four characters from the right edge, the issuer is centred over the
 * date, and the seal — whose top should come within one line of the text above — covers both
 * with their lines in its lower half. The block never splits across pages.
 */
export function noticeClosing(
  pages: PdfPages,
  closing: {
    issuer: string;
    date: string;
    /** Last paragraphs (公示期, 监督电话) kept on the page of the closing. */
    lead?: readonly string[];
  },
  fonts: NoticeFonts,
): void {
  const doc = pages.doc;
  const style = noticeBodyStyle(fonts);
  const seal = GBT9704.sealDiameter;
  // The seal's upper part above the issuer line: seal minus the two lines it presses on,
  // plus half a line so the lines sit below the seal's centre.
  const sealSpace = Math.max(seal - 1.5 * BODY_LEADING, BODY_LEADING);
  // The issuer and date never stand alone on a last page: the closing paragraphs go with them.
  const lead = (closing.lead ?? []).map((p) => `\u3000\u3000${p.trim()}`);
  const leadLines = lead.reduce(
    (n, p) => n + wrapLines(doc, p, pages.frame.width, style).length,
    0,
  );
  const text = leadLines * BODY_LEADING + 2 * BODY_LEADING;
  // GB/T 9704 §7.3.5.4: when the seal does not fit below the text, close the spacing rather
  // than carry the closing over alone; the seal may come up to one line below the text.
  const room = pages.remaining() - text;
  const space = room >= sealSpace ? sealSpace : Math.max(room, BODY_LEADING);
  const before = pages.pageCount();
  pages.ensureSpace(Math.min(text + space, pages.frame.height));
  const moved = pages.pageCount() !== before;
  for (const paragraph of lead) pages.text(paragraph, style);
  pages.skip(moved ? sealSpace : space);

  const date = chineseDate(closing.date);
  const fourChars = 4 * GBT9704.bodySize;
  const dateWidth = textWidth(doc, date, style);
  const dateRight = pages.frame.right - fourChars;
  const dateLeft = dateRight - dateWidth;
  const centre = dateLeft + dateWidth / 2;
  const issuerWidth = textWidth(doc, closing.issuer, style);
  // Centred over the date, but never past the text block's right edge.
  const issuerLeft = Math.max(
    pages.frame.left,
    Math.min(centre - issuerWidth / 2, pages.frame.right - issuerWidth),
  );
  drawLine(doc, closing.issuer, issuerLeft, pages.y, style);
  pages.y += BODY_LEADING;
  drawLine(doc, date, dateLeft, pages.y, style);
  pages.y += BODY_LEADING;
}

/** The header and bold fonts a table in a notice uses (the title font, or Noto Bold). */
export function noticeTableFonts(fonts: NoticeFonts): {
  font: string;
  boldFont: string;
  headerFont: string;
} {
  const heavy = fonts.title.name === FONT_REGULAR ? FONT_BOLD : fonts.title.name;
  return { font: fonts.body.name, boldFont: heavy, headerFont: heavy };
}
