import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { documents, type DocumentRow } from '../../db/schema';
import { AppError } from '../api/errors';
import type { FilePayload } from '../api/roster-io-types';
import { inTransaction, type ServiceContext } from '../services/context';
import { vaultOf } from './vault';
import { PARTIAL } from './write-whole';

/**
 * Generated documents kept in the data folder (an issued notice, a batch of household cards):
 * <data>/documents/<year>/<name>, with a `documents` row holding the SHA-256, size and page
 * count, so the archive can later file exactly what was issued and prove it unchanged.
 *
 * The file is complete under its name before its row exists: written to <name>.partial,
 * flushed and renamed, then recorded. A row therefore never points at a missing or half
 * written file. If the transaction fails, inDocumentTransaction() removes the files it wrote;
 * a crash between the rename and the commit leaves at worst a file without a row, which
 * nothing refers to (and the next name taken skips it).
 */
export const DOCUMENT_DIR = 'documents';

export type { DocumentRow };

export interface StoreDocumentInput {
  /** 公示公告, 明白纸, … (what the archive files it as). */
  kind: string;
  title: string;
  /** The document's own date (issue date), YYYY-MM-DD; its year is the folder. */
  docDate: string;
  buffer: Buffer;
  /** Pages as the builder counted them; checked against the PDF's own page objects. */
  pages?: number;
  /**
   * The file name the calling service wants (e.g. "公示-2026-第3号.pdf"); made safe and
   * unique here. Default: <docDate>-<kind>-<first hash digits>.pdf.
   */
  fileName?: string;
}

/** Files written inside the open inDocumentTransaction(), per connection. */
const writtenByDb = new WeakMap<Database.Database, string[]>();

export function sha256Hex(buffer: Buffer): string {
  return crypto.createHash('sha256').update(buffer).digest('hex');
}

/**
 * Page objects in a PDF ("/Type /Page", not "/Pages"). pdfkit writes them uncompressed; a PDF
 * that keeps them in compressed object streams counts 0 here.
 */
export function countPdfPages(buffer: Buffer): number {
  return buffer.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

/** A name that is a plain file name on Windows and Linux, ending in .pdf. */
function safeName(name: string): string {
  const base = name
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .replace(/\.pdf$/i, '')
    .slice(0, 120);
  return `${base || '文件'}.pdf`;
}

/** The absolute path of a stored file, refusing any stored value outside <data>/documents. */
function documentPath(ctx: ServiceContext, relative: string): string {
  const root = path.resolve(ctx.dataDir, DOCUMENT_DIR);
  const file = path.resolve(ctx.dataDir, relative);
  if (!file.startsWith(root + path.sep)) {
    throw new AppError('VALIDATION', `文件位置不对：${relative}`);
  }
  return file;
}

/** A relative path not yet used by a file, a temporary file or a row. */
function freeRelative(ctx: ServiceContext, year: string, fileName: string): string {
  const name = safeName(fileName);
  const stem = name.slice(0, -'.pdf'.length);
  for (let n = 1; ; n++) {
    const relative = `${DOCUMENT_DIR}/${year}/${n === 1 ? name : `${stem}-${n}.pdf`}`;
    const file = documentPath(ctx, relative);
    const taken =
      fs.existsSync(file) ||
      fs.existsSync(file + PARTIAL) ||
      ctx.db.select({ id: documents.id }).from(documents).where(eq(documents.file, relative)).get();
    if (!taken) return relative;
  }
}

/**
 * Writes a generated PDF and records it. Call it alone (it runs its own transaction) or inside
 * inDocumentTransaction() together with the rows that refer to the document (a notice, card
 * prints), so that a failure removes the file with the rows.
 */
export function storeDocument(ctx: ServiceContext, input: StoreDocumentInput): DocumentRow {
  const written = writtenByDb.get(ctx.sqlite);
  if (ctx.sqlite.inTransaction && !written) {
    throw new Error('storeDocument: inside a transaction, use inDocumentTransaction()');
  }
  if (input.buffer.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw new Error('storeDocument: the buffer is not a PDF');
  }
  const counted = countPdfPages(input.buffer);
  if (input.pages !== undefined && counted > 0 && counted !== input.pages) {
    throw new Error(`storeDocument: ${input.pages} pages given, the PDF has ${counted}`);
  }
  const pages = counted > 0 ? counted : (input.pages ?? 0);
  const sha256 = sha256Hex(input.buffer);
  const year = input.docDate.slice(0, 4);
  const relative = freeRelative(
    ctx,
    year,
    input.fileName ?? `${input.docDate}-${input.kind}-${sha256.slice(0, 8)}.pdf`,
  );
  const target = documentPath(ctx, relative);
  // Sealed with the database password when there is one (vault.ts); the row keeps the plain
  // file's SHA-256 and size.
  vaultOf(ctx).write(target, input.buffer);
  try {
    const row = inTransaction(ctx, () =>
      ctx.db
        .insert(documents)
        .values({
          kind: input.kind,
          title: input.title,
          docDate: input.docDate,
          file: relative,
          sha256,
          size: input.buffer.length,
          pages,
        })
        .returning()
        .get(),
    );
    written?.push(target);
    return row;
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw error;
  }
}

/**
 * Runs `work` in one transaction; when it fails, the documents it stored are removed again,
 * so no file is left for a row that was never committed.
 */
export function inDocumentTransaction<T>(ctx: ServiceContext, work: () => T): T {
  if (writtenByDb.has(ctx.sqlite)) return work(); // the outermost call cleans up
  const written: string[] = [];
  writtenByDb.set(ctx.sqlite, written);
  try {
    return inTransaction(ctx, work);
  } catch (error) {
    for (const file of written) fs.rmSync(file, { force: true });
    throw error;
  } finally {
    writtenByDb.delete(ctx.sqlite);
  }
}

export function getDocumentRow(ctx: ServiceContext, id: number): DocumentRow {
  const row = ctx.db.select().from(documents).where(eq(documents.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的文件记录`);
  return row;
}

/**
 * The stored PDF of a document, after checking its SHA-256 against the record: a file changed
 * or damaged since it was issued is refused, never handed out as the issued one.
 */
export function readDocument(ctx: ServiceContext, id: number): FilePayload {
  const row = getDocumentRow(ctx, id);
  const file = documentPath(ctx, row.file);
  if (!fs.existsSync(file)) {
    throw new AppError('NOT_FOUND', `文件「${row.title}」不见了（${row.file}），请从备份中恢复`);
  }
  const buffer = vaultOf(ctx).read(file);
  if (sha256Hex(buffer) !== row.sha256) {
    throw new AppError(
      'CONFLICT',
      `文件「${row.title}」与发布时不一致（SHA-256 校验不符），可能被改动或损坏：${row.file}`,
    );
  }
  return { fileName: path.basename(row.file), data: buffer };
}
