import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { archiveItems, archiveRemovals, households, notices } from '../../../db/schema';
import type {
  ArchiveDeleteInput,
  ArchiveDocumentsInput,
  ArchiveUpdateInput,
  FileDocumentInput,
  FileUploadInput,
} from '../../api/archive-schemas';
import {
  GENERATED_DOCUMENT_KINDS,
  RETENTION_LABELS,
  type ArchiveDeleteResult,
  type ArchiveFormat,
  type ArchiveItem,
  type ArchiveKind,
  type FileableDocument,
  type RetentionCode,
} from '../../api/archive-types';
import { AppError } from '../../api/errors';
import { runBounded } from '../files/bounded-run';
import { assertImagePixels } from '../files/image-size';
import { RUN_BUDGETS } from '../files/limits';
import { maskSensitiveText } from '../../api/id-number';
import type { NoticeKind } from '../../api/notices-types';
import type { FilePayload } from '../../api/roster-io-types';
import type { Settings } from '../../api/schemas';
import { getDocumentRow, readDocument, sha256Hex } from '../../documents/store';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { sniffType } from '../ledger/attachment-files';
import { noticeNumber } from '../notices/draft';
import { today } from '../roster/people';
import { DEFAULT_SETTINGS, getSettings } from '../settings/settings';
import { activePattern, exampleCode, formatCode, patternProblem } from './codes';
import { getItem, itemWithFile } from './catalogue';
import { assertCodeFree, closeGap, nextItemNo, sequenceOf, type SequenceKey } from './numbering';
import { assertNotSealed } from './seal';
import { vaultOf } from '../../documents/vault';
import { PARTIAL } from '../../documents/write-whole';
import { asBuffer } from '../files/bytes';

/**
 * 归档文件 (archive items, docs/domain.md §6, DA/T 22-2015 filing by item): filing a kept document or
 * an uploaded scan, changing the catalogue fields, deleting, and reading the stored original.
 *
 * The original is copied into <data>/archive/<年度>/ under <YYYYMMDD>-<hash>.<ext>: whole under
 * its name (temp file, fsync, rename) before its row exists, removed again if the transaction
 * fails; the name carries neither the 档号 (renumbering never renames a file) nor the title (a
 * 一户一档 title names a household: docs/domain.md §7). The folder is the 年度 the item was filed
 * in; moving an item to another year changes its row, not its file, whose path is recorded.
 */

export const ARCHIVE_DIR = 'archive';

/** The fallback category when a kind's category was renamed away in the settings. */
const GENERAL = '综合类';

/**
 * The category and retention a kind is filed under (docs/domain.md §6): the settings'
 * archiveKinds row, the retention the category's. A kind missing from a stored table takes
 * the default row; a category no longer in the list falls back to 综合类 (or the first).
 */
export function kindCategory(
  settings: Settings,
  kind: ArchiveKind,
): { name: string; retention: RetentionCode } {
  const wanted =
    settings.archiveKinds.find((k) => k.kind === kind)?.category ??
    DEFAULT_SETTINGS.archiveKinds.find((k) => k.kind === kind)?.category ??
    GENERAL;
  const list = settings.archive.categories;
  return list.find((c) => c.name === wanted) ?? list.find((c) => c.name === GENERAL) ?? list[0]!;
}

/** Refuses a category or retention for a generated kind other than its row in the settings. */
function assertKindFiling(
  settings: Settings,
  kind: ArchiveKind,
  asked: { category?: string | undefined; retention?: RetentionCode | undefined },
): { name: string; retention: RetentionCode } {
  const fixed = kindCategory(settings, kind);
  const category = asked.category ?? fixed.name;
  const retention = asked.retention ?? checkedCategory(settings, category).retention;
  if (category !== fixed.name || retention !== fixed.retention) {
    throw new AppError(
      'VALIDATION',
      `${kind}按设置中的「各类文件的归档类别」归入「${fixed.name}」，保管期限${RETENTION_LABELS[fixed.retention]}：同一种文件不能归入两个类别或保管期限。如需改变，请到「设置 → 档案」修改这一种文件的归档类别`,
      [
        {
          path: [asked.category !== undefined ? 'category' : 'retention'],
          message: `应为「${fixed.name}」，保管期限${RETENTION_LABELS[fixed.retention]}`,
        },
      ],
    );
  }
  return fixed;
}

