import {
  RETENTION_LABELS,
  RETENTION_ORDER,
  type ArchiveRemoval,
  type CatalogueRow,
  type RetentionCode,
} from '../../api/archive-types';
import { FONT_BOLD, FONT_REGULAR } from '../../documents/pdf/fonts';
import { A4, mm, PdfPages } from '../../documents/pdf/page';
import { drawLine, lineHeight, wrapLines } from '../../documents/pdf/text';

/**
 * Boxes of a year's items (docs/domain.md §6; DA/T 22-2015 §8): items go into archive boxes by
 * 件号, `perBox` numbers to a box (件号 1–50, 51–100, …), never mixing 保管期限 or 机构(问题)
 * (each has its own 件号 sequence, and boxes are kept per retention). Boxing by number keeps
 * a box's contents when a handed-over item is deleted: its number stays empty in its box and
 * the deletion is a line of that box's 备考表. 盒号 runs 1, 2, … within each retention. For
 * every box: a 盒脊 label (全宗号, 年度, 保管期限, 起止件号, 盒号) and a 备考表 (情况说明 with
 * the deletions, 整理人, 整理日期, 检查人, 检查日期).
 */

export const DEFAULT_PER_BOX = 50;

export interface ArchiveBox {
  /** 盒号 within its retention. */
  no: number;
  fondsCode: string;
  year: number;
  retention: RetentionCode;
  orgName: string;
  firstItem: number;
  lastItem: number;
  items: number;
  pages: number;
  /** Items whose original is a scanned image (made into a PDF page for the package). */
  images: number;
  /** Handed-over items deleted from this box: their numbers stay empty. */
  removals: ArchiveRemoval[];
}

export function boxesOf(
  rows: readonly CatalogueRow[],
  perBox: number,
  removals: readonly ArchiveRemoval[] = [],
): ArchiveBox[] {
  const boxes = new Map<string, ArchiveBox & { order: (string | number)[] }>();
  const boxOf = (
    seq: Pick<CatalogueRow, 'fondsCode' | 'classCode' | 'year' | 'retention' | 'orgCode'>,
    orgName: string,
    itemNo: number,
  ) => {
    const index = Math.floor((itemNo - 1) / perBox);
    const key = [seq.fondsCode, seq.classCode, seq.retention, seq.orgCode, index].join('\u0000');
    let box = boxes.get(key);
    if (!box) {
      box = {
        no: 0,
        fondsCode: seq.fondsCode,
        year: seq.year,
        retention: seq.retention,
        orgName,
        firstItem: itemNo,
        lastItem: itemNo,
        items: 0,
        pages: 0,
        images: 0,
        removals: [],
        order: [
          seq.fondsCode,
          seq.classCode,
          RETENTION_ORDER.indexOf(seq.retention),
          seq.orgCode,
          index,
        ],
      };
      boxes.set(key, box);
    }
    box.firstItem = Math.min(box.firstItem, itemNo);
    box.lastItem = Math.max(box.lastItem, itemNo);
    return box;
  };
  for (const row of rows) {
    const box = boxOf(row, row.orgName, row.itemNo);
    box.items++;
    box.pages += row.pages;
    if (row.format !== 'pdf') box.images++;
  }
  const orgNames = new Map(rows.map((row) => [row.orgCode, row.orgName]));
  for (const removal of removals) {
    const box = boxOf(removal, orgNames.get(removal.orgCode) ?? removal.orgCode, removal.itemNo);
    box.removals.push(removal);
  }
  // Catalogue order; 盒号 1, 2, … within each retention.
  const sorted = [...boxes.values()].sort((a, b) => {
    for (let i = 0; i < a.order.length; i++) {
      if (a.order[i]! < b.order[i]!) return -1;
      if (a.order[i]! > b.order[i]!) return 1;
    }
    return 0;
  });
  const perRetention = new Map<RetentionCode, number>();
  return sorted.map(({ order: _order, ...box }) => {
    const no = (perRetention.get(box.retention) ?? 0) + 1;
    perRetention.set(box.retention, no);
    box.removals.sort((a, b) => a.itemNo - b.itemNo);
    return { ...box, no };
  });
}

const itemNo = (n: number) => String(n).padStart(4, '0');
export const itemRange = (box: ArchiveBox) => `${itemNo(box.firstItem)}—${itemNo(box.lastItem)}`;

/**
 * 盒脊.pdf: spine labels 40 mm wide (the common box thickness for 50 items) and 250 mm tall,
 * four to an A4 sheet with dashed cutting outlines. Text runs across the strip (pdfkit has no
 * vertical text): the unit at the top, then one ruled field per line, 盒号 largest.
 */
