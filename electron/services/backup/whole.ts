import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type Database from 'better-sqlite3';
import { writeBackup } from '../../../db/backup';
import { applyKey } from '../../../db/cipher';
import { openSqlite } from '../../../db/sqlite';
import { marksOfDatabase, readIssued, type IssuedMarks } from '../sequences/issued';
import { APP_VERSION } from '../system/app-info';
import {
  ContainerWriter,
  deriveKey,
  FORMAT,
  FORMAT_VERSION,
  newKdf,
  type BlobRef,
  type ContainerHeader,
} from './container';
import { FileVault, isVaultFile } from '../../documents/vault';
import { referencedFiles } from './referenced';
import { hashFile, HashCache, putObject } from './store';

/**
 * One whole backup (docs/domain.md §6 备份): a consistent copy of the database plus every file
 * it refers to, with a manifest of SHA-256s, in one .vlbak file written as FILE.partial and
 * renamed when whole. The database is copied first; the list of files is read from that copy,
 * so the files carried are exactly those the copied data names (files are never changed in
 * place, only added or removed).
 *
 * Into a chosen folder (a USB stick) every file is inside the one file. Into <data>/backups
 * (`store` given) the files go to the shared store (see store.ts) and the .vlbak holds the
 * database and the manifest only: the second backup of unchanged data adds no file.
 *
 * This module does not need a service context: db/open.ts calls it for the 升级前 backup.
 */

export interface ManifestFile {
  /** Relative to the data folder, forward slashes. */
  path: string;
  size: number;
  sha256: string;
  /** Where it is inside the .vlbak; absent when it is read from the store. */
  offset?: number;
  length?: number;
}

export interface BackupManifest {
  format: typeof FORMAT;
  formatVersion: number;
  app: string;
  schemaVersion: number;
  createdAt: string;
  kind: string;
  encrypted: boolean;
  selfContained: boolean;
  /** SHA-256 of the header bytes, so an encrypted backup's plain header cannot be swapped. */
  headerSha256: string;
  /**
   * The database copy as stored. A plain one is gzip-compressed (SQLite pages shrink several
   * times; encrypted pages do not): `gzip` then holds the size and SHA-256 of the database
   * file itself, and the blob's own of the compressed bytes.
   */
  database: BlobRef & { gzip?: { size: number; sha256: string } };
  files: ManifestFile[];
  /** Files the data named that were not in the data folder when the backup was made. */
  missing: string[];
  /** The highest notice numbers and 件号 ever issued (sequences/issued.ts), at backup time. */
  issued: IssuedMarks;
}

export interface WholeBackupOptions {
  sqlite: Database.Database;
  /** The database password; the backup is encrypted with it (null: plain). */
  key: string | null;
  dataDir: string;
  target: string;
  kind: string;
  now: Date;
  /** <data>/backups: files go to its store (incremental); null: every file inside the backup. */
  store: string | null;
  onProgress?: (done: number, total: number) => void;
}

export interface WholeBackupResult {
  file: string;
  /** Size of the .vlbak. */
  size: number;
  files: number;
  filesBytes: number;
  /** Bytes the store grew by (copies; hard links and hits add none). */
  storeAdded: number;
  storeObjectsAdded: number;
  missing: string[];
}

function mergedMarks(a: IssuedMarks, b: IssuedMarks): IssuedMarks {
  const out: IssuedMarks = { notice: { ...a.notice }, archive: { ...a.archive } };
  for (const sequence of ['notice', 'archive'] as const) {
    for (const [key, n] of Object.entries(b[sequence])) {
      if ((out[sequence][key] ?? 0) < n) out[sequence][key] = n;
    }
  }
  return out;
}

function statOrNull(file: string): fs.Stats | null {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? stat : null;
  } catch {
    return null;
  }
}

function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* not on Windows; best effort */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const absolute = (dataDir: string, relative: string) => path.join(dataDir, ...relative.split('/'));

