import { createHash } from 'node:crypto';
import { getTableColumns, getTableName } from 'drizzle-orm';
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { AppError } from '../../../api/errors';
import type { MonthlyReport } from '../../../api/reports-types';
import { audit } from '../../audit/audit';
import { inTransaction, type ServiceContext } from '../../context';
import { reportMonthRange } from '../../reports/periods';
import { monthlyReport } from '../../reports/monthly';
import { safeFileName } from '../../reports/xlsx-kit';
import { today } from '../../roster/people';
import { incomeWindow } from '../../self-check/period';
import { selfCheck } from '../../self-check/self-check';
import { getSettings } from '../../settings/settings';
import { APP_VERSION } from '../../system/app-info';
import {
  columnNames,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  PACKAGE_PRIVACY_NOTE,
  PACKAGE_TABLES,
  tableEntry,
  villageKey,
  type PackageManifest,
  type PackageTable,
} from '../format';
import { assertVillageDatabase } from '../workspace';
import { zipInMemory } from './zip';

/**
 * The village 上报包 (docs/domain.md §11): one month's package of one village grid, as a zip in
 * memory. Deterministic: the rows in key order, each line the row's columns in the table's
 * order, the entries in a fixed order with a fixed time stamp, and the manifest's createdAt the
 * time of the newest audit entry that changed data — so the same data gives the same bytes.
 *
 * What travels (the village's grid subtree): the grids (the village first, its parent_id null:
 * the township hangs it under its own node); the worker roles on those grids; the households
 * assigned to them now (a household that moved away travels with its new village only, so no
 * household is in two villages' packages), with their assignments on these grids, members, risk
 * types, incomes, 帮扶责任人, measures, card prints and 政策明白纸 handouts; the problems of
 * those grids with their steps; ALL visits of those households (not only the period's: the
 * township recomputes what is due and overdue from them); the meetings on those grids and
 * their agenda rows whose problem travels too; every worker any of these rows names. A
 * nullable reference to a row outside the package is written as null (a visit's problem of
 * another village); the scope makes every non-null reference point inside the package.
 */

export interface ReportPackageInput {
  period: string;
  villageGridId?: number | undefined;
}

export interface ReportPackage {
  bytes: Uint8Array;
  manifest: PackageManifest;
  fileName: string;
}

/** The 拟纳入 / 拟消除 proposals not yet decided (proposals.json). */
export interface PackageProposal {
  problemId: number;
  householdId: number | null;
  kind: string;
  date: string | null;
  category: string | null;
  method: string | null;
  headName: string;
}

/** One check of the 迎检自查 summary (self-check.json): no finding, no personal data. */
export interface PackageSelfCheckItem {
  code: string;
  group: string;
  title: string;
  count: number;
}

export interface PackageSelfCheck {
  from: string;
  to: string;
  total: number;
  items: PackageSelfCheckItem[];
}

/** Audit entries that record a reading, not a change: they never move createdAt. */
const READ_ONLY_ACTIONS = ['export', 'reveal', 'digit-search', 'digit-search-refused'];
export const PACKAGE_AUDIT_ENTITY = 'report_package';
/** createdAt of a database whose audit trail is empty (never seen in practice). */
const NO_CHANGE_TIME = '2000-01-01T00:00:00.000Z';

