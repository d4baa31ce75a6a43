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
    // Stamped by finishNotice(): at the outer edge, not centred.
    pageNumbers: false,
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...(options.author !== undefined ? { author: options.author } : {}),
  });
}

/**
 * Stamps the page numbers and ends the document. GB/T 9704 §7.5: 「— 1 —」 in 4号, 7 mm below
 * the text block, at the outer edge — odd pages on the right, even pages on the left, one
 * character in from the edge of the text block — so a sheet printed on both sides shows its
 * numbers outside.
 */
export async function finishNotice(pages: PdfPages, fonts: NoticeFonts): Promise<Buffer> {
  const doc = pages.doc;
  const style: TextStyle = { font: fonts.body.name, size: GBT9704.pageNumberSize };
  const range = doc.bufferedPageRange();
  const oneChar = GBT9704.pageNumberSize;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const number = i - range.start + 1;
    const label = pageNumberLabel(number);
    const width = textWidth(doc, label, style);
    const x = number % 2 === 1 ? pages.frame.right - oneChar - width : pages.frame.left + oneChar;
    drawLine(doc, label, x, pages.frame.bottom + GBT9704.pageNumberGap, style);
  }
  return pages.finish();
}

/** 「— 1 —」: the number between two 一字线 (em dashes), a space either side. */
export const pageNumberLabel = (n: number) => `— ${n} —`;

/**
 * Words of a title that a line break may not split (GB/T 9704 §7.3.2: 回行时要做到词意完整).
 * Intl.Segmenter's Chinese word segmenter finds common words, but takes words it does not
 * know — place names, 返贫, 网格 — for single characters; these are joined back: a run of
 * single characters is one word, a place or count suffix (村, 镇, 年, 批 …) goes with the word
 * before it, the terms of this work stay whole, 的 never starts a line, and punctuation follows
 * the line-breaking rules (closing marks stay with the word before, opening marks and 拟 with the
 * word after).
 */
const TITLE_TERMS = [
  '防止返贫',
  '动态监测',
  '监测对象',
  '识别认定',
  '风险消除',
  '帮扶措施',
  '网格划分',
  '网格员',
  '村民委员会',
  '结果公告',
] as const;
const SUFFIXES = new Set([...'村镇乡县区市省组户人年月日号批次期届项']);
/** Prefixes that go with the word after them (拟纳入, 第二批). */
const PREFIXES = new Set([...'拟第']);
/** Conjunctions: words of their own, never part of a run of unknown characters. */
const CONJUNCTIONS = new Set([...'及和与或并暨']);
const CLOSING = new Set([...'，。、；：？！）》」』】〕〉”’…·%,.;:?!)]}']);
const OPENING = new Set([...'（《「『【〔〈“‘([{']);
const isHan = (text: string) => /^[\u3400-\u9FFF]+$/.test(text);

let segmenter: Intl.Segmenter | null = null;

export function titleWords(title: string): string[] {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const raw = [...segmenter.segment(title)].map((s) => s.segment);
  // Runs of single Han characters (words the segmenter does not know) become one word.
  const joined: string[] = [];
  let run = '';
  const flush = () => {
    if (run) joined.push(run);
    run = '';
  };
  for (const part of raw) {
    const single = part.length === 1 && isHan(part);
    const alone = SUFFIXES.has(part) || CONJUNCTIONS.has(part) || PREFIXES.has(part);
    if (single && !alone && part !== '的') {
      run += part;
    } else {
      flush();
      joined.push(part);
    }
  }
  flush();
  // Known terms that still came apart (防止|返贫), longest first.
  const merged: string[] = [];
  for (let i = 0; i < joined.length;) {
    let taken = 1;
    for (let j = Math.min(joined.length, i + 5); j > i + 1; j--) {
      if ((TITLE_TERMS as readonly string[]).includes(joined.slice(i, j).join(''))) {
        taken = j - i;
        break;
      }
    }
    merged.push(joined.slice(i, i + taken).join(''));
    i += taken;
  }
  // Suffixes, 的 and closing marks go with the word before; opening marks with the word after.
  const words: string[] = [];
  let pending = '';
  for (const part of merged) {
    const attachBack =
      words.length > 0 &&
      !pending &&
      (SUFFIXES.has(part) || part === '的' || [...part].every((ch) => CLOSING.has(ch)));
    if (attachBack) {
      words[words.length - 1] += part;
    } else if (PREFIXES.has(part) || [...part].every((ch) => OPENING.has(ch))) {
      pending += part;
    } else {
      words.push(pending + part);
      pending = '';
    }
  }
  if (pending) words.push(pending);
  return words.filter((w) => w.trim() !== '');
}

