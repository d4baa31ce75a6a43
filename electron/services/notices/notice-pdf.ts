import type { PrintFonts } from '../../documents/pdf/fonts';
import {
  BODY_LEADING,
  chineseDate,
  finishNotice,
  noticeCentredLine,
  noticeClosing,
  noticePages,
  noticeParagraphs,
  noticeTableFonts,
  noticeTitle,
} from '../../documents/pdf/gbt9704';
import type { Orientation } from '../../documents/pdf/page';
import { drawTable, fitColumns, measureColumns, type TableColumn } from '../../documents/pdf/table';
import type { NoticeTable } from '../../api/notices-types';
import { mm, type PdfPages } from '../../documents/pdf/page';
import type { BoardPhoto } from './worker-photos';

/**
 * A notice laid out in the GB/T 9704 frame: title, number, body, the table (its header
 * repeated on every page), the period and the supervision phone, then the issuer and date
 * under the seal space. Its rows come from the roster through the kind's allow-list and its
 * free text has been scanned (docs/domain.md §4).
 */
export interface NoticeLayout {
  title: string;
  /** 「村委发〔2026〕3号」. */
  number: string;
  body: string;
  /** With 序号 as the first column; null or no rows: no table. */
  table: NoticeTable | null;
  /** 公示 or 公告. */
  word: '公示' | '公告';
  /** 长期公示 (网格划分): no objection period, no 公示期 line. */
  standing?: boolean;
  periodStart: string;
  periodEnd: string;
  supervisionPhone: string;
  issuer: string;
  issueDate: string;
  /** 打印网格员照片: a board of the workers' photos after the table (网格划分, §4). */
  photos?: readonly BoardPhoto[];
}

export interface RenderedNotice {
  buffer: Buffer;
  pages: number;
  orientation: Orientation;
}

/** 小四 (12 pt): a 300-row table stays readable on a bulletin board and fits ~30 rows a page. */
const TABLE_SIZE = 12;
/** 五号 (10.5 pt): the table when that pulls the closing up onto the table's last page. */
const SMALL_TABLE_SIZE = 10.5;
/** Column weights: a long cell (措施内容, 工作职责) counts up to 16 characters, a header 4. */
const CELL_CAP = 16;
const HEADER_CAP = 4;
/** When space is short, a long column gives way down to six characters (a group's name). */
const LEAST = 6;
/**
 * A table is wide (landscape) when it cannot fit a portrait page even with headers wrapped at
 * four characters and long cells at ten.
 */
const PORTRAIT_CELL_CAP = 10;
const PADDING = 4;
const CENTRED = new Set(['序号', '家庭人口', '包保户数', '状态']);

export async function renderNotice(
  layout: NoticeLayout,
  fonts: PrintFonts,
): Promise<RenderedNotice> {
  // GB/T 9704 §7.3.5.4 and docs/domain.md §4: the issuer and date never stand on a page of
  // their own. When the closing had to start a new page, the block is pulled up first (the
  // table in 五号, 10.5 pt, a size GB/T 9704 tables may use, and the gaps around it and the
  // seal's space closed); failing that, the table's last
  // rows go over with it.
  let result = layoutOnce(layout, fonts, 0, TABLE_SIZE);
  const rows = layout.table?.rows.length ?? 0;
  if (result.moved && rows > 0) {
    const smaller = layoutOnce(layout, fonts, 0, SMALL_TABLE_SIZE, true);
    // With a photo board its last row goes over instead (layoutOnce).
    const board = (layout.photos?.length ?? 0) > 0;
    result =
      smaller.moved && (board || rows >= 2)
        ? layoutOnce(layout, fonts, board ? 1 : Math.min(2, rows - 1), TABLE_SIZE)
        : smaller;
  }
  const pages = result.pages.pageCount();
  return {
    buffer: await finishNotice(result.pages, fonts),
    pages,
    orientation: result.pages.orientation,
  };
}

/**
 * One layout pass. `carry`: how many of the table's last rows start a new page (under the
 * repeated header), so the closing that follows has company. With a photo board the board is
 * what precedes the closing: its last row goes over instead (the whole board when it has one
 * row, so its heading never stays behind), and the table keeps its pages.
 */
