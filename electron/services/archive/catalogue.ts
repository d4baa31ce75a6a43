import type { ArchiveListInput } from '../../api/archive-schemas';
import {
  RETENTION_ORDER,
  type ArchiveFormat,
  type ArchiveRemoval,
  type ArchiveItem,
  type ArchiveYear,
  type CatalogueRow,
  type RetentionCode,
} from '../../api/archive-types';
import { AppError } from '../../api/errors';
import type { ServiceContext } from '../context';
import { fixedFloor } from './numbering';

/**
 * Reads of the archive: items, the 归档文件目录 of a year, the years. "档号 order" is the order
 * of the 档号's parts — 全宗号, 门类, 年度, 保管期限, 机构, 件号 — with 保管期限 permanent first
 * (永久, 30 年, 10 年): catalogues are kept per retention, and a plain text sort would put D10
 * before Y and break on a custom pattern.
 */

const RETENTION_RANK = `CASE a.retention ${RETENTION_ORDER.map((r, i) => `WHEN '${r}' THEN ${i}`).join(' ')} END`;

export const CODE_ORDER = `a.fonds_code, a.class_code, a.year, ${RETENTION_RANK}, a.org_code, a.item_no`;

const ITEM_SELECT = `SELECT a.id, a.fonds_code AS fondsCode, a.class_code AS classCode, a.year,
    a.retention, a.org_code AS orgCode, a.org_name AS orgName, a.item_no AS itemNo,
    a.archival_code AS archivalCode, a.doc_no AS docNo, a.responsible, a.title, a.date,
    a.secrecy, a.pages, a.note, a.category, a.format, a.size, a.sha256, a.file,
    a.document_id AS documentId, d.kind AS documentKind, a.household_id AS householdId,
    (SELECT m.name FROM members m WHERE m.household_id = a.household_id AND m.relation = '本人'
       ORDER BY m.sort_order LIMIT 1) AS householdHead,
    (SELECT count(*) FROM archive_seals s WHERE s.year = a.year) AS sealed,
    a.exported_at AS exportedAt, a.created_at AS createdAt, a.updated_at AS updatedAt
  FROM archive_items a LEFT JOIN documents d ON d.id = a.document_id`;

type RawItem = Omit<ArchiveItem, 'sealed' | 'fixed'> & { sealed: number; file: string };

/** Items with `fixed` (numbering.ts rule 2); the floor is read once per sequence. */
function toItems(ctx: ServiceContext, rows: RawItem[]): (ArchiveItem & { file: string })[] {
  const floors = new Map<string, number>();
  return rows.map((raw) => {
    const key = [raw.fondsCode, raw.classCode, raw.year, raw.retention, raw.orgCode].join('|');
    let floor = floors.get(key);
    if (floor === undefined) {
      floor = fixedFloor(ctx, raw);
      floors.set(key, floor);
    }
    return { ...raw, sealed: raw.sealed > 0, fixed: raw.itemNo <= floor };
  });
}

