import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Writes a consistent copy of an open database with SQLite's online backup API.
 *
 * The copy is written under a temporary name and renamed at the end, so a killed backup never
 * leaves a file that looks whole. It is switched to the rollback journal, so the backup is one
 * self-contained file that opening it later does not surround with -wal/-shm files.
 */
export async function writeBackup(sqlite: Database.Database, target: string): Promise<string> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  try {
    await sqlite.backup(partial);
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return target;
}
