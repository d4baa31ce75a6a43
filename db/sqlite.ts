import Database from 'better-sqlite3';

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
