import type ExcelJS from 'exceljs';
import {
  RETENTION_LABELS,
  RETENTION_ORDER,
  type CatalogueRow,
  type RetentionCode,
} from '../../api/archive-types';
import { FONT_BOLD, FONT_REGULAR } from '../../documents/pdf/fonts';
import { mm, PdfPages } from '../../documents/pdf/page';
import { drawLine, lineHeight } from '../../documents/pdf/text';
import { drawTable, type TableColumn } from '../../documents/pdf/table';
import { displayWidth } from '../roster-io/cells';
import { layoutSheet, sheetOptions, streamingWorkbook } from '../roster-io/sheet-layout';

/**
 * The catalogue files of an export package (docs/domain.md §6; 档发〔2012〕7号 practice for the
 * electronic hand-over): 归档文件目录 as .xlsx and .pdf, 文件目录.XML, and 说明文件.TXT.
 * verify.ts reads the .xlsx and the XML back to check 账账相符, with the names defined here.
 */

export const EXPLANATION_FILE = '说明文件.TXT';
export const XML_FILE = '文件目录.XML';
export const XLSX_FILE = '归档文件目录.xlsx';
/** One printed catalogue per 年度-保管期限, with its cover (DA/T 22-2015 practice). */
export const cataloguePdfFile = (year: number, retention: RetentionCode) =>
  `归档文件目录-${year}-${RETENTION_LABELS[retention]}.pdf`;
/** The xlsx has one sheet per 年度-保管期限, named like 2026-永久. */
export const catalogueSheetName = (year: number, retention: RetentionCode) =>
  `${year}-${RETENTION_LABELS[retention]}`;
export const MANIFEST_FILE = 'SHA256SUMS.txt';
export const ITEMS_DIR = '电子档案';
export const OTHER_DIR = '其他';
export const CATALOGUE_SHEET = '归档文件目录';

/** DA/T 22-2015 归档文件目录: exactly these columns, in this order. */
export const CATALOGUE_HEADERS = [
  '序号',
  '档号',
  '文号',
  '责任者',
  '题名',
  '日期',
  '密级',
  '页数',
  '备注',
] as const;

/** The XML's elements per item, in order (docs/domain.md §6). */
export const XML_FIELDS = [
  '顺序号',
  '档号',
  '文号',
  '责任者',
  '题名',
  '日期',
  '密级',
  '页数',
  '电子档案名称',
  '备注',
] as const;

/** What the catalogue files say about the package as a whole. */
export interface PackageMeta {
  /** 立档单位, e.g. 杨柳村村民委员会. */
  unit: string;
  fondsCode: string;
  classCode: string;
  year: number;
  /** The 档号 preset or custom pattern in force (for the explanation). */
  codeRule: string;
  sealed: { at: string; by: string } | null;
  /** Items per box on the 盒脊 labels. */
  perBox: number;
  boxes: number;
  operator: string;
  /** Local date and time of the export, YYYY-MM-DD HH:mm. */
  exportedAt: string;
  software: string;
}

const catalogueCells = (row: CatalogueRow) =>
  [
    row.seq,
    row.archivalCode,
    row.docNo,
    row.responsible,
    row.title,
    row.date,
    row.secrecy,
    row.pages,
    row.note,
  ] as const;

// Excel units (CJK ≈ 2): 题名 takes what the page has left; 档号 fits Z109-WS·2026-D30-FFP-0001.
const XLSX_COLUMNS = [
  { header: '序号', field: 'seq', width: 6, type: 'int' as const },
  { header: '档号', field: 'archivalCode', width: 27, type: 'text' as const },
  { header: '文号', field: 'docNo', width: 16, type: 'text' as const },
  { header: '责任者', field: 'responsible', width: 18, type: 'text' as const },
  { header: '题名', field: 'title', width: 48, type: 'text' as const },
  { header: '日期', field: 'date', width: 10, type: 'text' as const },
  { header: '密级', field: 'secrecy', width: 6, type: 'text' as const },
  { header: '页数', field: 'pages', width: 6, type: 'int' as const },
  { header: '备注', field: 'note', width: 16, type: 'text' as const },
];
const WRAPPED = new Set(['responsible', 'title', 'note', 'docNo']);
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF999999' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** The rows of each 保管期限 present, permanent first (the rows come in 档号 order). */
export function byRetention(
  rows: readonly CatalogueRow[],
): { retention: RetentionCode; rows: CatalogueRow[] }[] {
  return RETENTION_ORDER.map((retention) => ({
    retention,
    rows: rows.filter((row) => row.retention === retention),
  })).filter((group) => group.rows.length > 0);
}