interface GridRow {
  id: number;
  parent_id: number | null;
  level: string;
  name: string;
  code: string | null;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** ORDER BY of a table: its id, else its primary key columns (composite keys). */
function orderBy(table: SQLiteTable): string {
  const columns = Object.values(getTableColumns(table)) as SQLiteColumn[];
  if (columns.some((c) => c.name === 'id')) return 'id';
  const single = columns.filter((c) => c.primary).map((c) => c.name);
  if (single.length > 0) return single.map(quote).join(', ');
  const composite = getTableConfig(table).primaryKeys[0]?.columns.map((c) => c.name) ?? [];
  return composite.length > 0 ? composite.map(quote).join(', ') : 'rowid';
}

function nullableColumns(table: SQLiteTable): Set<string> {
  return new Set(
    (Object.values(getTableColumns(table)) as SQLiteColumn[])
      .filter((c) => !c.notNull)
      .map((c) => c.name),
  );
}

/** The village grid the package is of: the given one, or the only village of the database. */
function villageOf(ctx: ServiceContext, villageGridId: number | undefined): GridRow {
  const grid = (id: number) =>
    ctx.sqlite
      .prepare('SELECT id, parent_id, level, name, code FROM grids WHERE id = ?')
      .get(id) as GridRow | undefined;
  if (villageGridId !== undefined) {
    const row = grid(villageGridId);
    if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${villageGridId} 的网格`);
    if (row.level !== 'village') {
      throw new AppError('VALIDATION', `「${row.name}」不是村级网格：上报包按村生成，请选择一个村`);
    }
    return row;
  }
  const villages = ctx.sqlite
    .prepare(
      "SELECT id, parent_id, level, name, code FROM grids WHERE level = 'village' AND archived_at IS NULL ORDER BY id",
    )
    .all() as GridRow[];
  if (villages.length === 0) {
    throw new AppError('VALIDATION', '本库还没有村级网格，无法生成上报包');
  }
  if (villages.length > 1) {
    throw new AppError(
      'VALIDATION',
      `本库有 ${villages.length} 个村，请选择要上报的村（--grid 村的网格编号）`,
    );
  }
  return villages[0]!;
}

/** The village's township and county names, from its ancestors in the grid tree. */
function ancestors(ctx: ServiceContext, village: GridRow): { township: string; county: string } {
  let township = '';
  let county = '';
  let parent = village.parent_id;
  for (let guard = 0; parent !== null && guard < 32; guard += 1) {
    const row = ctx.sqlite
      .prepare('SELECT id, parent_id, level, name, code FROM grids WHERE id = ?')
      .get(parent) as GridRow | undefined;
    if (!row) break;
    if (row.level === 'township' && !township) township = row.name;
    if (row.level === 'county' && !county) county = row.name;
    parent = row.parent_id;
  }
  if (!township || !county) {
    throw new AppError(
      'VALIDATION',
      `「${village.name}」的上级网格里缺少${!county ? '县' : '乡镇'}：请先在网格设置中补全县、乡镇，再生成上报包`,
    );
  }
  return { township, county };
}

/** The newest audit time that changed data (ISO, as audit() writes it). */
function dataTime(ctx: ServiceContext): string {
  const placeholders = READ_ONLY_ACTIONS.map(() => '?').join(', ');
  const row = ctx.sqlite
    .prepare(
      `SELECT max(at) AS at FROM audit_log WHERE entity <> ? AND action NOT IN (${placeholders})`,
    )
    .get(PACKAGE_AUDIT_ENTITY, ...READ_ONLY_ACTIONS) as { at: string | null };
  const at = row.at ?? NO_CHANGE_TIME;
  const parsed = new Date(at);
  return Number.isNaN(parsed.getTime()) ? NO_CHANGE_TIME : parsed.toISOString();
}

/**
 * Each table's rows as they go into the package. The ids of every table read so far are kept,
 * so a reference is tested against what actually travels.
 */
function selectRows(
  ctx: ServiceContext,
  village: GridRow,
  progress?: (done: number, total: number) => void,
): Map<string, Record<string, unknown>[]> {
  const subtree = (
    ctx.sqlite
      .prepare(
        `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id)
         SELECT id FROM sub`,
      )
      .all(village.id) as { id: number }[]
  ).map((r) => r.id);
  const gridsJson = JSON.stringify(subtree);
  const households = JSON.stringify(
    (
      ctx.sqlite
        .prepare(
          'SELECT DISTINCT household_id AS id FROM household_grids WHERE end_date IS NULL AND grid_id IN (SELECT value FROM json_each(?)) ORDER BY 1',
        )
        .all(gridsJson) as { id: number }[]
    ).map((r) => r.id),
  );
  const problems = JSON.stringify(
    (
      ctx.sqlite
        .prepare(
          'SELECT id FROM problems WHERE grid_id IN (SELECT value FROM json_each(?)) ORDER BY 1',
        )
        .all(gridsJson) as { id: number }[]
    ).map((r) => r.id),
  );
  const meetings = JSON.stringify(
    (
      ctx.sqlite
        .prepare(
          'SELECT id FROM meetings WHERE grid_id IN (SELECT value FROM json_each(?)) ORDER BY 1',
        )
        .all(gridsJson) as { id: number }[]
    ).map((r) => r.id),
  );
  const inGrids = 'grid_id IN (SELECT value FROM json_each(@grids))';
  const ofHouseholds = 'household_id IN (SELECT value FROM json_each(@households))';
  /** Which rows of each table travel (workers: filled after the rows naming them are read). */
  const where: Record<string, string> = {
    grids: 'id IN (SELECT value FROM json_each(@grids))',
    worker_roles: inGrids,
    households: 'id IN (SELECT value FROM json_each(@households))',
    household_grids: `${ofHouseholds} AND ${inGrids}`,
    members: ofHouseholds,
    household_risks: ofHouseholds,
    household_incomes: ofHouseholds,
    assistance_contacts: ofHouseholds,
    measures: ofHouseholds,
    problems: 'id IN (SELECT value FROM json_each(@problems))',
    problem_steps: 'problem_id IN (SELECT value FROM json_each(@problems))',
    visits: ofHouseholds,
    meetings: 'id IN (SELECT value FROM json_each(@meetings))',
    meeting_problems:
      'meeting_id IN (SELECT value FROM json_each(@meetings)) AND problem_id IN (SELECT value FROM json_each(@problems))',
    card_prints: ofHouseholds,
    policy_handouts: ofHouseholds,
  };
  const params = { grids: gridsJson, households, problems, meetings };

  const read = (spec: PackageTable, condition: string, bound: Record<string, string>) => {
    const names = columnNames(spec.table);
    const dropped = new Set(spec.dropped ?? []);
    const select = names.map((n) => (dropped.has(n) ? `NULL AS ${quote(n)}` : quote(n))).join(', ');
    return ctx.sqlite
      .prepare(
        `SELECT ${select} FROM ${quote(getTableName(spec.table))} WHERE ${condition} ORDER BY ${orderBy(spec.table)}`,
      )
      .all(bound) as Record<string, unknown>[];
  };

  const rows = new Map<string, Record<string, unknown>[]>();
  const total = PACKAGE_TABLES.length;
  let done = 0;
  for (const spec of PACKAGE_TABLES) {
    if (spec.name === 'workers') continue;
    const condition = where[spec.name];
    if (!condition) throw new Error(`report package: no scope for table ${spec.name}`);
    rows.set(spec.name, read(spec, condition, params));
    progress?.((done += 1), total);
  }
  // Every worker a travelling row names (roles, problems, visits).
  const workerIds = new Set<number>();
  for (const [table, column] of [
    ['worker_roles', 'worker_id'],
    ['problems', 'worker_id'],
    ['visits', 'worker_id'],
  ] as const) {
    for (const row of rows.get(table) ?? []) {
      if (typeof row[column] === 'number') workerIds.add(row[column]);
    }
  }
  const workersSpec = PACKAGE_TABLES.find((t) => t.name === 'workers')!;
  rows.set(
    'workers',
    read(workersSpec, 'id IN (SELECT value FROM json_each(@workers))', {
      workers: JSON.stringify([...workerIds].sort((a, b) => a - b)),
    }),
  );
  progress?.(done + 1, total);

  // The village's own parent is the township's, not in the package.
  const first = rows.get('grids')?.find((r) => r.id === village.id);
  if (first) first.parent_id = null;
  closeReferences(rows);
  return rows;
}

/** A nullable reference to a row that does not travel becomes null; a required one is a bug. */
function closeReferences(rows: Map<string, Record<string, unknown>[]>): void {
  const ids = new Map<string, Set<unknown>>();
  for (const spec of PACKAGE_TABLES) {
    if (spec.entity || spec.name === 'grids') {
      ids.set(spec.name, new Set((rows.get(spec.name) ?? []).map((r) => r.id)));
    }
  }
  for (const spec of PACKAGE_TABLES) {
    const nullable = nullableColumns(spec.table);
    for (const row of rows.get(spec.name) ?? []) {
      for (const [column, target] of Object.entries(spec.refs)) {
        const value = row[column];
        if (value === null || value === undefined) continue;
        if (ids.get(target)?.has(value)) continue;
        if (!nullable.has(column)) {
          throw new AppError(
            'INTERNAL',
            `上报包的数据不完整：${spec.label}的 ${column} 指向不在包里的${target}（编号 ${String(value)}）`,
          );
        }
        row[column] = null;
      }
    }
  }
}

function proposalsOf(
  ctx: ServiceContext,
  rows: Map<string, Record<string, unknown>[]>,
): PackageProposal[] {
  const head = ctx.sqlite.prepare(
    "SELECT name FROM members WHERE household_id = ? AND relation = '本人' ORDER BY id LIMIT 1",
  );
  return (rows.get('problems') ?? [])
    .filter((p) => p.proposal !== null && p.decision === null)
    .map((p) => {
      const householdId = (p.household_id as number | null) ?? null;
      const name =
        householdId === null
          ? undefined
          : (head.get(householdId) as { name: string } | undefined)?.name;
      return {
        problemId: p.id as number,
        householdId,
        kind: p.proposal as string,
        date: (p.proposal_date as string | null) ?? null,
        category: (p.proposal_category as string | null) ?? null,
        method: (p.proposal_method as string | null) ?? null,
        headName: name ?? (p.person_name as string),
      };
    });
}

function selfCheckOf(ctx: ServiceContext, villageId: number, to: string): PackageSelfCheck {
  const report = selfCheck(ctx, { gridId: villageId, from: incomeWindow(to).start, to });
  return {
    from: report.from,
    to: report.to,
    total: report.total,
    items: report.groups.flatMap((g) =>
      g.items.map((i) => ({ code: i.code, group: g.group, title: i.title, count: i.count })),
    ),
  };
}

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Builds the package of one village and month from one read snapshot, then records one audit
 * row (entity report_package, no personal data) that never moves the next package's createdAt.
 */
/**
 * What refuses a package before any work: a roll-up workspace, a month not yet begun, a grid
 * that is not a village (or no village named where there are several), a village without its
 * township and county. Cheap: the handler runs it before starting the background job.
 */
export function checkReportPackage(
  ctx: ServiceContext,
  input: ReportPackageInput,
): { village: GridRow; township: string; county: string; end: string } {
  assertVillageDatabase(ctx, '生成上报包');
  const now = today(ctx);
  const range = reportMonthRange(input.period, now);
  if (range.start > now) {
    throw new AppError('VALIDATION', `${input.period} 还没有到，不能生成该月的上报包`, [
      { path: ['period'], message: '还没有到这个月' },
    ]);
  }
  const village = villageOf(ctx, input.villageGridId);
  return { village, ...ancestors(ctx, village), end: range.end };
}

export function buildReportPackage(
  ctx: ServiceContext,
  input: ReportPackageInput,
  progress?: (done: number, total: number, phase: string) => void,
): ReportPackage {
  const built = ctx.sqlite
    .transaction(() => {
      const { village, township, county, end } = checkReportPackage(ctx, input);
      const rows = selectRows(ctx, village, (done, total) =>
        progress?.(done, total + 3, '读取数据'),
      );
      const files: { name: string; data: Buffer }[] = [];
      const counts: Record<string, number> = {};
      for (const spec of PACKAGE_TABLES) {
        const list = rows.get(spec.name) ?? [];
        counts[spec.name] = list.length;
        const text = list.map((r) => `${JSON.stringify(r)}\n`).join('');
        files.push({ name: tableEntry(spec.name), data: Buffer.from(text, 'utf8') });
      }
      progress?.(PACKAGE_TABLES.length + 1, PACKAGE_TABLES.length + 3, '计算月通报');
      const createdAt = dataTime(ctx);
      const figures: MonthlyReport = {
        ...monthlyReport(ctx, { month: input.period, gridId: village.id }),
        // The figures are of the data as last changed, not of the moment they were read:
        // the same data gives the same bytes (docs/domain.md §11).
        generatedAt: createdAt,
      };
      files.push({ name: 'figures.json', data: json(figures) });
      progress?.(PACKAGE_TABLES.length + 2, PACKAGE_TABLES.length + 3, '迎检自查');
      files.push({
        name: 'self-check.json',
        data: json(selfCheckOf(ctx, village.id, end)),
      });
      files.push({ name: 'proposals.json', data: json(proposalsOf(ctx, rows)) });
      const code = village.code?.trim() ?? '';
      const manifest: PackageManifest = {
        format: PACKAGE_FORMAT,
        formatVersion: PACKAGE_FORMAT_VERSION,
        schemaVersion: ctx.schemaVersion,
        appVersion: APP_VERSION,
        village: {
          key: villageKey({ code, county, township, name: village.name }),
          code,
          name: village.name,
          township,
          county,
          fondsCode: getSettings(ctx).fondsCode,
        },
        period: input.period,
        createdAt,
        privacy: PACKAGE_PRIVACY_NOTE,
        counts,
        files: files.map((f) => ({ name: f.name, bytes: f.data.length, sha256: sha256(f.data) })),
      };
      return { village, manifest, files };
    })
    .deferred();
  const { village, manifest, files } = built;
  progress?.(PACKAGE_TABLES.length + 3, PACKAGE_TABLES.length + 3, '打包');
  const bytes = zipInMemory([{ name: 'manifest.json', data: json(manifest) }, ...files]);
  inTransaction(ctx, () =>
    audit(ctx, {
      entity: PACKAGE_AUDIT_ENTITY,
      entityId: village.id,
      action: 'export',
      after: { period: manifest.period, village: village.name, bytes: bytes.length },
    }),
  );
  return {
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
    manifest,
    fileName: packageFileName(village.name, input.period, false),
  };
}

/** 上报包_<村>_<YYYY-MM>.zip, or .vlrp when encrypted (package/crypto.ts). */
export function packageFileName(village: string, period: string, encrypted: boolean): string {
  return safeFileName(`上报包_${village}_${period}.${encrypted ? 'vlrp' : 'zip'}`);
}