export async function spineLabelsPdf(boxes: readonly ArchiveBox[], unit: string): Promise<Buffer> {
  const pages = new PdfPages({ title: '档案盒盒脊', author: unit, pageNumbers: false });
  const doc = pages.doc;
  const width = mm(40);
  const height = mm(250);
  const between = mm(6);
  const perSheet = 4;
  const left0 = (A4.width - perSheet * width - (perSheet - 1) * between) / 2;
  const top = (A4.height - height) / 2;
  boxes.forEach((box, index) => {
    if (index > 0 && index % perSheet === 0) pages.addPage();
    const x = left0 + (index % perSheet) * (width + between);
    doc.save();
    doc
      .lineWidth(0.6)
      .strokeColor('#666666')
      .dash(3, { space: 2 })
      .rect(x, top, width, height)
      .stroke();
    doc.restore();
    const inner = width - mm(4);
    let y = top + mm(6);
    const unitStyle = { font: FONT_BOLD, size: 11 };
    for (const line of wrapLines(doc, unit, inner, unitStyle).slice(0, 3)) {
      drawLine(doc, line, x + mm(2), y, unitStyle, { width: inner, align: 'center' });
      y += lineHeight(unitStyle.size);
    }
    const fields: [string, string, number][] = [
      ['全宗号', box.fondsCode, 15],
      ['年度', String(box.year), 15],
      ['保管期限', RETENTION_LABELS[box.retention], 15],
      ['起止件号', itemRange(box), 12],
      ['盒号', String(box.no), 30],
    ];
    const cellHeight = (size: number) => mm(8) + lineHeight(size);
    // The fields spread down the strip (at most 15 mm apart), as on a printed box spine.
    const used = fields.reduce((sum, [, , size]) => sum + cellHeight(size), 0);
    const gap = Math.min(mm(15), (top + height - mm(10) - y - used) / fields.length);
    y += gap;
    for (const [label, value, size] of fields) {
      doc
        .save()
        .lineWidth(0.6)
        .strokeColor('black')
        .rect(x + mm(2), y, inner, cellHeight(size))
        .stroke()
        .restore();
      drawLine(
        doc,
        label,
        x + mm(2),
        y + mm(1.5),
        { font: FONT_REGULAR, size: 9 },
        { width: inner, align: 'center' },
      );
      const valueStyle = { font: FONT_BOLD, size };
      drawLine(doc, value, x + mm(2), y + mm(6), valueStyle, { width: inner, align: 'center' });
      y += cellHeight(size) + gap;
    }
  });
  if (boxes.length === 0) {
    pages.text('本年度没有归档文件', { size: 12 });
  }
  return pages.finish();
}

const chineseDate = (iso: string) =>
  `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/** An ISO instant as the local day: 2026年5月3日. */
const chineseDateTime = (iso: string) => {
  const at = new Date(iso);
  return `${at.getFullYear()}年${at.getMonth() + 1}月${at.getDate()}日`;
};

/**
 * 备考表.pdf, one A4 page per box: the box's identity, 情况说明 (what the box holds, from the
 * data; space left for the clerk's own notes), 整理人 and 整理日期 (who exported, when), and
 * 检查人 / 检查日期 left blank to be signed by hand after checking.
 */
export async function notesSheetsPdf(
  boxes: readonly ArchiveBox[],
  meta: { unit: string; operator: string; date: string },
): Promise<Buffer> {
  const pages = new PdfPages({ title: '备考表', author: meta.unit, pageNumbers: false });
  const doc = pages.doc;
  const { left, width } = pages.frame;
  boxes.forEach((box, index) => {
    if (index > 0) pages.addPage();
    pages.title('备\u3000考\u3000表', 20);
    pages.text(
      `全宗号：${box.fondsCode}\u3000\u3000年度：${box.year}\u3000\u3000保管期限：${RETENTION_LABELS[box.retention]}\u3000\u3000盒号：${box.no}`,
      { size: 11, align: 'center' },
    );
    pages.text(`机构(问题)：${box.orgName}\u3000\u3000起止件号：${itemRange(box)}`, {
      size: 11,
      align: 'center',
    });
    pages.skip(mm(6));
    const top = pages.y;
    const boxHeight = mm(150);
    doc
      .save()
      .lineWidth(0.8)
      .strokeColor('black')
      .rect(left, top, width, boxHeight)
      .stroke()
      .restore();
    pages.y = top + mm(4);
    pages.text('情况说明：', { font: FONT_BOLD, size: 12, indent: mm(4) });
    pages.skip(mm(2));
    const facts = [
      `本盒共 ${box.items} 件，${box.pages} 页，件号 ${itemRange(box)}。`,
      box.images > 0
        ? `其中 ${box.images} 件的原件为扫描图片，电子档案中已转为 PDF 页面。`
        : '本盒电子档案均为 PDF 原件的副本，首页加盖归档章。',
    ];
    if (box.removals.length > 0) {
      facts.push(
        `移交后删除 ${box.removals.length} 件，件号空缺，不再使用：`,
        ...box.removals.map(
          (r) =>
            `件号 ${itemNo(r.itemNo)}（档号 ${r.archivalCode}）「${r.title}」，${chineseDateTime(r.removedAt)}由 ${r.operator} 删除，原因：${r.reason}。`,
        ),
      );
    }
    for (const fact of facts) {
      pages.text(fact, { size: 11, indent: mm(10), width: width - mm(14) });
    }
    // Ruled lines for the clerk's own remarks (缺损、修改、补充 …).
    doc.save().lineWidth(0.4).strokeColor('#999999');
    for (let y = pages.y + mm(12); y < top + boxHeight - mm(6); y += mm(10)) {
      doc
        .moveTo(left + mm(8), y)
        .lineTo(left + width - mm(8), y)
        .stroke();
    }
    doc.restore();
    pages.y = top + boxHeight + mm(12);
    const signStyle = { size: 12 };
    const half = width / 2;
    const row = (a: string, b: string) => {
      drawLine(doc, a, left + mm(6), pages.y, signStyle);
      drawLine(doc, b, left + half + mm(6), pages.y, signStyle);
      pages.y += lineHeight(signStyle.size) + mm(8);
    };
    row(`整理人：${meta.operator}`, `整理日期：${chineseDate(meta.date)}`);
    row('检查人：________________', '检查日期：______年____月____日');
  });
  if (boxes.length === 0) pages.text('本年度没有归档文件', { size: 12 });
  return pages.finish();
}
