import { FONT_BOLD, FONT_REGULAR, type FontName } from './fonts';
import type { PdfPages } from './page';
import { drawLine, lineHeight, textWidth, wrapLines, type TextStyle } from './text';

/**
 * A ruled table that flows over pages: every cell's text is measured and wrapped (Chinese
 * breaks between characters), rows take the height of their tallest cell, the header row is
 * repeated at the top of every page the table continues on, and a row too tall for the rest of
 * a page is split between lines (its remaining lines continue under the repeated header).
 */

export interface TableColumn {
  header: string;
  /** A relative weight: the columns share the table's width in proportion. */
  width: number;
  align?: 'left' | 'center' | 'right';
  /** Alignment of the header cell (default centre). */
  headerAlign?: 'left' | 'center' | 'right';
}

export type CellValue = string | number | null | undefined;

export interface TableOptions {
  columns: readonly TableColumn[];
  rows: readonly (readonly CellValue[])[];
  /** Body font size in points (default 10). */
  fontSize?: number;
  headerFontSize?: number;
  /** Cell padding in points (default 3). */
  padding?: number;
  /** Header background (default light grey); null for none. */
  headerFill?: string | null;
  /** Repeat the header on every continuation page (default true). */
  repeatHeader?: boolean;
  /** Left edge and width; default the page frame. */
  x?: number;
  width?: number;
  /** Rows drawn in bold (e.g. a 合计 row), by index. */
  boldRows?: ReadonlySet<number>;
  /** Fonts of the body cells, the bold rows and the header (default Noto Sans SC, bold). */
  font?: FontName;
  boldFont?: FontName;
  headerFont?: FontName;
  /**
   * Rows that never end a page (e.g. a section heading inside the table): each goes to the
   * next page unless the two rows after it fit under it.
   */
  keepWithNext?: ReadonlySet<number>;
  /**
   * Points of a block drawn right after the table (e.g. a signature block) that must stay on
   * the table's last page with at least its last two rows: they move to the next page
   * together rather than leave the block alone there.
   */
  trailer?: number;
}

export interface TableResult {
  /** Pages the table started and ended on (1-based), and the number of body rows drawn. */
  firstPage: number;
  lastPage: number;
  rows: number;
}

const text = (value: CellValue) => (value === null || value === undefined ? '' : String(value));

/** Rows kept with a heading or a row of keepWithNext, and with a trailer. */
const KEEP_ROWS = 2;

