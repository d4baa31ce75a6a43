import { getTableColumns } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import {
  assistanceContacts,
  cardPrints,
  grids,
  householdGrids,
  householdIncomes,
  householdRisks,
  households,
  measures,
  meetingProblems,
  meetings,
  members,
  policyHandouts,
  problemSteps,
  problems,
  visits,
  workerRoles,
  workers,
} from '../../../db/schema';

/**
 * The 上报包 format (docs/domain.md §11 上报与汇总), shared by the village's writer and the
 * township's importer so both read the same rules: which tables travel, in which order, which
 * columns point at which other table, and the zod schema every line must pass.
 *
 * A package is a zip of JSON Lines, one file per table (`data/<name>.jsonl`), plus the village's
 * own figures (`figures.json`, `self-check.json`, `proposals.json`) and `manifest.json`. A line
 * is one database row as SQLite stores it: an object keyed by the column names in the table's
 * column order, values as stored (text, integer, real, 0/1 for yes/no, null). Ids are the
 * village's own; the importer gives each row a new id in the workspace and translates every
 * reference through the `refs` below, so two villages' ids never meet.
 */

/** The package kind written in manifest.json; anything else is not a 上报包. */
export const PACKAGE_FORMAT = 'village-ledger/上报包';
/** Bumped when the package layout (not the database) changes; a newer one is refused. */
export const PACKAGE_FORMAT_VERSION = 1;

/** Said on screen and in the manifest: the package holds personal data in full. */
export const PACKAGE_PRIVACY_NOTE =
  '内部资料：含身份证号、电话、银行账号、健康状况等个人信息，仅供乡镇审核汇总使用，不得公开张贴或外传。';

/** Bounds every reader applies before parsing (a package is hostile until proven). */
export const PACKAGE_LIMITS = {
  /** The zip file itself. */
  maxPackageBytes: 512 * 1024 * 1024,
  /** Entries in the zip (the known files and nothing else). */
  maxEntries: 64,
  /** One entry unpacked. */
  maxEntryBytes: 1024 * 1024 * 1024,
  /** One JSON line. */
  maxLineBytes: 256 * 1024,
  /** Rows in one table file. */
  maxRows: 2_000_000,
  /** One text value (descriptions, notes). */
  maxText: 20_000,
} as const;

export interface PackageTable {
  /** File stem: `data/<name>.jsonl`; also the id map's name for `refs`. */
  name: string;
  /** What a clerk calls it, for counts and messages (「问题 12 条」). */
  label: string;
  table: SQLiteTable;
  /** Columns holding another row's id → the package table whose ids they name. */
  refs: Record<string, string>;
  /** Columns the package never carries (files and documents stay in the village): written as null. */
  dropped?: string[];
  /**
   * For the workspace: the entity recorded in report_ids for this table's rows (the village's
   * id → the workspace's), for 审核意见 and for replacing exactly what a package brought.
   */
  entity?: 'grid' | 'worker' | 'household' | 'problem' | 'meeting';
}

/**
 * Parents before children, so the importer can translate every reference as it goes.
 * The village's grid is the first row of `grids` (its parent_id is the township's, not in the
 * package: the importer hangs it under the workspace's township).
 */
export const PACKAGE_TABLES: readonly PackageTable[] = [
  { name: 'grids', label: '网格', table: grids, refs: { parent_id: 'grids' }, entity: 'grid' },
  {
    name: 'workers',
    label: '网格员',
    table: workers,
    refs: {},
    dropped: ['photo_file'],
    entity: 'worker',
  },
  {
    name: 'worker_roles',
    label: '网格员职务',
    table: workerRoles,
    refs: { worker_id: 'workers', grid_id: 'grids' },
  },
  { name: 'households', label: '农户', table: households, refs: {}, entity: 'household' },
  {
    name: 'household_grids',
    label: '农户所在网格',
    table: householdGrids,
    refs: { household_id: 'households', grid_id: 'grids' },
  },
  { name: 'members', label: '家庭成员', table: members, refs: { household_id: 'households' } },
  {
    name: 'household_risks',
    label: '风险类型',
    table: householdRisks,
    refs: { household_id: 'households' },
  },
  {
    name: 'household_incomes',
    label: '家庭收入',
    table: householdIncomes,
    refs: { household_id: 'households' },
  },
  {
    name: 'assistance_contacts',
    label: '帮扶责任人',
    table: assistanceContacts,
    refs: { household_id: 'households' },
  },
  { name: 'measures', label: '帮扶措施', table: measures, refs: { household_id: 'households' } },
  {
    name: 'problems',
    label: '问题',
    table: problems,
    refs: { grid_id: 'grids', worker_id: 'workers', household_id: 'households' },
    entity: 'problem',
  },
  {
    name: 'problem_steps',
    label: '处置环节',
    table: problemSteps,
    refs: { problem_id: 'problems' },
  },
  {
    name: 'visits',
    label: '走访记录',
    table: visits,
    refs: { household_id: 'households', worker_id: 'workers', problem_id: 'problems' },
  },
  {
    name: 'meetings',
    label: '月度会商',
    table: meetings,
    refs: { grid_id: 'grids' },
    entity: 'meeting',
  },
  {
    name: 'meeting_problems',
    label: '会商议题',
    table: meetingProblems,
    refs: { meeting_id: 'meetings', problem_id: 'problems' },
  },
  {
    name: 'card_prints',
    label: '明白纸打印记录',
    table: cardPrints,
    refs: { household_id: 'households' },
    dropped: ['document_id'],
  },
  {
    name: 'policy_handouts',
    label: '政策明白纸发放',
    table: policyHandouts,
    refs: { household_id: 'households' },
    dropped: ['document_id'],
  },
];

