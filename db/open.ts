import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';
import { writeWholeBackup } from '../electron/services/backup/whole';
import { applyKey, isEncryptedFile } from './cipher';
import { applyMigrations, planMigrations } from './migrate';
import { BUSY_TIMEOUT_MS, openSqlite } from './sqlite';

/** Drizzle over better-sqlite3, with the raw connection drizzle keeps as $client. */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenedDatabase {
  sqlite: Database.Database;
  db: Db;
  file: string;
  /** Number of migrations recorded in the database after opening. */
  schemaVersion: number;
  /** Backup written before pending migrations were applied, if any. */
  preMigrationBackup: string | null;
  /** What the migrations' data steps did, one line each for the app's log. */
  migrationNotes: string[];
  close(): void;
}

export interface OpenOptions {
  file: string;
  migrationsFolder: string;
  /** Where pre-migration backups go; defaults to <folder of file>/backups. */
  backupsDir?: string;
  /** The database password, when the file is encrypted (or is to be created encrypted). */
  key?: string | null;
  now?: () => Date;
}

export type DatabaseOpenProblem = 'LOCKED' | 'WRONG_PASSWORD' | 'IN_USE' | 'NOT_A_DATABASE';

/** Why a database could not be opened, in words the clerk can act on. */
export class DatabaseOpenError extends Error {
  constructor(
    readonly problem: DatabaseOpenProblem,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

export const DATABASE_FILE_NAME = 'village-ledger.db';

/** Default location of the committed migrations when running from the source tree. */
export const defaultMigrationsFolder = (): string =>
  path.resolve(import.meta.dirname, 'migrations');

/** Local time, as the clerk reads the office clock: 20260304-130607. */
export function stamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

function hasUserData(sqlite: Database.Database): boolean {
  const row = sqlite
    .prepare(
      // The migrations table alone (left by a first migration that failed) holds no data.
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations'",
    )
    .get() as { n: number };
  return row.n > 0;
}

/** The lock beside the database that says which process has it open (see claim()). */
export const lockFileOf = (file: string): string => `${file}-lock`;

/**
 * Takes the file for this process alone and proves the key. The process's claim is an
 * EXCLUSIVE lock on a small SQLite file beside the database (<db>-lock), held from open until
 * close (the OS drops it if the process dies), so a second program (another window, the web
 * host, the CLI) is refused instead of writing beside this one; the busy timeout is 0 so the
 * refusal is immediate. The database itself stays in NORMAL locking mode (WAL with its shared
 * index), so a worker thread of this same process can open a second connection to it: a long
 * write (a roster import, the demo seed) runs there in one transaction while this connection
 * keeps reading its snapshot (issue 15 item 2, services/jobs/worker-run.ts). Returns the lock.
 */
function claim(
  sqlite: Database.Database,
  file: string,
  key: string | null | undefined,
): Database.Database {
  const lock = openSqlite(lockFileOf(file));
  const inUse = () =>
    new DatabaseOpenError(
      'IN_USE',
      `数据库正被另一个程序使用（可能是已打开的台账窗口、网页版或命令行）。请先关闭它再试。数据库文件：${file}`,
    );
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.pragma('busy_timeout = 0');
    // The lock holds no data worth a journal file beside it.
    lock.pragma('journal_mode = MEMORY');
    // A write takes the EXCLUSIVE lock; in this locking mode it is kept after the commit.
    lock.pragma('user_version = 1');
  } catch (error) {
    lock.close();
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw inUse();
    throw error;
  }
  sqlite.pragma('busy_timeout = 0');
  if (key) applyKey(sqlite, key);
  try {
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    sqlite.pragma('journal_mode = WAL');
  } catch (error) {
    lock.close();
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw inUse();
    if (code === 'SQLITE_NOTADB') {
      if (key) throw new DatabaseOpenError('WRONG_PASSWORD', '数据库密码不对，请重新输入。');
      if (isEncryptedFile(file)) {
        throw new DatabaseOpenError('LOCKED', '数据库已设密码，请输入数据库密码。');
      }
      throw new DatabaseOpenError('NOT_A_DATABASE', `这个文件不是台账数据库：${file}`);
    }
    throw error;
  }
  return lock;
}

/**
 * Opens (or creates) the database: this process's exclusive lock, the key, WAL, foreign keys,
 * busy timeout, then pending migrations after an online backup of an existing database.
 * Nothing here ever deletes the file.
 */
export async function openDatabase(options: OpenOptions): Promise<OpenedDatabase> {
  const now = options.now ?? (() => new Date());
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  const sqlite = openSqlite(options.file);
  let lock: Database.Database | null = null;
  try {
    lock = claim(sqlite, options.file, options.key);
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma('foreign_keys = ON');

    const existed = hasUserData(sqlite);
    const plan = planMigrations(sqlite, options.migrationsFolder);
    let preMigrationBackup: string | null = null;
    if (existed && plan.pending.length > 0) {
      const dir = options.backupsDir ?? path.join(path.dirname(options.file), 'backups');
      // A whole backup (docs/domain.md §6 备份): the database and, through the store of
      // <data>/backups, every file it refers to; the data folder is the one holding backups/.
      preMigrationBackup = (
        await writeWholeBackup({
          sqlite,
          key: options.key ?? null,
          dataDir: path.dirname(dir),
          target: path.join(dir, `升级前-${stamp(now())}-v${plan.applied}.vlbak`),
          kind: '升级前',
          now: now(),
          store: dir,
        })
      ).file;
    }
    const { notes } = applyMigrations(sqlite, plan, { now: now() });
    const db = drizzle(sqlite, { schema });
    return {
      sqlite,
      db,
      file: options.file,
      schemaVersion: plan.applied + plan.pending.length,
      preMigrationBackup,
      migrationNotes: notes,
      close: () => {
        sqlite.close();
        lock?.close();
      },
    };
  } catch (error) {
    sqlite.close();
    lock?.close();
    throw error;
  }
}
