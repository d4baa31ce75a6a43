import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { archiveImportItems, archiveImports } from '../../../db/schema';
import type {
  ImportDetail,
  ImportResult,
  ImportSummary,
  VerifyResult,
} from '../../api/archive-types';
import { AppError } from '../../api/errors';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { EXPLANATION_FILE, MANIFEST_FILE, readExplanation, XML_FILE } from './catalogue-files';
import { packageRoot, parseCatalogueXml, verifyPackage, zipRoot } from './verify';
import { ZipReader } from './zip-reader';
import { ZIP_LIMITS } from '../files/limits';
import { vaultOf } from '../../documents/vault';
import { sealFolder } from '../security/files';

/**
 * Read-only import of other villages' packages (issue 6 part 4): a township loads several
 * packages and sees them side by side with their 账账相符 check.
 *
 * - The package is copied (a folder) or unpacked (a .zip) unchanged into
 *   <data>/imports/<id>/, verified there, and its 说明文件.TXT and 文件目录.XML are read into
 *   archive_imports / archive_import_items. Nothing in that folder is ever written again, and
 *   nothing of it enters the village's own archive.
 * - A package that FAILS verification is still loaded, marked with its check (ok false, the
 *   list of problems): the township must see that a village's package is incomplete or
 *   altered, and ask for it again; refusing it would hide exactly that. Only what is not a
 *   package at all (no SHA256SUMS.txt), an unsafe zip, or the same package a second time is
 *   refused.
 * - Zip entries are checked before anything is written: a name with ../, an absolute path or
 *   a drive letter refuses the whole package (zip-reader.ts), so no file lands outside the
 *   import's folder.
 */

export const IMPORT_DIR = 'imports';

interface StoredCheck extends VerifyResult {
  year: number | null;
  /** SHA-256 of the package's SHA256SUMS.txt: the same package is not loaded twice. */
  manifestSha256: string;
}

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/**
 * What a package unpacks to must fit on the disk with ZIP_LIMITS.keepFree to spare (the
 * database and its backups live there too): refused before anything is written.
 */
async function assertRoom(file: string, bytes: number, folder: string): Promise<void> {
  const { bavail, bsize } = await fsp.statfs(folder);
  const free = bavail * bsize;
  if (bytes + ZIP_LIMITS.keepFree > free) {
    const mb = (n: number) => `${Math.ceil(n / 1024 / 1024)} MB`;
    throw new AppError(
      'DISK_FULL',
      `「${path.basename(file)}」解压后需要 ${mb(bytes)}，数据所在的磁盘只剩 ${mb(free)}（还需留出 ${mb(ZIP_LIMITS.keepFree)}），已拒绝导入`,
    );
  }
}

/** Unpacks a .zip into `target`, entries under the package folder moved up to its root. */
async function unpack(file: string, target: string): Promise<void> {
  const zip = await ZipReader.open(file);
  try {
    const prefix = zipRoot(zip.entries);
    if (prefix === null) {
      throw new AppError(
        'VALIDATION',
        `${path.basename(file)} 不是档案包：找不到 ${MANIFEST_FILE}`,
      );
    }
    await assertRoom(file, zip.totalSize, path.dirname(path.resolve(target)));
    const root = path.resolve(target);
    const written = new Set<string>();
    for (const entry of zip.entries) {
      if (entry.directory) continue;
      const relative = entry.name.startsWith(prefix) ? entry.name.slice(prefix.length) : entry.name;
      const destination = path.resolve(root, ...relative.split('/'));
      // Belt and braces: safeEntryName() already refused ../ and absolute names.
      if (!destination.startsWith(root + path.sep)) {
        throw new AppError('VALIDATION', `压缩包里有不安全的文件路径「${entry.name}」，已拒绝`);
      }
      if (written.has(destination)) {
        throw new AppError('VALIDATION', `${path.basename(file)} 里「${relative}」出现了两次`);
      }
      written.add(destination);
      await fsp.mkdir(path.dirname(destination), { recursive: true });
      const handle = await fsp.open(destination, 'wx');
      try {
        await zip.read(entry, async (chunk) => {
          await handle.write(chunk);
        });
      } finally {
        await handle.close();
      }
    }
  } finally {
    await zip.close();
  }
}

/** Copies the package folder's regular files; a symbolic link is refused, never followed. */
async function copyFolder(source: string, target: string): Promise<void> {
  const visit = async (from: string, to: string) => {
    await fsp.mkdir(to, { recursive: true });
    for (const entry of await fsp.readdir(from, { withFileTypes: true })) {
      const src = path.join(from, entry.name);
      const dst = path.join(to, entry.name);
      if (entry.isDirectory()) await visit(src, dst);
      else if (entry.isFile()) await fsp.copyFile(src, dst, fs.constants.COPYFILE_EXCL);
      else {
        throw new AppError(
          'VALIDATION',
          `档案包里的「${path.relative(source, src)}」不是普通文件（如快捷方式/符号链接），不能导入`,
        );
      }
    }
  };
  await visit(source, target);
}

