import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { applyKey, changeKey, isEncryptedFile } from '../../../db/cipher';
import { defaultMigrationsFolder } from '../../../db/open';
import { openSqlite } from '../../../db/sqlite';
import type { BackupCheck, BackupCounts } from '../../api/backup-types';
import { AppError } from '../../api/errors';
import type { ServiceContext } from '../context';
import { compareWithLive } from './compare';
import { isContainer } from './container';
import { backupsDir } from './files';
import { namedFiles } from './referenced';
import {
  checkDatabaseOffThread,
  checkTimeout,
  expectedSchemas,
  verdictRefusal,
} from './schema-check';
import { storeDir } from './store';
import {
  assertRoom,
  bytesToWrite,
  extractDatabase,
  filesRefusal,
  MAX_FILES,
  openWholeBackup,
  verifyFiles,
  type OpenedBackup,
} from './whole-read';

/** What a restore shows the clerk; the table each count comes from. */
const COUNTED: Record<keyof BackupCounts, string> = {
  grids: 'grids',
  households: 'households',
  members: 'members',
  workers: 'workers',
  problems: 'problems',
  visits: 'visits',
  archiveItems: 'archive_items',
};

/** The tables of the very first migration: a file without them is not this app's database. */
const REQUIRED_TABLES = ['__drizzle_migrations', 'grids', 'settings', 'audit_log'];

const MIGRATIONS_TABLE = '__drizzle_migrations';

const NOT_OURS = '这不是台账的备份文件，请选择备份列表里的文件或「村级网格台账备份-…」文件。';

function sameFile(a: string, b: string): boolean {
  try {
    if (fs.realpathSync(a) === fs.realpathSync(b)) return true;
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/**
 * Where a backup named by the clerk is: a bare name inside <data>/backups only (never a path
 * that climbs out of it), or a full path to an existing regular file; never the live database.
 */
export function resolveBackupFile(ctx: ServiceContext, file: string): string {
  const bare = !/[\\/]/.test(file);
  let resolved: string;
  if (bare) {
    const dir = backupsDir(ctx);
    resolved = path.resolve(dir, file);
    if (path.dirname(resolved) !== dir || file.startsWith('..')) {
      throw new AppError('VALIDATION', `备份文件名不对：${file}`);
    }
    if (!fs.existsSync(resolved)) {
      throw new AppError('NOT_FOUND', `备份列表里没有这个文件：${file}`);
    }
  } else {
    if (!path.isAbsolute(file)) {
      throw new AppError('VALIDATION', `备份文件应为完整路径：${file}`);
    }
    resolved = path.resolve(file);
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    throw new AppError(
      'NOT_FOUND',
      `找不到备份文件：${resolved}。请确认 U 盘已插好、路径没有写错。`,
    );
  }
  if (!stat.isFile()) {
    throw new AppError('VALIDATION', `备份文件填的不是一个文件：${resolved}`);
  }
  if (sameFile(resolved, ctx.databaseFile)) {
    throw new AppError(
      'VALIDATION',
      '这是正在使用的数据库文件本身，不能用它来恢复。请选择一份备份文件。',
    );
  }
  return resolved;
}

/** Flushes a copy to the disk before it is trusted (power cuts). */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Removes a database file with whatever journal files an open left beside it. */
export function removeDatabaseFiles(file: string): void {
  fs.rmSync(file, { force: true });
  removeJournalFiles(file);
}

/** The -wal, -shm and -journal files beside a database, not the database itself. */
export function removeJournalFiles(file: string): void {
  for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}

/**
 * Copies the backup the clerk chose to a file of our own before anything opens it. Opening a
 * file in place would leave -wal/-shm files beside it (a database copied from another PC is
 * in WAL mode) or fail on a write-protected stick, and what is checked must be byte for byte
 * what is restored.
 */
export function stageCopy(source: string, target: string): void {
  removeDatabaseFiles(target);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    fs.copyFileSync(source, target);
    syncFile(target);
  } catch (error) {
    removeDatabaseFiles(target);
    const code = (error as { code?: string }).code;
    if (code === 'ENOSPC') throw error;
    throw new AppError('VALIDATION', `读不到备份文件：${source}。请确认 U 盘已插好。`);
  }
}

function tableNames(db: Database.Database): Set<string> {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
    name: string;
  }[];
  return new Set(rows.map((row) => row.name));
}

