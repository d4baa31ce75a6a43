import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { applyKey, changeKey } from '../../../db/cipher';
import { openSqlite } from '../../../db/sqlite';
import { log } from '../log/logger';
import {
  BACKUP_EXTENSION,
  ContainerWriter,
  deriveKey,
  newKdf,
  type ContainerHeader,
} from './container';
import { readHeaderSync } from './files';
import type { BackupManifest, ManifestFile } from './whole';
import { extractDatabase, extractFile, openWholeBackup } from './whole-read';

/**
 * Gives a whole backup a new password (or none), as the database gets it (设置 → 数据库密码):
 * its database copy is re-keyed, every blob inside it re-encrypted with a key from the new
 * password and a new salt, and the file replaced whole (temporary name, then rename). Store
 * objects are the data folder's own plain files and stay as they are.
 */
export async function rekeyWholeBackup(
  file: string,
  from: string | null,
  to: string | null,
  scratch: string,
): Promise<void> {
  const opened = await openWholeBackup(file, from);
  const work = path.join(scratch, crypto.randomUUID());
  fs.mkdirSync(work, { recursive: true });
  const partial = `${file}.partial`;
  let writer: ContainerWriter | null = null;
  try {
    const dbCopy = path.join(work, 'database.db');
    await extractDatabase(opened, dbCopy);
    const db = openSqlite(dbCopy, { fileMustExist: true });
    try {
      if (from) applyKey(db, from);
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      changeKey(db, to);
    } finally {
      db.close();
    }
    const kdf = to ? newKdf() : undefined;
    const { kdf: _old, ...rest } = opened.header;
    const header: ContainerHeader = { ...rest, encrypted: to !== null, ...(kdf ? { kdf } : {}) };
    const created = await ContainerWriter.create(
      partial,
      header,
      to && kdf ? deriveKey(to, kdf) : null,
    );
    writer = created.writer;
    const database = await writer.addFile(dbCopy);
    const files: ManifestFile[] = [];
    for (const entry of opened.manifest.files) {
      if (entry.offset === undefined) {
        files.push(entry);
        continue;
      }
      const temp = path.join(work, 'file');
      await extractFile(opened, entry, temp);
      const blob = await writer.addFile(temp);
      fs.rmSync(temp, { force: true });
      files.push({ ...entry, offset: blob.offset, length: blob.length });
    }
    const manifest: BackupManifest = {
      ...opened.manifest,
      encrypted: to !== null,
      headerSha256: created.headerSha256,
      database,
      files,
    };
    await writer.finish(manifest);
    writer = null;
    await opened.reader.close();
    fs.renameSync(partial, file);
  } catch (error) {
    await writer?.abort();
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    await opened.reader.close().catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Re-keys every whole backup in <data>/backups that has the old password (or none, when the
 * database had none); a backup with some other password (copied in by hand) is left as is.
 * Returns how many were re-keyed.
 */
export async function rekeyWholeBackups(
  dataDir: string,
  from: string | null,
  to: string | null,
): Promise<number> {
  const dir = path.join(dataDir, 'backups');
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith(BACKUP_EXTENSION));
  } catch {
    return 0;
  }
  let changed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const header = readHeaderSync(file);
    if (!header || header.encrypted !== (from !== null)) continue;
    try {
      await rekeyWholeBackup(file, from, to, path.join(dataDir, 'tmp', 'backup-rekey'));
      changed += 1;
    } catch (error) {
      log.warn(`备份 ${name} 未能换用新密码`, error);
    }
  }
  return changed;
}
