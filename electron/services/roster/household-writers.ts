import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { householdGrids, householdRisks, households, members } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { prepareBulkInsert } from '../bulk';
import type { ServiceContext } from '../context';
import { sqlQuery } from '../sql';

/** Every household column a writer fills (all but the id and the row's own time stamps). */
const HOUSEHOLD_FIELDS = [
  'householdNo',
  'address',
  'naturalVillage',
  'phone',
  'phoneRev',
  'householdType',
  'monitorCategory',
  'identifiedDate',
  'noLabourSupport',
  'developmentalAid',
  'relocated',
  'housingUnsafe',
  'schoolDropout',
  'waterUnsafe',
  'noMedicalInsurance',
  'eliminationStatus',
  'eliminationMethod',
  'eliminationDate',
  'note',
] as const;

/** Every member column a writer fills, but the household it belongs to and its sort order. */
const MEMBER_FIELDS = [
  'name',
  'nameInitials',
  'sex',
  'idNumber',
  'idKey',
  'idRev',
  'relation',
  'birthDate',
  'ethnicity',
  'education',
  'schoolStatus',
  'health',
  'labourSkill',
  'workPlace',
  'workMonths',
  'basicMedicalInsurance',
  'seriousIllnessInsurance',
  'pensionInsurance',
  'minimumLiving',
  'extremePoverty',
  'minimumLivingSince',
  'extremePovertySince',
] as const;

/**
 * Bulk inserts for whole households — the household, its members, its grid assignment and
 * risks — shared by the importer and the demo generator. Every column is listed, so a value
 * left out would be written as NULL: callers pass each field. Use inside a transaction.
 */
export function householdWriters(ctx: ServiceContext) {
  return {
    household: prepareBulkInsert(ctx.db, households, HOUSEHOLD_FIELDS),
    member: prepareBulkInsert(ctx.db, members, ['householdId', ...MEMBER_FIELDS, 'sortOrder']),
    assignment: prepareBulkInsert(ctx.db, householdGrids, [
      'householdId',
      'gridId',
      'startDate',
      'endDate',
    ]),
    risk: prepareBulkInsert(ctx.db, householdRisks, ['householdId', 'riskType', 'disasterSubtype']),
  };
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Rows of `table` whose `by` column equals a value, as drizzle's row type: one SELECT prepared
 * once, each value mapped back by its column (0/1 → boolean, …), ordered by id.
 */
function prepareRowsBy<T extends SQLiteTable>(
  sqlite: Database.Database,
  table: T,
  by: keyof T['$inferSelect'] & string,
): (value: number) => T['$inferSelect'][] {
  const columns = Object.entries(getTableColumns(table));
  const where = getTableColumns(table)[by];
  if (!where) throw new Error(`${getTableName(table)} has no column ${by}`);
  const statement = sqlite
    .prepare<[number], unknown[]>(
      `SELECT ${columns.map(([, c]) => quote(c.name)).join(', ')} FROM ${quote(getTableName(table))} WHERE ${quote(where.name)} = ? ORDER BY "id"`,
    )
    .raw();
  return (value) =>
    statement.all(value).map((raw) => {
      const row: Record<string, unknown> = {};
      columns.forEach(([field, column], i) => {
        const stored = raw[i];
        row[field] = stored === null ? null : column.mapFromDriverValue(stored);
      });
      return row as T['$inferSelect'];
    });
}

/**
 * An UPDATE of the listed columns and updated_at by id, prepared once. It compares first, as
 * the column would be stored, and writes only a row where something differs, so a file that
 * comes again unchanged rewrites no row and no index (issue 15 item 3). True when it wrote.
 */
function prepareRowUpdate<T extends SQLiteTable, K extends keyof T['$inferInsert'] & string>(
  db: Db,
  table: T,
  fields: readonly K[],
): (
  id: number,
  stored: T['$inferSelect'],
  values: Pick<T['$inferInsert'], K>,
  stamp: string,
) => boolean {
  const definitions = getTableColumns(table);
  const mapped = fields.map((field) => {
    const column = definitions[field];
    if (!column) throw new Error(`${getTableName(table)} has no column ${field}`);
    return { field, column };
  });
  const stampColumn = definitions.updatedAt;
  if (!stampColumn) throw new Error(`${getTableName(table)} has no updatedAt`);
  const statement = db.$client.prepare(
    `UPDATE ${quote(getTableName(table))} SET ${[...mapped.map((m) => m.column.name), stampColumn.name].map((name) => `${quote(name)} = ?`).join(', ')} WHERE "id" = ?`,
  );
  const driver = (column: (typeof mapped)[number]['column'], value: unknown): unknown =>
    value === undefined || value === null ? null : column.mapToDriverValue(value);
  const next: unknown[] = new Array(mapped.length + 2);
  return (id, stored, values, stamp) => {
    const incoming = values as Record<string, unknown>;
    const before = stored as Record<string, unknown>;
    let changed = false;
    for (let i = 0; i < mapped.length; i++) {
      const { field, column } = mapped[i]!;
      next[i] = driver(column, incoming[field]);
      if (next[i] !== driver(column, before[field])) changed = true;
    }
    if (!changed) return false;
    next[mapped.length] = stamp;
    next[mapped.length + 1] = id;
    statement.run(next);
    return true;
  };
}

/** A household's 风险类型 as stored, in the order written. */
export interface StoredRisk {
  riskType: string;
  disasterSubtype: string | null;
}

const RISKS_OF = sqlQuery<StoredRisk, [householdId: number]>(
  'SELECT risk_type AS riskType, disaster_subtype AS disasterSubtype FROM household_risks WHERE household_id = ? ORDER BY rowid',
);
const DELETE_RISKS = sqlQuery<never, [householdId: number]>(
  'DELETE FROM household_risks WHERE household_id = ?',
);
/** The grid assignment a household has now (household_grids row with no end date). */
const CURRENT_ASSIGNMENT = sqlQuery<{ id: number; gridId: number }, [householdId: number]>(
  'SELECT id, grid_id AS gridId FROM household_grids WHERE household_id = ? AND end_date IS NULL',
);
const END_ASSIGNMENT = sqlQuery<never, [endDate: string, id: number]>(
  'UPDATE household_grids SET end_date = ? WHERE id = ?',
);

/**
 * The update path for whole households (the importer's re-import), every statement prepared
 * once per import and run per household: a household's row, its members, its risks and its
 * current grid assignment, read and written by id. Rows are written only where they differ.
 * Use inside a transaction.
 */
export function householdUpdaters(ctx: ServiceContext) {
  const { sqlite } = ctx;
  const householdById = prepareRowsBy(sqlite, households, 'id');
  return {
    household: (id: number) => householdById(id)[0],
    updateHousehold: prepareRowUpdate(ctx.db, households, HOUSEHOLD_FIELDS),
    members: prepareRowsBy(sqlite, members, 'householdId'),
    updateMember: prepareRowUpdate(ctx.db, members, [...MEMBER_FIELDS, 'sortOrder']),
    risks: (householdId: number) => RISKS_OF.all(ctx, householdId),
    deleteRisks: (householdId: number) => DELETE_RISKS.run(ctx, householdId),
    currentAssignment: (householdId: number) => CURRENT_ASSIGNMENT.get(ctx, householdId),
    endAssignment: (id: number, endDate: string) => END_ASSIGNMENT.run(ctx, endDate, id),
  };
}
