import { and, desc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { grids, workerRoles, workers, type WorkerRow } from '../../../db/schema';
import { AppError, fieldError } from '../../api/errors';
import { maskPhone } from '../../api/id-number';
import type { roleAssign, workerInput } from '../../api/roster-schemas';
import {
  DEFAULT_ROLE_ORDER,
  type GridWorkers,
  type RoleAssignment,
  type WorkerDetail,
  type WorkerPage,
  type WorkerSummary,
} from '../../api/roster-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { getGrid } from '../grids/grids';
import { gridLabelSql } from '../grids/group-of';
import { checkDigitQuery, digitsOfQuery, gatedNumberSearch } from './number-search';
import { auditSnapshot, nameInitials, today } from './people';

type WorkerData = z.output<typeof workerInput>;

/** The stored worker, or NOT_FOUND in the clerk's words. */
export function getWorkerRow(ctx: ServiceContext, id: number): WorkerRow {
  const row = ctx.db.select().from(workers).where(eq(workers.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的网格员`);
  return row;
}

const roleColumns = {
  id: workerRoles.id,
  workerId: workerRoles.workerId,
  workerName: workers.name,
  gridId: workerRoles.gridId,
  gridName: grids.name,
  role: workerRoles.role,
  duties: workerRoles.duties,
  startDate: workerRoles.startDate,
  endDate: workerRoles.endDate,
};

/** Role assignments joined with worker and grid names. */
export function roleQuery(ctx: ServiceContext) {
  return ctx.db
    .select(roleColumns)
    .from(workerRoles)
    .innerJoin(workers, eq(workers.id, workerRoles.workerId))
    .innerJoin(grids, eq(grids.id, workerRoles.gridId));
}

type ActiveRole = WorkerSummary['activeRoles'][number];

/** The workers columns a list shows, read by prepared SQL (the hot path of every picker). */
interface WorkerListRow {
  id: number;
  name: string;
  sex: string;
  phone: string;
  unit: string;
  post: string;
  birthYear: number | null;
}

const LIST_COLUMNS = `w.id, w.name, w.sex, w.phone, w.unit, w.post, w.birth_year AS birthYear`;

function summarize(row: WorkerListRow, activeRoles: ActiveRole[]): WorkerSummary {
  return {
    id: row.id,
    name: row.name,
    initials: cachedInitials(row.name),
    sex: row.sex,
    phoneMasked: maskPhone(row.phone),
    unit: row.unit,
    post: row.post,
    birthYear: row.birthYear,
    activeRoles,
  };
}

/** Current assignments of the given workers, grouped by worker, oldest first. */
function activeRolesOf(ctx: ServiceContext, workerIds: number[]): Map<number, ActiveRole[]> {
  const byWorker = new Map<number, ActiveRole[]>();
  if (workerIds.length === 0) return byWorker;
  const rows = ctx.sqlite
    .prepare(
      `SELECT r.worker_id AS workerId, r.grid_id AS gridId, ${gridLabelSql('g')} AS gridName, r.role
       FROM worker_roles r JOIN grids g ON g.id = r.grid_id
       WHERE r.end_date IS NULL AND r.worker_id IN (SELECT value FROM json_each(?))
       ORDER BY r.start_date, r.id`,
    )
    .all(JSON.stringify(workerIds)) as ({ workerId: number } & ActiveRole)[];
  for (const { workerId, ...role } of rows) {
    const list = byWorker.get(workerId) ?? [];
    list.push(role);
    byWorker.set(workerId, list);
  }
  return byWorker;
}

// Names repeat across searches: each name's initials are worked out once (a county has
// ≈ 5,000 workers; the workers table keeps no initials column).
const initialsOfName = new Map<string, string>();
function cachedInitials(name: string): string {
  let initials = initialsOfName.get(name);
  if (initials === undefined) {
    if (initialsOfName.size >= 50_000) initialsOfName.clear();
    initials = nameInitials(name);
    initialsOfName.set(name, initials);
  }
  return initials;
}

/**
 * The workers whose pinyin initials start with `prefix`, as a JSON array for json_each: one
 * read of the names, matched here. An SQL function called per row (once for the page, once
 * for the count) was measured on the county demo at about 2.5× this (fastest runs 8 ms
 * against 3 ms).
 */
function idsByInitials(ctx: ServiceContext, prefix: string): string {
  const rows = ctx.sqlite.prepare('SELECT id, name FROM workers').all() as {
    id: number;
    name: string;
  }[];
  return JSON.stringify(
    rows.filter((row) => cachedInitials(row.name).startsWith(prefix)).map((row) => row.id),
  );
}

export interface WorkerFilter {
  query?: string | undefined;
  gridId?: number | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

/** What a typed query matches: a part of the name, the initials' start, or a phone. */
interface QueryParams {
  name: string | null;
  /** The ids of the workers whose initials match, as a JSON array. */
  initials: string | null;
  phoneTail: string | null;
  phoneWhole: string | null;
}

function queryParams(ctx: ServiceContext, query: string): QueryParams {
  const none: QueryParams = { name: null, initials: null, phoneTail: null, phoneWhole: null };
  if (!query) return none;
  const digits = digitsOfQuery(query);
  if (digits !== null) {
    checkDigitQuery(digits);
    return digits.length === 4 ? { ...none, phoneTail: digits } : { ...none, phoneWhole: digits };
  }
  if (/^[a-zA-Z]+$/.test(query)) {
    return { ...none, initials: idsByInitials(ctx, query.toLowerCase()) };
  }
  return { ...none, name: query };
}

// A current role in the grid or any grid below it (docs/domain.md §1: the tree is data).
const SUBTREE = `WITH RECURSIVE sub(id) AS (
  SELECT @gridId UNION ALL SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id)`;
const LIST_WHERE = `(@gridId IS NULL OR w.id IN (
      SELECT worker_id FROM worker_roles WHERE end_date IS NULL AND grid_id IN sub))
  AND (@name IS NULL OR instr(w.name, @name) > 0)
  AND (@initials IS NULL OR w.id IN (SELECT value FROM json_each(@initials)))
  AND (@phoneTail IS NULL OR substr(replace(w.phone, '-', ''), -4) = @phoneTail)
  AND (@phoneWhole IS NULL OR replace(w.phone, '-', '') = @phoneWhole)`;

/**
 * One page of workers, by name (names starting with the text first), with their current roles
 * and pinyin initials, phones masked (docs/domain.md §7). The total counts every match.
 * Three prepared queries whatever the number of workers: the page, the count, and the page's
 * roles. A phone is matched only by its last 4 digits or as a whole number, rate-limited and
 * audited like the roster's search box (gatedNumberSearch).
 */
export function listWorkers(ctx: ServiceContext, filter: WorkerFilter = {}): WorkerPage {
  const query = filter.query?.trim() ?? '';
  const params = {
    ...queryParams(ctx, query),
    gridId: filter.gridId ?? null,
    limit: filter.limit ?? 50,
    offset: filter.offset ?? 0,
  };
  const page = (): WorkerPage => {
    const rows = ctx.sqlite
      .prepare(
        `${SUBTREE} SELECT ${LIST_COLUMNS} FROM workers w WHERE ${LIST_WHERE}
         ORDER BY (@name IS NOT NULL AND instr(w.name, @name) > 1), w.name, w.id
         LIMIT @limit OFFSET @offset`,
      )
      .all(params) as WorkerListRow[];
    const total = (
      ctx.sqlite
        .prepare(`${SUBTREE} SELECT count(*) AS n FROM workers w WHERE ${LIST_WHERE}`)
        .get(params) as { n: number }
    ).n;
    const roles = activeRolesOf(
      ctx,
      rows.map((r) => r.id),
    );
    return {
      total,
      rows: rows.map((row) => summarize(row, roles.get(row.id) ?? [])),
    };
  };
  const digits = params.phoneTail ?? params.phoneWhole;
  if (digits === null) return page();
  return gatedNumberSearch(ctx, digits, 'workers', () => {
    const result = page();
    return { result, after: { hits: result.total, workerIds: result.rows.map((w) => w.id) } };
  });
}

interface ChainRoleRow extends WorkerListRow {
  gridId: number;
  gridName: string;
  role: string;
  depth: number;
}

/**
 * The workers holding a current role in the grid or a grid above it, nearest grid first, then
 * by DEFAULT_ROLE_ORDER, then by name: the first is the one a visit or a problem of a household
 * in this grid is recorded under by default (docs/domain.md §1, §3). A worker holding several
 * such roles is listed once, at the nearest.
 */
export function workersForGrid(ctx: ServiceContext, gridId: number): GridWorkers {
  getGrid(ctx, gridId);
  const roleRank = DEFAULT_ROLE_ORDER.map((role, i) => `WHEN '${role}' THEN ${i}`).join(' ');
  const rows = ctx.sqlite
    .prepare(
      // depth < 64 stops a (corrupt) cycle in the tree from running on.
      `WITH RECURSIVE chain(id, depth) AS (
         SELECT @gridId, 0
         UNION ALL SELECT g.parent_id, chain.depth + 1 FROM grids g JOIN chain ON g.id = chain.id
         WHERE g.parent_id IS NOT NULL AND chain.depth < 64)
       SELECT ${LIST_COLUMNS}, r.grid_id AS gridId, ${gridLabelSql('g')} AS gridName, r.role, chain.depth
       FROM chain
       JOIN worker_roles r ON r.grid_id = chain.id AND r.end_date IS NULL
       JOIN grids g ON g.id = r.grid_id
       JOIN workers w ON w.id = r.worker_id
       ORDER BY chain.depth, CASE r.role ${roleRank} ELSE 9 END, w.name, w.id`,
    )
    .all({ gridId }) as ChainRoleRow[];
  const nearest = new Map<number, ChainRoleRow>();
  for (const row of rows) if (!nearest.has(row.id)) nearest.set(row.id, row);
  const roles = activeRolesOf(ctx, [...nearest.keys()]);
  return {
    gridId,
    workers: [...nearest.values()].map((row) => ({
      ...summarize(row, roles.get(row.id) ?? []),
      nearest: { gridId: row.gridId, gridName: row.gridName, role: row.role, depth: row.depth },
    })),
  };
}

export function getWorker(ctx: ServiceContext, id: number): WorkerDetail {
  const row = getWorkerRow(ctx, id);
  const roles: RoleAssignment[] = roleQuery(ctx)
    .where(eq(workerRoles.workerId, id))
    .orderBy(desc(workerRoles.startDate), desc(workerRoles.id))
    .all();
  const active = activeRolesOf(ctx, [id]).get(id) ?? [];
  return { ...summarize(row, active), note: row.note, hasPhoto: row.photoFile !== null, roles };
}

export function createWorker(ctx: ServiceContext, input: WorkerData): WorkerDetail {
  return inTransaction(ctx, () => {
    const row = ctx.db
      .insert(workers)
      .values({ ...input, birthYear: input.birthYear ?? null })
      .returning()
      .get();
    audit(ctx, { entity: 'worker', entityId: row.id, action: 'create', after: auditSnapshot(row) });
    return getWorker(ctx, row.id);
  });
}

/** 修改: every field; with keepPhone the stored phone stays (the form never saw it whole). */
export function updateWorker(
  ctx: ServiceContext,
  input: WorkerData & { id: number; keepPhone?: boolean | undefined },
): WorkerDetail {
  return inTransaction(ctx, () => {
    const before = getWorkerRow(ctx, input.id);
    const { id, keepPhone, ...fields } = input;
    if (keepPhone) fields.phone = before.phone;
    const after = ctx.db
      .update(workers)
      .set({ ...fields, birthYear: fields.birthYear ?? null, updatedAt: ctx.now().toISOString() })
      .where(eq(workers.id, id))
      .returning()
      .get();
    audit(ctx, {
      entity: 'worker',
      entityId: id,
      action: 'update',
      before: auditSnapshot(before),
      after: auditSnapshot(after),
    });
    return getWorker(ctx, id);
  });
}

/**
 * Deletes a worker entered by mistake. Refused, naming what and how many, when the worker
 * holds or held a role (assignments are history, never deleted: docs/domain.md §1) or has
 * problems or visits recorded under their name (ON DELETE RESTRICT; the ledger keeps them).
 */
export function deleteWorker(ctx: ServiceContext, id: number): { id: number } {
  return inTransaction(ctx, () => {
    const before = getWorkerRow(ctx, id);
    const count = (query: string) => (ctx.sqlite.prepare(query).get(id) as { n: number }).n;
    const roleCount = count('SELECT count(*) AS n FROM worker_roles WHERE worker_id = ?');
    const activeCount = count(
      'SELECT count(*) AS n FROM worker_roles WHERE worker_id = ? AND end_date IS NULL',
    );
    const problemCount = count('SELECT count(*) AS n FROM problems WHERE worker_id = ?');
    const visitCount = count('SELECT count(*) AS n FROM visits WHERE worker_id = ?');
    const records = [
      roleCount > 0
        ? `担任过 ${roleCount} 项网格分工${activeCount > 0 ? `（${activeCount} 项仍在岗）` : ''}`
        : '',
      problemCount > 0 ? `登记了 ${problemCount} 条问题` : '',
      visitCount > 0 ? `有 ${visitCount} 次走访记录` : '',
    ].filter(Boolean);
    if (records.length > 0) {
      const kept =
        roleCount === 0
          ? '台账记录要保留'
          : records.length > 1
            ? '历史记录和台账记录要保留'
            : '历史记录要保留';
      const hint = activeCount > 0 ? '如已不再担任，请结束其分工。' : '';
      throw new AppError(
        'CONFLICT',
        `「${before.name}」${records.join('、')}，不能删除（${kept}）。${hint}`,
      );
    }
    ctx.db.delete(workers).where(eq(workers.id, id)).run();
    audit(ctx, { entity: 'worker', entityId: id, action: 'delete', before: auditSnapshot(before) });
    return { id };
  });
}

export function assignRole(
  ctx: ServiceContext,
  input: z.output<typeof roleAssign>,
): RoleAssignment {
  return inTransaction(ctx, () => {
    const worker = getWorkerRow(ctx, input.workerId);
    const grid = getGrid(ctx, input.gridId);
    if (grid.archivedAt) {
      throw new AppError('CONFLICT', `网格「${grid.name}」已撤销，不能再安排人员`);
    }
    const same = ctx.db
      .select({ id: workerRoles.id })
      .from(workerRoles)
      .where(
        and(
          eq(workerRoles.workerId, input.workerId),
          eq(workerRoles.gridId, input.gridId),
          eq(workerRoles.role, input.role),
          isNull(workerRoles.endDate),
        ),
      )
      .get();
    if (same) {
      throw new AppError('CONFLICT', `「${worker.name}」已是「${grid.name}」的${input.role}`, [
        { path: ['role'], message: `「${worker.name}」已是这个网格的${input.role}` },
      ]);
    }
    const row = ctx.db.insert(workerRoles).values(input).returning().get();
    audit(ctx, { entity: 'worker_role', entityId: row.id, action: 'create', after: row });
    return roleQuery(ctx).where(eq(workerRoles.id, row.id)).get()!;
  });
}

/** Ends an assignment: sets its end date. The row stays as history. */
export function endRole(
  ctx: ServiceContext,
  input: { id: number; endDate?: string | null | undefined },
): RoleAssignment {
  return inTransaction(ctx, () => {
    const before = ctx.db.select().from(workerRoles).where(eq(workerRoles.id, input.id)).get();
    if (!before) throw new AppError('NOT_FOUND', `找不到编号为 ${input.id} 的分工记录`);
    if (before.endDate) throw new AppError('CONFLICT', `这条分工已于 ${before.endDate} 结束`);
    const endDate = input.endDate ?? today(ctx);
    if (endDate < before.startDate) {
      throw fieldError(
        ['endDate'],
        `结束日期 ${endDate} 不能早于开始日期 ${before.startDate}`,
        `不能早于开始日期 ${before.startDate}`,
      );
    }
    ctx.db.update(workerRoles).set({ endDate }).where(eq(workerRoles.id, input.id)).run();
    audit(ctx, {
      entity: 'worker_role',
      entityId: input.id,
      action: 'end',
      before,
      after: { ...before, endDate },
    });
    return roleQuery(ctx).where(eq(workerRoles.id, input.id)).get()!;
  });
}
