import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { AppError } from '../../api/errors';
import { FileVault, isVaultBytes, VAULT_OVERHEAD } from '../../documents/vault';
import { ContainerReader, damagedContainer, storedLength, type ContainerHeader } from './container';
import { insideData, safeRelative } from './referenced';
import { storeObject } from './store';
import type { BackupManifest, ManifestFile } from './whole';

/**
 * Reading a whole backup (.vlbak): open and unlock it, check every file and the database
 * against the manifest before anything changes, and write files into the data folder
 * (docs/domain.md §6 备份: restore checks first, then files, then the database).
 */

export interface OpenedBackup {
  file: string;
  reader: ContainerReader;
  header: ContainerHeader;
  manifest: BackupManifest;
  /** <data>/backups of the folder the backup lies in, where its store objects are. */
  storeBackupsDir: string;
  /**
   * Opens the store objects, sealed with the data folder's password (documents/vault.ts):
   * the password the backup was opened with (the live one for a backup in <data>/backups).
   */
  storeVault: FileVault;
}

export interface FileProblem {
  path: string;
  why: 'missing' | 'changed';
}

const isHex64 = (value: unknown) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * Bounds of a backup's content (issue 14: a hostile backup must not exhaust the process or the
 * disk). Files per backup: a village's photos, attachments and originals are thousands, not
 * hundreds of thousands. Free disk kept after a restore's writes, for the database's journal.
 */
export const MAX_FILES = 200_000;
const DISK_MARGIN = 64 * 1024 * 1024;

/**
 * The manifest's shape, checked before any of it is used (it comes from a file): at most
 * MAX_FILES entries, and every blob inside the file lies between the header and the manifest
 * without overlapping another (the writer never shares bytes between blobs; a hostile file
 * pointing many entries at one blob would multiply what a restore writes).
 */
