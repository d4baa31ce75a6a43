import type Database from 'better-sqlite3';
import type { Db } from '../../db/open';
import type { SessionStatus } from '../api/session-types';

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
  /** The app's migrations: what a backup's schema is checked against (backup/schema-check.ts). */
  migrationsFolder?: string;
  /** Who is working; recorded with every audit entry. */
  operator: string;
  now: () => Date;
  /**
   * The app session that opened this context, when there is one (app, web host, CLI): what
   * must close and reopen the database (restore) or remember its key (password changes).
   * Absent where a test opens a runtime directly.
   */
  session?: SessionControl;
}

/** What services may ask of the session that holds the open database. */
export interface SessionControl {
  /** The database password of this session, or null when the file is not encrypted. */
  readonly key: string | null;
  /** The context of the database open now (a new one after replaceDatabase). */
  readonly ctx: ServiceContext;
  /** Remembers a new password after the live file was rekeyed with it. */
  setKey(key: string | null): void;
  /**
   * Closes the database, runs `work` (which may replace the file), then opens it again; the
   * context passed to later calls is the new one. Reopens even when `work` throws.
   */
  replaceDatabase(work: () => Promise<void> | void): Promise<void>;
  status(): SessionStatus;
}

/**
 * Runs a write as one transaction (nested calls become savepoints). better-sqlite3
 * transactions must be synchronous, so `work` must not be async.
 */
export function inTransaction<T>(ctx: ServiceContext, work: () => T): T {
  return ctx.sqlite.transaction(work).immediate();
}
