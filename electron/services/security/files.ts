import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { FileVault, isVaultFile, renewFolderSalt } from '../../documents/vault';
import { PARTIAL, writeFlushed, writeWhole } from '../../documents/write-whole';
import { log } from '../log/logger';
import { filesUnder } from '../backup/referenced';

/**
 * The data folder's files under a new database password (issue 14 item 5): setting, changing
 * or removing the password seals, re-seals or opens every file the vault keeps (vault.ts).
 *
 * Crash-safe in two phases around the database's own rekey:
 *   1. prepare: a journal <data>/file-rekey.json lists the files; each gets its new content
 *      as <file>.rekey (flushed). Any failure (a full disk) removes them: nothing changed.
 *   2. the caller rekeys the database, then commit(): each <file>.rekey is renamed over its
 *      file, and the journal goes.
 * A crash in between leaves the journal: at the next open (finishFileRekey, from openRuntime
 * with the key the database opened with) a <file>.rekey that opens with that key is renamed
 * in — the database was rekeyed — and one that does not is removed — it was not.
 */

/** Folders whose files hold personal data; backups/files is the backup store (store.ts). */
export const VAULT_FOLDERS = [
  'photos',
  'attachments',
  'documents',
  'archive',
  'imports',
  'exports',
  'backups/files',
] as const;

const JOURNAL = 'file-rekey.json';
const REKEY = '.rekey';
const HEX64 = /^[0-9a-f]{64}$/;

/** Every file the vault keeps, relative to the data folder with forward slashes. */
export function vaultFiles(dataDir: string): string[] {
  const kept = (relative: string) => {
    const name = relative.slice(relative.lastIndexOf('/') + 1);
    return (
      !name.endsWith(PARTIAL) &&
      !name.endsWith(REKEY) &&
      (!relative.startsWith('backups/files/') || HEX64.test(name))
    );
  };
  return VAULT_FOLDERS.flatMap((folder) => filesUnder(dataDir, folder))
    .filter(kept)
    .sort();
}

const absolute = (dataDir: string, relative: string) => path.join(dataDir, ...relative.split('/'));

export interface PreparedRekey {
  /** Files that get new content. */
  readonly files: number;
  /** Renames the new contents in (after the database was rekeyed). */
  commit(): void;
  /** Removes the new contents (the database keeps its key). */
  abort(): void;
}

/**
 * Phase 1: the new content of every vault file, from password `from` to `to` (null: plain),
 * beside it. A file that does not open with `from` (sealed with some other password, copied
 * in by hand) is left as it is and logged.
 */
export function prepareFileRekey(
  dataDir: string,
  from: string | null,
  to: string | null,
): PreparedRekey {
  const source = new FileVault(dataDir, from);
  const journal = path.join(dataDir, JOURNAL);
  const relatives = vaultFiles(dataDir);
  const ready: string[] = [];
  const removeNew = () => {
    for (const relative of ready) fs.rmSync(absolute(dataDir, relative) + REKEY, { force: true });
  };
  writeWhole(journal, Buffer.from(JSON.stringify({ files: relatives }), 'utf8'));
  try {
    // New files get a new salt: nothing sealed under the new password shares a key with
    // what was sealed before.
    if (to !== null) renewFolderSalt(dataDir);
    const target = new FileVault(dataDir, to);
    for (const relative of relatives) {
      const file = absolute(dataDir, relative);
      let plain: Buffer;
      try {
        plain = source.read(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        log.warn(`「${relative}」不能用原来的密码打开，保持原样`, error);
        continue;
      }
      if (to === null && !isVaultFile(file)) continue; // plain already
      writeFlushed(file + REKEY, target.seal(plain));
      ready.push(relative);
    }
  } catch (error) {
    removeNew();
    fs.rmSync(journal, { force: true });
    throw error;
  }
  return {
    files: ready.length,
    commit() {
      for (const relative of ready) {
        const file = absolute(dataDir, relative);
        fs.renameSync(file + REKEY, file);
      }
      fs.rmSync(journal, { force: true });
    },
    abort() {
      removeNew();
      fs.rmSync(journal, { force: true });
    },
  };
}

/**
 * At open, after a crash during a password change: each <file>.rekey left by phase 1 is
 * renamed in when it opens with the key the database opened with, else removed. Returns how
 * many were renamed in.
 */
export function finishFileRekey(dataDir: string, key: string | null): number {
  const journal = path.join(dataDir, JOURNAL);
  let relatives: string[];
  try {
    const parsed = JSON.parse(fs.readFileSync(journal, 'utf8')) as { files?: unknown };
    relatives = Array.isArray(parsed.files)
      ? parsed.files.filter((f): f is string => typeof f === 'string')
      : [];
  } catch {
    return 0;
  }
  const vault = new FileVault(dataDir, key);
  let finished = 0;
  for (const relative of relatives) {
    // Only names inside the vault's folders: the journal is a file of the data folder.
    if (relative.split('/').includes('..')) continue;
    if (!VAULT_FOLDERS.some((folder) => relative.startsWith(`${folder}/`))) continue;
    const file = absolute(dataDir, relative);
    const next = file + REKEY;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(next);
    } catch {
      continue;
    }
    if (vault.fits(bytes)) {
      fs.renameSync(next, file);
      finished += 1;
    } else {
      fs.rmSync(next, { force: true });
    }
  }
  fs.rmSync(journal, { force: true });
  if (finished > 0) log.warn(`上次修改数据库密码时中断：已完成 ${finished} 个文件的加密转换`);
  return finished;
}

/**
 * Seals every file under `folder` in place (an imported package before it gets its name);
 * nothing to do without a password.
 */
export async function sealFolder(vault: FileVault, folder: string): Promise<void> {
  if (!vault.encrypts) return;
  const visit = async (dir: string) => {
    for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) await visit(file);
      else if (entry.isFile()) vault.write(file, await fsp.readFile(file));
    }
  };
  await visit(folder);
}

const swept = new Set<string>();

/**
 * Plain copies a crash can leave in the data folder (issue 14 item 5): the web download of an
 * archive package is made in <data>/tmp/archive-export-… and removed once read, and an import
 * unpacks into <data>/imports/.partial-… before its files are sealed. At the first open in a
 * process nothing can be using them (the database is one process's alone, and this one has
 * not started any): they are removed. Later opens (after a restore) leave them alone.
 */
export function removePlainLeftovers(dataDir: string): string[] {
  const key = path.resolve(dataDir);
  if (swept.has(key)) return [];
  swept.add(key);
  const removed: string[] = [];
  const sweep = (folder: string, prefix: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(dataDir, folder));
    } catch {
      return;
    }
    for (const name of names.filter((n) => n.startsWith(prefix))) {
      fs.rmSync(path.join(dataDir, folder, name), { recursive: true, force: true });
      removed.push(`${folder}/${name}`);
    }
  };
  sweep('tmp', 'archive-export-');
  sweep('imports', '.partial-');
  return removed;
}