// ── shared helpers ────────────────────────────────────────────────────────────────────────

/** "<村名>村民委员会" (as notices.defaultIssuer): 鹿林村 → 鹿林村村民委员会. */
export function villageName(ctx: ServiceContext): string {
  const fromSettings = getSettings(ctx).villageName;
  if (fromSettings) return fromSettings;
  const grid = ctx.sqlite
    .prepare("SELECT name FROM grids WHERE level = 'village' ORDER BY id LIMIT 1")
    .pluck()
    .get() as string | undefined;
  return grid ?? '';
}

export function defaultResponsible(ctx: ServiceContext): string {
  const village = villageName(ctx);
  if (!village) return '村民委员会';
  return `${village.endsWith('村') ? village : `${village}村`}村民委员会`;
}

/** YYYY-MM-DD → YYYYMMDD. */
export const compactDate = (iso: string) => iso.replaceAll('-', '');

/** A document's 日期 (YYYYMMDD) cannot be after today. */
function assertNotFuture(ctx: ServiceContext, date: string): void {
  if (date > compactDate(today(ctx))) {
    throw new AppError('VALIDATION', `日期 ${date} 晚于今天，请检查文件的日期`);
  }
}

/** The settings a filing needs; refuses filing before the 全宗号 is set. */
function filingSettings(ctx: ServiceContext): Settings & { pattern: string } {
  const settings = getSettings(ctx);
  if (!settings.fondsCode) {
    throw new AppError(
      'VALIDATION',
      '还没有设置全宗号：请先在「设置」中填写本村档案的全宗号（如 Z109），再归档文件',
    );
  }
  return { ...settings, pattern: activePattern(settings.archive) };
}

/** A category from the settings' list, or the reason it is refused. */
function checkedCategory(
  settings: Settings,
  category: string,
): { name: string; retention: RetentionCode } {
  const found = settings.archive.categories.find((c) => c.name === category);
  if (!found) {
    throw new AppError(
      'VALIDATION',
      `归档类别「${category}」不在设置的类别中，可选：${settings.archive.categories.map((c) => c.name).join('、')}`,
    );
  }
  return found;
}

/**
 * Pages of a PDF, counted with a budget in a bounded worker (files/pdf-pages.ts): a page tree
 * that is a DAG or too large refuses the file instead of hanging the app or filing a million
 * pages.
 */
export function pdfPageCount(bytes: Buffer, fileName: string): Promise<number> {
  return runBounded('pdf-pages', { bytes, fileName }, { fileName, budget: RUN_BUDGETS.pdf });
}

/** An image the export can turn into a PDF page (pdf-lib embeds it there). */
async function assertReadableImage(bytes: Buffer, format: 'jpg' | 'png', fileName: string) {
  // Before decoding: a small PNG can declare gigabytes of pixels (files/image-size.ts).
  assertImagePixels(bytes, fileName);
  try {
    const pdf = await PDFDocument.create();
    // A copy: pdf-lib reads a JPG through a DataView of the whole ArrayBuffer, ignoring the
    // offset of a Buffer cut from Node's shared pool ("SOI not found in JPEG").
    const own = new Uint8Array(bytes);
    if (format === 'jpg') await pdf.embedJpg(own);
    else await pdf.embedPng(own);
  } catch {
    throw new AppError('VALIDATION', `无法读取图片「${fileName}」，可能已损坏`);
  }
}

