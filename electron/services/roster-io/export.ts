import type { ServiceContext } from '../context';
import { formatRisks } from './cells';
import { HOUSEHOLD_COLUMNS, HOUSEHOLD_SHEET } from './columns';
import { gridNames } from './grid-names';
import { layoutSheet, sheetOptions, streamingWorkbook } from './sheet-layout';

type MemberRow = Record<string, unknown> & {
  householdId: number;
  gridId: number;
  headId: string | null;
};

/**
 * The roster (a grid and everything below it, or all; optionally only monitoring objects) as
 * the import template's columns, A4
 * landscape with the header on every page, written with exceljs's streaming writer so a
 * county's 130,000 rows stay within memory.
 */
export async function exportRoster(
  ctx: ServiceContext,
  input: { gridId?: number | undefined; monitorOnly?: boolean | undefined },
): Promise<{ buffer: Buffer; rows: number }> {
  const { workbook, finish } = streamingWorkbook({ useSharedStrings: false });
  const sheet = workbook.addWorksheet(HOUSEHOLD_SHEET, sheetOptions());
  layoutSheet(sheet, HOUSEHOLD_COLUMNS);
  sheet.getRow(1).commit();

  const grids = gridNames(ctx);
  const risks = new Map<number, { riskType: string; disasterSubtype: string | null }[]>();
  for (const r of ctx.sqlite
    .prepare(
      'SELECT household_id AS h, risk_type AS riskType, disaster_subtype AS disasterSubtype FROM household_risks',
    )
    .iterate() as Iterable<{
    h: number;
    riskType: string;
    disasterSubtype: string | null;
  }>) {
    risks.set(r.h, [...(risks.get(r.h) ?? []), r]);
  }
  const yes = (v: unknown) => (v ? '是' : '否');
  const rows = ctx.sqlite
    .prepare(
      `WITH RECURSIVE sub(id) AS (SELECT @gridId UNION ALL SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id)
       SELECT h.id AS householdId, hg.grid_id AS gridId,
              (SELECT hm.id_number FROM members hm WHERE hm.household_id = h.id AND hm.relation = '本人') AS headId,
              h.household_no AS householdNo, h.address, h.natural_village AS naturalVillage, h.phone, h.household_type AS householdType,
              h.monitor_category AS monitorCategory, h.identified_date AS identifiedDate, h.no_labour_support AS noLabourSupport,
              h.developmental_aid AS developmentalAid, h.relocated, h.housing_unsafe AS housingUnsafe, h.school_dropout AS schoolDropout,
              h.water_unsafe AS waterUnsafe, h.no_medical_insurance AS noMedicalInsurance,
              m.name, m.sex, m.id_number AS idNumber, m.relation, m.birth_date AS birthDate, m.ethnicity, m.education,
              m.school_status AS schoolStatus, m.health, m.labour_skill AS labourSkill, m.work_place AS workPlace,
              m.work_months AS workMonths, m.basic_medical_insurance AS basicMedicalInsurance,
              m.serious_illness_insurance AS seriousIllnessInsurance, m.pension_insurance AS pensionInsurance,
              m.minimum_living AS minimumLiving, m.extreme_poverty AS extremePoverty
       FROM households h
       JOIN household_grids hg ON hg.household_id = h.id AND hg.end_date IS NULL
       JOIN grids g ON g.id = hg.grid_id
       JOIN members m ON m.household_id = h.id
       WHERE (@gridId IS NULL OR hg.grid_id IN sub) AND (@monitorOnly = 0 OR h.monitor_category IS NOT NULL)
       ORDER BY g.parent_id, g.sort_order, h.id, m.sort_order, m.id`,
    )
    .iterate({
      gridId: input.gridId ?? null,
      monitorOnly: input.monitorOnly ? 1 : 0,
    }) as Iterable<MemberRow>;
  let count = 0;
  for (const row of rows) {
    const values: Record<string, unknown> = {};
    for (const column of HOUSEHOLD_COLUMNS) {
      const value =
        column.field === 'grid'
          ? grids.labelOf(row.gridId)
          : column.field === 'headIdNumber'
            ? row.headId
            : column.field === 'risks'
              ? formatRisks(risks.get(row.householdId) ?? [])
              : row[column.field];
      values[column.field] = column.type === 'bool' ? yes(value) : (value ?? '');
    }
    sheet.addRow(values).commit();
    count++;
  }
  sheet.commit();
  return { buffer: await finish(), rows: count };
}
