import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/open';

/**
 * The services' bulk write path: one INSERT prepared once on the connection and run per row.
 * Per-row `db.insert().values().run()` builds and compiles SQL for every row (≈10× slower,
 * STACK.md), and even a drizzle prepared statement checks every placeholder of every row;
 * here each value only goes through its column's own driver mapping (booleans → 0/1, …),
 * so the types stay drizzle's. Call it inside a transaction. Returns the new row's id.
 */
export function prepareBulkInsert<T extends SQLiteTable>(
  db: Db,
  table: T,
  columns: readonly (keyof T['$inferInsert'] & string)[],
): (row: T['$inferInsert']) => number {
  const definitions = getTableColumns(table);
  const mapped = columns.map((field) => {
    const column = definitions[field];
    if (!column) throw new Error(`${getTableName(table)} has no column ${field}`);
    return { field, column };
  });
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const statement = db.$client.prepare(
    `INSERT INTO ${quote(getTableName(table))} (${mapped.map((m) => quote(m.column.name)).join(', ')}) VALUES (${mapped.map(() => '?').join(', ')})`,
  );
  const values: unknown[] = new Array(mapped.length);
  return (row) => {
    const record = row as Record<string, unknown>;
    for (let i = 0; i < mapped.length; i++) {
      const { field, column } = mapped[i]!;
      const value = record[field];
      values[i] = value === undefined || value === null ? null : column.mapToDriverValue(value);
    }
    return Number(statement.run(values).lastInsertRowid);
  };
}
