import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { applyKey } from './cipher';
import { openSqlite } from './sqlite';

export interface BackupOptions {
  /** The key of the open database; its backup is encrypted with the same key. */
  key?: string | null;
  /** Pages copied so far and in all, after each step of the online backup. */
  onProgress?: (done: number, total: number) => void;
}

/** Pages per step of the online backup: small enough to report progress, large enough to be fast. */
const PAGES_PER_STEP = 2048;

/**
 * Writes a consistent copy of an open database.
 *
 * A plain database is copied with SQLite's online backup API, step by step with progress. An
 * encrypted one with VACUUM INTO: SQLite3 Multiple Ciphers refuses the backup API between an
 * encrypted source and an unkeyed target ("incompatible source and target databases"), while
 * VACUUM INTO writes the copy encrypted with the same key, so no plain copy ever touches disk.
 *
 * The copy is written under a temporary name and renamed at the end, so a killed backup never
 * leaves a file that looks whole. It is switched to the rollback journal, so the backup is one
 * self-contained file that opening it later does not surround with -wal/-shm files.
 */
export async function writeBackup(
  sqlite: Database.Database,
  target: string,
  options: BackupOptions = {},
): Promise<string> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    if (options.key) {
      const pages = Number(sqlite.pragma('page_count', { simple: true }));
      options.onProgress?.(0, pages);
      sqlite.prepare('VACUUM INTO ?').run(partial);
      options.onProgress?.(pages, pages);
    } else {
      const { totalPages } = await sqlite.backup(partial, {
        progress: ({ totalPages, remainingPages }) => {
          options.onProgress?.(totalPages - remainingPages, totalPages);
          return PAGES_PER_STEP;
        },
      });
      // better-sqlite3 calls progress between steps only, never after the last one.
      options.onProgress?.(totalPages, totalPages);
    }
    const copy = openSqlite(partial);
    try {
      if (options.key) applyKey(copy, options.key);
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    syncFile(partial);
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return target;
}

/** Flushes a finished copy to the disk before it gets its final name (power cuts). */
function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
