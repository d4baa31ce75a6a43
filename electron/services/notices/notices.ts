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
import { resolveNoticeFonts } from '../../documents/pdf/fonts';
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
import { issuedMark, noticeSequenceKey, raiseIssued } from '../sequences/issued';
import { gridDivisionRows, noticeScope } from './data';
import { noticeDraft, noticeNumber, noticeRows } from './draft';
import { KINDS, type GridColumn } from './kinds';
import { renderNotice, type NoticeLayout } from './notice-pdf';
import { boardPhotos, type BoardPhoto } from './worker-photos';
import { checkPeriod, noticeStatus } from './period';
import { allowedNumbers, PrivacyScan } from './privacy';

/** The `documents.kind` of an issued notice (what the archive files it as). */
export const NOTICE_DOCUMENT_KIND = '公示公告';

/** A notice ready to print: every field defaulted and checked, its rows from the roster. */
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
  issuerCode: string;
  /** What the clerk typed that a notice must not print (the rows have none by structure). */
  scan: PrivacyScan;
  /** 打印网格员照片 (网格划分 only): one photo per worker listed. */
  photos: BoardPhoto[];
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

  // docs/domain.md §4: the rows come from the roster through the kind's allow-list; the clerk
  // only removes rows and writes each measure's public description.
  const texts = new Map((input.measureTexts ?? []).map((m) => [m.key, m.text]));
  const scope = noticeScope(ctx, input.gridId);
  const built = noticeRows(ctx, input, settings, scope, texts);
  const removed = new Set(input.removedRows ?? []);
  const kept = built.rows
    .map((cells, i) => ({ key: built.keys[i]!, cells }))
    .filter((row) => !removed.has(row.key));

  const division = input.kind === '网格划分及网格员公示';
  const scan = new PrivacyScan(
    spec.level,
    allowedNumbers(
      settings.supervisionPhone,
      division ? gridDivisionRows(ctx, scope.rootId, today(ctx)).workerPhones : [],
    ),
  );
  const title = input.title ?? draft.title;
  const body = input.body ?? draft.body;
  const issuer = input.issuer ?? draft.issuer;
  scan.check('title', '标题', title);
  scan.check('body', '正文', body);
  scan.check('issuer', '发布单位', issuer);
  const keptKeys = new Set(kept.map((row) => row.key));
  built.measures.forEach((m) => {
    if (m.fixed || !keptKeys.has(m.key)) return;
    const row = kept.findIndex((r) => r.key === m.key) + 1;
    scan.check(`measure:${m.key}`, `第 ${row} 行措施内容`, m.text);
  });

  let columns: string[] = built.columns;
  let rows = kept.map((row) => row.cells);
  if (input.kind === '其他公示' && input.table) {
    columns = input.table.columns;
    rows = input.table.rows.map((row) => columns.map((_, c) => row[c] ?? ''));
    columns.forEach((column, c) => scan.check(`column:${c}`, `表头第 ${c + 1} 列`, column));
    rows.forEach((row, r) =>
      row.forEach((cell, c) =>
        scan.check(`cell:${r}:${c}`, `表格第 ${r + 1} 行「${columns[c]}」`, cell),
      ),
    );
  }
  if (division) {
    // Unit, post and duties are free text kept on the worker: numbers other than the workers'
    // own phones are hits to fix in the roster.
    const at = (name: GridColumn) => columns.indexOf(name);
    rows.forEach((row, r) => {
      for (const name of ['工作单位及职务', '工作职责'] as const) {
        scan.check(`cell:${r}:${at(name)}`, `第 ${r + 1} 行${name}`, row[at(name)] ?? '');
      }
    });
  }
  if (spec.needsRows && rows.length === 0) {
    throw new AppError(
      'VALIDATION',
      built.rows.length > 0
        ? `${input.kind}的名单已全部移除，不能生成`
        : `${draft.notes[0] ?? '没有可公示的内容'}，不能生成${input.kind}`,
    );
  }
  // The photo board follows the rows kept, each captioned with its grid as the table shows it.
  const photos =
    division && input.workerPhotos
      ? boardPhotos(
          ctx,
          kept.map((row) => row.key),
          new Map(kept.map((row) => [row.key, row.cells[columns.indexOf('网格')] ?? ''])),
        )
      : [];
  const table: NoticeTable =
    rows.length > 0
      ? { columns: ['序号', ...columns], rows: rows.map((row, i) => [String(i + 1), ...row]) }
      : { columns: [], rows: [] };

  return {
    kind: input.kind,
    title,
    body,
    issuer,
    issueDate,
    periodStart,
    periodEnd,
    gridId: draft.gridId,
    from: draft.from,
    to: draft.to,
    sourceNoticeId: draft.sourceNoticeId,
    table,
    supervisionPhone: settings.supervisionPhone,
    issuerCode: settings.notices.issuerCode,
    scan,
    photos,
  };
}

