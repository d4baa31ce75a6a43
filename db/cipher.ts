import fs from 'node:fs';
import type Database from 'better-sqlite3';

/**
 * Encryption at rest. `better-sqlite3` is installed as better-sqlite3-multiple-ciphers (a
 * drop-in build of SQLite3 Multiple Ciphers). The SQLCipher 4 format is chosen so that a
 * county IT office can open a file with standard SQLCipher tools (DB Browser for SQLite).
 */

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Keys go to SQLite as hex, so no quote or backslash in a password can break the PRAGMA. */
const hex = (password: string): string => Buffer.from(password, 'utf8').toString('hex');

function selectCipher(sqlite: Database.Database): void {
  sqlite.pragma(`cipher = 'sqlcipher'`);
  sqlite.pragma('legacy = 4');
}

/**
 * True when the file looks like an encrypted database: whole pages (a size that is a non-zero
 * multiple of 512, the smallest page) without SQLite's plain header. Encrypted pages look
 * random, so this is as far as a file can be told apart from junk without its key.
 */
export function isEncryptedFile(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0 || size % 512 !== 0) return false;
    const head = Buffer.alloc(16);
    const read = fs.readSync(fd, head, 0, 16, 0);
    return read === 16 && !head.equals(SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

/** Gives the key of an encrypted database; must run before the first read. */
export function applyKey(sqlite: Database.Database, password: string): void {
  selectCipher(sqlite);
  sqlite.pragma(`hexkey = '${hex(password)}'`);
}

/**
 * Sets, changes (password) or removes (null) the key of an open database. SQLite3MC cannot
 * rekey in WAL mode, so the journal goes to DELETE for the rekey and back to WAL after.
 */
export function changeKey(sqlite: Database.Database, password: string | null): void {
  const journal = String(sqlite.pragma('journal_mode', { simple: true }));
  if (journal === 'wal') sqlite.pragma('journal_mode = DELETE');
  try {
    if (password === null) {
      sqlite.pragma(`rekey = ''`);
    } else {
      selectCipher(sqlite);
      sqlite.pragma(`hexrekey = '${hex(password)}'`);
    }
  } finally {
    if (journal === 'wal') sqlite.pragma('journal_mode = WAL');
  }
}