function layoutOnce(
  layout: NoticeLayout,
  fonts: PrintFonts,
  carry: number,
  size: number,
  tight = false,
): { pages: PdfPages; moved: boolean } {
  const gap = tight ? 0 : BODY_LEADING / 3;
  const table = layout.table && layout.table.rows.length > 0 ? layout.table : null;
  const tableFonts = noticeTableFonts(fonts);
  const meta = { title: layout.title, author: layout.issuer };

  let pages = noticePages({ orientation: 'portrait', fonts, ...meta });
  let widths: number[] = [];
  if (table) {
    const measure = (cap: number) =>
      measureColumns(pages.doc, table.columns, table.rows, {
        style: { font: tableFonts.font, size },
        headerStyle: { font: tableFonts.headerFont, size },
        cap: cap * size,
        headerCap: HEADER_CAP * size,
        least: LEAST * size,
        padding: PADDING,
      });
    // Wide tables turn the notice to landscape (docs/domain.md §4).
    const least = measure(PORTRAIT_CELL_CAP).natural.reduce((a, b) => a + b, 0);
    if (least > pages.frame.width) {
      pages = noticePages({ orientation: 'landscape', fonts, ...meta });
    }
    // Columns sized to their content: short ones keep their width, long ones share the rest.
    widths = fitColumns(measure(CELL_CAP), pages.frame.width, { wrappingFirst: true });
  }

  noticeTitle(pages, layout.title, fonts);
  if (layout.number) noticeCentredLine(pages, layout.number, fonts);
  pages.skip(BODY_LEADING / 2);
  noticeParagraphs(pages, layout.body, fonts);

  if (table) {
    pages.skip(gap);
    const columns: TableColumn[] = table.columns.map((header, i) => ({
      header,
      width: widths[i]!,
      align: CENTRED.has(header) ? 'center' : 'left',
    }));
    const draw = (rows: string[][]) =>
      drawTable(pages, {
        columns,
        rows,
        fontSize: size,
        padding: PADDING,
        headerFill: null,
        ...tableFonts,
      });
    const tableCarry = layout.photos?.length ? 0 : carry;
    const split = table.rows.length - tableCarry;
    draw(table.rows.slice(0, split));
    if (tableCarry > 0) {
      pages.addPage();
      draw(table.rows.slice(split));
    }
    pages.skip(gap);
  }

  if (layout.photos && layout.photos.length > 0) {
    drawPhotoBoard(pages, layout.photos, tableFonts, size, carry > 0);
    pages.skip(gap);
  }

  const lines: string[] = [];
  if (layout.standing) {
    lines.push(`本${layout.word}长期有效，人员如有调整将及时更新。`);
  } else {
    lines.push(
      `${layout.word}期：${chineseDate(layout.periodStart)}至${chineseDate(layout.periodEnd)}。`,
    );
    if (layout.word === '公示') lines.push(`${layout.word}期间如有异议，请向村民委员会反映。`);
  }
  if (layout.supervisionPhone) lines.push(`监督电话：${layout.supervisionPhone}。`);
  const moved = noticeClosing(
    pages,
    {
      issuer: layout.issuer,
      date: layout.issueDate,
      lead: lines,
      // Pulled up: the seal may come within half a line of the text (it is pressed over the
      // issuer and date anyway).
      ...(tight ? { leastSealSpace: BODY_LEADING / 2 } : {}),
    },
    fonts,
  );
  return { pages, moved };
}

/** A 1-inch portrait photo (25 × 35 mm) in a cell at least 34 mm wide, the caption below. */
const PHOTO = { width: mm(25), height: mm(35), cell: mm(34) };

/**
 * 网格员照片: one frame per worker, in rows across the text block, each with the name and
 * 「职务 · 网格」 under it; a row never splits across pages. A worker without a usable photo gets
 * an empty frame marked 「照片」 to paste one on the printed sheet. pdfkit opens each image
 * before drawing (the bytes passed worker-photos.ts's bounds): one it cannot read is a frame too.
 */
function drawPhotoBoard(
  pages: PdfPages,
  photos: readonly BoardPhoto[],
  fonts: { font: string; headerFont: string },
  size: number,
  carryLast: boolean,
): void {
  const doc = pages.doc;
  const perRow = Math.max(1, Math.floor(pages.frame.width / PHOTO.cell));
  const cell = pages.frame.width / perRow;
  const captionSize = Math.min(size, 10.5);
  const rowHeight = PHOTO.height + size * 1.4 + captionSize * 1.4 + mm(4);
  const lastStart = Math.floor((photos.length - 1) / perRow) * perRow;
  if (carryLast && lastStart === 0) pages.addPage();
  else pages.ensureSpace(size * 2 + rowHeight);
  pages.text('网格员照片', { font: fonts.headerFont, size, align: 'center' });
  pages.skip(mm(2));
  const withOpen = doc as PDFKit.PDFDocument & {
    openImage(src: Buffer): { width: number; height: number };
  };
  for (let start = 0; start < photos.length; start += perRow) {
    if (carryLast && start === lastStart && start > 0) pages.addPage();
    else pages.ensureSpace(rowHeight);
    const top = pages.y;
    photos.slice(start, start + perRow).forEach((photo, i) => {
      const x = pages.frame.left + i * cell + (cell - PHOTO.width) / 2;
      let drawn = false;
      if (photo.image) {
        try {
          const opened = withOpen.openImage(photo.image);
          doc.image(opened as unknown as Buffer, x, top, {
            fit: [PHOTO.width, PHOTO.height],
            align: 'center',
            valign: 'center',
          });
          drawn = true;
        } catch {
          drawn = false;
        }
      }
      doc.save().lineWidth(0.5).rect(x, top, PHOTO.width, PHOTO.height).stroke().restore();
      if (!drawn) {
        doc
          .font(fonts.font)
          .fontSize(captionSize)
          .fillColor('#999999')
          .text('照片', x, top + PHOTO.height / 2 - captionSize / 2, {
            width: PHOTO.width,
            align: 'center',
            lineBreak: false,
          })
          .fillColor('#000000');
      }
      const textX = pages.frame.left + i * cell + 2;
      doc
        .font(fonts.font)
        .fontSize(size)
        .text(photo.name, textX, top + PHOTO.height + mm(1), {
          width: cell - 4,
          align: 'center',
          lineBreak: false,
          ellipsis: true,
        });
      doc
        .fontSize(captionSize)
        .text(photo.caption, textX, top + PHOTO.height + mm(1) + size * 1.4, {
          width: cell - 4,
          align: 'center',
          lineBreak: false,
          ellipsis: true,
        });
    });
    pages.y = top + rowHeight;
  }
}