function layoutOf(notice: PreparedNotice, year: number, serial: number): NoticeLayout {
  return {
    title: notice.title,
    number: noticeNumber(year, serial, notice.issuerCode),
    body: notice.body,
    table: notice.table.rows.length > 0 ? notice.table : null,
    word: KINDS[notice.kind].word,
    standing: KINDS[notice.kind].standing,
    periodStart: notice.periodStart,
    periodEnd: notice.periodEnd,
    supervisionPhone: notice.supervisionPhone,
    issuer: notice.issuer,
    issueDate: notice.issueDate,
    photos: notice.photos,
  };
}

/**
 * The next number of the year: one more than the highest ever issued — in the database or in
 * the marks kept outside it (a restore of an older backup never brings a posted number back,
 * docs/domain.md §4).
 */
function nextSerial(ctx: ServiceContext, year: number): number {
  const row = ctx.sqlite
    .prepare('SELECT COALESCE(MAX(serial), 0) AS n FROM notices WHERE year = ?')
    .get(year) as { n: number };
  return Math.max(row.n, issuedMark(ctx.dataDir, 'notice', noticeSequenceKey(year))) + 1;
}

/** Issuing refuses while the clerk's text holds anything private (shown with the preview). */
function refuseHits(scan: PrivacyScan): void {
  if (scan.hits.length === 0) return;
  const first = scan.hits[0]!;
  throw new AppError(
    'VALIDATION',
    `公示中有不宜公开的内容（共 ${scan.hits.length} 处），请修改后再发布：${first.where}有${first.what}「${first.excerpt}」`,
    scan.hits.map((hit) => ({
      path: [hit.field],
      message: `有${hit.what}，公示不能印出：「${hit.excerpt}」`,
    })),
  );
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/** The PDF as it would be issued now, with nothing recorded (the preview before printing). */
export async function previewNotice(
  ctx: ServiceContext,
  input: NoticeBuildInput,
): Promise<NoticePreview> {
  const notice = prepare(ctx, input);
  const fonts = resolveNoticeFonts(getSettings(ctx).printFonts);
  const year = yearOf(notice.issueDate);
  const serial = nextSerial(ctx, year);
  const rendered = await renderNotice(layoutOf(notice, year, serial), fonts);
  return {
    fileName: `预览-${notice.kind}.pdf`,
    data: rendered.buffer,
    pages: rendered.pages,
    orientation: rendered.orientation,
    year,
    serial,
    number: noticeNumber(year, serial, notice.issuerCode),
    fontNotes: fonts.notes,
    privacyNotes: notice.scan.notes(),
    privacyHits: notice.scan.hits,
  };
}

/**
 * Issues a notice: the next number of its year, the PDF kept in the data folder with its
 * SHA-256 (storeDocument), the notice row and the audit entry in one transaction. The PDF is
 * laid out before the transaction (pdfkit is asynchronous, transactions are not); if another
 * notice took the number meanwhile, it is laid out again with the next one.
 */
export async function issueNotice(
  ctx: ServiceContext,
  input: NoticeBuildInput,
): Promise<NoticeIssued> {
  const notice = prepare(ctx, input);
  refuseHits(notice.scan);
  const fonts = resolveNoticeFonts(getSettings(ctx).printFonts);
  const year = yearOf(notice.issueDate);
  const number = (serial: number) => noticeNumber(year, serial, notice.issuerCode);
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
        fileName: `${year}-${serial}号-${notice.title}.pdf`,
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
          number: number(serial),
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
      // The mark outside the database rises before the commit: a crash in between leaves a
      // gap, never a number issued twice (electron/services/sequences/issued.ts).
      raiseIssued(ctx.dataDir, 'notice', noticeSequenceKey(year), serial);
      return inserted;
    });
    if (row) {
      return {
        ...getNotice(ctx, row.id),
        fontNotes: fonts.notes,
        privacyNotes: [],
      };
    }
  }
  throw new AppError('CONFLICT', '同时有其他公示在发布，编号被占用，请稍后再试');
}

function summary(row: NoticeWithGrid, todayDate: string, code: string): NoticeSummary {
  const table = JSON.parse(row.tableJson) as NoticeTable;
  return {
    id: row.id,
    kind: row.kind,
    year: row.year,
    serial: row.serial,
    // As printed (its issue record), else with the settings' code.
    number: row.printedNumber || noticeNumber(row.year, row.serial, code),
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
  n.created_at AS createdAt, g.name AS gridName,
  (SELECT json_extract(a.after, '$.number') FROM audit_log a
     WHERE a.entity = 'notice' AND a.entity_id = CAST(n.id AS TEXT) AND a.action = 'issue'
     ORDER BY a.id LIMIT 1) AS printedNumber
  FROM notices n LEFT JOIN grids g ON g.id = n.grid_id`;

type NoticeWithGrid = NoticeRow & { gridName: string | null; printedNumber: string | null };

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
  const code = getSettings(ctx).notices.issuerCode;
  const list = rows.map((row) => summary(row, todayDate, code));
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
    ...summary(row, today(ctx), getSettings(ctx).notices.issuerCode),
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
