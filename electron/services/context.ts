import type Database from 'better-sqlite3';
import type { Db } from '../../db/open';

/**
 * What every service needs, passed in rather than imported, so the same functions run under
 * Electron, the web host, the CLI and Vitest.
 */
export interface ServiceContext {
  db: Db;
  sqlite: Database.Database;
  /** The data folder: database, backups, attachments. */
  dataDir: string;
  databaseFile: string;
  schemaVersion: number;
  /** Who is working; recorded with every audit entry. */
  operator: string;
  now: () => Date;
}

/**
 * Runs a write as one transaction (nested calls become savepoints). better-sqlite3
 * transactions must be synchronous, so `work` must not be async.
 */
export function inTransaction<T>(ctx: ServiceContext, work: () => T): T {
  return ctx.sqlite.transaction(work).immediate();
}