export async function writeWholeBackup(options: WholeBackupOptions): Promise<WholeBackupResult> {
  const { sqlite, key, dataDir, target } = options;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  const scratch = path.join(dataDir, 'tmp', 'backup');
  fs.mkdirSync(scratch, { recursive: true });
  const dbCopy = path.join(scratch, `${crypto.randomUUID()}.db`);

  // Progress in bytes: the database pages, then the files (estimated from the live data).
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  let estimate = 0;
  try {
    for (const relative of referencedFiles(sqlite, dataDir)) {
      estimate += statOrNull(absolute(dataDir, relative))?.size ?? 0;
    }
  } catch {
    estimate = 0; // an older schema mid-upgrade: the files phase reports its own total
  }
  let dbBytes = Number(sqlite.pragma('page_count', { simple: true })) * pageSize;
  let total = dbBytes + estimate;
  let done = 0;
  const report = () => options.onProgress?.(Math.min(done, total), total);

  let writer: ContainerWriter | null = null;
  try {
    await writeBackup(sqlite, dbCopy, {
      key,
      onProgress: (pages, all) => {
        dbBytes = all * pageSize;
        total = dbBytes + estimate;
        done = pages * pageSize;
        report();
      },
    });

    const copy = openSqlite(dbCopy, { readonly: true, fileMustExist: true });
    let files: string[];
    let issued: IssuedMarks;
    let schemaVersion: number;
    try {
      if (key) applyKey(copy, key);
      files = referencedFiles(copy, dataDir);
      let ofDatabase: IssuedMarks = { notice: {}, archive: {} };
      try {
        ofDatabase = marksOfDatabase(copy);
      } catch {
        /* an older schema without the numbered columns */
      }
      issued = mergedMarks(readIssued(dataDir), ofDatabase);
      schemaVersion = (
        copy.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }
      ).n;
    } finally {
      copy.close();
    }

    const present: { relative: string; stat: fs.Stats }[] = [];
    const missing: string[] = [];
    for (const relative of files) {
      const stat = statOrNull(absolute(dataDir, relative));
      if (stat) present.push({ relative, stat });
      else missing.push(relative);
    }
    const filesBytes = present.reduce((sum, f) => sum + f.stat.size, 0);
    total = dbBytes + filesBytes;
    done = dbBytes;
    report();

    // The files are read through the vault (documents/vault.ts): the manifest holds the plain
    // content's SHA-256 and size, a backup to a USB stick holds the plain content (encrypted
    // by the container itself when there is a password), and the store keeps sealed objects.
    const vault = new FileVault(dataDir, key);
    // Into the store first (a backup inside the data folder): the header lists the objects.
    const entries: ManifestFile[] = [];
    let storeAdded = 0;
    let storeObjectsAdded = 0;
    if (options.store) {
      // Without a password the files are plain and hashed as streams, not read whole.
      const sealed = vault.encrypts ? vault : undefined;
      const cache = new HashCache(options.store, sealed);
      for (const { relative, stat } of present) {
        const file = absolute(dataDir, relative);
        const sha256 = await cache.hash(relative, file, stat);
        const put = await putObject(options.store, file, sha256, stat.size, sealed);
        storeAdded += put.added;
        if (!put.existed) storeObjectsAdded += 1;
        const size = sealed ? sealed.plainSize(file, stat.size) : stat.size;
        entries.push({ path: relative, size, sha256 });
        done += stat.size;
        report();
      }
      if (present.length > 0) cache.save();
    }

    const kdf = key ? newKdf() : undefined;
    const header: ContainerHeader = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      app: APP_VERSION,
      schemaVersion,
      createdAt: options.now.toISOString(),
      kind: options.kind,
      encrypted: key !== null,
      selfContained: options.store === null,
      ...(kdf ? { kdf } : {}),
      ...(options.store ? { storeObjects: [...new Set(entries.map((e) => e.sha256))].sort() } : {}),
    };
    const created = await ContainerWriter.create(
      partial,
      header,
      key && kdf ? deriveKey(key, kdf) : null,
    );
    writer = created.writer;
    let database: BackupManifest['database'];
    if (key) {
      database = await writer.addFile(dbCopy);
    } else {
      const raw = await hashFile(dbCopy);
      await pipeline(
        fs.createReadStream(dbCopy),
        zlib.createGzip({ level: 1 }), // level 6 saves 15 % more at twice the time
        fs.createWriteStream(`${dbCopy}.gz`),
      );
      database = { ...(await writer.addFile(`${dbCopy}.gz`)), gzip: raw };
    }
    if (!options.store) {
      for (const { relative } of present) {
        const file = absolute(dataDir, relative);
        const opened = vault.encrypts && isVaultFile(file);
        const blob = opened
          ? await writer.addBuffer(await vault.readAsync(file))
          : await writer.addFile(file, (n) => {
              done += n;
              report();
            });
        if (opened) {
          done += blob.size;
          report();
        }
        entries.push({
          path: relative,
          size: blob.size,
          sha256: blob.sha256,
          offset: blob.offset,
          length: blob.length,
        });
      }
    }
    const manifest: BackupManifest = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      app: APP_VERSION,
      schemaVersion,
      createdAt: header.createdAt,
      kind: options.kind,
      encrypted: header.encrypted,
      selfContained: header.selfContained,
      headerSha256: created.headerSha256,
      database,
      files: entries,
      missing,
      issued,
    };
    const size = await writer.finish(manifest);
    writer = null;
    fs.renameSync(partial, target);
    syncFolder(path.dirname(target));
    done = total;
    report();
    return {
      file: target,
      size,
      files: entries.length,
      filesBytes,
      storeAdded,
      storeObjectsAdded,
      missing,
    };
  } catch (error) {
    await writer?.abort();
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    for (const suffix of ['', '.gz', '-wal', '-shm', '-journal']) {
      fs.rmSync(dbCopy + suffix, { force: true });
    }
  }
}