/**
 * The printed header of a catalogue sheet. Header/footer codes: 「&14」 followed by a digit
 * would read the year as part of the font size (&142026…), so a space ends the size code.
 */
export function catalogueHeader(meta: PackageMeta, retention: RetentionCode): string {
  return (
    `&L全宗号 ${escapeHeader(meta.fondsCode)}` +
    `&C&"-,Bold"&14 ${meta.year}年度 ${RETENTION_LABELS[retention]} 归档文件目录` +
    `&R${escapeHeader(meta.unit)}`
  );
}

/**
 * 归档文件目录.xlsx: one sheet per 年度-保管期限 (catalogues are kept per retention, DA/T
 * 22-2015), each with its header row (repeated on every printed page) and one row per item;
 * A4 landscape fitted to the width, the printed header naming 全宗号, 年度, 保管期限 and the
 * unit. 日期 is text of 8 digits (a number cell would let Excel show 2.03E+07 or reformat
 * it); 序号 and 页数 are numbers; 序号 runs 1… within each sheet.
 */
export async function catalogueXlsx(
  rows: readonly CatalogueRow[],
  meta: PackageMeta,
): Promise<Buffer> {
  const { workbook, finish } = streamingWorkbook({ useSharedStrings: true });
  workbook.creator = meta.software;
  const options = sheetOptions();
  for (const group of byRetention(rows)) {
    const title = catalogueHeader(meta, group.retention);
    const sheet = workbook.addWorksheet(catalogueSheetName(meta.year, group.retention), {
      ...options,
      headerFooter: { ...options.headerFooter, oddHeader: title, firstHeader: title },
    });
    layoutSheet(sheet, XLSX_COLUMNS);
    // Rules and alignment as column styles, which every added cell takes: a third faster than
    // styling 9,000 cells one by one (exceljs registers each cell's style).
    XLSX_COLUMNS.forEach((column, index) => {
      const wrap = WRAPPED.has(column.field);
      const target = sheet.getColumn(index + 1);
      target.border = BORDER;
      target.alignment = { vertical: 'top', horizontal: wrap ? 'left' : 'center', wrapText: wrap };
      if (column.field === 'date') target.numFmt = '@';
    });
    const header = sheet.getRow(1);
    header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    header.eachCell((cell) => {
      cell.border = BORDER;
    });
    header.commit();
    const widths = XLSX_COLUMNS.map((c, i) => sheet.getColumn(i + 1).width ?? c.width);
    group.rows.forEach((row, index) => {
      const values = catalogueCells({ ...row, seq: index + 1 });
      const added = sheet.addRow(values.map((value) => (value === '' ? null : value)));
      let lines = 1;
      XLSX_COLUMNS.forEach((column, i) => {
        const value = values[i];
        if (WRAPPED.has(column.field) && typeof value === 'string' && value) {
          lines = Math.max(lines, Math.ceil(displayWidth(value) / Math.max(1, widths[i]! - 1)));
        }
      });
      // An explicit height: LibreOffice does not fit rows to wrapped text (see ledger-xlsx.ts).
      added.height = lines * 15 + 3;
      added.commit();
    });
    sheet.commit();
  }
  return finish();
}

/** Header/footer text codes treat & specially. */
const escapeHeader = (text: string) => text.replaceAll('&', '&&');

