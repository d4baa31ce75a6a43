import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { households } from './households';

/** 风险类型 of a household (at most 5, checked by the service). */
export const householdRisks = sqliteTable(
  'household_risks',
  {
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    riskType: text('risk_type').notNull(),
    /** Only for 因自然灾害: 洪涝, 地质, 旱灾, 生物, 气象, 地震, 其他. */
    disasterSubtype: text('disaster_subtype'),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.riskType] })],
);