function toSummary(ctx: ServiceContext, row: typeof archiveImports.$inferSelect): ImportSummary {
  const stored = JSON.parse(row.checkJson) as StoredCheck;
  const { year, manifestSha256: _hash, ...check } = stored;
  return {
    id: row.id,
    label: row.label,
    sourceName: row.sourceName,
    fondsCode: row.fondsCode,
    year,
    folder: path.join(ctx.dataDir, row.folder),
    itemCount: row.itemCount,
    fileCount: row.fileCount,
    check: { ...check, problems: check.problems ?? [] },
    createdAt: row.createdAt,
  };
}

export async function importPackage(
  ctx: ServiceContext,
  input: { path: string },
): Promise<ImportResult> {
  const source = path.resolve(input.path);
  let stat: fs.Stats;
  try {
    stat = await fsp.stat(source);
  } catch {
    throw new AppError('NOT_FOUND', `找不到档案包：${source}`);
  }
  const importsDir = path.join(ctx.dataDir, IMPORT_DIR);
  await fsp.mkdir(importsDir, { recursive: true });
  await tidyImports(ctx);
  const staging = path.join(importsDir, `.partial-${crypto.randomBytes(6).toString('hex')}`);
  staged.add(staging);
  let sourceName: string;
  try {
    if (stat.isDirectory()) {
      const root = await packageRoot(source);
      sourceName = path.basename(root);
      await copyFolder(root, staging);
    } else if (stat.isFile()) {
      sourceName = path.basename(source);
      await unpack(source, staging);
    } else {
      throw new AppError('VALIDATION', `${source} 既不是文件夹也不是 .zip 压缩包`);
    }

    const check = await verifyPackage(staging);
    const manifestSha256 = sha256(await fsp.readFile(path.join(staging, MANIFEST_FILE)));
    const twice = ctx.db
      .select({
        id: archiveImports.id,
        label: archiveImports.label,
        checkJson: archiveImports.checkJson,
      })
      .from(archiveImports)
      .all()
      .find((row) => (JSON.parse(row.checkJson) as StoredCheck).manifestSha256 === manifestSha256);
    if (twice) {
      const damaged = !(JSON.parse(twice.checkJson) as StoredCheck).ok;
      throw new AppError(
        'CONFLICT',
        damaged
          ? `这个档案包已经导入过（编号 ${twice.id}，${twice.label}），但那一份校验未通过。如这一份是完好的，请先在「档案管理 → 导入的档案包」中删除编号 ${twice.id}（或运行 archive-import --remove ${twice.id}），再导入这一份`
          : `这个档案包已经导入过（编号 ${twice.id}，${twice.label}），不再重复导入`,
      );
    }

    const explanationFile = path.join(staging, EXPLANATION_FILE);
    const explanation = fs.existsSync(explanationFile)
      ? readExplanation((await fsp.readFile(explanationFile)).toString('utf8'))
      : new Map<string, string>();
    let xml: ReturnType<typeof parseCatalogueXml> = { items: [], attributes: {} };
    try {
      xml = parseCatalogueXml((await fsp.readFile(path.join(staging, XML_FILE))).toString('utf8'));
    } catch {
      // Missing or broken: the check says so already (账账相符 fails); no items to list.
    }
    const label =
      explanation.get('立档单位') ||
      xml.attributes['立档单位'] ||
      sourceName.replace(/\.zip$/i, '');
    const fondsCode = explanation.get('全宗号') || xml.attributes['全宗号'] || '';
    const yearText = explanation.get('年度') || xml.attributes['年度'] || '';
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
    const fileCount = check.checked + check.extra.length;
    const stored: StoredCheck = { ...check, year, manifestSha256 };

    // With a database password the package's files are sealed (vault.ts) before the folder
    // gets its name; they were plain only in the staging folder, removed below either way.
    await sealFolder(vaultOf(ctx), staging);

    const moved = { folder: '' };
    try {
      const row = inTransaction(ctx, () => {
        const inserted = ctx.db
          .insert(archiveImports)
          .values({
            label,
            sourceName,
            fondsCode,
            folder: '',
            itemCount: xml.items.length,
            fileCount,
            checkJson: JSON.stringify(stored),
          })
          .returning()
          .get();
        const relative = `${IMPORT_DIR}/${inserted.id}`;
        moved.folder = path.join(ctx.dataDir, relative);
        // Renamed inside the transaction: if the rename fails nothing is recorded, and if
        // recording fails the folder is removed again below.
        fs.renameSync(staging, moved.folder);
        const updated = ctx.db
          .update(archiveImports)
          .set({ folder: relative })
          .where(eq(archiveImports.id, inserted.id))
          .returning()
          .get()!;
        xml.items.forEach((item, index) => {
          ctx.db
            .insert(archiveImportItems)
            .values({
              importId: inserted.id,
              seq: Number(item.顺序号) || index + 1,
              archivalCode: item.档号,
              responsible: item.责任者,
              title: item.题名,
              date: item.日期,
              secrecy: item.密级,
              fileName: item.电子档案名称,
              note: item.备注,
            })
            .run();
        });
        audit(ctx, {
          entity: 'archive_import',
          entityId: inserted.id,
          action: 'import',
          after: { label, sourceName, fondsCode, year, items: xml.items.length, ok: check.ok },
        });
        return updated;
      });
      return toSummary(ctx, row);
    } catch (error) {
      if (moved.folder) await fsp.rm(moved.folder, { recursive: true, force: true });
      throw error;
    }
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
    staged.delete(staging);
  }
}

