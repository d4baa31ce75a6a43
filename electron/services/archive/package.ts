import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { CatalogueRow, ExportResult } from '../../api/archive-types';
import { AppError } from '../../api/errors';
import type { FilePayload } from '../../api/roster-io-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { getSettings } from '../settings/settings';
import { APP_VERSION, PRODUCT_NAME } from '../system/app-info';
import { boxesOf, DEFAULT_PER_BOX, notesSheetsPdf, spineLabelsPdf } from './box-labels';
import { catalogueRows, removalsOfYear } from './catalogue';
import {
  byRetention,
  cataloguePdfFile,
  catalogueXlsx,
  cataloguePdf,
  catalogueXml,
  EXPLANATION_FILE,
  explanationText,
  ITEMS_DIR,
  MANIFEST_FILE,
  OTHER_DIR,
  XLSX_FILE,
  XML_FILE,
  type PackageMeta,
} from './catalogue-files';
import { vaultOf } from '../../documents/vault';
import { archiveFilePath, defaultResponsible } from './items';
import { sealOf } from './seal';
import { Stamper, type StampFields } from './stamp';
import { archiveSequenceKey, raiseIssued } from '../sequences/issued';
import { ZipWriter } from './zip-writer';

/**
 * The export package of a year (docs/domain.md §6, issue 6 part 4): a folder, and optionally a
 * .zip of it beside it, that a township or an archives inspector can read and check without
 * this program:
 *
 *   <全宗号>-<年度>-归档文件-<time>/
 *     说明文件.TXT            who, what, the standard, how to verify (UTF-8 with BOM)
 *     文件目录.XML            顺序号, 档号, 文号, 责任者, 题名, 日期, 密级, 页数, 电子档案名称, 备注
 *     归档文件目录.xlsx       序号, 档号, 文号, 责任者, 题名, 日期, 密级, 页数, 备注; a sheet per 保管期限
 *     归档文件目录-<年度>-<保管期限>.pdf   the catalogue of each retention, its cover first
 *     电子档案/<年度>/<类别>/<档号>.pdf   each item, 归档章 on page 1 (images made PDF pages)
 *     其他/盒脊.pdf, 其他/备考表.pdf
 *     SHA256SUMS.txt          "<sha256>  <path>" for every other file (sha256sum -c reads it)
 *
 * Every stored original is checked against its SHA-256 before it is copied: a changed or
 * missing original stops the export (the package would otherwise certify a file that is not
 * the one filed). The originals themselves are only read.
 *
 * The folder is written under a hidden temporary name and renamed when complete, the .zip
 * likewise: a package that exists under its name is whole. A failure removes both.
 *
 * Exporting hands the numbers over (docs/domain.md §6): just before the package gets its name,
 * the outside mark of each sequence rises to its highest exported 件号, and after it each
 * item's exported_at is set. From then on those 件号 and 档号 never change.
 */

export const EXPORT_DIR = 'exports';

/** Originals read ahead of the one being stamped. */
const READ_AHEAD = 8;

/**
 * Writes files on the thread pool, a few at a time (each holds a file handle), from a queue of
 * at most `budget` bytes: the caller goes on stamping while earlier items reach the disk. The
 * first failure is thrown by the next write() or by drain().
 */
class FolderWriter {
  private readonly queue: { file: string; data: Buffer }[] = [];
  private queuedBytes = 0;
  private running = 0;
  private failure: unknown = null;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly concurrency = 4,
    private readonly budget = 64 * 1024 * 1024,
  ) {}

  async write(file: string, data: Buffer): Promise<void> {
    while (this.queuedBytes > this.budget && !this.failure) await this.changed();
    if (this.failure) throw this.failure;
    this.queue.push({ file, data });
    this.queuedBytes += data.length;
    this.pump();
  }

  async drain(): Promise<void> {
    while ((this.running > 0 || this.queue.length > 0) && !this.failure) await this.changed();
    while (this.running > 0) await this.changed();
    if (this.failure) throw this.failure;
  }

  private changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0 && !this.failure) {
      const job = this.queue.shift()!;
      this.running++;
      void fsp
        .writeFile(job.file, job.data)
        .catch((error: unknown) => {
          this.failure ??= error;
        })
        .finally(() => {
          this.running--;
          this.queuedBytes -= job.data.length;
          const waiters = this.waiters.splice(0);
          waiters.forEach((wake) => wake());
          this.pump();
        });
    }
  }
}