/** Record counts of an open database; a table an older schema did not have yet counts 0. */
export function countsOf(db: Database.Database): BackupCounts {
  const tables = tableNames(db);
  const counts = {} as BackupCounts;
  for (const [key, table] of Object.entries(COUNTED) as [keyof BackupCounts, string][]) {
    counts[key] = tables.has(table)
      ? (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n
      : 0;
  }
  return counts;
}

function migrationState(db: Database.Database): { count: number; last: number } {
  const row = db
    .prepare(`SELECT count(*) AS count, max(created_at) AS last FROM ${MIGRATIONS_TABLE}`)
    .get() as { count: number; last: number | null };
  return { count: row.count, last: row.last === null ? -Infinity : Number(row.last) };
}

export interface Inspected {
  check: BackupCheck;
  /** The key that opened the backup; the restored database keeps it (null: a plain file). */
  key: string | null;
  /** The single files its data names (photos/…, documents/…), for the manifest cross-check. */
  named: string[];
}

/** Said of a backup made by an earlier version (docs/domain.md §6 备份). */
export const DATABASE_ONLY_NOTE =
  '这是旧版本做的备份，只有数据库：不含照片、问题附件、归档原件、已发公示和导入的档案包。恢复后这些文件要另行拷回数据文件夹，否则打开时会提示「原件不见了」。';

/**
 * What happens to the database password, said before a restore (docs/domain.md §6 备份): a restore
 * never takes the current password away. Onto a database with a password the restored copy is
 * re-keyed with that password (restore.ts); onto one without, an encrypted backup keeps its
 * own (a new PC restored from the office's USB stick stays protected).
 */
export function keyNote(
  current: string | null,
  encrypted: boolean,
  key: string | null,
): string | null {
  if (current !== null && !encrypted) {
    return '这份备份没有加密。恢复后数据库仍由当前的数据库密码保护：恢复时会用当前密码把它加密，打开时仍输入当前密码。';
  }
  if (current !== null && key !== current) {
    return '这份备份的密码与当前的数据库密码不同。恢复后数据库仍使用当前的数据库密码，打开时仍输入当前密码。';
  }
  if (current === null && encrypted) {
    return '这份备份已加密，当前数据库没有设密码。恢复后数据库使用这份备份的密码，以后打开时要输入它。';
  }
  return null;
}

/**
 * Re-keys a checked, staged copy with the current database password when it has another key
 * or none (keyNote says so before the restore); returns the key the restored file will have.
 */
export function keepCurrentKey(
  staged: string,
  key: string | null,
  current: string | null,
): string | null {
  if (current === null || key === current) return key;
  const db = openSqlite(staged, { fileMustExist: true });
  try {
    if (key) applyKey(db, key);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    changeKey(db, current);
  } finally {
    db.close();
  }
  syncFile(staged);
  return current;
}

/**
 * Checks a staged copy. First, off the service thread with a time and memory budget
 * (schema-check.ts): its key, its schema equal to what this app's migrations build for its
 * version (no trigger, view, index or CHECK of its own), PRAGMA integrity_check, a schema
 * version this build can open (planMigrations' rule in db/migrate.ts: no more migrations than
 * this build knows, none newer than its newest). Only then is it opened here (trusted_schema
 * OFF) for what it holds, its last change and what the current data would lose.
 */
export async function inspectBackup(
  ctx: ServiceContext,
  staged: string,
  shownFile: string,
  password: string | undefined,
): Promise<Inspected> {
  const encrypted = isEncryptedFile(staged);
  const key = encrypted ? (password ?? ctx.session?.key ?? null) : null;
  if (encrypted && !key) {
    throw new AppError('VALIDATION', '备份文件已加密，请填写做这份备份时的数据库密码。');
  }
  const verdict = await checkDatabaseOffThread({
    file: staged,
    key,
    encrypted,
    expected: expectedSchemas(ctx.migrationsFolder ?? defaultMigrationsFolder()),
    appLast: migrationState(ctx.sqlite).last,
    timeoutMs: checkTimeout(fs.statSync(staged).size),
  });
  if (!verdict.ok) throw verdictRefusal(verdict, ctx.schemaVersion);
  let db: Database.Database;
  try {
    db = openSqlite(staged, { fileMustExist: true });
  } catch {
    throw new AppError('VALIDATION', NOT_OURS);
  }
  try {
    if (key) applyKey(db, key);
    const tables = tableNames(db);
    if (REQUIRED_TABLES.some((table) => !tables.has(table))) {
      throw new AppError('VALIDATION', NOT_OURS);
    }
    const last = db.prepare('SELECT max(at) AS at FROM audit_log').get() as { at: string | null };
    const note = keyNote(ctx.session?.key ?? null, encrypted, key);
    return {
      key,
      // A manifest lists at most MAX_FILES files and as many missing ones.
      named: namedFiles(db, 2 * MAX_FILES),
      check: {
        file: shownFile,
        ok: true,
        encrypted,
        schemaVersion: verdict.version,
        appSchemaVersion: ctx.schemaVersion,
        counts: countsOf(db),
        lastChange: last.at,
        whole: false,
        createdAt: null,
        files: { count: 0, bytes: 0, missingAtBackup: [] },
        notes: [DATABASE_ONLY_NOTE, ...(note ? [note] : [])],
        loss: compareWithLive(ctx.sqlite, db),
      },
    };
  } finally {
    db.close();
  }
}

export interface Prepared extends Inspected {
  /** The opened whole backup (null for a .db); the caller closes its reader. */
  backup: OpenedBackup | null;
}

/**
 * Everything a restore checks before it changes anything (docs/domain.md §6 备份): a whole
 * backup is opened (with the password when encrypted), its database written to `staged` and
 * checked against the manifest's hash, every file hashed against the manifest, the database
 * inspected, and every file the database names must be in the manifest (or noted there as
 * already missing when the backup was made). The first bad or missing file is named. A .db
 * backup of an earlier version is staged and inspected as before.
 */
export async function prepareBackup(
  ctx: ServiceContext,
  source: string,
  staged: string,
  password: string | undefined,
): Promise<Prepared> {
  if (!(await isContainer(source))) {
    stageCopy(source, staged);
    return { ...(await inspectBackup(ctx, staged, source, password)), backup: null };
  }
  const backup = await openWholeBackup(source, password ?? ctx.session?.key ?? null);
  try {
    fs.mkdirSync(path.dirname(staged), { recursive: true });
    assertRoom(path.dirname(staged), bytesToWrite(backup, ctx.dataDir));
    removeDatabaseFiles(staged);
    await extractDatabase(backup, staged);
    const problems = await verifyFiles(backup);
    const inspected = await inspectBackup(
      ctx,
      staged,
      source,
      password ?? ctx.session?.key ?? undefined,
    );
    const listed = new Set([
      ...backup.manifest.files.map((f) => f.path),
      ...backup.manifest.missing,
    ]);
    for (const file of inspected.named) {
      if (!listed.has(file)) problems.push({ path: file, why: 'missing' });
    }
    if (
      problems.length > 0 &&
      !backup.header.selfContained &&
      !fs.existsSync(storeDir(backup.storeBackupsDir))
    ) {
      throw new AppError(
        'VALIDATION',
        `这份备份（${path.basename(source)}）是数据文件夹里的备份，照片、附件和原件存放在它旁边的 files 文件夹中，单独拷出来不能恢复。请在原来的电脑上用「备份到 U 盘」做一份完整的备份。`,
      );
    }
    if (problems.length > 0) throw filesRefusal(problems);
    const { manifest } = backup;
    const notes: string[] = [];
    const note = keyNote(ctx.session?.key ?? null, inspected.check.encrypted, inspected.key);
    if (note) notes.push(note);
    if (manifest.missing.length > 0) {
      notes.push(
        `做这份备份时，数据文件夹里已缺少 ${manifest.missing.length} 个文件（如「${manifest.missing[0]}」），备份里也没有它们。`,
      );
    }
    return {
      ...inspected,
      backup,
      check: {
        ...inspected.check,
        encrypted: manifest.encrypted,
        whole: true,
        createdAt: manifest.createdAt,
        files: {
          count: manifest.files.length,
          bytes: manifest.files.reduce((sum, f) => sum + f.size, 0),
          missingAtBackup: manifest.missing,
        },
        notes,
      },
    };
  } catch (error) {
    await backup.reader.close();
    removeDatabaseFiles(staged);
    throw error;
  }
}

/** backup.check: the chosen backup checked on a copy of its own, removed after. */
export async function checkBackup(
  ctx: ServiceContext,
  input: { file: string; password?: string },
): Promise<BackupCheck> {
  const source = resolveBackupFile(ctx, input.file);
  // <data>/tmp is the app's scratch folder; a name of its own per check, removed after.
  const staged = path.join(ctx.dataDir, 'tmp', 'backup-check', `${crypto.randomUUID()}.db`);
  try {
    const prepared = await prepareBackup(ctx, source, staged, input.password);
    await prepared.backup?.reader.close();
    return prepared.check;
  } finally {
    removeDatabaseFiles(staged);
  }
}