/** Absolute path of a stored original, refusing any stored value outside <data>/archive. */
export function archiveFilePath(ctx: ServiceContext, relative: string): string {
  const root = path.resolve(ctx.dataDir, ARCHIVE_DIR);
  const file = path.resolve(ctx.dataDir, relative);
  if (!file.startsWith(root + path.sep)) {
    throw new AppError('VALIDATION', `归档文件的位置不对：${relative}`);
  }
  return file;
}

/** Writes the original whole under a free name in <data>/archive/<year>/; returns it. */
function writeOriginal(
  ctx: ServiceContext,
  year: number,
  date: string,
  bytes: Buffer,
  sha256: string,
  format: ArchiveFormat,
): { relative: string; absolute: string } {
  for (let n = 1; ; n++) {
    const relative = `${ARCHIVE_DIR}/${year}/${date}-${sha256.slice(0, 12)}${n === 1 ? '' : `-${n}`}.${format}`;
    const absolute = archiveFilePath(ctx, relative);
    const taken =
      fs.existsSync(absolute) ||
      fs.existsSync(absolute + PARTIAL) ||
      ctx.sqlite.prepare('SELECT 1 FROM archive_items WHERE file = ?').get(relative) !== undefined;
    if (taken) continue;
    vaultOf(ctx).write(absolute, bytes);
    return { relative, absolute };
  }
}

/** What the audit trail keeps of an item: free text masked (docs/domain.md §7). */
function snapshot(item: ArchiveItem) {
  return {
    archivalCode: item.archivalCode,
    year: item.year,
    retention: item.retention,
    itemNo: item.itemNo,
    category: item.category,
    title: maskSensitiveText(item.title),
    responsible: item.responsible,
    docNo: item.docNo,
    date: item.date,
    secrecy: item.secrecy,
    pages: item.pages,
    note: maskSensitiveText(item.note),
    format: item.format,
    sha256: item.sha256,
    documentId: item.documentId,
    householdId: item.householdId,
  };
}

function assertHousehold(ctx: ServiceContext, householdId: number): void {
  const found = ctx.db
    .select({ id: households.id })
    .from(households)
    .where(eq(households.id, householdId))
    .get();
  if (!found) throw new AppError('NOT_FOUND', `找不到编号为 ${householdId} 的农户，可能已被删除`);
}

/**
 * What refuses a filing, checked before anything is made or kept (fileGenerated stores its PDF
 * as a document first): no 全宗号, a broken custom pattern, an unknown category, a sealed year.
 */
export function precheckFiling(ctx: ServiceContext, year: number, category?: string): void {
  const settings = filingSettings(ctx);
  if (category !== undefined) checkedCategory(settings, category);
  inTransaction(ctx, () => assertNotSealed(ctx, year, '再归入文件'));
}

// ── filing ────────────────────────────────────────────────────────────────────────────────

/** A new item before it has a 件号: the catalogue fields and the original's bytes. */
export interface NewItem {
  year: number;
  retention: RetentionCode;
  category: string;
  title: string;
  responsible: string;
  docNo: string;
  secrecy: string;
  note: string;
  /** YYYYMMDD. */
  date: string;
  bytes: Buffer;
  format: ArchiveFormat;
  pages: number;
  documentId: number | null;
  householdId: number | null;
  /** The generated record it was made from (filedKey), filed once. */
  sourceKey?: string | null;
}

/**
 * Files one item: the original written whole first, then in one transaction the sealed-year
 * check, the next 件号 of its sequence, the 档号, the row and the audit entry. Anything failing
 * removes the written file again.
 */