function checkManifest(
  file: string,
  manifest: BackupManifest,
  headerSha256: string,
  area: { start: number; end: number },
): void {
  const ok =
    manifest &&
    typeof manifest === 'object' &&
    manifest.headerSha256 === headerSha256 &&
    manifest.database &&
    isHex64(manifest.database.sha256) &&
    isCount(manifest.database.size) &&
    (manifest.database.gzip === undefined ||
      (isHex64(manifest.database.gzip.sha256) && isCount(manifest.database.gzip.size))) &&
    isCount(manifest.database.offset) &&
    isCount(manifest.database.length) &&
    Array.isArray(manifest.files) &&
    Array.isArray(manifest.missing) &&
    manifest.files.length <= MAX_FILES &&
    manifest.missing.length <= MAX_FILES &&
    manifest.files.every(
      (f) =>
        f &&
        typeof f.path === 'string' &&
        safeRelative(f.path) === f.path &&
        isHex64(f.sha256) &&
        isCount(f.size) &&
        (f.offset === undefined || (isCount(f.offset) && isCount(f.length))),
    ) &&
    manifest.missing.every((m) => typeof m === 'string');
  if (!ok) throw damagedContainer(file);
  const seen = new Set<string>();
  for (const f of manifest.files) {
    if (seen.has(f.path)) throw damagedContainer(file);
    seen.add(f.path);
  }
  const blobs = [manifest.database, ...manifest.files]
    .filter((b) => b.offset !== undefined)
    .map((b) => ({ start: b.offset!, end: b.offset! + b.length! }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let at = area.start;
  for (const blob of blobs) {
    if (blob.start < at || blob.end > area.end) throw damagedContainer(file);
    at = blob.end;
  }
}

/**
 * Opens a .vlbak: its header, then (with the password when it is encrypted) its manifest.
 * `password` is tried for an encrypted backup; a wrong one is said so.
 */
export async function openWholeBackup(
  file: string,
  password: string | null,
): Promise<OpenedBackup> {
  let reader: ContainerReader;
  try {
    reader = await ContainerReader.open(file);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('VALIDATION', `读不到备份文件：${file}。请确认 U 盘已插好。`);
  }
  try {
    if (reader.header.encrypted) {
      if (!password) {
        throw new AppError('VALIDATION', '备份文件已加密，请填写做这份备份时的数据库密码。');
      }
      reader.unlock(password);
    }
    const manifest = await reader.manifest<BackupManifest>();
    checkManifest(file, manifest, reader.headerSha256, reader.blobArea);
    return {
      file,
      reader,
      header: reader.header,
      manifest,
      storeBackupsDir: path.dirname(file),
      storeVault: new FileVault(path.dirname(path.dirname(file)), password),
    };
  } catch (error) {
    await reader.close();
    throw error;
  }
}

/** Streams one file of the backup (inside it, or from the store) to `onChunk`. */
async function readFileOf(
  backup: OpenedBackup,
  entry: ManifestFile,
  onChunk: (chunk: Buffer) => void | Promise<void>,
): Promise<void> {
  if (entry.offset !== undefined && entry.length !== undefined) {
    await backup.reader.readBlob(
      { offset: entry.offset, length: entry.length, size: entry.size, sha256: entry.sha256 },
      onChunk,
    );
    return;
  }
  const object = storeObject(backup.storeBackupsDir, entry.sha256);
  if (isVaultObject(object)) {
    // Sealed (documents/vault.ts): opened whole in memory, never written plain anywhere. An
    // object longer than its entry sealed is not it.
    if ((await fsp.stat(object)).size > entry.size + VAULT_OVERHEAD) {
      throw new Error('store object longer than its entry');
    }
    await onChunk(backup.storeVault.open(await fsp.readFile(object), entry.path));
    return;
  }
  let read = 0;
  for await (const chunk of fs.createReadStream(object, { highWaterMark: 1024 * 1024 })) {
    read += (chunk as Buffer).length;
    // A store object longer than its entry is not it: stop before writing past the size.
    if (read > entry.size) throw new Error('store object longer than its entry');
    await onChunk(chunk as Buffer);
  }
}

function isVaultObject(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false; // ENOENT is the stream's to report
  }
  try {
    const head = Buffer.alloc(8);
    return fs.readSync(fd, head, 0, 8, 0) === 8 && isVaultBytes(head);
  } finally {
    fs.closeSync(fd);
  }
}

/** Hash and size of one file as the backup holds it; `null` when it is not there at all. */
async function digestOf(
  backup: OpenedBackup,
  entry: ManifestFile,
): Promise<{ sha256: string; size: number } | null> {
  if (entry.offset === undefined) {
    if (!fs.existsSync(storeObject(backup.storeBackupsDir, entry.sha256))) return null;
  } else if (entry.length !== storedLength(entry.size, backup.header.encrypted)) {
    return { sha256: '', size: -1 };
  }
  const hash = crypto.createHash('sha256');
  let size = 0;
  try {
    await readFileOf(backup, entry, (chunk) => {
      hash.update(chunk);
      size += chunk.length;
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') return null;
    return { sha256: '', size: -1 }; // cut short or not authentic: changed
  }
  return { sha256: hash.digest('hex'), size };
}

/** Checks every file of the backup against the manifest: hash and size, in manifest order. */
export async function verifyFiles(
  backup: OpenedBackup,
  onBytes?: (n: number) => void,
): Promise<FileProblem[]> {
  const problems: FileProblem[] = [];
  for (const entry of backup.manifest.files) {
    const digest = await digestOf(backup, entry);
    if (!digest) problems.push({ path: entry.path, why: 'missing' });
    else if (digest.sha256 !== entry.sha256 || digest.size !== entry.size) {
      problems.push({ path: entry.path, why: 'changed' });
    }
    onBytes?.(entry.size);
  }
  return problems;
}

/**
 * Writes the backup's database copy to `target`, checking it against the manifest's hash;
 * a copy that differs is removed and refused.
 */
export async function extractDatabase(backup: OpenedBackup, target: string): Promise<void> {
  const { gzip } = backup.manifest.database;
  if (!gzip) {
    await extractBlob(backup, target);
    return;
  }
  const packed = `${target}.gz`;
  try {
    await extractBlob(backup, packed);
    const hash = crypto.createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        fs.createReadStream(packed),
        zlib.createGunzip(),
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hash.update(chunk);
            size += chunk.length;
            // Never more than the manifest says: a small gzip can inflate without end.
            if (size > gzip.size) throw changedDatabase();
            yield chunk;
          }
        },
        fs.createWriteStream(target),
      );
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOSPC') throw error;
      throw changedDatabase();
    }
    if (hash.digest('hex') !== gzip.sha256 || size !== gzip.size) throw changedDatabase();
    const fd = fs.openSync(target, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw error;
  } finally {
    fs.rmSync(packed, { force: true });
  }
}