/** `%…%` for LIKE with the user's text taken literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function listItems(ctx: ServiceContext, filter: ArchiveListInput): ArchiveItem[] {
  const conditions: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter?.year !== undefined) {
    conditions.push('a.year = @year');
    params.year = filter.year;
  }
  if (filter?.category) {
    conditions.push('a.category = @category');
    params.category = filter.category;
  }
  if (filter?.retention) {
    conditions.push('a.retention = @retention');
    params.retention = filter.retention;
  }
  if (filter?.query) {
    conditions.push(
      `(a.title LIKE @query ESCAPE '\\' OR a.archival_code LIKE @query ESCAPE '\\'
        OR a.doc_no LIKE @query ESCAPE '\\' OR a.responsible LIKE @query ESCAPE '\\'
        OR a.note LIKE @query ESCAPE '\\')`,
    );
    params.query = likePattern(filter.query);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const rows = ctx.sqlite
    .prepare(`${ITEM_SELECT} ${where} ORDER BY ${CODE_ORDER}`)
    .all(params) as RawItem[];
  return toItems(ctx, rows).map(({ file: _file, ...item }) => item);
}

/** One item with its stored file's relative path (for the services, not the API). */
export function itemWithFile(ctx: ServiceContext, id: number): ArchiveItem & { file: string } {
  const raw = ctx.sqlite.prepare(`${ITEM_SELECT} WHERE a.id = ?`).get(id) as RawItem | undefined;
  if (!raw) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的归档文件，可能已被删除`);
  return toItems(ctx, [raw])[0]!;
}

export function getItem(ctx: ServiceContext, id: number): ArchiveItem {
  const { file: _file, ...item } = itemWithFile(ctx, id);
  return item;
}

/**
 * The 归档文件目录 of a year in 档号 order (R2 writes it into the export package): 序号 1…,
 * 档号, 文号, 责任者, 题名, 日期 (YYYYMMDD), 密级, 页数, 备注, and what the package needs besides.
 */
export function catalogueRows(ctx: ServiceContext, year: number): CatalogueRow[] {
  const rows = ctx.sqlite
    .prepare(
      `SELECT a.id AS itemId, a.archival_code AS archivalCode, a.doc_no AS docNo, a.responsible,
         a.title, a.date, a.secrecy, a.pages, a.note, a.fonds_code AS fondsCode,
         a.class_code AS classCode, a.year, a.retention, a.org_code AS orgCode,
         a.org_name AS orgName, a.item_no AS itemNo, a.category, a.format, a.file, a.sha256, a.size
       FROM archive_items a WHERE a.year = ? ORDER BY ${CODE_ORDER}`,
    )
    .all(year) as (Omit<CatalogueRow, 'seq'> & { format: ArchiveFormat })[];
  return rows.map((row, index) => ({
    seq: index + 1,
    archivalCode: row.archivalCode,
    docNo: row.docNo,
    responsible: row.responsible,
    title: row.title,
    date: row.date,
    secrecy: row.secrecy,
    pages: row.pages,
    note: row.note,
    itemId: row.itemId,
    fondsCode: row.fondsCode,
    classCode: row.classCode,
    year: row.year,
    retention: row.retention,
    orgCode: row.orgCode,
    orgName: row.orgName,
    itemNo: row.itemNo,
    category: row.category,
    format: row.format,
    file: row.file,
    sha256: row.sha256,
    size: row.size,
  }));
}

/** Counts of every year with items or a seal, newest first. */
export function listYears(ctx: ServiceContext): ArchiveYear[] {
  const years = ctx.sqlite
    .prepare(
      `SELECT year FROM archive_items UNION SELECT year FROM archive_seals ORDER BY year DESC`,
    )
    .pluck()
    .all() as number[];
  return years.map((year) => archiveYearState(ctx, year));
}

export function archiveYearState(ctx: ServiceContext, year: number): ArchiveYear {
  const totals = ctx.sqlite
    .prepare(
      'SELECT count(*) AS items, coalesce(sum(pages), 0) AS pages FROM archive_items WHERE year = ?',
    )
    .get(year) as { items: number; pages: number };
  const byRetention = ctx.sqlite
    .prepare(
      'SELECT retention, count(*) AS items FROM archive_items WHERE year = ? GROUP BY retention',
    )
    .all(year) as { retention: RetentionCode; items: number }[];
  byRetention.sort(
    (a, b) => RETENTION_ORDER.indexOf(a.retention) - RETENTION_ORDER.indexOf(b.retention),
  );
  const byCategory = ctx.sqlite
    .prepare(
      'SELECT category, count(*) AS items FROM archive_items WHERE year = ? GROUP BY category ORDER BY min(id)',
    )
    .all(year) as { category: string; items: number }[];
  const seal = ctx.sqlite
    .prepare('SELECT sealed_at AS sealedAt, operator FROM archive_seals WHERE year = ?')
    .get(year) as { sealedAt: string; operator: string } | undefined;
  return {
    year,
    items: totals.items,
    pages: totals.pages,
    byRetention,
    byCategory,
    sealed: seal !== undefined,
    sealedAt: seal?.sealedAt ?? null,
    sealedBy: seal?.operator ?? null,
  };
}

/** The handed-over items deleted from a year (their numbers empty), in 件号 order. */
export function removalsOfYear(ctx: ServiceContext, year: number): ArchiveRemoval[] {
  return ctx.sqlite
    .prepare(
      `SELECT fonds_code AS fondsCode, class_code AS classCode, year, retention,
         org_code AS orgCode, item_no AS itemNo, archival_code AS archivalCode, title,
         removed_at AS removedAt, reason, operator
       FROM archive_removals WHERE year = ? ORDER BY item_no, id`,
    )
    .all(year) as ArchiveRemoval[];
}
