import { ARCHIVE_KINDS, RETENTION_LABELS, type RetentionCode } from '../../api/archive-types';
import { AppError } from '../../api/errors';
import type { Settings } from '../../api/schemas';
import type { ServiceContext } from '../context';

/**
 * The kinds table in the settings (docs/domain.md §6): each kind the program files goes under
 * one category, and takes that category's retention, so one kind is never filed under two
 * retention periods. Checked when the settings are saved: every kind names a category of the
 * list, and a change does not give a kind another retention while items of that kind are filed
 * in a year not yet sealed (they would stand under the old one).
 */

/** The kind an item filed from a kept document is (as items.ts documentDefaults names it). */
const ITEM_KINDS = `SELECT year, retention, itemKind AS kind, count(*) AS items FROM (
    SELECT a.year, a.retention,
      CASE
        WHEN n.kind IS NULL THEN d.kind
        WHEN n.kind = '结果公告' THEN coalesce(src.kind, '其他公示')
        ELSE n.kind
      END AS itemKind
    FROM archive_items a
    JOIN documents d ON d.id = a.document_id
    LEFT JOIN notices n ON n.document_id = d.id
    LEFT JOIN notices src ON src.id = n.source_notice_id
    WHERE a.year NOT IN (SELECT year FROM archive_seals)
  )
  GROUP BY year, retention, itemKind
  ORDER BY year`;

/** The retention each kind gets under these settings (kinds whose category is missing: none). */
function retentions(settings: Settings): Map<string, RetentionCode> {
  const retentionOf = new Map(settings.archive.categories.map((c) => [c.name, c.retention]));
  const result = new Map<string, RetentionCode>();
  for (const row of settings.archiveKinds) {
    const retention = retentionOf.get(row.category);
    if (retention) result.set(row.kind, retention);
  }
  return result;
}

/** A kept document's kind as the table names it. */
const tableKind = (kind: string): string =>
  (ARCHIVE_KINDS as readonly string[]).includes(kind) ? kind : '其他文件';

export function assertArchiveKinds(ctx: ServiceContext, before: Settings, next: Settings): void {
  const names = new Set(next.archive.categories.map((c) => c.name));
  next.archiveKinds.forEach((row, index) => {
    if (!names.has(row.category)) {
      throw new AppError(
        'VALIDATION',
        `「${row.kind}」的归档类别「${row.category}」不在归档类别中，请重新选择`,
        [{ path: ['archiveKinds', index, 'category'], message: '请从归档类别中选择' }],
      );
    }
  });
  // Only a kind whose retention this change alters is checked: an older item filed under
  // another retention must not block saving unrelated settings.
  const was = retentions(before);
  const will = retentions(next);
  const changed = new Set([...will].filter(([kind, r]) => was.get(kind) !== r).map(([k]) => k));
  if (changed.size === 0) return;
  const filed = ctx.sqlite.prepare(ITEM_KINDS).all() as {
    year: number;
    retention: RetentionCode;
    kind: string;
    items: number;
  }[];
  for (const row of filed) {
    const kind = tableKind(row.kind);
    const retention = will.get(kind);
    if (!changed.has(kind) || retention === undefined || retention === row.retention) continue;
    const index = next.archiveKinds.findIndex((k) => k.kind === kind);
    throw new AppError(
      'VALIDATION',
      `${row.year} 年度已有 ${row.items} 件「${kind}」按保管期限${RETENTION_LABELS[row.retention]}归档，改成${RETENTION_LABELS[retention]}会让同一种文件有两个保管期限。` +
        `请等 ${row.year} 年度封存后再改，或先在「档案管理」中删除这些文件（改后重新归档）`,
      [{ path: ['archiveKinds', index, 'category'], message: '与已归档的文件保管期限不同' }],
    );
  }
}
