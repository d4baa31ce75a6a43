import Database from 'better-sqlite3';

/**
 * How long a write waits for another connection's write lock. The only other writer of the
 * live file is a background job's worker thread (services/jobs/worker.ts: a roster import or
 * the demo seed in one transaction, seconds long), and a wait on the main thread would freeze
 * the window for that long (issue 15 item 2): a write that meets it fails at once with
 * SQLITE_BUSY, which dispatch.ts says in words (正在导入名册…请稍候再试).
 */
export const BUSY_TIMEOUT_MS = 50;

/**
 * The one way this app opens a SQLite connection (the live database, backups, copies).
 * `trusted_schema = OFF`: SQL stored inside a database file (views, triggers, CHECK and
 * DEFAULT expressions, expression indexes, generated columns) may call only the functions
 * SQLite marks harmless, so a file from outside cannot make a query run code of its choosing
 * (issue 14: a restored backup carried a trigger that deleted the audit trail's reveal rows).
 * The app's own schema has none of these, so it loses nothing.
 */
export function openSqlite(file: string, options?: Database.Options): Database.Database {
  const sqlite = new Database(file, options);
  try {
    sqlite.pragma('trusted_schema = OFF');
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return sqlite;
}
