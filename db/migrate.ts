import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { DATA_STEPS, type DataStep } from './data-steps';

/** Same table drizzle-kit's own migrator keeps, so either tool sees the same history. */
const MIGRATIONS_TABLE = '__drizzle_migrations';

/** One migration as drizzle reads it, with the journal's tag (0005_clean_names). */
export type PendingMigration = ReturnType<typeof readMigrationFiles>[number] & { tag: string };

export interface MigrationPlan {
  /** Migrations this build knows. */
  known: number;
  /** Migrations already recorded in the database. */
  applied: number;
  /** Migrations still to run, oldest first. */
  pending: PendingMigration[];
}

export interface MigrationResult {
  /** How many migrations ran. */
  applied: number;
  /** What the data steps did, one line each for the app's log (counts, never personal data). */
  notes: string[];
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly code: 'MIGRATION_FAILED' | 'FOREIGN_KEY_VIOLATION' | 'SCHEMA_TOO_NEW',
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

function ensureTable(sqlite: Database.Database): void {
  sqlite.exec(
    `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
  );
}

/** readMigrationFiles() drops the tag; the journal gives it back by `when` (folderMillis). */
function tagsByMillis(migrationsFolder: string): Map<number, string> {
  const journal = JSON.parse(
    fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as { entries: { when: number; tag: string }[] };
  return new Map(journal.entries.map((entry) => [entry.when, entry.tag]));
}

export function planMigrations(sqlite: Database.Database, migrationsFolder: string): MigrationPlan {
  const tags = tagsByMillis(migrationsFolder);
  const all = readMigrationFiles({ migrationsFolder }).map((m) => ({
    ...m,
    tag: tags.get(m.folderMillis) ?? '',
  }));
  ensureTable(sqlite);
  const rows = sqlite
    .prepare(`SELECT created_at AS createdAt FROM ${MIGRATIONS_TABLE} ORDER BY created_at`)
    .all() as { createdAt: number }[];
  const last = rows.length > 0 ? Number(rows[rows.length - 1]!.createdAt) : -Infinity;
  if (rows.length > all.length || last > (all.at(-1)?.folderMillis ?? -Infinity)) {
    throw new MigrationError(
      `数据库由较新版本的程序创建（结构版本 ${rows.length}，本程序只认识 ${all.length}），请升级程序后再打开。`,
      'SCHEMA_TOO_NEW',
    );
  }
  return {
    known: all.length,
    applied: rows.length,
    pending: all.filter((m) => m.folderMillis > last),
  };
}

/**
 * Applies pending migrations in one transaction. A migration whose tag has a data step
 * (db/data-steps.ts) runs it right after its SQL, in the same transaction, so the data is
 * changed exactly when the schema version says it was; a failing step undoes everything.
 *
 * Foreign keys are switched off on the connection first: drizzle-kit's table-rebuild
 * migrations issue `PRAGMA foreign_keys=OFF` inside the transaction, where SQLite ignores it,
 * so `DROP TABLE` would cascade and delete child rows (STACK.md, reproduced here).
 * `PRAGMA foreign_key_check` then runs before COMMIT: any dangling row aborts the whole
 * migration and the database stays exactly as it was.
 */
export function applyMigrations(
  sqlite: Database.Database,
  plan: MigrationPlan,
  options: { now?: Date; steps?: Record<string, DataStep> } = {},
): MigrationResult {
  const notes: string[] = [];
  if (plan.pending.length === 0) return { applied: 0, notes };
  const steps = options.steps ?? DATA_STEPS;
  const now = options.now ?? new Date();
  const fkWasOn = sqlite.pragma('foreign_keys', { simple: true }) === 1;
  sqlite.pragma('foreign_keys = OFF');
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      const record = sqlite.prepare(
        `INSERT INTO ${MIGRATIONS_TABLE} (hash, created_at) VALUES (?, ?)`,
      );
      for (const migration of plan.pending) {
        for (const statement of migration.sql) {
          if (statement.trim()) sqlite.exec(statement);
        }
        const note = steps[migration.tag]?.({ sqlite, now });
        if (note) notes.push(note);
        record.run(migration.hash, migration.folderMillis);
      }
      const violations = sqlite.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) {
        throw new MigrationError(
          `数据库升级会留下 ${violations.length} 条无主记录（外键检查未通过），已撤销本次升级，数据未改动。`,
          'FOREIGN_KEY_VIOLATION',
        );
      }
      sqlite.exec('COMMIT');
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      if (error instanceof MigrationError) throw error;
      throw new MigrationError(
        `数据库升级失败，已撤销，数据未改动：${(error as Error).message}`,
        'MIGRATION_FAILED',
      );
    }
  } finally {
    if (fkWasOn) sqlite.pragma('foreign_keys = ON');
  }
  return { applied: plan.pending.length, notes };
}