/** Staging folders of imports running in this process: tidyImports() leaves them alone. */
const staged = new Set<string>();

/**
 * Removes from <data>/imports what no import owns: a staging folder left by a process that
 * died mid-import (before issue 14 a hostile zip could leave 3 GB there), and a numbered
 * folder whose row is gone (removeImport deletes the row first). Nothing else is touched.
 */
export async function tidyImports(ctx: ServiceContext): Promise<string[]> {
  const root = path.join(ctx.dataDir, IMPORT_DIR);
  let names: string[];
  try {
    names = await fsp.readdir(root);
  } catch {
    return [];
  }
  const known = new Set(
    ctx.db
      .select({ folder: archiveImports.folder })
      .from(archiveImports)
      .all()
      .map((row) => path.resolve(ctx.dataDir, row.folder)),
  );
  const removed: string[] = [];
  for (const name of names) {
    const folder = path.join(root, name);
    const orphan = /^\d+$/.test(name) && !known.has(path.resolve(folder));
    const leftover = name.startsWith('.partial-') && !staged.has(folder);
    if (!orphan && !leftover) continue;
    await fsp.rm(folder, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** archive.imports: the loaded packages, newest first. */
export function listImports(ctx: ServiceContext): ImportSummary[] {
  return ctx.db
    .select()
    .from(archiveImports)
    .orderBy(desc(archiveImports.id))
    .all()
    .map((row) => toSummary(ctx, row));
}

/** archive.importDetail: one package with its catalogue rows in 顺序号 order. */
export function getImport(ctx: ServiceContext, id: number): ImportDetail {
  const row = ctx.db.select().from(archiveImports).where(eq(archiveImports.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的导入档案包`);
  const items = ctx.db
    .select({
      seq: archiveImportItems.seq,
      archivalCode: archiveImportItems.archivalCode,
      responsible: archiveImportItems.responsible,
      title: archiveImportItems.title,
      date: archiveImportItems.date,
      secrecy: archiveImportItems.secrecy,
      fileName: archiveImportItems.fileName,
      note: archiveImportItems.note,
    })
    .from(archiveImportItems)
    .where(eq(archiveImportItems.importId, id))
    .orderBy(archiveImportItems.seq, archiveImportItems.id)
    .all();
  return { ...toSummary(ctx, row), items };
}

/**
 * archive.removeImport: a loaded package goes, with its catalogue rows and its files in
 * <data>/imports/<id>/ (audited) — e.g. a damaged copy, so the intact one can be imported.
 * The row goes first in a transaction; the folder is removed after the commit (a folder left
 * by a crash in between is not listed and is overwritten by nothing: ids are not reused).
 */
export async function removeImport(ctx: ServiceContext, id: number): Promise<{ id: number }> {
  const folder = inTransaction(ctx, () => {
    const row = ctx.db.select().from(archiveImports).where(eq(archiveImports.id, id)).get();
    if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的导入档案包`);
    const stored = JSON.parse(row.checkJson) as StoredCheck;
    ctx.db.delete(archiveImports).where(eq(archiveImports.id, id)).run();
    audit(ctx, {
      entity: 'archive_import',
      entityId: id,
      action: 'delete',
      before: {
        label: row.label,
        sourceName: row.sourceName,
        fondsCode: row.fondsCode,
        year: stored.year,
        items: row.itemCount,
        ok: stored.ok,
        folder: row.folder,
      },
    });
    return row.folder;
  });
  const root = path.resolve(ctx.dataDir, IMPORT_DIR);
  const target = path.resolve(ctx.dataDir, folder);
  // Only a folder inside <data>/imports is ever removed.
  if (folder && target.startsWith(root + path.sep)) {
    await fsp.rm(target, { recursive: true, force: true });
  }
  await tidyImports(ctx);
  return { id };
}
