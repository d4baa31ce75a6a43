import { integer, primaryKey, real, sqliteTable } from 'drizzle-orm/sqlite-core';
import { households } from './households';

/** Yearly income figures of a household, in 元. */
export const householdIncomes = sqliteTable(
  'household_incomes',
  {
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    wageIncome: real('wage_income'),
    businessIncome: real('business_income'),
    propertyIncome: real('property_income'),
    transferIncome: real('transfer_income'),
    businessCost: real('business_cost'),
    perCapitaNetIncome: real('per_capita_net_income'),
    compliantOutOfPocket: real('compliant_out_of_pocket'),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.year] })],
);