export interface ExportProgress {
  (done: number, total: number, file: string): void;
}

export interface ExportInput {
  year: number;
  /** The folder the package is made in (default <data>/exports). */
  folder?: string | undefined;
  zip?: boolean | undefined;
  /** Items per archive box on the 盒脊 labels (default 50). */
  perBox?: number | undefined;
  onProgress?: ExportProgress | undefined;
}

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A path part that is a plain file name on Windows and Linux. */
export function safePart(text: string): string {
  const cleaned = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .trim()
    .replace(/^\.+|[. ]+$/g, '');
  return cleaned || '_';
}

/** Where an item's stamped PDF goes inside the package. */
export function itemPath(row: CatalogueRow): string {
  return `${ITEMS_DIR}/${row.year}/${safePart(row.category)}/${safePart(row.archivalCode)}.pdf`;
}

export function stampFieldsOf(row: CatalogueRow): StampFields {
  return {
    fondsCode: row.fondsCode,
    year: row.year,
    itemNo: row.itemNo,
    org: row.orgName || row.orgCode,
    retention: row.retention,
    pages: row.pages,
  };
}

/** A name in `parent` not yet taken by a file or folder (…, …-2, …-3). */
function freeName(parent: string, base: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (
      !fs.existsSync(path.join(parent, name)) &&
      !fs.existsSync(path.join(parent, `${name}.zip`))
    ) {
      return name;
    }
  }
}