/** Widths, the header's lines and the rows' lines of a table: what drawing and measuring share. */
function tableLayout(pages: PdfPages, options: TableOptions) {
  const doc = pages.doc;
  const padding = options.padding ?? 3;
  const bodyStyle: TextStyle = { font: options.font ?? FONT_REGULAR, size: options.fontSize ?? 10 };
  const boldStyle: TextStyle = { ...bodyStyle, font: options.boldFont ?? FONT_BOLD };
  const headerStyle: TextStyle = {
    font: options.headerFont ?? FONT_BOLD,
    size: options.headerFontSize ?? options.fontSize ?? 10,
  };
  const x0 = options.x ?? pages.frame.left;
  const tableWidth = options.width ?? pages.frame.width;
  const totalWeight = options.columns.reduce((a, c) => a + c.width, 0);
  const widths = options.columns.map((c) => (tableWidth * c.width) / totalWeight);
  const lefts = widths.map((_, i) => x0 + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const inner = (i: number) => Math.max(widths[i]! - 2 * padding, 1);

  const headerLines = options.columns.map((c, i) =>
    wrapLines(doc, c.header, inner(i), headerStyle),
  );
  const headerHeight =
    Math.max(...headerLines.map((l) => l.length)) * lineHeight(headerStyle.size) + 2 * padding;
  const bodyLine = lineHeight(bodyStyle.size);
  // Body lines a page holds under the header.
  const freshRoom = Math.floor(
    (pages.frame.height - ((options.repeatHeader ?? true) ? headerHeight : 0) - 2 * padding) /
      bodyLine,
  );

  const rowLines = (rowIndex: number) => {
    const style = options.boldRows?.has(rowIndex) === true ? boldStyle : bodyStyle;
    const cells = options.rows[rowIndex] ?? [];
    return {
      style,
      lines: options.columns.map((_, i) => wrapLines(doc, text(cells[i]), inner(i), style)),
    };
  };
  const rowHeight = (rowIndex: number) =>
    Math.max(1, ...rowLines(rowIndex).lines.map((l) => l.length)) * bodyLine + 2 * padding;

  /**
   * The height row `rowIndex` needs below it on its page: the row, the rows kept with it
   * (keepWithNext) and, for the last rows, the trailer. Equal to the row's own height when
   * nothing is kept with it.
   */
  const keptHeight = (rowIndex: number, atLeast = 1) => {
    const count = options.rows.length;
    let last = rowIndex + atLeast - 1;
    if (options.keepWithNext?.has(rowIndex)) last = rowIndex + KEEP_ROWS;
    // Rows reaching into the last two go with the rest of the table and the trailer.
    const trailer = options.trailer !== undefined && last >= count - KEEP_ROWS;
    if (trailer) last = count - 1;
    last = Math.min(last, count - 1);
    let height = 0;
    for (let r = rowIndex; r <= last; r++) height += rowHeight(r);
    return height + (trailer ? (options.trailer ?? 0) : 0);
  };

  return {
    doc,
    padding,
    bodyStyle,
    headerStyle,
    x0,
    tableWidth,
    lefts,
    inner,
    headerLines,
    headerHeight,
    bodyLine,
    freshRoom,
    rowLines,
    rowHeight,
    keptHeight,
  };
}

/**
 * The height a table needs on the page it starts on so that its header goes with its first
 * two rows (and what is kept with them): a caption or heading drawn above the table asks for
 * this much more room (PdfPages.ensureSpace) so it never stands alone at a page foot.
 */
export function tableLeadHeight(pages: PdfPages, options: TableOptions): number {
  const layout = tableLayout(pages, options);
  if (options.rows.length === 0) return layout.headerHeight + layout.bodyLine + 2 * layout.padding;
  const lead = layout.headerHeight + layout.keptHeight(0, KEEP_ROWS);
  // A table whose start does not fit a page anyway asks only for what a page holds.
  return Math.min(lead, pages.frame.height);
}

export function drawTable(pages: PdfPages, options: TableOptions): TableResult {
  const {
    doc,
    padding,
    headerStyle,
    x0,
    tableWidth,
    lefts,
    inner,
    headerLines,
    headerHeight,
    bodyLine,
    freshRoom,
    rowLines,
    keptHeight,
  } = tableLayout(pages, options);
  const pageIndex = () => doc.bufferedPageRange().start + doc.bufferedPageRange().count;

  const rule = (top: number, height: number) => {
    doc.lineWidth(0.5).strokeColor('black');
    doc.rect(x0, top, tableWidth, height).stroke();
    for (const left of lefts.slice(1)) {
      doc
        .moveTo(left, top)
        .lineTo(left, top + height)
        .stroke();
    }
  };

  const drawHeader = () => {
    const top = pages.y;
    if (options.headerFill !== null) {
      doc
        .rect(x0, top, tableWidth, headerHeight)
        .fill(options.headerFill ?? '#eeeeee')
        .fillColor('black');
    }
    options.columns.forEach((c, i) => {
      const lines = headerLines[i]!;
      // Vertically centred in the header row.
      let y = top + (headerHeight - lines.length * lineHeight(headerStyle.size)) / 2;
      for (const line of lines) {
        drawLine(doc, line, lefts[i]! + padding, y, headerStyle, {
          width: inner(i),
          align: c.headerAlign ?? 'center',
        });
        y += lineHeight(headerStyle.size);
      }
    });
    rule(top, headerHeight);
    pages.y = top + headerHeight;
  };

  let freshPage = false; // a continuation page with nothing but the header on it yet
  const newPage = () => {
    pages.addPage();
    if (options.repeatHeader ?? true) drawHeader();
    freshPage = true;
  };

  // The header never stands alone at a page bottom: it goes with the first row (or as much
  // of it as a page can hold).
  const first = options.rows.length > 0 ? rowLines(0).lines : [['']];
  const firstLines = Math.min(Math.max(...first.map((l) => l.length)), freshRoom);
  // … and with the rows kept with the first one, when a page can hold them.
  const firstKept = options.rows.length > 0 ? keptHeight(0) : 0;
  pages.ensureSpace(
    headerHeight +
      (headerHeight + firstKept <= pages.frame.height
        ? Math.max(firstKept, bodyLine + 2 * padding)
        : Math.max(firstLines, 1) * bodyLine + 2 * padding),
  );
  const firstPage = pageIndex();
  drawHeader();

  options.rows.forEach((_, rowIndex) => {
    const { style, lines } = rowLines(rowIndex);
    const total = Math.max(...lines.map((l) => l.length));
    // A row kept with the next ones (or with the trailer) moves on with them, when they fit
    // a page together.
    const keeps =
      options.keepWithNext?.has(rowIndex) === true ||
      (options.trailer !== undefined && rowIndex >= options.rows.length - KEEP_ROWS);
    if (keeps && rowIndex > 0 && !freshPage) {
      const kept = keptHeight(rowIndex);
      const own = total * bodyLine + 2 * padding;
      if (kept > own && kept > pages.remaining() && kept <= pages.frame.height - headerHeight) {
        newPage();
      }
    }
    let offset = 0; // lines of this row already drawn (on earlier pages)
    while (offset < total) {
      const left = total - offset;
      const fits = Math.floor((pages.remaining() - 2 * padding) / bodyLine);
      // A row that does not fit moves to the next page whole, unless it would not fit on a
      // fresh page either: then it is split, filling this page first.
      if (fits < left && !freshPage && (fits < 1 || left <= freshRoom)) {
        newPage();
        continue;
      }
      const count = Math.max(1, Math.min(left, fits));
      const top = pages.y;
      const height = count * bodyLine + 2 * padding;
      options.columns.forEach((c, i) => {
        let y = top + padding;
        for (const line of lines[i]!.slice(offset, offset + count)) {
          drawLine(doc, line, lefts[i]! + padding, y, style, {
            width: inner(i),
            align: c.align ?? 'left',
          });
          y += bodyLine;
        }
      });
      rule(top, height);
      pages.y = top + height;
      freshPage = false;
      offset += count;
      if (offset < total) newPage();
    }
  });

  return { firstPage, lastPage: pageIndex(), rows: options.rows.length };
}

/** What a table's columns need: the width each would like, and the least it can do with. */
export interface ColumnMeasure {
  natural: number[];
  minimum: number[];
  /** Columns whose longest cell is longer than the cap: they wrap whatever width they get. */
  wraps?: boolean[];
}

// Runs of Latin letters and digits (a phone number, a date, an amount) are never broken.
const WORD_BREAKS = /[\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]+/;

/**
 * Measures the columns of a table (points, padding included). `natural`: the widest cell or
 * the header, whichever is wider, a long text counted only up to `cap` points (it wraps
 * there). `minimum`: a column of short cells keeps its natural width; a long one may be
 * squeezed to `least` points (default four characters), never below its longest number or
 * Latin word. Use fitColumns() to share out a table's width, and the natural sum to decide
 * whether a table needs a landscape page.
 */
export function measureColumns(
  doc: PDFKit.PDFDocument,
  headers: readonly string[],
  rows: readonly (readonly CellValue[])[],
  options: {
    style: TextStyle;
    headerStyle?: TextStyle;
    /** Points a long cell is counted up to. */
    cap: number;
    /** Points a header is counted up to (default half of `cap`, at least two characters). */
    headerCap?: number;
    /** Points a long column may be squeezed to (default four characters). */
    least?: number;
    padding?: number;
  },
): ColumnMeasure {
  const padding = options.padding ?? 3;
  const headerStyle = options.headerStyle ?? options.style;
  // A header wraps too, but not inside a word of two characters (e.g. 姓名).
  const headerCap = Math.max(options.headerCap ?? options.cap / 2, 2 * headerStyle.size);
  const least = options.least ?? 4 * options.style.size;
  const natural: number[] = [];
  const minimum: number[] = [];
  const wraps: boolean[] = [];
  headers.forEach((header, i) => {
    const headerWidth = Math.min(textWidth(doc, header, headerStyle), headerCap);
    let widest = 0;
    let word = 0;
    for (const row of rows) {
      const value = text(row[i]);
      if (!value) continue;
      for (const line of value.split(/\r?\n/)) {
        widest = Math.max(widest, textWidth(doc, line, options.style));
        for (const run of line.split(WORD_BREAKS)) {
          if (run) word = Math.max(word, textWidth(doc, run, options.style));
        }
      }
    }
    const wanted = Math.max(headerWidth, Math.min(widest, options.cap));
    natural.push(wanted + 2 * padding);
    wraps.push(widest > options.cap);
    minimum.push(Math.min(wanted, Math.max(least, Math.min(word, options.cap))) + 2 * padding);
  });
  return { natural, minimum, wraps };
}

/**
 * Column widths summing to `width`: natural widths widened alike when there is room; when
 * there is not, the long columns give way (down to their minimum) and short ones — names,
 * phones, numbers — keep theirs; only when even the minimums do not fit is everything scaled.
 * `wrappingFirst`: the columns whose text wraps anyway give way before the others.
 */
export function fitColumns(
  measure: ColumnMeasure,
  width: number,
  options: { wrappingFirst?: boolean } = {},
): number[] {
  const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
  const total = sum(measure.natural);
  if (total <= width) return measure.natural.map((w) => (w * width) / total);
  // Columns that wrap anyway give way first: a cell that would fit on one line keeps it.
  if (options.wrappingFirst && measure.wraps) {
    const wraps = measure.wraps;
    const give = measure.natural.map((w, i) => (wraps[i] ? w - measure.minimum[i]! : 0));
    const given = sum(give);
    const deficit = total - width;
    if (given >= deficit) {
      return measure.natural.map((w, i) => w - (give[i]! * deficit) / given);
    }
    if (given > 0) {
      const narrowed = measure.natural.map((w, i) => w - give[i]!);
      return fitColumns({ natural: narrowed, minimum: measure.minimum }, width);
    }
  }
  const slack = measure.natural.map((w, i) => w - measure.minimum[i]!);
  const shrinkable = sum(slack);
  const deficit = total - width;
  if (deficit <= shrinkable) {
    return measure.natural.map((w, i) => w - (slack[i]! * deficit) / shrinkable);
  }
  const least = sum(measure.minimum);
  return measure.minimum.map((w) => (w * width) / least);
}
