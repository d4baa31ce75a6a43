import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, updatedAt, flag } from './columns';

/**
 * 户 (docs/domain.md §2). The head is the member whose relation is 本人; the 村民小组 is the group
 * grid the household is assigned to (household_grids), so neither is stored twice here.
 */
export const households = sqliteTable(
  'households',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 户编号 in the national system, optional. */
    householdNo: text('household_no'),
    address: text('address').notNull().default(''),
    naturalVillage: text('natural_village').notNull().default(''),
    phone: text('phone').notNull().default(''),
    /** The phone reversed, so "last digits" search is an indexed prefix match. */
    phoneRev: text('phone_rev').notNull().default(''),
    householdType: text('household_type', { enum: ['脱贫户', '一般农户'] }).notNull(),
    monitorCategory: text('monitor_category', {
      enum: ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'],
    }),
    /** 识别认定日期: when the household became a monitoring object. */
    identifiedDate: text('identified_date'),
    noLabourSupport: flag('no_labour_support'),
    developmentalAid: flag('developmental_aid'),
    relocated: flag('relocated'),
    housingUnsafe: flag('housing_unsafe'),
    schoolDropout: flag('school_dropout'),
    waterUnsafe: flag('water_unsafe'),
    noMedicalInsurance: flag('no_medical_insurance'),
    eliminationStatus: text('elimination_status', { enum: ['未消除', '已消除'] }),
    eliminationMethod: text('elimination_method', { enum: ['稳定消除', '自然消除'] }),
    eliminationDate: text('elimination_date'),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('households_no_unique')
      .on(t.householdNo)
      .where(sql`household_no IS NOT NULL`),
    index('households_phone_rev_idx').on(t.phoneRev),
    index('households_monitor_idx').on(t.monitorCategory),
  ],
);

export type HouseholdRow = typeof households.$inferSelect;