const PDF_COLUMNS: TableColumn[] = [
  { header: '序号', width: 4, align: 'center' },
  { header: '档号', width: 17 },
  { header: '文号', width: 9 },
  { header: '责任者', width: 11 },
  { header: '题名', width: 33 },
  { header: '日期', width: 7.5, align: 'center' },
  { header: '密级', width: 4.5, align: 'center' },
  { header: '页数', width: 4.5, align: 'center' },
  { header: '备注', width: 9 },
];

const itemNoText = (n: number) => String(n).padStart(4, '0');

/** 起止件号 of a catalogue: per 机构(问题) when there are several. */
function itemRanges(rows: readonly CatalogueRow[]): string {
  const byOrg = new Map<string, { name: string; first: number; last: number }>();
  for (const row of rows) {
    const found = byOrg.get(row.orgCode);
    if (found) {
      found.first = Math.min(found.first, row.itemNo);
      found.last = Math.max(found.last, row.itemNo);
    } else byOrg.set(row.orgCode, { name: row.orgName, first: row.itemNo, last: row.itemNo });
  }
  const ranges = [...byOrg.values()];
  return ranges
    .map(
      (r) => `${ranges.length > 1 ? `${r.name} ` : ''}${itemNoText(r.first)}—${itemNoText(r.last)}`,
    )
    .join('；');
}

/**
 * The printed catalogue of one 年度-保管期限 (DA/T 22-2015 practice: bound per retention,
 * with a cover): page 1 the 目录封面 — 全宗名称, 全宗号, 年度, 保管期限, 机构(问题), 起止件号,
 * 件数 and 页数, who compiled it and when —, then the catalogue on A4 landscape, the header
 * repeated on every page, numbered from the first catalogue page (the cover has none).
 */
export async function cataloguePdf(
  rows: readonly CatalogueRow[],
  meta: PackageMeta,
  retention: RetentionCode,
): Promise<Buffer> {
  const label = RETENTION_LABELS[retention];
  const pages = new PdfPages({
    orientation: 'landscape',
    title: `${meta.year}年度 ${label} 归档文件目录`,
    author: meta.unit,
    margins: { top: 42, bottom: 48, left: 42, right: 42 },
    pageNumbers: false,
  });
  const doc = pages.doc;
  const { left, width } = pages.frame;

  // The cover.
  pages.y = pages.frame.top + mm(18);
  pages.text('归\u3000档\u3000文\u3000件\u3000目\u3000录', {
    font: FONT_BOLD,
    size: 30,
    align: 'center',
  });
  pages.y += mm(14);
  const orgs = [...new Set(rows.map((r) => r.orgName || r.orgCode))].join('、');
  const pagesTotal = rows.reduce((n, r) => n + r.pages, 0);
  const fields: [string, string][] = [
    ['全宗名称', meta.unit],
    ['全 宗 号', meta.fondsCode],
    ['年\u3000\u3000度', String(meta.year)],
    ['保管期限', label],
    ['机构(问题)', orgs],
    ['起止件号', itemRanges(rows)],
    ['件数页数', `${rows.length} 件，${pagesTotal} 页`],
  ];
  const labelWidth = mm(40);
  const valueWidth = mm(120);
  const x0 = left + (width - labelWidth - valueWidth) / 2;
  const fieldStyle = { font: FONT_REGULAR, size: 16 };
  for (const [name, value] of fields) {
    drawLine(doc, `${name}：`, x0, pages.y, fieldStyle, { width: labelWidth, align: 'right' });
    drawLine(
      doc,
      value,
      x0 + labelWidth + mm(2),
      pages.y,
      { font: FONT_BOLD, size: 16 },
      {
        width: valueWidth,
      },
    );
    const underline = pages.y + lineHeight(16) + 1;
    doc
      .save()
      .lineWidth(0.6)
      .strokeColor('black')
      .moveTo(x0 + labelWidth + mm(2), underline)
      .lineTo(x0 + labelWidth + valueWidth, underline)
      .stroke()
      .restore();
    pages.y += lineHeight(16) + mm(6);
  }
  pages.y += mm(8);
  pages.text(`编制单位：${meta.unit}\u3000\u3000编制日期：${meta.exportedAt.slice(0, 10)}`, {
    size: 11,
    align: 'center',
  });

  // The catalogue, 序号 1… within this retention.
  pages.addPage();
  const firstCataloguePage = pages.pageCount() - 1;
  pages.title(`${meta.year}年度 ${label} 归档文件目录`, 16);
  pages.text(
    `全宗名称：${meta.unit}\u3000\u3000全宗号：${meta.fondsCode}\u3000\u3000年度：${meta.year}\u3000\u3000保管期限：${label}\u3000\u3000共 ${rows.length} 件，${pagesTotal} 页`,
    { size: 9.5, font: FONT_REGULAR },
  );
  pages.skip(4);
  drawTable(pages, {
    columns: PDF_COLUMNS,
    rows: rows.map((row, index) => catalogueCells({ ...row, seq: index + 1 })),
    fontSize: 8.5,
    padding: 2.5,
  });
  const range = doc.bufferedPageRange();
  const count = range.start + range.count - firstCataloguePage;
  for (let i = firstCataloguePage; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    drawLine(
      doc,
      `第 ${i - firstCataloguePage + 1} 页，共 ${count} 页`,
      left,
      pages.frame.bottom + 18,
      { size: 9 },
      { width, align: 'center' },
    );
  }
  return pages.finish();
}

