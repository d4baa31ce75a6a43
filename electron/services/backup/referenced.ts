import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../../api/errors';

/**
 * Every file a database refers to (docs/domain.md §6 备份: a backup carries them all), as paths
 * relative to the data folder with forward slashes:
 *
 *   workers.photo_file              photos/…        a worker's photo
 *   problem_attachments.stored_file attachments/…   scans kept with problems
 *   documents.file                  documents/<year>/…  issued notices, card batches, reports
 *   archive_items.file              archive/<year>/…    filed originals
 *   archive_imports.folder          imports/<id>/   other villages' packages: every file inside
 *
 * A database of an older schema may lack a table or column: it then refers to nothing there.
 */

/** The folders of the data folder a backup may write into; nothing else is ever restored. */
export const FILE_FOLDERS = ['photos', 'attachments', 'documents', 'archive', 'imports'] as const;

const COLUMNS: { table: string; column: string }[] = [
  { table: 'workers', column: 'photo_file' },
  { table: 'problem_attachments', column: 'stored_file' },
  { table: 'documents', column: 'file' },
  { table: 'archive_items', column: 'file' },
];

function hasColumn(sqlite: Database.Database, table: string, column: string): boolean {
  const rows = sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as {
    name: string;
  }[];
  return rows.some((row) => row.name === column);
}

/**
 * A relative path from a database or a manifest, checked: forward slashes, inside one of
 * FILE_FOLDERS, no `..`, no drive or root. Null when it is not such a path.
 */
export function safeRelative(raw: string): string | null {
  const name = raw.replaceAll('\\', '/');
  const parts = name.split('/');
  if (
    name.length === 0 ||
    name.length > 1000 ||
    name.includes('\0') ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    parts.some((part) => part === '..' || part === '.' || part === '') ||
    parts.length < 2 ||
    !(FILE_FOLDERS as readonly string[]).includes(parts[0]!)
  ) {
    return null;
  }
  return name;
}

/** Where a checked relative path is inside `dataDir`; refuses anything else. */
export function insideData(dataDir: string, relative: string): string {
  const safe = safeRelative(relative);
  if (!safe)
    throw new AppError('VALIDATION', `备份清单里有不安全的文件路径「${relative}」，已拒绝。`);
  return path.join(dataDir, ...safe.split('/'));
}

/** Files under a folder of the data folder, relative paths, sorted (regular files only). */
export function filesUnder(dataDir: string, relativeFolder: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dataDir, ...relative.split('/')), {
        withFileTypes: true,
      });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) found.push(child);
    }
  };
  walk(relativeFolder);
  return found.sort();
}

/** The files `sqlite` refers to, each once, sorted; paths that are not safe are left out. */
export function referencedFiles(sqlite: Database.Database, dataDir: string): string[] {
  const files = new Set(namedFiles(sqlite));
  for (const folder of importFolders(sqlite)) {
    for (const file of filesUnder(dataDir, folder)) files.add(file);
  }
  return [...files].sort();
}

/** The folders (imports/<id>) whose files are listed by walking them, for the restore check. */
export function importFolders(sqlite: Database.Database): string[] {
  if (!hasColumn(sqlite, 'archive_imports', 'folder')) return [];
  const rows = sqlite.prepare(`SELECT folder FROM archive_imports`).raw().all() as [string][];
  return rows
    .map(([folder]) =>
      typeof folder === 'string' ? safeRelative(folder.replace(/\/+$/, '')) : null,
    )
    .filter((folder): folder is string => folder !== null);
}

/**
 * The single files `sqlite` names (not the import folders), for the restore check. A backup's
 * data naming more than `limit` files is refused as it is read (a hostile backup must not
 * fill the memory with its list; issue 14).
 */
export function namedFiles(sqlite: Database.Database, limit = Infinity): string[] {
  const files = new Set<string>();
  for (const { table, column } of COLUMNS) {
    if (!hasColumn(sqlite, table, column)) continue;
    const rows = sqlite
      .prepare(`SELECT "${column}" AS f FROM "${table}" WHERE "${column}" IS NOT NULL`)
      .raw()
      .iterate() as IterableIterator<[unknown]>;
    for (const [value] of rows) {
      const safe = typeof value === 'string' ? safeRelative(value) : null;
      if (safe) files.add(safe);
      if (files.size > limit) {
        rows.return?.();
        throw new AppError(
          'VALIDATION',
          `这份备份的数据指向的文件多得异常（超过 ${limit} 个），可能被人改动过，不能用来恢复，没有做任何改动。请换一份备份。`,
        );
      }
    }
  }
  return [...files].sort();
}