export function fileItem(ctx: ServiceContext, item: NewItem, how: string): ArchiveItem {
  const settings = filingSettings(ctx);
  checkedCategory(settings, item.category);
  // Cheap checks first, so a refused filing writes nothing.
  inTransaction(ctx, () => assertNotSealed(ctx, item.year, '再归入文件'));
  const sha256 = sha256Hex(item.bytes);
  const written = writeOriginal(ctx, item.year, item.date, item.bytes, sha256, item.format);
  try {
    return inTransaction(ctx, () => {
      assertNotSealed(ctx, item.year, '再归入文件');
      if (item.householdId !== null) assertHousehold(ctx, item.householdId);
      const key: SequenceKey = {
        fondsCode: settings.fondsCode,
        classCode: settings.archive.classCode,
        year: item.year,
        retention: item.retention,
        orgCode: settings.archive.orgCode,
      };
      const itemNo = nextItemNo(ctx, key);
      const archivalCode = formatCode(settings.pattern, { ...key, itemNo });
      assertCodeFree(ctx, archivalCode);
      const inserted = ctx.db
        .insert(archiveItems)
        .values({
          ...key,
          orgName: settings.archive.orgName,
          itemNo,
          archivalCode,
          docNo: item.docNo,
          responsible: item.responsible,
          title: item.title,
          date: item.date,
          secrecy: item.secrecy,
          pages: item.pages,
          note: item.note,
          category: item.category,
          file: written.relative,
          sha256,
          size: item.bytes.length,
          format: item.format,
          documentId: item.documentId,
          householdId: item.householdId,
          sourceKey: item.sourceKey ?? null,
        })
        .returning({ id: archiveItems.id })
        .get();
      const result = getItem(ctx, inserted.id);
      audit(ctx, {
        entity: 'archive_item',
        entityId: inserted.id,
        action: 'create',
        after: { ...snapshot(result), how },
      });
      return result;
    });
  } catch (error) {
    fs.rmSync(written.absolute, { force: true });
    throw error;
  }
}

/** The item a document is filed as, if any. */
function filedAs(
  ctx: ServiceContext,
  documentId: number,
): { id: number; archivalCode: string } | undefined {
  return ctx.sqlite
    .prepare('SELECT id, archival_code AS archivalCode FROM archive_items WHERE document_id = ?')
    .get(documentId) as { id: number; archivalCode: string } | undefined;
}

/** Defaults a kept document brings: a notice's own title and number, a card batch's made-up title. */
function documentDefaults(
  ctx: ServiceContext,
  document: { id: number; kind: string; title: string; docDate: string },
): { title: string; docNo: string; kind: ArchiveKind } {
  const year = document.docDate.slice(0, 4);
  const notice = ctx.db
    .select({
      kind: notices.kind,
      year: notices.year,
      serial: notices.serial,
      sourceNoticeId: notices.sourceNoticeId,
    })
    .from(notices)
    .where(eq(notices.documentId, document.id))
    .get();
  if (notice) {
    let kind: NoticeKind = notice.kind;
    if (kind === '结果公告' && notice.sourceNoticeId !== null) {
      kind =
        ctx.db
          .select({ kind: notices.kind })
          .from(notices)
          .where(eq(notices.id, notice.sourceNoticeId))
          .get()?.kind ?? kind;
    }
    // A notice's own title is a real title: no brackets (DA/T 22).
    return {
      title: document.title,
      docNo: noticeNumber(notice.year, notice.serial, getSettings(ctx).notices.issuerCode),
      kind: kind === '结果公告' ? '其他公示' : kind,
    };
  }
  if (document.kind === '明白纸') {
    // "网格化管理明白纸（第一村民小组，38 户）" → [鹿林村2026年明白纸（第一村民小组）]
    const village = villageName(ctx);
    const place = /（(.+?)，\d+ 户）/.exec(document.title)?.[1] ?? '';
    const where = place && place !== village ? `（${place}）` : '';
    return { title: `[${village}${year}年明白纸${where}]`, docNo: '', kind: '明白纸' };
  }
  // Any other kept document: its title was made by the program, so it is the filer's.
  const bare = document.title.replace(/^\[|\]$/g, '');
  const generated = Object.values(GENERATED_DOCUMENT_KINDS) as string[];
  const kind = generated.includes(document.kind) ? (document.kind as ArchiveKind) : '其他文件';
  return { title: `[${bare}]`, docNo: '', kind };
}

/**
 * archive.fileDocument: a kept document (公示公告, 明白纸, a generated ledger or report) as one
 * item. Its stored PDF is checked against its SHA-256 first (readDocument), so only what was
 * issued is filed; a document is filed once.
 */
