import { sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/open';

/**
 * The services' bulk write path: one INSERT prepared once with placeholders and run per row.
 * Per-row `db.insert().values().run()` builds and compiles SQL for every row (≈10× slower,
 * STACK.md); this stays within ~1.3× of raw better-sqlite3. Call it inside a transaction.
 * Returns the new row's id.
 */
export function prepareBulkInsert<T extends SQLiteTable>(
  db: Db,
  table: T,
  columns: readonly (keyof T['$inferInsert'] & string)[],
): (row: T['$inferInsert']) => number {
  const values = Object.fromEntries(columns.map((column) => [column, sql.placeholder(column)]));
  const statement = db
    .insert(table)
    .values(values as T['$inferInsert'])
    .prepare();
  return (row) => Number(statement.run(row as Record<string, unknown>).lastInsertRowid);
}
