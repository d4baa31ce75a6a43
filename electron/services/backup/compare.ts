import type Database from 'better-sqlite3';
import type { RestoreLoss } from '../../api/backup-types';

/**
 * What the current data has that a backup lacks (docs/domain.md §6): shown before a restore
 * replaces anything, so the clerk sees which issued notices, filed items, households, problems
 * and visits go away with it.
 *
 * The two databases may have different keys, so they cannot be ATTACHed to one connection:
 * each handle is queried on its own. The live side is read newest first in pages of BATCH rows
 * (keyset pagination with LIMIT, never a whole table in memory), and each page is looked up
 * in the backup with one IN (…) query on an indexed column. A backup of an older schema that
 * lacks a table or a column counts as holding none of those rows.
 */

/** Rows read from the live data per page, and keys per IN (…) lookup in the backup. */
const BATCH = 400;

/** Entries kept in each list by default (the screen shows the first ones and the total). */
export const LOSS_LIMIT = 20;

/** 〔2026〕3号: the 发文字号's year and serial, for a notice without its issue record. */
export const noticeNumberText = (year: number, serial: number): string => `〔${year}〕${serial}号`;

/** The columns of a table, or null when the database has no such table. */
function columnsOf(db: Database.Database, table: string): Set<string> | null {
  const exists = db
    .prepare("SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(table);
  if (!exists) return null;
  const rows = db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[];
  return new Set(rows.map((row) => row.name));
}

/** True when the database has the table with every one of these columns. */
function hasColumns(db: Database.Database, table: string, columns: string[]): boolean {
  const have = columnsOf(db, table);
  return have !== null && columns.every((column) => have.has(column));
}

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/**
 * Walks a live table newest first (by id, in pages of BATCH), asks `missing` which rows of each
 * page the backup lacks, and keeps the total and the first `limit` of them.
 */
function scanMissing<Row extends { id: number }, Item>(
  live: Database.Database,
  pageSql: string,
  missing: (page: Row[]) => Row[],
  toItem: (row: Row) => Item,
  limit: number,
): { total: number; items: Item[] } {
  const page = live.prepare(pageSql);
  const items: Item[] = [];
  let total = 0;
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = page.all(before, BATCH) as Row[];
    if (rows.length === 0) break;
    for (const row of missing(rows)) {
      total += 1;
      if (items.length < limit) items.push(toItem(row));
    }
    before = rows[rows.length - 1]!.id;
    if (rows.length < BATCH) break;
  }
  return { total, items };
}

interface NoticeRow {
  id: number;
  year: number;
  serial: number;
  title: string;
  issueDate: string;
}

/**
 * Notices: the live notice is in the backup when the backup holds the same 〔年〕N号 with the
 * same title. A number the backup gave to another title (renumbered) counts as lost.
 */
function lostNotices(
  live: Database.Database,
  backup: Database.Database,
  limit: number,
): RestoreLoss['notices'] {
  if (!hasColumns(live, 'notices', ['id', 'year', 'serial', 'title', 'issue_date'])) {
    return { total: 0, items: [] };
  }
  const backupHas = hasColumns(backup, 'notices', ['year', 'serial', 'title']);
  const printed = printedNumbers(live);
  const lost = scanMissing<NoticeRow, RestoreLoss['notices']['items'][number] & { id: number }>(
    live,
    `SELECT id, year, serial, title, issue_date AS issueDate FROM notices
     WHERE id < ? ORDER BY id DESC LIMIT ?`,
    (page) => {
      if (!backupHas) return page;
      // (year, serial) is unique in both; look the serials up by year, then match the title.
      const found = new Set<string>();
      const years = [...new Set(page.map((row) => row.year))];
      for (const year of years) {
        const serials = page.filter((row) => row.year === year).map((row) => row.serial);
        const rows = backup
          .prepare(
            `SELECT serial, title FROM notices WHERE year = ? AND serial IN (${placeholders(serials.length)})`,
          )
          .all(year, ...serials) as { serial: number; title: string }[];
        for (const row of rows) found.add(`${year}|${row.serial}|${row.title}`);
      }
      return page.filter((row) => !found.has(`${row.year}|${row.serial}|${row.title}`));
    },
    (row) => ({
      id: row.id,
      number: noticeNumberText(row.year, row.serial),
      title: row.title,
      issueDate: row.issueDate,
    }),
    limit,
  );
  // Only the listed few: each as it was printed (with its 发文机关代字), from its issue record.
  return {
    total: lost.total,
    items: lost.items.map(({ id, ...item }) => ({ ...item, number: printed(id) ?? item.number })),
  };
}

/**
 * The number a notice was printed with, kept in the audit entry of its issue (docs/domain.md §4:
 * 杨柳村委发〔2026〕3号 stays so whatever the code in settings says later); null without one.
 */
function printedNumbers(live: Database.Database): (id: number) => string | null {
  if (!hasColumns(live, 'audit_log', ['entity', 'entity_id', 'action', 'after'])) return () => null;
  const statement = live.prepare(
    `SELECT json_extract(after, '$.number') AS number FROM audit_log
     WHERE entity = 'notice' AND entity_id = ? AND action = 'issue' ORDER BY id LIMIT 1`,
  );
  return (id) => {
    try {
      const row = statement.get(String(id)) as { number: unknown } | undefined;
      return typeof row?.number === 'string' && row.number ? row.number : null;
    } catch {
      // An issue record that is not JSON: the plain number will do.
      return null;
    }
  };
}

interface ArchiveRow {
  id: number;
  archivalCode: string;
  title: string;
}

