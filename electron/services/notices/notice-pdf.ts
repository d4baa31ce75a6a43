import type { PrintFonts } from '../../documents/pdf/fonts';
import {
  BODY_LEADING,
  chineseDate,
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

/**
 * A notice laid out in the GB/T 9704 frame: title, number, body, the table (its header
 * repeated on every page), the period and the supervision phone, then the issuer and date
 * under the seal space. Everything here has already been through the privacy filter.
 */
export interface NoticeLayout {
  title: string;
  /** "〔2026〕第3号". */
  number: string;
  body: string;
  /** With 序号 as the first column; null or no rows: no table. */
  table: NoticeTable | null;
  /** 公示 or 公告. */
  word: '公示' | '公告';
  periodStart: string;
  periodEnd: string;
  supervisionPhone: string;
  issuer: string;
  issueDate: string;
}

export interface RenderedNotice {
  buffer: Buffer;
  pages: number;
  orientation: Orientation;
}

/** 小四 (12 pt): a 300-row table stays readable on a bulletin board and fits ~30 rows a page. */
const TABLE_SIZE = 12;
/** Column weights: a long cell (措施内容, 工作职责) counts up to 16 characters, a header 4. */
const CELL_CAP = 16 * TABLE_SIZE;
const HEADER_CAP = 4 * TABLE_SIZE;
/** When space is short, a long column gives way down to six characters (a group's name). */
const LEAST = 6 * TABLE_SIZE;
/**
 * A table is wide (landscape) when it cannot fit a portrait page even with headers wrapped at
 * four characters and long cells at ten.
 */
const PORTRAIT_CELL_CAP = 10 * TABLE_SIZE;
const PADDING = 4;
const CENTRED = new Set(['序号', '家庭人口', '包保户数', '状态']);

export async function renderNotice(
  layout: NoticeLayout,
  fonts: PrintFonts,
): Promise<RenderedNotice> {
  const table = layout.table && layout.table.rows.length > 0 ? layout.table : null;
  const tableFonts = noticeTableFonts(fonts);
  const meta = { title: layout.title, author: layout.issuer };

  let pages = noticePages({ orientation: 'portrait', fonts, ...meta });
  let widths: number[] = [];
  if (table) {
    const measure = (cap: number) =>
      measureColumns(pages.doc, table.columns, table.rows, {
        style: { font: tableFonts.font, size: TABLE_SIZE },
        headerStyle: { font: tableFonts.headerFont, size: TABLE_SIZE },
        cap,
        headerCap: HEADER_CAP,
        least: LEAST,
        padding: PADDING,
      });
    // Wide tables turn the notice to landscape (docs/domain.md §4).
    const least = measure(PORTRAIT_CELL_CAP).natural.reduce((a, b) => a + b, 0);
    if (least > pages.frame.width)
      pages = noticePages({ orientation: 'landscape', fonts, ...meta });
    widths = fitColumns(measure(CELL_CAP), pages.frame.width);
  }

  noticeTitle(pages, layout.title, fonts);
  if (layout.number) noticeCentredLine(pages, layout.number, fonts);
  pages.skip(BODY_LEADING / 2);
  noticeParagraphs(pages, layout.body, fonts);

  if (table) {
    pages.skip(BODY_LEADING / 3);
    const columns: TableColumn[] = table.columns.map((header, i) => ({
      header,
      width: widths[i]!,
      align: CENTRED.has(header) ? 'center' : 'left',
    }));
    drawTable(pages, {
      columns,
      rows: table.rows,
      fontSize: TABLE_SIZE,
      padding: PADDING,
      headerFill: null,
      ...tableFonts,
    });
    pages.skip(BODY_LEADING / 3);
  }

  const lines = [
    `${layout.word}期：${chineseDate(layout.periodStart)}至${chineseDate(layout.periodEnd)}。`,
  ];
  if (layout.word === '公示') {
    lines.push(`${layout.word}期间如有异议，请向村民委员会反映。`);
  }
  if (layout.supervisionPhone) lines.push(`监督电话：${layout.supervisionPhone}。`);
  noticeClosing(pages, { issuer: layout.issuer, date: layout.issueDate, lead: lines }, fonts);
  const count = pages.pageCount();
  const orientation = pages.orientation;
  return { buffer: await pages.finish(), pages: count, orientation };
}
