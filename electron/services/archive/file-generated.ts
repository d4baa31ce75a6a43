import type { FileGeneratedInput } from '../../api/archive-schemas';
import {
  filedKey,
  GENERATED_DOCUMENT_KINDS,
  sourceKeyOf,
  type ArchiveItem,
  type FiledRecord,
  type GeneratedKind,
} from '../../api/archive-types';
import { AppError } from '../../api/errors';
import { maskSensitiveText } from '../../api/id-number';
import type { LedgerFilter } from '../../api/ledger-schemas';
import type { MeetingDetail } from '../../api/visits-types';
import { FONT_BOLD, FONT_REGULAR } from '../../documents/pdf/fonts';
import { PdfPages } from '../../documents/pdf/page';
import { drawTable, fitColumns, measureColumns, type CellValue } from '../../documents/pdf/table';
import { inDocumentTransaction, storeDocument, type DocumentRow } from '../../documents/store';
import { audit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { getGrid } from '../grids/grids';
import { daysBetween } from '../ledger/calendar';
import { followUpCell, LEDGER_COLUMNS, noteCell, personCell } from '../ledger/ledger-xlsx';
import { ledgerRowsInOrder } from '../ledger/query';
import { monthlyReport } from '../reports/monthly';
import { monthlyPdf } from '../reports/monthly-pdf';
import { safeFileName } from '../reports/xlsx-kit';
import { today } from '../roster/people';
import { gridNames } from '../roster-io/grid-names';
import { getMeeting } from '../visits/meetings';
import { PROBLEM_HEADER } from '../visits/meeting-xlsx';
import { fileDocument, precheckFiling, villageName } from './items';

/**
 * archive.fileGenerated: the PDF of a record the program keeps as data — the paper ledger of
 * a year or a date range, a 月通报, one meeting's minutes — made now, kept as a document
 * (storeDocument, with its SHA-256) and filed as one item. The document's date is the day the
 * record closes: the end of the year, month or range when that has passed (a 2025 ledger
 * printed in January 2026 belongs to 2025), today while it is still running; minutes are
 * dated by their meeting. Free text in the ledger and minutes is printed with ID numbers and
 * phones masked, as lists show them (docs/domain.md §7): the archive package leaves the village.
 *
 * If filing fails after the document was stored (a sealed year, no 全宗号 — both checked
 * before anything is made), the document stays, like any printed one, and can be filed later.
 */

interface Made {
  buffer: Buffer;
  /** The record it is (filedKey): the same record is filed once. */
  sourceKey: string;
  kind: string;
  /** The document's title (what the PDF says) and the catalogue's 题名. */
  documentTitle: string;
  archiveTitle: string;
  docDate: string;
  fileName: string;
}

/** The paper ledger's 15 columns fit an A4 landscape width at this size. */
const LEDGER_FONT_SIZE = 8;

const earlier = (a: string, b: string) => (a < b ? a : b);

/** 2026-04-15 → 2026年4月15日. */
const chineseDate = (iso: string) =>
  `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/** The paper ledger (the xlsx's columns) as a PDF: A4 landscape, header on every page. */
async function makeLedger(
  ctx: ServiceContext,
  input: Extract<FileGeneratedInput, { kind: 'ledger' }>,
): Promise<Made> {
  const now = today(ctx);
  const ranged = input.from !== undefined || input.to !== undefined;
  const year = input.year ?? Number((input.to ?? input.from ?? now).slice(0, 4));
  const from = ranged ? input.from : `${year}-01-01`;
  const to = ranged ? (input.to ?? now) : `${year}-12-31`;
  if ((from ?? to) > now) {
    throw new AppError('VALIDATION', `${from ?? to} 还没有到，不能归档以后的台账`);
  }
  const scope =
    input.gridId !== undefined ? getGrid(ctx, input.gridId).name : villageName(ctx) || '全部';
  const period = ranged ? `${from ?? '最早'} 至 ${to}` : `${year}年度`;
  const filter: LedgerFilter = {
    ...(input.gridId !== undefined ? { gridId: input.gridId } : {}),
    ...(from !== undefined ? { from } : {}),
    to,
  };

  const names = gridNames(ctx);
  const rows: CellValue[][] = [];
  for (const row of ledgerRowsInOrder(ctx, filter)) {
    const lateDays =
      row.closedOnTime === false && row.resolvedDate
        ? daysBetween(row.dueDate, row.resolvedDate)
        : null;
    rows.push([
      rows.length + 1,
      names.labelOf(row.gridId) || row.gridName,
      row.workerName,
      maskSensitiveText(personCell(row)),
      maskSensitiveText(row.description),
      row.category,
      row.source,
      row.registeredDate,
      maskSensitiveText(row.measureTaken),
      row.responsiblePerson,
      row.dueDate,
      row.status,
      row.resolvedDate ?? '',
      maskSensitiveText(followUpCell(row)),
      maskSensitiveText(noteCell(row, lateDays)),
    ]);
  }

  const documentTitle = `${scope}问题登记台账（${period}）`;
  const pages = new PdfPages({ orientation: 'landscape', title: documentTitle, author: scope });
  pages.title('问题登记台账', 18);
  pages.text(`${scope}    ${period}    共 ${rows.length} 条    打印日期 ${now}`, {
    size: 10,
    align: 'center',
  });
  pages.skip(6);
  // Widths from the content (dates and numbers never broken), long texts wrapping.
  const style = { font: FONT_REGULAR, size: LEDGER_FONT_SIZE };
  const widths = fitColumns(
    measureColumns(
      pages.doc,
      LEDGER_COLUMNS.map((c) => c.header),
      rows,
      { style, headerStyle: { font: FONT_BOLD, size: LEDGER_FONT_SIZE }, cap: 150, padding: 2 },
    ),
    pages.frame.width,
  );
  drawTable(pages, {
    columns: LEDGER_COLUMNS.map((c, i) => ({
      header: c.header,
      width: widths[i]!,
      align: c.wrap ? 'left' : 'center',
    })),
    rows,
    fontSize: LEDGER_FONT_SIZE,
    padding: 2,
  });
  if (rows.length === 0) {
    pages.skip(6);
    pages.text('本期没有登记的问题。', { size: 10 });
  }
  const label = ranged ? `（${from ?? ''}至${to}）` : '';
  return {
    buffer: await pages.finish(),
    kind: GENERATED_DOCUMENT_KINDS.ledger,
    documentTitle,
    archiveTitle: ranged ? `[${scope}问题登记台账${label}]` : `[${scope}${year}年问题登记台账]`,
    docDate: earlier(now, to),
    sourceKey: ledgerSourceKey(ctx, input),
    fileName: `问题登记台账-${scope}-${ranged ? `${from ?? ''}至${to}` : year}.pdf`,
  };
}

/** The 月通报 PDF, as reports' monthlyExport makes it; its printed title is a real title. */
async function makeMonthlyReport(
  ctx: ServiceContext,
  input: Extract<FileGeneratedInput, { kind: 'monthlyReport' }>,
): Promise<Made> {
  const now = today(ctx);
  const report = monthlyReport(ctx, input);
  if (report.monthStart > now) {
    throw new AppError('VALIDATION', `${input.month} 还没有到，不能归档以后的月通报`);
  }
  return {
    buffer: await monthlyPdf(report),
    kind: GENERATED_DOCUMENT_KINDS.monthlyReport,
    documentTitle: report.title,
    archiveTitle: report.title.replace(/\s+/g, ''),
    docDate: earlier(now, report.monthEnd),
    sourceKey: sourceKeyOf('monthlyReport', filedKey.monthlyReport(input.month, input.gridId)),
    fileName: safeFileName(`月通报-${report.placeName}-${input.month}.pdf`),
  };
}

/** One meeting's minutes on A4 portrait: the fields, the linked problems, signature lines. */
export async function minutesPdf(meeting: MeetingDetail): Promise<Buffer> {
  const title = '月度会商记录';
  const pages = new PdfPages({ title: `${title}（${meeting.gridName} ${meeting.date}）` });
  pages.title(title, 18);
  const field = (label: string, value: string) => {
    pages.text(`${label}：${value || '（无）'}`, { size: 11 });
    pages.skip(3);
  };
  field('网格', meeting.gridPath.join(' / '));
  field('会商日期', chineseDate(meeting.date));
  field('会商地点', meeting.place);
  field('主持人', meeting.host);
  field('记录人', meeting.recorder);
  field('参会人员', maskSensitiveText(meeting.attendees));
  pages.skip(4);
  pages.text('会商议题', { font: FONT_BOLD, size: 12 });
  pages.text(maskSensitiveText(meeting.topics) || '（无）', { size: 11, indent: 22 });
  pages.skip(6);
  pages.text('会商决定', { font: FONT_BOLD, size: 12 });
  pages.text(maskSensitiveText(meeting.decisions) || '（无）', { size: 11, indent: 22 });
  pages.skip(8);
  pages.text(`关联问题（${meeting.problems.length} 个）`, { font: FONT_BOLD, size: 12 });
  pages.skip(3);
  const widths = [6, 12, 14, 42, 10];
  drawTable(pages, {
    columns: PROBLEM_HEADER.map((header, i) => ({
      header,
      width: widths[i]!,
      align: i === 3 ? 'left' : 'center',
    })),
    rows:
      meeting.problems.length > 0
        ? meeting.problems.map((p, i) => [
            i + 1,
            p.registeredDate,
            p.headName,
            maskSensitiveText(p.description),
            p.status,
          ])
        : [['', '', '', '无', '']],
    fontSize: 10,
  });
  pages.skip(30);
  pages.ensureSpace(20);
  pages.text('主持人签字：                                        记录人签字：', { size: 11 });
  return pages.finish();
}

async function makeMinutes(ctx: ServiceContext, meetingId: number): Promise<Made> {
  const meeting = getMeeting(ctx, meetingId);
  const place = meeting.gridName;
  return {
    buffer: await minutesPdf(meeting),
    kind: GENERATED_DOCUMENT_KINDS.minutes,
    documentTitle: `${place}月度会商记录（${meeting.date}）`,
    archiveTitle: `[${place}${chineseDate(meeting.date)}月度会商记录]`,
    docDate: meeting.date,
    sourceKey: sourceKeyOf('minutes', filedKey.minutes(meeting.id)),
    fileName: `月度会商记录-${place}-${meeting.date}.pdf`,
  };
}

/** The ledger's record: a whole year, or a 登记日期 range (to defaults to today). */
function ledgerSourceKey(
  ctx: ServiceContext,
  input: Extract<FileGeneratedInput, { kind: 'ledger' }>,
): string {
  if (input.from === undefined && input.to === undefined) {
    const year = input.year ?? Number(today(ctx).slice(0, 4));
    return sourceKeyOf('ledger', filedKey.ledger(year, input.gridId));
  }
  const range = `${input.from ?? ''}~${input.to ?? today(ctx)}`;
  return sourceKeyOf('ledger', `${range}:${input.gridId ?? 'village'}`);
}

/** What the record is called in the refusal: 「2026年4月月通报」, 「第一村民小组2026年问题登记台账」. */
function recordName(ctx: ServiceContext, input: FileGeneratedInput): string {
  const place = (gridId: number | undefined) =>
    gridId === undefined ? '' : getGrid(ctx, gridId).name;
  if (input.kind === 'monthlyReport') {
    const [year, month] = input.month.split('-');
    return `${place(input.gridId)}${year}年${Number(month)}月月通报`;
  }
  if (input.kind === 'ledger') {
    if (input.from === undefined && input.to === undefined) {
      return `${place(input.gridId)}${input.year ?? today(ctx).slice(0, 4)}年问题登记台账`;
    }
    return `${place(input.gridId)}问题登记台账（${input.from ?? '最早'}至${input.to ?? today(ctx)}）`;
  }
  const meeting = getMeeting(ctx, input.meetingId);
  return `${meeting.gridName}${chineseDate(meeting.date)}的月度会商记录`;
}

/**
 * Refuses a record filed already (docs/domain.md §6), naming its 档号: each filing makes a new
 * PDF, so the document id alone cannot tell.
 */
function assertNotFiled(ctx: ServiceContext, input: FileGeneratedInput, sourceKey: string): void {
  const filed = ctx.sqlite
    .prepare('SELECT archival_code AS archivalCode FROM archive_items WHERE source_key = ?')
    .get(sourceKey) as { archivalCode: string } | undefined;
  if (filed) {
    throw new AppError(
      'CONFLICT',
      `${recordName(ctx, input)}已经归档，档号 ${filed.archivalCode}。如需归档新的版本，请先在「档案管理」中删除原来那一件`,
    );
  }
}

/** archive.filed: the records of one generated kind already filed, by their filedKey. */
export function filedRecords(ctx: ServiceContext, kind: GeneratedKind): FiledRecord[] {
  const prefix = sourceKeyOf(kind, '');
  const rows = ctx.sqlite
    .prepare(
      `SELECT source_key AS sourceKey, id AS itemId, archival_code AS archivalCode, title
       FROM archive_items WHERE substr(source_key, 1, ?) = ? ORDER BY id`,
    )
    .all(prefix.length, prefix) as (Omit<FiledRecord, 'key'> & { sourceKey: string })[];
  return rows.map(({ sourceKey, ...row }) => ({ key: sourceKey.slice(prefix.length), ...row }));
}

export async function fileGenerated(
  ctx: ServiceContext,
  input: FileGeneratedInput,
): Promise<ArchiveItem> {
  // Refused before anything is made: the same record filed already.
  const expected =
    input.kind === 'ledger'
      ? ledgerSourceKey(ctx, input)
      : input.kind === 'monthlyReport'
        ? sourceKeyOf('monthlyReport', filedKey.monthlyReport(input.month, input.gridId))
        : sourceKeyOf('minutes', filedKey.minutes(input.meetingId));
  assertNotFiled(ctx, input, expected);
  const made =
    input.kind === 'ledger'
      ? await makeLedger(ctx, input)
      : input.kind === 'monthlyReport'
        ? await makeMonthlyReport(ctx, input)
        : await makeMinutes(ctx, input.meetingId);
  // Checked before anything is kept: 全宗号 set, the category known, the year not sealed.
  precheckFiling(ctx, Number(made.docDate.slice(0, 4)), input.category);
  assertNotFiled(ctx, input, made.sourceKey);
  const { kind: _kind, ...fields } = input;
  const document: DocumentRow = inDocumentTransaction(ctx, () => {
    const row = storeDocument(ctx, {
      kind: made.kind,
      title: made.documentTitle,
      docDate: made.docDate,
      buffer: made.buffer,
      fileName: made.fileName,
    });
    audit(ctx, {
      entity: 'document',
      entityId: row.id,
      action: 'generate',
      after: {
        kind: row.kind,
        title: row.title,
        docDate: row.docDate,
        pages: row.pages,
        file: row.file,
        sha256: row.sha256,
        input: { ...input, title: undefined, note: undefined },
      },
    });
    return row;
  });
  try {
    return await fileDocument(
      ctx,
      {
        documentId: document.id,
        ...pickCatalogue(fields),
      },
      { title: made.archiveTitle, sourceKey: made.sourceKey },
    );
  } catch (error) {
    // Two filings of the same record at once (two windows): the unique index on source_key
    // stops the second; say so as the check above would have.
    if (String((error as Error).message).includes('archive_items.source_key')) {
      assertNotFiled(ctx, input, made.sourceKey);
    }
    throw error;
  }
}

/** The catalogue fields of a fileGenerated input (the rest chose what to make). */
function pickCatalogue(fields: Record<string, unknown>) {
  const keys = [
    'title',
    'responsible',
    'docNo',
    'secrecy',
    'note',
    'category',
    'retention',
  ] as const;
  const result: Partial<Record<(typeof keys)[number], unknown>> = {};
  for (const key of keys) if (fields[key] !== undefined) result[key] = fields[key];
  return result as Omit<Parameters<typeof fileDocument>[1], 'documentId'>;
}
