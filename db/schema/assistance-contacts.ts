import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { households } from './households';

/** 帮扶责任人 of a household for a period. */
export const assistanceContacts = sqliteTable(
  'assistance_contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    unit: text('unit').notNull().default(''),
    phone: text('phone').notNull().default(''),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
  },
  (t) => [index('assistance_contacts_household_idx').on(t.householdId, t.endDate)],
);