/** XML 1.0 text: the five special characters escaped, characters XML forbids dropped. */
export function xmlText(value: string | number): string {
  return (
    String(value)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/**
 * 文件目录.XML (UTF-8): one <文件> per item with the fields of the electronic hand-over and
 * the catalogue's 文号 and 页数; 电子档案名称 is the item's PDF as a path inside the package.
 */
export function catalogueXml(
  rows: readonly CatalogueRow[],
  meta: PackageMeta,
  fileOf: (row: CatalogueRow) => string,
): Buffer {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<文件目录 立档单位="${xmlText(meta.unit)}" 全宗号="${xmlText(meta.fondsCode)}" 年度="${meta.year}" 件数="${rows.length}">`,
  ];
  for (const row of rows) {
    const values: Record<(typeof XML_FIELDS)[number], string | number> = {
      顺序号: row.seq,
      档号: row.archivalCode,
      文号: row.docNo,
      责任者: row.responsible,
      题名: row.title,
      日期: row.date,
      密级: row.secrecy,
      页数: row.pages,
      电子档案名称: fileOf(row),
      备注: row.note,
    };
    lines.push('  <文件>');
    for (const field of XML_FIELDS)
      lines.push(`    <${field}>${xmlText(values[field])}</${field}>`);
    lines.push('  </文件>');
  }
  lines.push('</文件目录>', '');
  return Buffer.from(lines.join('\n'), 'utf8');
}

/** Per retention (永久 first) and per category: "永久 3 件，30年 12 件". */
function counts<T extends string>(
  rows: readonly CatalogueRow[],
  key: (row: CatalogueRow) => T,
  order: readonly T[],
  label: (k: T) => string,
): string {
  const tally = new Map<T, number>();
  for (const row of rows) tally.set(key(row), (tally.get(key(row)) ?? 0) + 1);
  const keys = [
    ...order.filter((k) => tally.has(k)),
    ...[...tally.keys()].filter((k) => !order.includes(k)),
  ];
  return keys.map((k) => `${label(k)} ${tally.get(k)} 件`).join('，') || '无';
}

/**
 * 说明文件.TXT: who made the package, what is in it and how to check it. UTF-8 with a BOM and
 * CRLF line ends, so Windows Notepad (also the old one) shows the Chinese and the lines. The
 * "名称：值" lines at the top are read back when a township imports the package.
 */
export function explanationText(
  rows: readonly CatalogueRow[],
  meta: PackageMeta,
  categoryOrder: readonly string[],
): Buffer {
  const pages = rows.reduce((n, r) => n + r.pages, 0);
  const example = rows[0]?.archivalCode;
  const lines = [
    '归档文件移交说明',
    '',
    `立档单位：${meta.unit}`,
    `全宗号：${meta.fondsCode}`,
    `年度：${meta.year}`,
    `门类：${meta.classCode}（文书）`,
    `件数：${rows.length}`,
    `页数：${pages}`,
    `保管期限：${counts(
      rows,
      (r) => r.retention,
      RETENTION_ORDER,
      (k) => RETENTION_LABELS[k],
    )}`,
    `类别：${counts(
      rows,
      (r) => r.category,
      categoryOrder,
      (k) => k,
    )}`,
    `年度状态：${meta.sealed ? `已封存（${meta.sealed.at}，${meta.sealed.by}）` : '未封存（导出后仍可能有改动）'}`,
    '整理规则：DA/T 22-2015《归档文件整理规则》，以件为单位整理',
    `档号规则：${meta.codeRule}${example ? `，如 ${example}` : ''}`,
    `导出人：${meta.operator}`,
    `导出时间：${meta.exportedAt}`,
    `导出软件：${meta.software}`,
    '',
    '包内文件：',
    `  ${EXPLANATION_FILE}\u3000本说明`,
    `  ${XML_FILE}\u3000文件目录（${XML_FIELDS.join('、')}），UTF-8 编码`,
    `  ${XLSX_FILE}\u3000归档文件目录（${CATALOGUE_HEADERS.join('、')}），每个年度-保管期限一个工作表（${byRetention(
      rows,
    )
      .map((g) => catalogueSheetName(meta.year, g.retention))
      .join('、')}），A4 横向`,
    ...byRetention(rows).map(
      (g) =>
        `  ${cataloguePdfFile(meta.year, g.retention)}\u3000${RETENTION_LABELS[g.retention]}的归档文件目录（首页为目录封面），可直接打印装订`,
    ),
    `  ${ITEMS_DIR}/${meta.year}/<类别>/<档号>.pdf\u3000每件一个 PDF，首页右上角加盖归档章（全宗号、年度、件号、机构(问题)、保管期限、页数）；扫描的图片已转为 PDF 页面；本单位保存的原件未作任何改动`,
    `  ${OTHER_DIR}/盒脊.pdf\u3000档案盒盒脊标签（每盒至多 ${meta.perBox} 件，按保管期限分盒，共 ${meta.boxes} 盒）`,
    `  ${OTHER_DIR}/备考表.pdf\u3000每盒一张备考表（移交后删除的文件，其件号空缺不再使用，删除情况记在所在盒的备考表中）`,
    `  ${MANIFEST_FILE}\u3000除它本身以外每个文件的 SHA-256 校验值`,
    '',
    '校验方法：',
    `  1. 在装有 sha256sum 的电脑上（Linux，或装有 Git 的 Windows），进入本文件夹运行 sha256sum -c ${MANIFEST_FILE}，每个文件都应显示 OK（成功）。`,
    `  2. 在 Windows 上也可对单个文件运行 certutil -hashfile 文件名 SHA256，与 ${MANIFEST_FILE} 中同名文件的值比对。`,
    '  3. 用“村级网格台账”：档案管理 → 校验档案包，或命令 archive-verify <本文件夹或压缩包>，会列出缺少、改动和多出的文件，并核对账账相符（归档文件目录、文件目录.XML 的件数与电子档案文件数一致）。',
    '',
  ];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n'), 'utf8')]);
}

/** The "名称：值" lines of a 说明文件 (BOM and CRLF tolerated). */
export function readExplanation(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.replace(/^\ufeff/, '').split(/\r?\n/)) {
    const match = /^([^\s：:]{1,8})[：:](.*)$/.exec(line);
    if (match && !fields.has(match[1]!)) fields.set(match[1]!, match[2]!.trim());
  }
  return fields;
}