export async function fileDocument(
  ctx: ServiceContext,
  input: FileDocumentInput,
  overrides: { title?: string; sourceKey?: string } = {},
): Promise<ArchiveItem> {
  const document = getDocumentRow(ctx, input.documentId);
  const already = filedAs(ctx, document.id);
  if (already) {
    throw new AppError('CONFLICT', `「${document.title}」已经归档，档号 ${already.archivalCode}`);
  }
  const settings = filingSettings(ctx);
  const defaults = documentDefaults(ctx, document);
  const { name: category, retention } = assertKindFiling(settings, defaults.kind, input);
  const bytes = asBuffer(readDocument(ctx, document.id).data);
  const pages = await pdfPageCount(bytes, document.title);
  return fileItem(
    ctx,
    {
      year: Number(document.docDate.slice(0, 4)),
      retention,
      category,
      sourceKey: overrides.sourceKey ?? null,
      title: input.title ?? overrides.title ?? defaults.title,
      responsible: input.responsible ?? defaultResponsible(ctx),
      docNo: input.docNo ?? defaults.docNo,
      secrecy: input.secrecy ?? '',
      note: input.note ?? '',
      date: compactDate(document.docDate),
      bytes,
      format: 'pdf',
      pages,
      documentId: document.id,
      householdId: null,
    },
    `document:${defaults.kind}`,
  );
}

/**
 * archive.fileUpload: a scan (signed forms, 一户一档 papers). The type comes from the bytes,
 * never the name; pages from the PDF (an image is one page).
 */
export async function fileUpload(
  ctx: ServiceContext,
  input: FileUploadInput,
): Promise<ArchiveItem> {
  const settings = filingSettings(ctx);
  assertNotFuture(ctx, input.date);
  const bytes = asBuffer(input.data);
  if (bytes.length === 0) throw new AppError('VALIDATION', `文件「${input.fileName}」是空的`);
  const format = sniffType(bytes);
  if (!format) {
    throw new AppError(
      'VALIDATION',
      `文件「${input.fileName}」不是 PDF、JPG 或 PNG（按文件内容判断），扫描件请存为这三种格式之一`,
    );
  }
  let pages = 1;
  if (format === 'pdf') pages = await pdfPageCount(bytes, input.fileName);
  else await assertReadableImage(bytes, format, input.fileName);
  if (pages < 1) throw new AppError('VALIDATION', `PDF 文件「${input.fileName}」没有页面`);
  const householdId = input.householdId ?? null;
  if (householdId !== null) assertHousehold(ctx, householdId);
  const category =
    input.category ??
    kindCategory(settings, householdId !== null ? '一户一档扫描件' : '上传的扫描件').name;
  const { retention } = checkedCategory(settings, category);
  return fileItem(
    ctx,
    {
      year: input.year ?? Number(input.date.slice(0, 4)),
      retention: input.retention ?? retention,
      category,
      sourceKey: null,
      title: input.title,
      responsible: input.responsible ?? defaultResponsible(ctx),
      docNo: input.docNo ?? '',
      secrecy: input.secrecy ?? '',
      note: input.note ?? '',
      date: input.date,
      bytes,
      format,
      pages,
      documentId: null,
      householdId,
    },
    'upload',
  );
}

// ── changes ───────────────────────────────────────────────────────────────────────────────

/**
 * archive.update: catalogue fields, never the file. A new 年度 or 保管期限 moves the item to
 * the end of that sequence with a new 档号 and closes the gap it leaves (numbering.ts rule 4).
 */