/** Writes the stored database blob to `target`, checked against the manifest's hash. */
async function extractBlob(backup: OpenedBackup, target: string): Promise<void> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const handle = await fsp.open(target, 'w');
  const hash = crypto.createHash('sha256');
  let size = 0;
  let good = false;
  try {
    try {
      await backup.reader.readBlob(backup.manifest.database, async (chunk) => {
        hash.update(chunk);
        size += chunk.length;
        await handle.write(chunk);
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOSPC') throw error;
      throw changedDatabase();
    }
    if (
      hash.digest('hex') !== backup.manifest.database.sha256 ||
      size !== backup.manifest.database.size
    ) {
      throw changedDatabase();
    }
    await handle.sync();
    good = true;
  } finally {
    await handle.close();
    if (!good) fs.rmSync(target, { force: true });
  }
}

const changedDatabase = () =>
  new AppError(
    'VALIDATION',
    '备份中的数据库与备份清单不符（已被改动或损坏），不能用来恢复。请换一份备份。',
  );

const WHY = { missing: '不见了', changed: '已被改动或损坏' } as const;

/** The refusal of a backup whose files do not match: the first one by name, and how many. */
export function filesRefusal(problems: FileProblem[]): AppError {
  const first = problems[0]!;
  const more = problems.length > 1 ? `（共 ${problems.length} 个文件有问题）` : '';
  return new AppError(
    'VALIDATION',
    `备份里的文件与备份清单不符：「${first.path}」${WHY[first.why]}${more}。这份备份不能用来恢复，没有做任何改动。请换一份备份。`,
  );
}

/** True when `file` holds the entry's content, stored as `vault` stores it (sealed or not). */
async function sameContent(file: string, entry: ManifestFile, vault: FileVault): Promise<boolean> {
  let stored: Buffer;
  try {
    const stat = await fsp.stat(file);
    if (!stat.isFile() || stat.size > entry.size + 1024) return false;
    stored = await fsp.readFile(file);
  } catch {
    return false;
  }
  // A plain file where the data is sealed (or the reverse) is written again.
  if (isVaultBytes(stored) !== vault.encrypts) return false;
  let plain: Buffer;
  try {
    plain = vault.open(stored, entry.path);
  } catch {
    return false;
  }
  return (
    plain.length === entry.size &&
    crypto.createHash('sha256').update(plain).digest('hex') === entry.sha256
  );
}

/**
 * Puts every file of the backup into `dataDir`: one already there with the same hash is kept,
 * any other is written under a temporary name, checked, flushed and renamed. Files of the data
 * folder the backup does not name are left alone. `vault` seals them with the password the
 * restored database will have (documents/vault.ts; none: plain).
 */
export async function writeFilesInto(
  backup: OpenedBackup,
  dataDir: string,
  vault: FileVault,
  onBytes?: (n: number) => void,
): Promise<{ written: number; kept: number }> {
  let written = 0;
  let kept = 0;
  for (const entry of backup.manifest.files) {
    const target = insideData(dataDir, entry.path);
    if (await sameContent(target, entry, vault)) {
      kept += 1;
      onBytes?.(entry.size);
      continue;
    }
    if (vault.encrypts) {
      // Sealed: the plain content is gathered in memory, checked, and only sealed bytes
      // reach the disk (through vault.write: temporary name, flush, rename).
      const chunks: Buffer[] = [];
      const hash = crypto.createHash('sha256');
      await readFileOf(backup, entry, (chunk) => {
        hash.update(chunk);
        chunks.push(Buffer.from(chunk));
      });
      if (hash.digest('hex') !== entry.sha256) {
        throw filesRefusal([{ path: entry.path, why: 'changed' }]);
      }
      await fsp.mkdir(path.dirname(target), { recursive: true });
      vault.write(target, Buffer.concat(chunks));
      written += 1;
      onBytes?.(entry.size);
      continue;
    }
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.partial`;
    const handle = await fsp.open(temp, 'w');
    const hash = crypto.createHash('sha256');
    let ok = false;
    try {
      await readFileOf(backup, entry, async (chunk) => {
        hash.update(chunk);
        let at = 0;
        while (at < chunk.length) {
          const { bytesWritten } = await handle.write(chunk, at, chunk.length - at);
          at += bytesWritten;
        }
      });
      if (hash.digest('hex') !== entry.sha256)
        throw filesRefusal([{ path: entry.path, why: 'changed' }]);
      await handle.sync();
      ok = true;
    } finally {
      await handle.close();
      if (!ok) await fsp.rm(temp, { force: true });
    }
    await fsp.rename(temp, target);
    written += 1;
    onBytes?.(entry.size);
  }
  return { written, kept };
}

/** Writes one file of the backup to `target` as it is (for re-keying), checking its hash. */
export async function extractFile(
  backup: OpenedBackup,
  entry: ManifestFile,
  target: string,
): Promise<void> {
  const handle = await fsp.open(target, 'w');
  const hash = crypto.createHash('sha256');
  let ok = false;
  try {
    await readFileOf(backup, entry, async (chunk) => {
      hash.update(chunk);
      await handle.write(chunk);
    });
    if (hash.digest('hex') !== entry.sha256) {
      throw filesRefusal([{ path: entry.path, why: 'changed' }]);
    }
    ok = true;
  } finally {
    await handle.close();
    if (!ok) await fsp.rm(target, { force: true });
  }
}

/**
 * Bytes a restore of `backup` writes at most: the database (with its packed copy when it is
 * gzip-compressed), every file not yet in `dataDir`, and the largest file once more for its
 * temporary copy. Sizes are the manifest's: what is read is cut off at them.
 */
export function bytesToWrite(backup: OpenedBackup, dataDir: string): number {
  const { database } = backup.manifest;
  let bytes = database.gzip ? database.gzip.size + database.length : database.size;
  let largest = 0;
  for (const entry of backup.manifest.files) {
    largest = Math.max(largest, entry.size);
    if (!fs.existsSync(insideData(dataDir, entry.path))) bytes += entry.size;
  }
  return bytes + largest;
}

const inMegabytes = (bytes: number): string =>
  bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1)} GB`
    : `${Math.ceil(bytes / 1024 ** 2)} MB`;

/**
 * Refuses, before anything is written, a restore that would not fit on the disk of `dir`
 * (with DISK_MARGIN to spare). A disk whose free space cannot be read is not refused.
 */
export function assertRoom(dir: string, bytes: number): void {
  let free: number;
  try {
    const stats = fs.statfsSync(dir);
    free = stats.bavail * stats.bsize;
  } catch {
    return;
  }
  if (bytes + DISK_MARGIN > free) {
    throw new AppError(
      'DISK_FULL',
      `磁盘空间不够：恢复这份备份要写入约 ${inMegabytes(bytes)}，数据文件夹所在的磁盘只剩 ${inMegabytes(free)}。请先腾出空间再恢复，没有做任何改动。`,
    );
  }
}