/**
 * A title broken into the fewest lines that fit `width`, at word boundaries only, with the
 * lines as even as they can be (排列对称: the longest line as short as possible). A single word
 * wider than a line is the only thing cut inside.
 */
export function titleLines(
  doc: PDFKit.PDFDocument,
  title: string,
  width: number,
  style: TextStyle,
): string[] {
  const words: string[] = [];
  for (const word of titleWords(title)) {
    if (textWidth(doc, word, style) <= width + 0.01) words.push(word);
    else words.push(...wrapLines(doc, word, width, style));
  }
  if (words.length === 0) return [''];
  const w = words.map((word) => textWidth(doc, word, style));
  const span = (i: number, j: number) => w.slice(i, j).reduce((a, b) => a + b, 0);
  // The fewest lines: greedy filling gives it.
  let lines = 1;
  let used = 0;
  for (const x of w) {
    if (used > 0 && used + x > width + 0.01) {
      lines++;
      used = 0;
    }
    used += x;
  }
  // best[k][i]: the best way to set words i… in k lines — [longest line, sum of squares].
  const n = words.length;
  type Cost = { max: number; squares: number; next: number };
  const best: Cost[][] = Array.from({ length: lines + 1 }, () => []);
  for (let i = 0; i < n; i++) {
    const all = span(i, n);
    best[1]![i] = { max: all <= width + 0.01 ? all : Infinity, squares: all * all, next: n };
  }
  for (let k = 2; k <= lines; k++) {
    for (let i = 0; i < n; i++) {
      let choice: Cost = { max: Infinity, squares: Infinity, next: n };
      for (let j = i + 1; j < n; j++) {
        const first = span(i, j);
        if (first > width + 0.01) break;
        const rest = best[k - 1]![j]!;
        const max = Math.max(first, rest.max);
        const squares = first * first + rest.squares;
        // Shorter longest line first; then more even lines (fewer squares).
        if (
          max < choice.max - 0.01 ||
          (Math.abs(max - choice.max) <= 0.01 && squares < choice.squares)
        ) {
          choice = { max, squares, next: j };
        }
      }
      best[k]![i] = choice;
    }
  }
  const result: string[] = [];
  let i = 0;
  for (let k = lines; k >= 1 && i < n; k--) {
    const next = best[k]![i]!.max === Infinity ? n : best[k]![i]!.next;
    result.push(words.slice(i, next).join(''));
    i = next;
  }
  return result;
}

/** The title, each line centred, then half an empty line. */
export function noticeTitle(pages: PdfPages, title: string, fonts: NoticeFonts): void {
  const style = noticeTitleStyle(fonts);
  for (const line of titleLines(pages.doc, title, pages.frame.width, style)) {
    pages.text(line, { ...style, align: 'center' });
  }
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
 * with their lines in its lower half. The block never splits across pages. Returns true when
 * it had to start a new page (the caller may then carry some of the body over with it).
 */
export function noticeClosing(
  pages: PdfPages,
  closing: {
    issuer: string;
    date: string;
    /** Last paragraphs (公示期, 监督电话) kept on the page of the closing. */
    lead?: readonly string[];
    /** The least space left for the seal when room is short (default one line). */
    leastSealSpace?: number;
  },
  fonts: NoticeFonts,
): boolean {
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
  const least = closing.leastSealSpace ?? BODY_LEADING;
  const space = room >= sealSpace ? sealSpace : Math.max(room, least);
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
  return moved;
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
