import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { writeWhole } from '../../documents/write-whole';
import { log } from '../log/logger';

/**
 * Numbers handed out to the world (docs/domain.md §4 and §6): a notice's 〔年〕N号 once it is
 * issued, an archive item's 件号 once it is exported in a package or its year sealed. They are
 * posted on the bulletin board or stamped on paper, so they must never be issued again — not
 * even after a restore of an older backup that does not know them.
 *
 * The highest number ever issued of each sequence is therefore kept OUTSIDE the database, in
 * `<data>/issued-numbers.json`, which a restore does not replace (it merges the backup's own
 * marks into it). The next number of a sequence is max(what the database holds, this mark) + 1.
 *
 * The file is small and written whole (temporary name, fsync, rename) each time a mark rises.
 * It is raised before the database commit that uses the number: a crash in between leaves a
 * gap, never a reuse.
 */

export type IssuedSequence = 'notice' | 'archive';

export interface IssuedMarks {
  /** notice: year → highest serial; archive: 全宗号|门类|年度|保管期限|机构 → highest 件号. */
  notice: Record<string, number>;
  archive: Record<string, number>;
}

export const ISSUED_FILE = 'issued-numbers.json';

const empty = (): IssuedMarks => ({ notice: {}, archive: {} });

const fileOf = (dataDir: string) => path.join(dataDir, ISSUED_FILE);

/** Keeps only well-formed entries: a hand-edited or damaged file must not stop numbering. */
function cleaned(value: unknown): IssuedMarks {
  const marks = empty();
  if (typeof value !== 'object' || value === null) return marks;
  for (const sequence of ['notice', 'archive'] as const) {
    const entries = (value as Record<string, unknown>)[sequence];
    if (typeof entries !== 'object' || entries === null) continue;
    for (const [key, n] of Object.entries(entries as Record<string, unknown>)) {
      if (key.length <= 200 && Number.isSafeInteger(n) && (n as number) > 0) {
        marks[sequence][key] = n as number;
      }
    }
  }
  return marks;
}

/** The marks of a data folder; none when the file is missing or unreadable. */
export function readIssued(dataDir: string): IssuedMarks {
  let text: string;
  try {
    text = fs.readFileSync(fileOf(dataDir), 'utf8');
  } catch {
    return empty();
  }
  if (text.length > 1_000_000) return empty();
  try {
    return cleaned(JSON.parse(text));
  } catch {
    log.warn(`${ISSUED_FILE} 无法读取，按数据库中的编号继续`);
    return empty();
  }
}

/** The highest number ever issued in one sequence (0 when none). */
export function issuedMark(dataDir: string, sequence: IssuedSequence, key: string): number {
  return readIssued(dataDir)[sequence][key] ?? 0;
}

function writeIssued(dataDir: string, marks: IssuedMarks): void {
  writeWhole(fileOf(dataDir), Buffer.from(`${JSON.stringify(marks, null, 1)}\n`, 'utf8'));
}

/** Raises the mark of a sequence to `n` (never lowers it). */
export function raiseIssued(
  dataDir: string,
  sequence: IssuedSequence,
  key: string,
  n: number,
): void {
  const marks = readIssued(dataDir);
  if ((marks[sequence][key] ?? 0) >= n) return;
  marks[sequence][key] = n;
  writeIssued(dataDir, marks);
}

/** Merges other marks (a backup's, a restored database's) into the folder's: the higher wins. */
export function mergeIssued(dataDir: string, other: IssuedMarks): void {
  const marks = readIssued(dataDir);
  const incoming = cleaned(other);
  let changed = false;
  for (const sequence of ['notice', 'archive'] as const) {
    for (const [key, n] of Object.entries(incoming[sequence])) {
      if ((marks[sequence][key] ?? 0) < n) {
        marks[sequence][key] = n;
        changed = true;
      }
    }
  }
  if (changed) writeIssued(dataDir, marks);
}

/** The archive mark's key of one 件号 sequence (全宗号|门类|年度|保管期限|机构). */
export const archiveSequenceKey = (key: {
  fondsCode: string;
  classCode: string;
  year: number;
  retention: string;
  orgCode: string;
}): string => [key.fondsCode, key.classCode, key.year, key.retention, key.orgCode].join('|');

/** The notice mark's key: the year of the 发文字号. */
export const noticeSequenceKey = (year: number): string => String(year);

/**
 * The highest numbers a database holds: every issued notice, every filed item. A restore
 * merges these of the data it is about to replace, so whatever that data posted or stamped is
 * never issued again to another document.
 */
export function marksOfDatabase(sqlite: Database.Database): IssuedMarks {
  const marks = empty();
  const tables = new Set(
    (
      sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[]
    ).map((row) => row.name),
  );
  if (tables.has('notices')) {
    const rows = sqlite
      .prepare('SELECT year, max(serial) AS n FROM notices GROUP BY year')
      .all() as { year: number; n: number }[];
    for (const row of rows) marks.notice[noticeSequenceKey(row.year)] = row.n;
  }
  if (tables.has('archive_items')) {
    const rows = sqlite
      .prepare(
        `SELECT fonds_code AS fondsCode, class_code AS classCode, year, retention,
                org_code AS orgCode, max(item_no) AS n
         FROM archive_items GROUP BY fonds_code, class_code, year, retention, org_code`,
      )
      .all() as {
      fondsCode: string;
      classCode: string;
      year: number;
      retention: string;
      orgCode: string;
      n: number;
    }[];
    for (const row of rows) marks.archive[archiveSequenceKey(row)] = row.n;
  }
  return marks;
}
