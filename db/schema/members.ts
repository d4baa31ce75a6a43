import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { households } from './households';
import { createdAt, updatedAt, flag } from './columns';

/** 成员 (docs/domain.md §2). */
export const members = sqliteTable(
  'members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Pinyin initials of the name (张三 → zs), for search. */
    nameInitials: text('name_initials').notNull().default(''),
    sex: text('sex', { enum: ['男', '女'] }).notNull(),
    /** As entered: an 18-character ID or a 20/22-character disability certificate number. */
    idNumber: text('id_number'),
    /** The 18-character ID inside it: one person per ID across the database. */
    idKey: text('id_key'),
    /** id_key reversed, so "last 4+ digits" search is an indexed prefix match. */
    idRev: text('id_rev'),
    relation: text('relation').notNull(),
    birthDate: text('birth_date'),
    ethnicity: text('ethnicity').notNull().default('汉族'),
    education: text('education'),
    schoolStatus: text('school_status'),
    health: text('health').notNull().default('健康'),
    labourSkill: text('labour_skill'),
    workPlace: text('work_place'),
    workMonths: integer('work_months'),
    basicMedicalInsurance: flag('basic_medical_insurance'),
    seriousIllnessInsurance: flag('serious_illness_insurance'),
    pensionInsurance: flag('pension_insurance'),
    minimumLiving: flag('minimum_living'),
    extremePoverty: flag('extreme_poverty'),
    /** When 低保 / 特困供养 was granted: a new grant must be screened that month (§9). */
    minimumLivingSince: text('minimum_living_since'),
    extremePovertySince: text('extreme_poverty_since'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('members_household_idx').on(t.householdId, t.sortOrder),
    uniqueIndex('members_id_key_unique')
      .on(t.idKey)
      .where(sql`id_key IS NOT NULL`),
    index('members_id_rev_idx').on(t.idRev),
    index('members_name_idx').on(t.name),
    index('members_initials_idx').on(t.nameInitials),
  ],
);

export type MemberRow = typeof members.$inferSelect;
