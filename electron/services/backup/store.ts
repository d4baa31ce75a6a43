import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { isVaultBytes, type FileVault } from '../../documents/vault';
import { writeWhole } from '../../documents/write-whole';
import { log } from '../log/logger';

/**
 * The file store of the backups inside the data folder (docs/domain.md §6 备份): every file a
 * backup carries is kept once, as <data>/backups/files/<sha256>, so a photo or an original
 * already in an earlier backup is not copied again. An object is a hard link to the live file
 * where the disk allows it (the app writes files under a temporary name and renames them, so
 * a linked file never changes under the store), else a copy.
 *
 * Hashing every file for every backup would read the whole folder each day: a small cache
 * (path, size, modification time, inode → SHA-256) lets an unchanged file keep its hash.
 *
 * With a database password the live files are sealed (documents/vault.ts), and so are their
 * objects here (a link to the sealed file, or a copy of it): the store is in the data folder.
 * An object's name and the manifest's SHA-256 stay those of the plain content, so a backup
 * proves the files as they were filed, whatever password they are sealed with.
 */

export const STORE_DIR = 'files';
const CACHE_FILE = '.hash-cache.json';

const HEX64 = /^[0-9a-f]{64}$/;

export const storeDir = (backupsDir: string): string => path.join(backupsDir, STORE_DIR);
export const storeObject = (backupsDir: string, sha256: string): string =>
  path.join(storeDir(backupsDir), sha256);

interface CacheEntry {
  size: number;
  mtimeMs: number;
  ino: number;
  sha256: string;
}

/**
 * SHA-256 and size of a file's plain content (opened through `vault` when it is sealed) and
 * the size it has on disk.
 */
export async function plainDigest(
  file: string,
  vault: FileVault,
): Promise<{ sha256: string; size: number; stored: number }> {
  const stored = await fsp.readFile(file);
  const plain = isVaultBytes(stored) ? vault.open(stored, file) : stored;
  return {
    sha256: crypto.createHash('sha256').update(plain).digest('hex'),
    size: plain.length,
    stored: stored.length,
  };
}

/** SHA-256 of a file, streamed. */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

export class HashCache {
  private entries: Record<string, CacheEntry> = {};
  private readonly used: Record<string, CacheEntry> = {};

  constructor(
    private readonly backupsDir: string,
    private readonly vault?: FileVault,
  ) {
    try {
      const text = fs.readFileSync(path.join(storeDir(backupsDir), CACHE_FILE), 'utf8');
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object') this.entries = parsed as Record<string, CacheEntry>;
    } catch {
      this.entries = {};
    }
  }

  /**
   * The file's hash (of its plain content when it is sealed): from the cache when its size,
   * time and inode are unchanged.
   */
  async hash(relative: string, file: string, stat: fs.Stats): Promise<string> {
    const cached = this.entries[relative];
    if (
      cached &&
      cached.size === stat.size &&
      cached.mtimeMs === stat.mtimeMs &&
      cached.ino === stat.ino &&
      typeof cached.sha256 === 'string' &&
      HEX64.test(cached.sha256)
    ) {
      this.used[relative] = cached;
      return cached.sha256;
    }
    const digest = this.vault ? await plainDigest(file, this.vault) : await hashFile(file);
    const sha256 = digest.sha256;
    const size = 'stored' in digest ? digest.stored : digest.size;
    if (size === stat.size) {
      this.used[relative] = { size, mtimeMs: stat.mtimeMs, ino: stat.ino, sha256 };
    }
    return sha256;
  }

  /** Keeps the entries of this backup's files only (files gone from the data are forgotten). */
  save(): void {
    try {
      writeWhole(
        path.join(storeDir(this.backupsDir), CACHE_FILE),
        Buffer.from(JSON.stringify(this.used), 'utf8'),
      );
    } catch (error) {
      log.warn('备份文件的校验缓存未能保存（下次备份会重新计算）', error);
    }
  }
}

function syncFd(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Puts `file` (whose content hashes to `sha256`) into the store unless an object of that hash
 * and size is there already. Returns the bytes added to the disk (0 for a link or a hit).
 * `size` is the file's size on disk; a sealed file is checked through `vault` when copied.
 */
export async function putObject(
  backupsDir: string,
  file: string,
  sha256: string,
  size: number,
  vault?: FileVault,
): Promise<{ added: number; linked: boolean; existed: boolean }> {
  const target = storeObject(backupsDir, sha256);
  try {
    const stat = fs.statSync(target);
    if (stat.isFile() && stat.size === size) return { added: 0, linked: false, existed: true };
    fs.rmSync(target, { force: true }); // a damaged object: replaced below
  } catch {
    /* not there yet */
  }
  fs.mkdirSync(storeDir(backupsDir), { recursive: true });
  const temp = `${target}.${crypto.randomBytes(4).toString('hex')}.partial`;
  try {
    fs.linkSync(file, temp);
    fs.renameSync(temp, target);
    return { added: 0, linked: true, existed: false };
  } catch {
    fs.rmSync(temp, { force: true });
  }
  try {
    await fsp.copyFile(file, temp);
    const copied = vault ? await plainDigest(temp, vault) : await hashFile(temp);
    if (copied.sha256 !== sha256) throw new Error(`文件在备份时被改动：${file}`);
    syncFd(temp);
    fs.renameSync(temp, target);
    return { added: size, linked: false, existed: false };
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Removes store objects no backup refers to any more (after pruning). `referenced` is the
 * union of every remaining backup's storeObjects; objects that are not 64-hex names (the
 * cache, a leftover .partial) are left alone apart from stale .partial files.
 */
export function collectGarbage(backupsDir: string, referenced: Set<string>): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(storeDir(backupsDir));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const stale = name.endsWith('.partial');
    if (!stale && (!HEX64.test(name) || referenced.has(name))) continue;
    try {
      fs.rmSync(path.join(storeDir(backupsDir), name), { force: true });
      removed.push(name);
    } catch (error) {
      log.warn(`备份文件库中的 ${name} 未能删除`, error);
    }
  }
  return removed;
}
