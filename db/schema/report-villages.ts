import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';
import { grids } from './grids';

/**
 * One village loaded into a township/county workspace from its 上报包 (docs/domain.md §11): which
 * package is loaded now and what that package said of itself, so 账账相符 can set the village's own
 * figures against the township's recomputation. Replaced as a whole by a newer package.
 */
export const reportVillages = sqliteTable('report_villages', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** The village's identity across packages: its grid code, or 县/乡镇/村 names when it has none. */
  villageKey: text('village_key').notNull().unique(),
  /** The village's grid node in this workspace now (replaced with the subtree on each import). */
  gridId: integer('grid_id').references(() => grids.id, { onDelete: 'set null' }),
  villageName: text('village_name').notNull(),
  villageCode: text('village_code').notNull().default(''),
  townshipName: text('township_name').notNull(),
  countyName: text('county_name').notNull(),
  fondsCode: text('fonds_code').notNull().default(''),
  /** YYYY-MM the loaded package reports on, and when its data was last changed (its createdAt). */
  period: text('period').notNull(),
  packageCreatedAt: text('package_created_at').notNull(),
  packageSha256: text('package_sha256').notNull(),
  schemaVersion: integer('schema_version').notNull(),
  appVersion: text('app_version').notNull(),
  /** JSON: the manifest's counts per table. */
  counts: text('counts').notNull(),
  /** JSON: the package's own 月通报 figures for its period (the village's computation). */
  figures: text('figures').notNull(),
  /** JSON: the package's own 迎检自查 summary (counts per check). */
  selfCheck: text('self_check').notNull(),
  importedAt: text('imported_at').notNull(),
  importedBy: text('imported_by').notNull(),
});

/** Every package the workspace was given, loaded or refused, with who and when (导入记录). */
export const reportImports = sqliteTable(
  'report_imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fileName: text('file_name').notNull(),
    villageKey: text('village_key').notNull().default(''),
    villageName: text('village_name').notNull().default(''),
    period: text('period').notNull().default(''),
    packageCreatedAt: text('package_created_at').notNull().default(''),
    packageSha256: text('package_sha256').notNull().default(''),
    /** 'loaded' | 'refused' | 'unchanged' (the very same package again). */
    outcome: text('outcome', { enum: ['loaded', 'refused', 'unchanged'] }).notNull(),
    /** The Chinese sentence shown to the clerk (why refused, or what was loaded). */
    message: text('message').notNull().default(''),
    importedBy: text('imported_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('report_imports_village_idx').on(t.villageKey, t.createdAt)],
);

/**
 * The village's own ids of the records loaded from it, so 审核意见 name a record the village knows
 * and a newer package of the same village replaces exactly what the older one brought.
 * entity: 'grid' | 'worker' | 'household' | 'problem' | 'meeting'.
 */
export const reportIds = sqliteTable(
  'report_ids',
  {
    villageId: integer('village_id')
      .notNull()
      .references(() => reportVillages.id, { onDelete: 'cascade' }),
    entity: text('entity').notNull(),
    sourceId: integer('source_id').notNull(),
    localId: integer('local_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.villageId, t.entity, t.sourceId] }),
    index('report_ids_local_idx').on(t.entity, t.localId),
  ],
);

export type ReportVillageRow = typeof reportVillages.$inferSelect;
export type ReportImportRow = typeof reportImports.$inferSelect;