export function updateItem(ctx: ServiceContext, input: ArchiveUpdateInput): ArchiveItem {
  return inTransaction(ctx, () => {
    const before = itemWithFile(ctx, input.id);
    const fields = input.fields;
    assertNotSealed(ctx, before.year, '修改');
    if (fields.date !== undefined) assertNotFuture(ctx, fields.date);
    const settings = getSettings(ctx);
    if (fields.category !== undefined && fields.category !== before.category) {
      checkedCategory(settings, fields.category);
    }
    if (fields.householdId !== undefined && fields.householdId !== null) {
      assertHousehold(ctx, fields.householdId);
    }
    const year = fields.year ?? before.year;
    const retention = fields.retention ?? before.retention;
    const moves = year !== before.year || retention !== before.retention;
    if (year !== before.year) assertNotSealed(ctx, year, '再归入文件');
    const recategorized = fields.category !== undefined && fields.category !== before.category;
    if (before.documentId !== null && (recategorized || retention !== before.retention)) {
      // A generated kind goes under its one category and retention (docs/domain.md §6).
      throw new AppError(
        'VALIDATION',
        '程序生成的文件（公示公告、明白纸、台账、月通报、会商记录）按设置中的「各类文件的归档类别」归类，不能单件改类别或保管期限；如需改变，请到「设置 → 档案」修改',
        [
          {
            path: [recategorized ? 'category' : 'retention'],
            message: '按设置中的对应表，不能单件改动',
          },
        ],
      );
    }
    if (moves && before.fixed) {
      throw new AppError(
        'CONFLICT',
        `档号 ${before.archivalCode} 已经移交${before.sealed ? '（所在年度已封存）' : '（已随档案包导出）'}，年度和保管期限不能再改，档号和件号保持不变。如确属归错，可删除它（写明原因，记入备考表）后重新归档`,
      );
    }

    const set: Partial<typeof archiveItems.$inferInsert> = {};
    const simple = [
      'title',
      'responsible',
      'docNo',
      'secrecy',
      'note',
      'category',
      'date',
    ] as const;
    for (const key of simple) {
      const value = fields[key];
      if (value !== undefined && value !== before[key]) set[key] = value;
    }
    if (fields.householdId !== undefined && fields.householdId !== before.householdId) {
      set.householdId = fields.householdId;
    }
    if (moves) {
      const target: SequenceKey = {
        fondsCode: before.fondsCode,
        classCode: before.classCode,
        year,
        retention,
        orgCode: before.orgCode,
      };
      const itemNo = nextItemNo(ctx, target);
      const archivalCode = formatCode(activePattern(settings.archive), { ...target, itemNo });
      assertCodeFree(ctx, archivalCode, before.id);
      Object.assign(set, { year, retention, itemNo, archivalCode });
    }
    if (Object.keys(set).length === 0) return getItem(ctx, before.id);
    set.updatedAt = ctx.now().toISOString();
    ctx.db.update(archiveItems).set(set).where(eq(archiveItems.id, before.id)).run();
    if (moves) closeGap(ctx, sequenceOf(before));
    const after = getItem(ctx, before.id);
    audit(ctx, {
      entity: 'archive_item',
      entityId: before.id,
      action: moves ? 'move' : 'update',
      before: snapshot(before),
      after: snapshot(after),
    });
    return after;
  });
}

/**
 * archive.delete (docs/domain.md §6, numbering.ts rule 4). An item not yet handed over: the
 * row goes and the items above the floor of its sequence close up. A fixed item (exported,
 * sealed, or at or below a handed-over number): only with a reason; its number stays unused
 * and a line (档号, 题名, when, why, who) goes into archive_removals, printed in its box's
 * 备考表. One transaction; the stored copy is removed once that is committed (the kept
 * document it may have come from stays, and can be filed again).
 */