/** Archive items: in the backup when it holds the same 档号 with the same 题名. */
function lostArchiveItems(
  live: Database.Database,
  backup: Database.Database,
  limit: number,
): RestoreLoss['archiveItems'] {
  if (!hasColumns(live, 'archive_items', ['id', 'archival_code', 'title'])) {
    return { total: 0, items: [] };
  }
  const backupHas = hasColumns(backup, 'archive_items', ['archival_code', 'title']);
  return scanMissing<ArchiveRow, RestoreLoss['archiveItems']['items'][number]>(
    live,
    `SELECT id, archival_code AS archivalCode, title FROM archive_items
     WHERE id < ? ORDER BY id DESC LIMIT ?`,
    (page) => {
      if (!backupHas) return page;
      const rows = backup
        .prepare(
          `SELECT archival_code AS archivalCode, title FROM archive_items
           WHERE archival_code IN (${placeholders(page.length)})`,
        )
        .all(...page.map((row) => row.archivalCode)) as { archivalCode: string; title: string }[];
      const found = new Set(rows.map((row) => `${row.archivalCode}\u0000${row.title}`));
      return page.filter((row) => !found.has(`${row.archivalCode}\u0000${row.title}`));
    },
    (row) => ({ archivalCode: row.archivalCode, title: row.title }),
    limit,
  );
}

interface HouseholdRow {
  id: number;
  householdNo: string | null;
  headName: string | null;
}

/**
 * Households: in the backup when it holds the same 户编号, or a household under the same id
 * with a member of the live 户主's name (a member, not only the head: 设为户主 after the
 * backup must not make the household look new). A live household whose id the backup gave to
 * other people (ids handed out again after an earlier restore) counts as lost.
 */
function lostHouseholds(
  live: Database.Database,
  backup: Database.Database,
  limit: number,
): RestoreLoss['households'] {
  if (!hasColumns(live, 'households', ['id', 'household_no'])) return { total: 0, items: [] };
  const liveHeads = hasColumns(live, 'members', ['household_id', 'name', 'relation']);
  const backupHouseholds = columnsOf(backup, 'households');
  const backupNo = backupHouseholds?.has('household_no') ?? false;
  const backupMembers = hasColumns(backup, 'members', ['household_id', 'name']);
  const head = liveHeads
    ? `(SELECT m.name FROM members m WHERE m.household_id = h.id AND m.relation = '本人'
         ORDER BY m.id LIMIT 1)`
    : 'NULL';
  return scanMissing<HouseholdRow, RestoreLoss['households']['items'][number]>(
    live,
    `SELECT h.id, h.household_no AS householdNo, ${head} AS headName FROM households h
     WHERE h.id < ? ORDER BY h.id DESC LIMIT ?`,
    (page) => {
      if (backupHouseholds === null) return page;
      const numbers = page.map((row) => row.householdNo).filter((no): no is string => !!no);
      const knownNumbers = new Set<string>();
      if (backupNo && numbers.length > 0) {
        const rows = backup
          .prepare(
            `SELECT household_no AS no FROM households
             WHERE household_no IN (${placeholders(numbers.length)})`,
          )
          .all(...numbers) as { no: string }[];
        for (const row of rows) knownNumbers.add(row.no);
      }
      const people = new Set<string>();
      if (backupMembers) {
        const ids = page.map((row) => row.id);
        const rows = backup
          .prepare(
            `SELECT household_id AS householdId, name FROM members
             WHERE household_id IN (${placeholders(ids.length)})`,
          )
          .all(...ids) as { householdId: number; name: string }[];
        for (const row of rows) people.add(`${row.householdId}\u0000${row.name}`);
      }
      return page.filter((row) => {
        if (row.householdNo && knownNumbers.has(row.householdNo)) return false;
        return !(row.headName !== null && people.has(`${row.id}\u0000${row.headName}`));
      });
    },
    (row) => ({ code: row.householdNo ?? null, headName: row.headName ?? '' }),
    limit,
  );
}

/**
 * Problems and visits: rows the backup cannot hold — an id past its newest, or written after
 * its newest row (ids handed out again after an earlier restore).
 */
function lostCount(live: Database.Database, backup: Database.Database, table: string): number {
  if (!hasColumns(live, table, ['id', 'created_at'])) return 0;
  const backupColumns = columnsOf(backup, table);
  if (backupColumns === null || !backupColumns.has('id')) {
    return (live.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  }
  const newest = backup
    .prepare(
      `SELECT max(id) AS id, ${backupColumns.has('created_at') ? 'max(created_at)' : 'NULL'} AS at
       FROM "${table}"`,
    )
    .get() as { id: number | null; at: string | null };
  const row = live
    .prepare(
      `SELECT count(*) AS n FROM "${table}" WHERE id > ? OR (? IS NOT NULL AND created_at > ?)`,
    )
    .get(newest.id ?? 0, newest.at, newest.at) as { n: number };
  return row.n;
}

/**
 * What `live` has that `backup` lacks. Both are open better-sqlite3 handles (each with its own
 * key); neither is written.
 */
export function compareWithLive(
  live: Database.Database,
  backup: Database.Database,
  options: { limit?: number } = {},
): RestoreLoss {
  const limit = options.limit ?? LOSS_LIMIT;
  return {
    notices: lostNotices(live, backup, limit),
    archiveItems: lostArchiveItems(live, backup, limit),
    households: lostHouseholds(live, backup, limit),
    problems: { total: lostCount(live, backup, 'problems') },
    visits: { total: lostCount(live, backup, 'visits') },
    limit,
  };
}

/** True when a restore would drop anything at all (the screen then asks for a confirmation). */
export const losesAnything = (loss: RestoreLoss): boolean =>
  loss.notices.total +
    loss.archiveItems.total +
    loss.households.total +
    loss.problems.total +
    loss.visits.total >
  0;
