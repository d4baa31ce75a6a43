import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';
import { writeBackup } from './backup';
import { applyMigrations, planMigrations } from './migrate';

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
  close(): void;
}

export interface OpenOptions {
  file: string;
  migrationsFolder: string;
  /** Where pre-migration backups go; defaults to <folder of file>/backups. */
  backupsDir?: string;
  now?: () => Date;
}

export const DATABASE_FILE_NAME = 'village-ledger.db';

/** Default location of the committed migrations when running from the source tree. */
export const defaultMigrationsFolder = (): string =>
  path.resolve(import.meta.dirname, 'migrations');

/** Local time, as the clerk reads the office clock: 20260304-130607. */
function stamp(date: Date): string {
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

/**
 * Opens (or creates) the database: WAL, foreign keys, busy timeout, then pending migrations,
 * after an online backup of an existing database. Nothing here ever deletes the file.
 */
export async function openDatabase(options: OpenOptions): Promise<OpenedDatabase> {
  const now = options.now ?? (() => new Date());
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  const sqlite = new Database(options.file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');

    const existed = hasUserData(sqlite);
    const plan = planMigrations(sqlite, options.migrationsFolder);
    let preMigrationBackup: string | null = null;
    if (existed && plan.pending.length > 0) {
      const dir = options.backupsDir ?? path.join(path.dirname(options.file), 'backups');
      preMigrationBackup = await writeBackup(
        sqlite,
        path.join(dir, `升级前-${stamp(now())}-v${plan.applied}.db`),
      );
    }
    applyMigrations(sqlite, plan);
    const db = drizzle(sqlite, { schema });
    return {
      sqlite,
      db,
      file: options.file,
      schemaVersion: plan.applied + plan.pending.length,
      preMigrationBackup,
      close: () => sqlite.close(),
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