export const packageTable = (name: string): PackageTable | undefined =>
  PACKAGE_TABLES.find((t) => t.name === name);

/** The zip entry of a table's rows. */
export const tableEntry = (name: string): string => `data/${name}.jsonl`;

/** The database column names of a table, in the table's order (the order of every line's keys). */
export function columnNames(table: SQLiteTable): string[] {
  return Object.values(getTableColumns(table)).map((c) => (c as SQLiteColumn).name);
}

function columnSchema(column: SQLiteColumn): z.ZodType {
  let schema: z.ZodType;
  const values = (column as { enumValues?: readonly string[] }).enumValues;
  if (column.columnType === 'SQLiteBoolean') schema = z.union([z.literal(0), z.literal(1)]);
  else if (column.columnType === 'SQLiteInteger') schema = z.number().int().safe();
  else if (column.columnType === 'SQLiteReal') schema = z.number().finite();
  else if (values && values.length > 0) schema = z.enum(values as [string, ...string[]]);
  else schema = z.string().max(PACKAGE_LIMITS.maxText);
  return column.notNull ? schema : schema.nullable();
}

const rowSchemas = new Map<string, z.ZodType<Record<string, unknown>>>();

/**
 * The schema of one line of a table's file: exactly the table's columns (no more, none missing),
 * each of the column's type, enum and nullability. Built from the drizzle table, so the package
 * follows the database schema of the app that wrote it (manifest.schemaVersion says which).
 */
export function rowSchema(spec: PackageTable): z.ZodType<Record<string, unknown>> {
  let schema = rowSchemas.get(spec.name);
  if (!schema) {
    const shape: Record<string, z.ZodType> = {};
    for (const column of Object.values(getTableColumns(spec.table))) {
      const c = column as SQLiteColumn;
      shape[c.name] = spec.dropped?.includes(c.name) ? z.null() : columnSchema(c);
    }
    schema = z.strictObject(shape) as unknown as z.ZodType<Record<string, unknown>>;
    rowSchemas.set(spec.name, schema);
  }
  return schema;
}

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** manifest.json. `files` lists every other entry of the zip with its size and SHA-256. */
export const manifestSchema = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  formatVersion: z.number().int().positive(),
  /** The number of database migrations of the app that wrote it (a newer one is refused). */
  schemaVersion: z.number().int().positive(),
  appVersion: z.string().max(40),
  village: z.strictObject({
    /** Identity across packages: the grid code, or 县/乡镇/村 names when the village has none. */
    key: z.string().min(1).max(200),
    code: z.string().max(40),
    name: z.string().min(1).max(100),
    township: z.string().min(1).max(100),
    county: z.string().min(1).max(100),
    /** 全宗号 from the village's settings. */
    fondsCode: z.string().max(40),
  }),
  period: month,
  /** When the data was last changed (the audit trail's newest entry): same data, same bytes. */
  createdAt: z.iso.datetime(),
  privacy: z.string().max(200),
  counts: z.record(z.string().max(60), z.number().int().nonnegative()),
  files: z
    .array(
      z.strictObject({
        name: z.string().max(100),
        bytes: z.number().int().nonnegative(),
        sha256,
      }),
    )
    .max(PACKAGE_LIMITS.maxEntries),
});

export type PackageManifest = z.infer<typeof manifestSchema>;

/**
 * A village's identity across its packages and the township's notes: its grid code when it has
 * one (行政区划代码), else 县/乡镇/村 by name. The writer, the importer and the village reading a
 * 审核反馈包 all use this one function.
 */
export function villageKey(v: {
  code: string;
  county: string;
  township: string;
  name: string;
}): string {
  const code = v.code.trim();
  return code ? `code:${code}` : `name:${v.county}/${v.township}/${v.name}`;
}
