import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';

/** Same table drizzle-kit's own migrator keeps, so either tool sees the same history. */
const MIGRATIONS_TABLE = '__drizzle_migrations';

export interface MigrationPlan {
  /** Migrations this build knows. */
  known: number;
  /** Migrations already recorded in the database. */
  applied: number;
  /** Migrations still to run, oldest first. */
  pending: ReturnType<typeof readMigrationFiles>;
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

export function planMigrations(sqlite: Database.Database, migrationsFolder: string): MigrationPlan {
  const all = readMigrationFiles({ migrationsFolder });
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
 * Applies pending migrations in one transaction.
 *
 * Foreign keys are switched off on the connection first: drizzle-kit's table-rebuild
 * migrations issue `PRAGMA foreign_keys=OFF` inside the transaction, where SQLite ignores it,
 * so `DROP TABLE` would cascade and delete child rows (STACK.md, reproduced here).
 * `PRAGMA foreign_key_check` then runs before COMMIT: any dangling row aborts the whole
 * migration and the database stays exactly as it was.
 */
export function applyMigrations(sqlite: Database.Database, plan: MigrationPlan): number {
  if (plan.pending.length === 0) return 0;
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
  return plan.pending.length;
}
