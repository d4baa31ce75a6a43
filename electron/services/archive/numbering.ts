import type { RetentionCode } from '../../api/archive-types';
import { AppError } from '../../api/errors';
import { audit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { getSettings } from '../settings/settings';
import { activePattern, MAX_ITEM_NO, renumberedCode, type CodeParts } from './codes';

/**
 * 件号 (item number), issue 6 part 2: numbered automatically without gaps within
 * (全宗号, 门类, 年度, 保管期限, 机构(问题)). The rule, as every write here keeps it:
 *
 * 1. A sequence is the items sharing those five values; its 件号 are exactly 1…n.
 * 2. Filing takes n + 1, read inside the same transaction as the INSERT. inTransaction()
 *    begins IMMEDIATE, so the write lock is held from the read on: two filings (two windows,
 *    the CLI) never read the same n.
 * 3. Deleting item k moves k + 1…n up to k…n − 1, with their 档号, in ascending order (the
 *    unique indexes on 件号 and 档号 never see two equal values). Stored files are named
 *    <date>-<hash>.<ext>, never after the 档号, so no file is renamed (a rename cannot be
 *    rolled back with the transaction).
 * 4. Changing an item's 年度 or 保管期限 moves it: it takes n + 1 of the other sequence and gets
 *    a new 档号, and the gap it leaves is closed as in 3.
 * 5. None of this happens in a sealed year: the caller checks the item's year (and for a move
 *    the target year) first; renumbering stays inside the item's own year and sequence.
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

/** The next 件号 of a sequence. Call inside the transaction that inserts or moves the item. */
export function nextItemNo(ctx: ServiceContext, key: SequenceKey): number {
  if (!ctx.sqlite.inTransaction) {
    throw new Error('nextItemNo() must run inside the transaction that uses the number');
  }
  const max = ctx.sqlite
    .prepare(`SELECT coalesce(max(item_no), 0) FROM archive_items WHERE ${KEY_WHERE}`)
    .pluck()
    .get(sequenceOf(key)) as number;
  if (max >= MAX_ITEM_NO) {
    throw new AppError(
      'CONFLICT',
      `${key.year} 年度保管期限 ${key.retention} 的归档文件已有 ${max} 件，件号最多 4 位（${MAX_ITEM_NO}），不能再归档`,
    );
  }
  return max + 1;
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
 * Closes the gap item `removedItemNo` left in its sequence (rule 3): every later item moves up
 * one, 件号 and 档号, each change audited. Returns how many items moved.
 */
export function closeGap(ctx: ServiceContext, key: SequenceKey, removedItemNo: number): number {
  const later = ctx.sqlite
    .prepare(
      `SELECT id, item_no AS itemNo, archival_code AS archivalCode FROM archive_items
       WHERE ${KEY_WHERE} AND item_no > @removed ORDER BY item_no`,
    )
    .all({ ...sequenceOf(key), removed: removedItemNo }) as {
    id: number;
    itemNo: number;
    archivalCode: string;
  }[];
  if (later.length === 0) return 0;
  const pattern = currentPattern(ctx);
  const update = ctx.sqlite.prepare(
    'UPDATE archive_items SET item_no = ?, archival_code = ?, updated_at = ? WHERE id = ?',
  );
  const now = ctx.now().toISOString();
  for (const item of later) {
    const parts: CodeParts = { ...key, itemNo: item.itemNo };
    const newNo = item.itemNo - 1;
    const code = renumberedCode(item.archivalCode, pattern, parts, newNo);
    if (code === null) {
      throw new AppError(
        'CONFLICT',
        `档号 ${item.archivalCode} 中找不到件号 ${item.itemNo}，无法重新编号；请检查「设置」中的档号格式`,
      );
    }
    assertCodeFree(ctx, code, item.id);
    update.run(newNo, code, now, item.id);
    audit(ctx, {
      entity: 'archive_item',
      entityId: item.id,
      action: 'renumber',
      before: { itemNo: item.itemNo, archivalCode: item.archivalCode },
      after: { itemNo: newNo, archivalCode: code },
    });
  }
  return later.length;
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
