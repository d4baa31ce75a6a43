import type { RetentionCode } from '../../api/archive-types';
import { AppError } from '../../api/errors';
import { audit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { archiveSequenceKey, issuedMark, raiseIssued } from '../sequences/issued';
import { getSettings } from '../settings/settings';
import { activePattern, MAX_ITEM_NO, renumberedCode, type CodeParts } from './codes';

/**
 * 件号 (item number), docs/domain.md §6. The rule, as every write here keeps it:
 *
 * 1. A sequence is the items sharing (全宗号, 门类, 年度, 保管期限, 机构(问题)).
 * 2. A number handed over is fixed: once an item left the office in an export package, or its
 *    year was sealed, its 件号 and 档号 never change. The sequence's "floor" is the highest
 *    fixed number: the mark kept outside the database (sequences/issued.ts, raised on export
 *    and seal, kept through a restore), the highest exported or removed 件号, and every item of
 *    a sealed year. Every item at or below the floor is fixed.
 * 3. Filing takes max(highest 件号 in the database, floor) + 1, read inside the same
 *    transaction as the INSERT. inTransaction() begins IMMEDIATE, so the write lock is held
 *    from the read on: two filings (two windows, the CLI) never read the same number.
 * 4. Deleting a fixed item leaves its number unused and a line in its box's 备考表
 *    (archive_removals). Deleting an item above the floor closes up the items above the floor:
 *    they take floor + 1, floor + 2, … in order, with their 档号, in ascending order (the unique
 *    indexes on 件号 and 档号 never see two equal values). Stored files are named
 *    <date>-<hash>.<ext>, never after the 档号, so no file is renamed.
 * 5. Changing an item's 年度 or 保管期限 moves it (only an item that is not fixed): it takes the
 *    next number of the other sequence and gets a new 档号, and its old sequence closes up.
 * 6. None of this happens in a sealed year: the caller checks the item's year (and for a move
 *    the target year) first.
 */

export interface SequenceKey {
  fondsCode: string;
  classCode: string;
  year: number;
  retention: RetentionCode;
  orgCode: string;
}

const KEY_WHERE = `fonds_code = @fondsCode AND class_code = @classCode AND year = @year
  AND retention = @retention AND org_code = @orgCode`;

/** The sequence an item (or any row carrying these fields) is numbered in, and nothing more. */
export const sequenceOf = (key: SequenceKey): SequenceKey => ({
  fondsCode: key.fondsCode,
  classCode: key.classCode,
  year: key.year,
  retention: key.retention,
  orgCode: key.orgCode,
});

/**
 * The highest fixed 件号 of a sequence (rule 2): the outside mark, the highest exported or
 * removed number, and in a sealed year every item's.
 */
export function fixedFloor(ctx: ServiceContext, key: SequenceKey): number {
  const seq = sequenceOf(key);
  const mark = issuedMark(ctx.dataDir, 'archive', archiveSequenceKey(seq));
  const inDb = ctx.sqlite
    .prepare(
      `SELECT max(
         coalesce((SELECT max(item_no) FROM archive_items WHERE ${KEY_WHERE}
                     AND (exported_at IS NOT NULL
                          OR EXISTS (SELECT 1 FROM archive_seals s WHERE s.year = @year))), 0),
         coalesce((SELECT max(item_no) FROM archive_removals WHERE ${KEY_WHERE}), 0))`,
    )
    .pluck()
    .get(seq) as number;
  return Math.max(mark, inDb);
}

/** Whether an item's 件号 and 档号 are fixed (handed over, sealed, or below a handed-over one). */
export function isFixed(ctx: ServiceContext, item: SequenceKey & { itemNo: number }): boolean {
  return item.itemNo <= fixedFloor(ctx, item);
}

/** The next 件号 of a sequence. Call inside the transaction that inserts or moves the item. */
export function nextItemNo(ctx: ServiceContext, key: SequenceKey): number {
  if (!ctx.sqlite.inTransaction) {
    throw new Error('nextItemNo() must run inside the transaction that uses the number');
  }
  const inDb = ctx.sqlite
    .prepare(`SELECT coalesce(max(item_no), 0) FROM archive_items WHERE ${KEY_WHERE}`)
    .pluck()
    .get(sequenceOf(key)) as number;
  const max = Math.max(inDb, fixedFloor(ctx, key));
  if (max >= MAX_ITEM_NO) {
    throw new AppError(
      'CONFLICT',
      `${key.year} 年度保管期限 ${key.retention} 的件号已用到 ${max}，件号最多 4 位（${MAX_ITEM_NO}），不能再归档`,
    );
  }
  return max + 1;
}

/**
 * Raises the outside mark of every sequence of `year` to its highest 件号 (on seal and on
 * export, rule 2). Called before the change that hands the numbers over is committed: a crash
 * in between leaves numbers fixed, never a handed-over number reused.
 */
export function raiseMarksOfYear(ctx: ServiceContext, year: number): void {
  const rows = ctx.sqlite
    .prepare(
      `SELECT fonds_code AS fondsCode, class_code AS classCode, year, retention,
              org_code AS orgCode, max(item_no) AS n
       FROM archive_items WHERE year = ?
       GROUP BY fonds_code, class_code, year, retention, org_code`,
    )
    .all(year) as (SequenceKey & { n: number })[];
  for (const row of rows) {
    raiseIssued(ctx.dataDir, 'archive', archiveSequenceKey(sequenceOf(row)), row.n);
  }
}

/** The pattern renumbering follows, or null when the custom pattern in settings is broken. */
export function currentPattern(ctx: ServiceContext): string | null {
  try {
    return activePattern(getSettings(ctx).archive);
  } catch {
    return null;
  }
}

/** Refuses a 档号 another item already has (a custom pattern may leave a field out). */
export function assertCodeFree(ctx: ServiceContext, code: string, exceptId?: number): void {
  const other = ctx.sqlite
    .prepare('SELECT id, title FROM archive_items WHERE archival_code = ? AND id <> ?')
    .get(code, exceptId ?? 0) as { id: number; title: string } | undefined;
  if (other) {
    throw new AppError(
      'CONFLICT',
      `档号 ${code} 已被「${other.title}」使用。自定义档号格式可能缺少 {保管期限}、{机构} 或 {全宗号}，请在「设置」中修改档号格式`,
    );
  }
}

/**
 * Closes up a sequence above its floor (rule 4): the items that are not fixed take floor + 1,
 * floor + 2, … in their order, 件号 and 档号, each change audited. Fixed items never move.
 * Returns how many items moved.
 */
export function closeGap(ctx: ServiceContext, key: SequenceKey): number {
  const floor = fixedFloor(ctx, key);
  const above = ctx.sqlite
    .prepare(
      `SELECT id, item_no AS itemNo, archival_code AS archivalCode FROM archive_items
       WHERE ${KEY_WHERE} AND item_no > @floor ORDER BY item_no`,
    )
    .all({ ...sequenceOf(key), floor }) as {
    id: number;
    itemNo: number;
    archivalCode: string;
  }[];
  const pattern = currentPattern(ctx);
  const update = ctx.sqlite.prepare(
    'UPDATE archive_items SET item_no = ?, archival_code = ?, updated_at = ? WHERE id = ?',
  );
  const now = ctx.now().toISOString();
  let moved = 0;
  // Ascending: each item moves down into a number already free.
  for (const [index, item] of above.entries()) {
    const newNo = floor + index + 1;
    if (newNo === item.itemNo) continue;
    const parts: CodeParts = { ...key, itemNo: item.itemNo };
    const code = renumberedCode(item.archivalCode, pattern, parts, newNo);
    if (code === null) {
      throw new AppError(
        'CONFLICT',
        `档号 ${item.archivalCode} 中找不到件号 ${item.itemNo}，无法重新编号；请检查「设置」中的档号格式`,
      );
    }
    assertCodeFree(ctx, code, item.id);
    update.run(newNo, code, now, item.id);
    moved++;
    audit(ctx, {
      entity: 'archive_item',
      entityId: item.id,
      action: 'renumber',
      before: { itemNo: item.itemNo, archivalCode: item.archivalCode },
      after: { itemNo: newNo, archivalCode: code },
    });
  }
  return moved;
}

/** The 件号 of every sequence of a year, for checks: key → sorted numbers. */
export function sequencesOfYear(ctx: ServiceContext, year: number): Map<string, number[]> {
  const rows = ctx.sqlite
    .prepare(
      `SELECT fonds_code || '|' || class_code || '|' || retention || '|' || org_code AS key, item_no AS itemNo
       FROM archive_items WHERE year = ? ORDER BY key, item_no`,
    )
    .all(year) as { key: string; itemNo: number }[];
  const result = new Map<string, number[]>();
  for (const row of rows) {
    const list = result.get(row.key);
    if (list) list.push(row.itemNo);
    else result.set(row.key, [row.itemNo]);
  }
  return result;
}
