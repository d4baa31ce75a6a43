import { notices, type NoticeRow } from '../../../db/schema';
import { AppError } from '../../api/errors';
import type { NoticeBuildInput, NoticeListInput } from '../../api/notices-schemas';
import type {
  NoticeDetail,
  NoticeIssued,
  NoticeKind,
  NoticePreview,
  NoticeSummary,
  NoticeTable,
} from '../../api/notices-types';
import type { FilePayload } from '../../api/roster-io-types';
import { resolvePrintFonts } from '../../documents/pdf/fonts';
import { chineseDate } from '../../documents/pdf/gbt9704';
import {
  getDocumentRow,
  inDocumentTransaction,
  readDocument,
  storeDocument,
} from '../../documents/store';
import { audit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { today } from '../roster/people';
import { getSettings } from '../settings/settings';
import { allWorkerPhones } from './data';
import { noticeDraft, noticeNumber } from './draft';
import { KINDS, WORKER_PHONE_COLUMN } from './kinds';
import { renderNotice, type NoticeLayout } from './notice-pdf';
import { checkPeriod, noticeStatus } from './period';
import { PrivacyReport, scrubTable, scrubText } from './privacy';

/** The `documents.kind` of an issued notice (what the archive files it as). */
export const NOTICE_DOCUMENT_KIND = '公示公告';

/** A notice ready to print: every field defaulted, checked and through the privacy filter. */
interface PreparedNotice {
  kind: NoticeKind;
  title: string;
  body: string;
  issuer: string;
  issueDate: string;
  periodStart: string;
  periodEnd: string;
  gridId: number | null;
  from: string | null;
  to: string | null;
  sourceNoticeId: number | null;
  /** As printed, 序号 first; no columns when the notice has no table. */
  table: NoticeTable;
  supervisionPhone: string;
  privacyNotes: string[];
}

function prepare(ctx: ServiceContext, input: NoticeBuildInput): PreparedNotice {
  const settings = getSettings(ctx);
  const draft = noticeDraft(ctx, input);
  const spec = KINDS[input.kind];
  const periodStart = input.periodStart ?? draft.periodStart;
  const periodEnd = input.periodEnd ?? draft.periodEnd;
  const issueDate = input.issueDate ?? draft.issueDate;
  checkPeriod(settings, input.kind, periodStart, periodEnd);
  if (issueDate > periodStart) {
    throw new AppError(
      'VALIDATION',
      `发布日期（${chineseDate(issueDate)}）不能晚于${spec.word}开始日期（${chineseDate(periodStart)}）`,
    );
  }

  // docs/domain.md §4, §7: whatever the caller passes, only allowed columns and scrubbed text.
  const report = new PrivacyReport();
  const scrubbed = scrubTable(input.table ?? draft.table, {
    allowed: spec.allowed,
    level: spec.level,
    ...(input.kind === '网格划分及网格员公示'
      ? { phoneColumn: WORKER_PHONE_COLUMN, workerPhones: allWorkerPhones(ctx) }
      : {}),
    report,
  });
  if (spec.needsRows && scrubbed.rows.length === 0) {
    throw new AppError(
      'VALIDATION',
      input.table
        ? `${input.kind}的表格中没有任何一行，不能生成`
        : `${draft.notes[0] ?? '没有可公示的内容'}，不能生成${input.kind}`,
    );
  }
  const table: NoticeTable =
    scrubbed.rows.length > 0
      ? {
          columns: ['序号', ...scrubbed.columns],
          rows: scrubbed.rows.map((row, i) => [String(i + 1), ...row]),
        }
      : { columns: [], rows: [] };

  return {
    kind: input.kind,
    title: scrubText(input.title ?? draft.title, spec.level, report),
    body: scrubText(input.body ?? draft.body, spec.level, report),
    issuer: scrubText(input.issuer ?? draft.issuer, spec.level, report),
    issueDate,
    periodStart,
    periodEnd,
    gridId: draft.gridId,
    from: draft.from,
    to: draft.to,
    sourceNoticeId: draft.sourceNoticeId,
    table,
    supervisionPhone: settings.supervisionPhone,
    privacyNotes: report.notes(),
  };
}

function layoutOf(notice: PreparedNotice, year: number, serial: number): NoticeLayout {
  return {
    title: notice.title,
    number: noticeNumber(year, serial),
    body: notice.body,
    table: notice.table.rows.length > 0 ? notice.table : null,
    word: KINDS[notice.kind].word,
    periodStart: notice.periodStart,
    periodEnd: notice.periodEnd,
    supervisionPhone: notice.supervisionPhone,
    issuer: notice.issuer,
    issueDate: notice.issueDate,
  };
}

/** 第 N 号 within the year: one more than the highest, so numbers have no gaps. */
function nextSerial(ctx: ServiceContext, year: number): number {
  const row = ctx.sqlite
    .prepare('SELECT COALESCE(MAX(serial), 0) + 1 AS next FROM notices WHERE year = ?')
    .get(year) as { next: number };
  return row.next;
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/** The PDF as it would be issued now, with nothing recorded (the preview before printing). */
export async function previewNotice(
  ctx: ServiceContext,
  input: NoticeBuildInput,
): Promise<NoticePreview> {
  const notice = prepare(ctx, input);
  const fonts = resolvePrintFonts(getSettings(ctx).printFonts);
  const year = yearOf(notice.issueDate);
  const serial = nextSerial(ctx, year);
  const rendered = await renderNotice(layoutOf(notice, year, serial), fonts);
  return {
    fileName: `预览-${notice.kind}.pdf`,
    dataBase64: rendered.buffer.toString('base64'),
    pages: rendered.pages,
    orientation: rendered.orientation,
    year,
    serial,
    fontNotes: fonts.notes,
    privacyNotes: notice.privacyNotes,
  };
}

/**
 * Issues a notice: the next 第 N 号 of its year, the PDF kept in the data folder with its
 * SHA-256 (storeDocument), the notice row and the audit entry in one transaction. The PDF is
 * laid out before the transaction (pdfkit is asynchronous, transactions are not); if another
 * notice took the number meanwhile, it is laid out again with the next one.
 */
export async function issueNotice(
  ctx: ServiceContext,
  input: NoticeBuildInput,
): Promise<NoticeIssued> {
  const notice = prepare(ctx, input);
  const fonts = resolvePrintFonts(getSettings(ctx).printFonts);
  const year = yearOf(notice.issueDate);
  for (let attempt = 0; attempt < 5; attempt++) {
    const serial = nextSerial(ctx, year);
    const rendered = await renderNotice(layoutOf(notice, year, serial), fonts);
    const row = inDocumentTransaction(ctx, () => {
      if (nextSerial(ctx, year) !== serial) return null;
      const document = storeDocument(ctx, {
        kind: NOTICE_DOCUMENT_KIND,
        title: notice.title,
        docDate: notice.issueDate,
        buffer: rendered.buffer,
        pages: rendered.pages,
        fileName: `${year}-第${serial}号-${notice.title}.pdf`,
      });
      const inserted = ctx.db
        .insert(notices)
        .values({
          kind: notice.kind,
          year,
          serial,
          title: notice.title,
          body: notice.body,
          issuer: notice.issuer,
          issueDate: notice.issueDate,
          periodStart: notice.periodStart,
          periodEnd: notice.periodEnd,
          gridId: notice.gridId,
          dataFrom: notice.from,
          dataTo: notice.to,
          sourceNoticeId: notice.sourceNoticeId,
          tableJson: JSON.stringify(notice.table),
          documentId: document.id,
        })
        .returning()
        .get();
      // What was posted, not who is on it: the rows stay in the record and the PDF.
      audit(ctx, {
        entity: 'notice',
        entityId: inserted.id,
        action: 'issue',
        after: {
          kind: notice.kind,
          number: noticeNumber(year, serial),
          title: notice.title,
          issueDate: notice.issueDate,
          periodStart: notice.periodStart,
          periodEnd: notice.periodEnd,
          gridId: notice.gridId,
          from: notice.from,
          to: notice.to,
          sourceNoticeId: notice.sourceNoticeId,
          rows: notice.table.rows.length,
          documentId: document.id,
          sha256: document.sha256,
        },
      });
      return inserted;
    });
    if (row) {
      return {
        ...getNotice(ctx, row.id),
        fontNotes: fonts.notes,
        privacyNotes: notice.privacyNotes,
      };
    }
  }
  throw new AppError('CONFLICT', '同时有其他公示在发布，编号被占用，请稍后再试');
}

function summary(row: NoticeRow & { gridName: string | null }, todayDate: string): NoticeSummary {
  const table = JSON.parse(row.tableJson) as NoticeTable;
  return {
    id: row.id,
    kind: row.kind,
    year: row.year,
    serial: row.serial,
    number: noticeNumber(row.year, row.serial),
    title: row.title,
    issuer: row.issuer,
    issueDate: row.issueDate,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    status: noticeStatus(todayDate, row.periodStart, row.periodEnd),
    gridId: row.gridId,
    gridName: row.gridName,
    rowCount: table.rows.length,
    documentId: row.documentId,
  };
}

const SELECT_NOTICE = `SELECT n.id, n.kind, n.year, n.serial, n.title, n.body, n.issuer,
  n.issue_date AS issueDate, n.period_start AS periodStart, n.period_end AS periodEnd,
  n.grid_id AS gridId, n.table_json AS tableJson, n.document_id AS documentId,
  n.created_at AS createdAt, g.name AS gridName
  FROM notices n LEFT JOIN grids g ON g.id = n.grid_id`;

type NoticeWithGrid = NoticeRow & { gridName: string | null };

/** Issued notices, newest first; status 未开始 / 公示中 / 已结束 from today. */
export function listNotices(ctx: ServiceContext, filter: NoticeListInput): NoticeSummary[] {
  const rows = ctx.sqlite
    .prepare(
      `${SELECT_NOTICE}
       WHERE (@year IS NULL OR n.year = @year) AND (@kind IS NULL OR n.kind = @kind)
         AND (@name IS NULL OR instr(n.table_json, @name) > 0 OR instr(n.title, @name) > 0
           OR instr(n.body, @name) > 0)
       ORDER BY n.issue_date DESC, n.year DESC, n.serial DESC`,
    )
    .all({
      year: filter?.year ?? null,
      kind: filter?.kind ?? null,
      name: filter?.name || null,
    }) as NoticeWithGrid[];
  const todayDate = today(ctx);
  const list = rows.map((row) => summary(row, todayDate));
  return filter?.status ? list.filter((n) => n.status === filter.status) : list;
}

function noticeRow(ctx: ServiceContext, id: number): NoticeWithGrid {
  const row = ctx.sqlite.prepare(`${SELECT_NOTICE} WHERE n.id = ?`).get(id) as
    NoticeWithGrid | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的公示`);
  return row;
}

export function getNotice(ctx: ServiceContext, id: number): NoticeDetail {
  const row = noticeRow(ctx, id);
  const document = getDocumentRow(ctx, row.documentId);
  return {
    ...summary(row, today(ctx)),
    body: row.body,
    table: JSON.parse(row.tableJson) as NoticeTable,
    document: {
      id: document.id,
      file: document.file,
      sha256: document.sha256,
      size: document.size,
      pages: document.pages,
    },
  };
}

/** The issued PDF exactly as stored (SHA-256 checked by readDocument). */
export function noticePdf(ctx: ServiceContext, id: number): FilePayload {
  const row = noticeRow(ctx, id);
  return readDocument(ctx, row.documentId);
}
