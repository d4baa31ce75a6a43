import { sql } from 'drizzle-orm';
import { integer, text } from 'drizzle-orm/sqlite-core';

/** Column builders shared by the tables (not a table itself). */

const NOW = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** When the row was written, ISO 8601 in UTC, set by SQLite. */
export const createdAt = () => text('created_at').notNull().default(NOW);
export const updatedAt = () => text('updated_at').notNull().default(NOW);

/** A yes/no field, stored 0/1, false unless set. */
export const flag = (name: string) => integer(name, { mode: 'boolean' }).notNull().default(false);