export async function exportPackage(
  ctx: ServiceContext,
  input: ExportInput,
): Promise<ExportResult> {
  const started = performance.now();
  const rows = catalogueRows(ctx, input.year);
  if (rows.length === 0) {
    throw new AppError('VALIDATION', `${input.year} 年度还没有归档文件，没有可导出的档案包`);
  }
  const perBox = input.perBox ?? DEFAULT_PER_BOX;
  if (!Number.isInteger(perBox) || perBox < 1 || perBox > 1000) {
    throw new AppError('VALIDATION', '每盒件数应为 1 到 1000 之间的整数');
  }
  const settings = getSettings(ctx);
  const now = ctx.now();
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const seal = sealOf(ctx, input.year);
  const boxes = boxesOf(rows, perBox, removalsOfYear(ctx, input.year));
  const fondsCode = rows[0]!.fondsCode;
  const meta: PackageMeta = {
    unit: defaultResponsible(ctx),
    fondsCode,
    classCode: rows[0]!.classCode,
    year: input.year,
    codeRule:
      settings.archive.codePreset === 'custom'
        ? `自定义：${settings.archive.customPattern}`
        : settings.archive.codePreset,
    sealed: seal ? { at: seal.sealedAt.slice(0, 10), by: seal.operator } : null,
    perBox,
    boxes: boxes.length,
    operator: ctx.operator,
    exportedAt: `${date} ${pad(now.getHours())}:${pad(now.getMinutes())}`,
    software: `${PRODUCT_NAME} ${APP_VERSION}`,
  };

  const parent = path.resolve(input.folder ?? path.join(ctx.dataDir, EXPORT_DIR));
  assertPlainExportAllowed(ctx, parent);
  try {
    await fsp.mkdir(parent, { recursive: true });
  } catch (error) {
    throw new AppError(
      'VALIDATION',
      `无法在 ${parent} 建立导出文件夹：${(error as Error).message}`,
    );
  }
  const stamp = `${date.replaceAll('-', '')}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const name = freeName(parent, `${safePart(fondsCode)}-${input.year}-归档文件-${stamp}`);
  const random = crypto.randomBytes(4).toString('hex');
  const partial = path.join(parent, `.${name}.partial-${random}`);
  const target = path.join(parent, name);
  const zipPartial = path.join(parent, `.${name}.zip.partial-${random}`);
  const zipTarget = path.join(parent, `${name}.zip`);

  const groups = byRetention(rows);
  // items, 说明, XML, xlsx, a catalogue per retention, 2 box files, the manifest
  const total = rows.length + 6 + groups.length;
  let done = 0;
  let bytes = 0;
  const manifest: string[] = [];
  const made = new Set<string>();
  const files = new FolderWriter();
  let zip: ZipWriter | null = null;

  const put = async (
    relative: string,
    data: Buffer,
    compress: boolean,
    options: { listed?: boolean; sha256?: string | undefined } = {},
  ) => {
    const file = path.join(partial, ...relative.split('/'));
    const dir = path.dirname(file);
    if (!made.has(dir)) {
      await fsp.mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await files.write(file, data);
    if (zip) await zip.add(`${name}/${relative}`, data, compress);
    if (options.listed ?? true) {
      manifest.push(`${options.sha256 ?? sha256(data)}  ${relative}`);
      bytes += data.length;
    }
    done++;
    input.onProgress?.(done, total, relative);
  };

  try {
    await fsp.mkdir(partial);
    if (input.zip) zip = await ZipWriter.create(zipPartial, now);

    // The items first: their files are written on the thread pool while the catalogue files
    // below are made on this thread (measured: the two overlap on a two-core PC).
    // Originals are read a few ahead of the one being stamped.
    const reads: Promise<Original>[] = [];
    const readAhead = (index: number) => {
      if (index >= rows.length || reads[index]) return;
      const read = readOriginal(ctx, rows[index]!);
      read.catch(() => undefined); // awaited (and thrown) in order below
      reads[index] = read;
    };
    for (let i = 0; i < READ_AHEAD; i++) readAhead(i);
    const stamper = Stamper.create(rows.map(stampFieldsOf));
    for (const [index, row] of rows.entries()) {
      readAhead(index + READ_AHEAD);
      const original = await reads[index]!;
      delete reads[index];
      const fields = stampFieldsOf(row);
      const what = `归档文件 ${row.archivalCode}`;
      if (row.format === 'pdf') {
        const copy = await stamper.stampCopy(original.bytes, fields, what);
        // The copy begins with the original, already hashed: hash only the stamp after it.
        const digest = copy.appended
          ? original.hash.update(copy.buffer.subarray(original.bytes.length)).digest('hex')
          : undefined;
        await put(itemPath(row), copy.buffer, false, { sha256: digest });
      } else {
        await put(itemPath(row), await stamper.stampImage(original.bytes, fields, what), false);
      }
    }

    await put(
      EXPLANATION_FILE,
      explanationText(
        rows,
        meta,
        settings.archive.categories.map((c) => c.name),
      ),
      true,
    );
    await put(XML_FILE, catalogueXml(rows, meta, itemPath), true);
    await put(XLSX_FILE, await catalogueXlsx(rows, meta), false);
    for (const group of groups) {
      await put(
        cataloguePdfFile(input.year, group.retention),
        await cataloguePdf(group.rows, meta, group.retention),
        false,
      );
    }
    await put(`${OTHER_DIR}/盒脊.pdf`, await spineLabelsPdf(boxes, meta.unit), false);
    await put(
      `${OTHER_DIR}/备考表.pdf`,
      await notesSheetsPdf(boxes, { unit: meta.unit, operator: ctx.operator, date }),
      false,
    );
    // In path order, as `sha256sum` of a sorted listing would write it.
    manifest.sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1));
    await put(MANIFEST_FILE, Buffer.from(`${manifest.join('\n')}\n`, 'utf8'), true, {
      listed: false,
    });
    await files.drain();
    if (zip) await zip.close();
    raiseExportedMarks(ctx, rows);
    await fsp.rename(partial, target);
    if (zip) await fsp.rename(zipPartial, zipTarget);
  } catch (error) {
    await files.drain().catch(() => undefined);
    await zip?.abort();
    await fsp.rm(partial, { recursive: true, force: true });
    await fsp.rm(zipPartial, { force: true });
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') {
      throw new AppError('DISK_FULL', `磁盘空间不足，档案包没有导出完（${parent}）`);
    }
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new AppError('VALIDATION', `无法写入 ${parent}：没有写入权限`);
    }
    throw error;
  }

  const result: ExportResult = {
    folder: target,
    zipFile: input.zip ? zipTarget : null,
    items: rows.length,
    files: manifest.length,
    bytes,
    millis: Math.round(performance.now() - started),
  };
  // Recorded: the package carries the year's documents out of the office; their numbers are
  // fixed from now on.
  inTransaction(ctx, () => {
    const mark = ctx.sqlite.prepare(
      'UPDATE archive_items SET exported_at = ? WHERE id = ? AND exported_at IS NULL',
    );
    const at = now.toISOString();
    for (const row of rows) mark.run(at, row.itemId);
    audit(ctx, {
      entity: 'archive_export',
      entityId: input.year,
      action: 'export',
      after: {
        folder: result.folder,
        zipFile: result.zipFile,
        items: result.items,
        files: result.files,
      },
    });
  });
  return result;
}

/**
 * A package is plain (a township or an inspector must read it without this program). With a
 * database password the data folder keeps nothing plain (issue 14 item 5, vault.ts), so a
 * package is made outside it only (a USB stick, D:\移交包); the screen says the package there
 * is not encrypted. The web host's download (exportPackageFile) passes through <data>/tmp and
 * is removed as soon as it is read.
 */
function assertPlainExportAllowed(ctx: ServiceContext, parent: string): void {
  if (!vaultOf(ctx).encrypts) return;
  const data = path.resolve(ctx.dataDir);
  const temp = path.join(data, 'tmp') + path.sep;
  if ((parent + path.sep).startsWith(temp)) return;
  if (parent === data || parent.startsWith(data + path.sep)) {
    throw new AppError(
      'VALIDATION',
      '数据库已设密码：移交包不加密，不能放在数据文件夹里。请在“导出到”填写数据文件夹以外的位置（例如 U 盘或 D:\\移交包）。',
    );
  }
}

/** Raises each sequence's outside mark to its highest exported 件号 (numbering.ts rule 2). */
function raiseExportedMarks(ctx: ServiceContext, rows: readonly CatalogueRow[]): void {
  const highest = new Map<string, number>();
  for (const row of rows) {
    const key = archiveSequenceKey(row);
    highest.set(key, Math.max(highest.get(key) ?? 0, row.itemNo));
  }
  for (const [key, n] of highest) raiseIssued(ctx.dataDir, 'archive', key, n);
}

interface Original {
  bytes: Buffer;
  /** SHA-256 state after the original's bytes (not yet digested). */
  hash: crypto.Hash;
}

/** A stored original, after checking it is the file that was filed. */
async function readOriginal(ctx: ServiceContext, row: CatalogueRow): Promise<Original> {
  const file = archiveFilePath(ctx, row.file);
  let bytes: Buffer;
  try {
    bytes = await vaultOf(ctx).readAsync(file);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      'NOT_FOUND',
      `归档文件 ${row.archivalCode} 的原件不见了（${row.file}），请从备份中恢复后再导出`,
    );
  }
  const hash = crypto.createHash('sha256').update(bytes);
  if (hash.copy().digest('hex') !== row.sha256) {
    throw new AppError(
      'CONFLICT',
      `归档文件 ${row.archivalCode} 的原件与归档时不一致（SHA-256 校验不符），可能被改动或损坏：${row.file}；请从备份中恢复后再导出`,
    );
  }
  return { bytes, hash };
}

/**
 * archive.exportFile: the year's package as one .zip for the web host's download. It is made
 * in <data>/tmp and removed once read.
 */
export async function exportPackageFile(
  ctx: ServiceContext,
  input: { year: number },
): Promise<FilePayload> {
  const temp = path.join(
    ctx.dataDir,
    'tmp',
    `archive-export-${crypto.randomBytes(6).toString('hex')}`,
  );
  try {
    const result = await exportPackage(ctx, { year: input.year, folder: temp, zip: true });
    const data = await fsp.readFile(result.zipFile!);
    return { fileName: path.basename(result.zipFile!), data };
  } finally {
    await fsp.rm(temp, { recursive: true, force: true });
  }
}
