import type Database from 'better-sqlite3';
import type { LedgerFilter, LedgerListInput } from '../../api/ledger-schemas';
import type { LedgerPage, LedgerRow, LedgerTotals } from '../../api/ledger-types';
import type { ServiceContext } from '../context';
import { today } from '../roster/people';
import { NAME_MATCH_SQL, scanLedger } from './ledger-index';
import { closedOnTime, overdueDays, overdueOnSql } from './status';
import { gridLabelSql } from '../grids/group-of';

/**
 * The ledger's reads. Goal (task brief): a filtered page in ≤ 20 ms (p95) over 50,000
 * problems. The list finds its page and totals in the in-memory ledger index
 * (ledger-index.ts, which explains why), then reads only the page's rows here, by id, with
 * the grid paths in one query. The export runs the same filters in SQL (filterClause): it
 * reads every matching row anyway, and only the filters in use go in its WHERE clause (an
 * `@x IS NULL OR …` clause would hide the indexes from SQLite's planner).
 */

const DEFAULT_LIMIT = 100;

/** Statements prepared once per connection and SQL text. */
const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prepared(ctx: ServiceContext, sql: string): Database.Statement {
  let cache = statementCache.get(ctx.sqlite);
  if (!cache) {
    cache = new Map();
    statementCache.set(ctx.sqlite, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = ctx.sqlite.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/** The grid and all its descendants (as in roster/queries.ts and roster-io/export.ts). */
const SUBTREE = `WITH RECURSIVE sub(id) AS (
  SELECT @gridId UNION ALL SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id)`;

/**
 * Not resolved and past the 办结时限 (the status index covers both columns): status.ts
 * isOverdueOn on today, in the form the index serves (a 办结日期 is never after today, so
 * 已解决 is "resolved by today").
 */
const OVERDUE_SQL = `p.status IN ('未解决', '处理中') AND p.due_date < @today`;

export interface WhereClause {
  /** The WITH clause (or '') to put before the SELECT. */
  with: string;
  where: string;
  params: Record<string, string | number>;
}

/** WHERE for the filters in use; the same for the list, its totals and the export. */
export function filterClause(filter: LedgerFilter, todayDate: string): WhereClause {
  const conditions: string[] = [];
  const params: Record<string, string | number> = {};
  let withSql = '';
  if (filter.gridId !== undefined) {
    withSql = SUBTREE;
    conditions.push('p.grid_id IN (SELECT id FROM sub)');
    params.gridId = filter.gridId;
  }
  const equal = (column: string, key: keyof LedgerFilter) => {
    const value = filter[key];
    if (value === undefined || typeof value === 'boolean') return;
    conditions.push(`${column} = @${key}`);
    params[key] = value;
  };
  equal('p.worker_id', 'workerId');
  equal('p.household_id', 'householdId');
  equal('p.status', 'status');
  equal('p.category', 'category');
  equal('p.source', 'source');
  if (filter.from !== undefined) {
    conditions.push('p.registered_date >= @from');
    params.from = filter.from;
  }
  if (filter.to !== undefined) {
    conditions.push('p.registered_date <= @to');
    params.to = filter.to;
  }
  if (filter.overdue) {
    conditions.push(OVERDUE_SQL);
  }
  if (filter.name) {
    conditions.push(NAME_MATCH_SQL);
    params.name = filter.name;
  }
  // Always bound: the totals count overdue rows whatever the filter.
  params.today = todayDate;
  return {
    with: withSql,
    where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '',
    params,
  };
}

/** The ledger row's columns; the head is the member whose relation is 本人. */
export const ROW_SELECT = `SELECT p.id, p.grid_id AS gridId, ${gridLabelSql('g')} AS gridName,
    p.worker_id AS workerId, w.name AS workerName, p.household_id AS householdId,
    (SELECT m.name FROM members m WHERE m.household_id = p.household_id AND m.relation = '本人' LIMIT 1) AS headName,
    p.person_name AS personName, p.place, p.description, p.category, p.source,
    p.registered_date AS registeredDate, p.measure_taken AS measureTaken,
    p.responsible_person AS responsiblePerson, p.due_date AS dueDate, p.status,
    p.resolved_date AS resolvedDate, p.follow_up_date AS followUpDate,
    p.follow_up_result AS followUpResult, p.satisfaction, p.note
  FROM problems p JOIN grids g ON g.id = p.grid_id JOIN workers w ON w.id = p.worker_id`;

export type RawRow = Omit<LedgerRow, 'gridPath' | 'overdueDays' | 'closedOnTime'>;

/** A raw row with the derived fields (overdue days, closed on time) and its grid path. */
export function toLedgerRow(raw: RawRow, gridPath: string[], todayDate: string): LedgerRow {
  return {
    ...raw,
    gridPath,
    overdueDays: overdueDays(raw, todayDate),
    closedOnTime: closedOnTime(raw),
  };
}

/** Paths (root → grid) of a set of grids in one recursive query. */
export function gridPaths(ctx: ServiceContext, gridIds: Iterable<number>): Map<number, string[]> {
  const ids = [...new Set(gridIds)];
  const result = new Map<number, string[]>();
  if (ids.length === 0) return result;
  const rows = prepared(
    ctx,
    `WITH RECURSIVE up(start, id, parent, name, depth) AS (
       SELECT g.id, g.id, g.parent_id, g.name, 0 FROM grids g WHERE g.id IN (SELECT value FROM json_each(?))
       UNION ALL SELECT up.start, g.id, g.parent_id, g.name, up.depth + 1 FROM grids g JOIN up ON g.id = up.parent)
     SELECT start, name FROM up ORDER BY start, depth DESC`,
  ).all(JSON.stringify(ids)) as { start: number; name: string }[];
  for (const row of rows) {
    const path = result.get(row.start);
    if (path) path.push(row.name);
    else result.set(row.start, [row.name]);
  }
  return result;
}

/** One filtered page of the ledger, newest registration first, with totals for the filter. */
export function listProblems(ctx: ServiceContext, input: LedgerListInput): LedgerPage {
  const todayDate = today(ctx);
  const offset = input.offset ?? 0;
  const limit = input.limit ?? DEFAULT_LIMIT;
  const { totals, pageIds } = scanLedger(ctx, input, todayDate, offset, limit);
  const raw =
    pageIds.length === 0
      ? []
      : (prepared(ctx, `${ROW_SELECT} WHERE p.id IN (SELECT value FROM json_each(?))`).all(
          JSON.stringify(pageIds),
        ) as RawRow[]);
  const byId = new Map(raw.map((r) => [r.id, r]));
  const paths = gridPaths(
    ctx,
    raw.map((r) => r.gridId),
  );
  return {
    rows: pageIds
      .map((id) => byId.get(id))
      .filter((r): r is RawRow => r !== undefined)
      .map((r) => toLedgerRow(r, paths.get(r.gridId) ?? [r.gridName], todayDate)),
    totals,
    offset,
    limit,
  };
}

/**
 * The totals of a filter in SQL: one aggregate query. The list takes its totals from the
 * ledger index; this is the same figure straight from the table (the tests check they agree,
 * and other areas may use it inside their own queries). One aggregate rather than GROUP BY
 * status: grouping made SQLite walk the status index and look up every row (≈ 5× slower).
 */
export function ledgerTotals(ctx: ServiceContext, clause: WhereClause): LedgerTotals {
  const sums = prepared(
    ctx,
    `${clause.with} SELECT count(*) AS total,
       coalesce(sum(p.status = '未解决'), 0) AS open,
       coalesce(sum(p.status = '处理中'), 0) AS working,
       coalesce(sum(p.status = '已解决'), 0) AS resolved,
       coalesce(sum(${overdueOnSql('@today')}), 0) AS overdue
     FROM problems p ${clause.where}`,
  ).get(clause.params) as {
    total: number;
    open: number;
    working: number;
    resolved: number;
    overdue: number;
  };
  return {
    total: sums.total,
    byStatus: { 未解决: sums.open, 处理中: sums.working, 已解决: sums.resolved },
    overdue: sums.overdue,
  };
}

/**
 * Every row of a filter in ledger order (registration date, then id: the order a paper
 * ledger is written in), for the export. Iterated, so a county's ledger is not held in memory
 * as rows and again as a sheet; the grid paths are read first, since better-sqlite3 allows no
 * other statement on the connection while an iterator is open.
 */
export function* ledgerRowsInOrder(
  ctx: ServiceContext,
  filter: LedgerFilter,
): Generator<LedgerRow> {
  const todayDate = today(ctx);
  const clause = filterClause(filter, todayDate);
  const allGrids = ctx.sqlite.prepare('SELECT id FROM grids').pluck().all() as number[];
  const paths = gridPaths(ctx, allGrids);
  const rows = ctx.sqlite
    .prepare(`${clause.with} ${ROW_SELECT} ${clause.where} ORDER BY p.registered_date, p.id`)
    .iterate(clause.params) as Iterable<RawRow>;
  for (const raw of rows) {
    yield toLedgerRow(raw, paths.get(raw.gridId) ?? [raw.gridName], todayDate);
  }
}

/** One ledger row by id, or undefined. */
export function ledgerRowById(ctx: ServiceContext, id: number): LedgerRow | undefined {
  const raw = prepared(ctx, `${ROW_SELECT} WHERE p.id = ?`).get(id) as RawRow | undefined;
  if (!raw) return undefined;
  return toLedgerRow(
    raw,
    gridPaths(ctx, [raw.gridId]).get(raw.gridId) ?? [raw.gridName],
    today(ctx),
  );
}
