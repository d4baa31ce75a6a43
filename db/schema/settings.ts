import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { updatedAt } from './columns';

/** Settings: one row per key, the value as JSON text (validated by the settings service). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: updatedAt(),
});

export type SettingRow = typeof settings.$inferSelect;