export function deleteItem(ctx: ServiceContext, input: ArchiveDeleteInput): ArchiveDeleteResult {
  const { result, file } = inTransaction(ctx, () => {
    const before = itemWithFile(ctx, input.id);
    assertNotSealed(ctx, before.year, '删除');
    const reason = input.reason?.trim() ?? '';
    if (before.fixed && !reason) {
      throw new AppError(
        'VALIDATION',
        `档号 ${before.archivalCode} 已经移交，删除后件号 ${before.itemNo} 空着不再使用，并记入这一盒的备考表：请写明删除原因`,
        [{ path: ['reason'], message: '已移交的文件须写明删除原因' }],
      );
    }
    ctx.db.delete(archiveItems).where(eq(archiveItems.id, input.id)).run();
    let renumbered = 0;
    if (before.fixed) {
      ctx.db
        .insert(archiveRemovals)
        .values({
          ...sequenceOf(before),
          itemNo: before.itemNo,
          archivalCode: before.archivalCode,
          title: maskSensitiveText(before.title),
          removedAt: ctx.now().toISOString(),
          reason,
          operator: ctx.operator,
        })
        .run();
    } else {
      renumbered = closeGap(ctx, sequenceOf(before));
    }
    audit(ctx, {
      entity: 'archive_item',
      entityId: input.id,
      action: 'delete',
      before: snapshot(before),
      after: { renumbered, numberKept: before.fixed, ...(reason ? { reason } : {}) },
    });
    return { result: { id: input.id, renumbered, numberKept: before.fixed }, file: before.file };
  });
  try {
    fs.rmSync(archiveFilePath(ctx, file), { force: true });
  } catch {
    // A stored path outside <data>/archive is never deleted; the row is gone either way.
  }
  return result;
}

// ── reads ─────────────────────────────────────────────────────────────────────────────────

/** archive.file: the stored original, refused when it is missing or its SHA-256 differs. */
export function readItemFile(ctx: ServiceContext, id: number): FilePayload {
  const item = itemWithFile(ctx, id);
  const file = archiveFilePath(ctx, item.file);
  if (!fs.existsSync(file)) {
    throw new AppError(
      'NOT_FOUND',
      `归档文件 ${item.archivalCode} 的原件不见了（${item.file}），请从备份中恢复`,
    );
  }
  const bytes = vaultOf(ctx).read(file);
  if (sha256Hex(bytes) !== item.sha256) {
    throw new AppError(
      'CONFLICT',
      `归档文件 ${item.archivalCode} 的原件与归档时不一致（SHA-256 校验不符），可能被改动或损坏：${item.file}`,
    );
  }
  return { fileName: `${item.archivalCode}.${item.format}`, data: bytes };
}

/** archive.documents: kept documents, newest first, with the item each is filed as. */
export function listDocuments(
  ctx: ServiceContext,
  filter: ArchiveDocumentsInput,
): FileableDocument[] {
  const rows = ctx.sqlite
    .prepare(
      `SELECT d.id, d.kind, d.title, d.doc_date AS docDate, d.pages,
              a.id AS archiveItemId, a.archival_code AS archivalCode
       FROM documents d LEFT JOIN archive_items a ON a.document_id = d.id
       WHERE (@year IS NULL OR substr(d.doc_date, 1, 4) = @year)
         AND (@kind IS NULL OR d.kind = @kind)
         AND (@filed IS NULL OR (a.id IS NOT NULL) = @filed)
       ORDER BY d.doc_date DESC, d.id DESC`,
    )
    .all({
      year: filter?.year === undefined ? null : String(filter.year),
      kind: filter?.kind ?? null,
      filed: filter?.filed === undefined ? null : filter.filed ? 1 : 0,
    }) as FileableDocument[];
  return rows;
}

/** archive.codeExample: the 档号 of a sample item under a preset or a pattern being typed. */
export function codeExample(
  ctx: ServiceContext,
  input: { codePreset: Settings['archive']['codePreset']; customPattern?: string | undefined },
): { example: string } {
  const settings = getSettings(ctx);
  const customPattern = input.customPattern ?? settings.archive.customPattern;
  if (input.codePreset === 'custom') {
    const problem = patternProblem(customPattern);
    if (problem) throw new AppError('VALIDATION', problem);
  }
  return {
    example: exampleCode(
      { ...settings.archive, codePreset: input.codePreset, customPattern },
      settings.fondsCode,
      ctx.now().getFullYear(),
    ),
  };
}
