import type { ServiceContext } from '../context';
import { sqlQuery } from '../sql';
import { formatRisks } from './cells';
import { HOUSEHOLD_COLUMNS, HOUSEHOLD_SHEET } from './columns';
import { gridNames } from './grid-names';
import { layoutSheet, sheetOptions, streamingWorkbook } from './sheet-layout';
import { cellXml, spliceRows } from './xlsx-splice';

/** The households of an export, in the roster's order; row type of HOUSEHOLDS. */
interface ExportHousehold {
  householdId: number;
  gridId: number;
  headId: string | null;
  [field: string]: string | number | null;
}

/** The members of a chunk of households; row type of MEMBERS. */
interface ExportMember {
  householdId: number;
  [field: string]: string | number | null;
}

/** A grid (or all, @gridId NULL) and everything below it; optionally monitoring objects only. */
const HOUSEHOLDS = sqlQuery<ExportHousehold, { gridId: number | null; monitorOnly: number }>(`
  WITH RECURSIVE sub(id) AS (SELECT @gridId UNION ALL SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id)
  SELECT h.id AS householdId, hg.grid_id AS gridId,
         (SELECT hm.id_number FROM members hm WHERE hm.household_id = h.id AND hm.relation = '本人') AS headId,
         h.household_no AS householdNo, h.address, h.natural_village AS naturalVillage, h.phone,
         h.household_type AS householdType, h.monitor_category AS monitorCategory,
         h.identified_date AS identifiedDate, h.no_labour_support AS noLabourSupport,
         h.developmental_aid AS developmentalAid, h.relocated, h.housing_unsafe AS housingUnsafe,
         h.school_dropout AS schoolDropout, h.water_unsafe AS waterUnsafe,
         h.no_medical_insurance AS noMedicalInsurance
  FROM households h
  JOIN household_grids hg ON hg.household_id = h.id AND hg.end_date IS NULL
  JOIN grids g ON g.id = hg.grid_id
  WHERE (@gridId IS NULL OR hg.grid_id IN sub) AND (@monitorOnly = 0 OR h.monitor_category IS NOT NULL)
    AND EXISTS (SELECT 1 FROM members em WHERE em.household_id = h.id)
  ORDER BY g.parent_id, g.sort_order, h.id`);

/** The members of the households whose ids are in the JSON array ?, in each household's order. */
const MEMBERS = sqlQuery<ExportMember, [householdIds: string]>(`
  SELECT m.household_id AS householdId, m.name, m.sex, m.id_number AS idNumber, m.relation,
         m.birth_date AS birthDate, m.ethnicity, m.education, m.school_status AS schoolStatus,
         m.health, m.labour_skill AS labourSkill, m.work_place AS workPlace,
         m.work_months AS workMonths, m.basic_medical_insurance AS basicMedicalInsurance,
         m.serious_illness_insurance AS seriousIllnessInsurance,
         m.pension_insurance AS pensionInsurance, m.minimum_living AS minimumLiving,
         m.minimum_living_since AS minimumLivingSince, m.extreme_poverty_since AS extremePovertySince,
         m.extreme_poverty AS extremePoverty
  FROM members m
  WHERE m.household_id IN (SELECT value FROM json_each(?))
  ORDER BY m.household_id, m.sort_order, m.id`);

const RISKS = sqlQuery<{ h: number; riskType: string; disasterSubtype: string | null }>(
  'SELECT household_id AS h, risk_type AS riskType, disaster_subtype AS disasterSubtype FROM household_risks ORDER BY rowid',
);

/** Households per chunk: rows are rendered, then the event loop gets a turn (issue 15 item 2). */
const CHUNK_HOUSEHOLDS = 500;

/** Excel column letters: 1 → A, 27 → AA. */
function letter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/**
 * The roster (a grid and everything below it, or all; optionally only monitoring objects) as
 * the import template's columns, one row per member, A4 landscape with the header on every
 * page. exceljs lays out the sheet and its header; the rows are rendered in chunks of
 * households (xlsx-splice.ts), each chunk's members read with one prepared query, so a
 * county's 130,000 rows never sit in memory at once and no chunk holds the event loop long.
 */
export async function exportRoster(
  ctx: ServiceContext,
  input: { gridId?: number | undefined; monitorOnly?: boolean | undefined },
): Promise<{ buffer: Buffer; rows: number }> {
  const { workbook, finish } = streamingWorkbook({ useSharedStrings: false });
  const sheet = workbook.addWorksheet(HOUSEHOLD_SHEET, sheetOptions());
  layoutSheet(sheet, HOUSEHOLD_COLUMNS);
  sheet.getRow(1).commit();
  sheet.commit();
  const headerOnly = await finish();

  const grids = gridNames(ctx);
  const labels = new Map<number, string>();
  const labelOf = (gridId: number) => {
    let label = labels.get(gridId);
    if (label === undefined) labels.set(gridId, (label = grids.labelOf(gridId)));
    return label;
  };
  const risks = new Map<number, { riskType: string; disasterSubtype: string | null }[]>();
  for (const r of RISKS.iterate(ctx)) {
    const list = risks.get(r.h);
    if (list) list.push(r);
    else risks.set(r.h, [r]);
  }
  const households = HOUSEHOLDS.all(ctx, {
    gridId: input.gridId ?? null,
    monitorOnly: input.monitorOnly ? 1 : 0,
  });

  const columns = HOUSEHOLD_COLUMNS.map((column, i) => ({
    column,
    letter: letter(i + 1),
    // Style 1 is the text format ('@') exceljs gives the ID and phone columns (layoutSheet).
    style: column.type === 'id' || column.type === 'phone' ? 1 : 0,
  }));
  const cellValue = (
    household: ExportHousehold,
    member: ExportMember,
    { column }: (typeof columns)[number],
  ): string | number => {
    const value =
      column.field === 'grid'
        ? labelOf(household.gridId)
        : column.field === 'headIdNumber'
          ? household.headId
          : column.field === 'risks'
            ? formatRisks(risks.get(household.householdId) ?? [])
            : column.scope === 'member'
              ? member[column.field]
              : household[column.field];
    if (column.type === 'bool') return value ? '是' : '否';
    return value ?? '';
  };

  let count = 0;
  async function* rows(): AsyncGenerator<string> {
    for (let start = 0; start < households.length; start += CHUNK_HOUSEHOLDS) {
      const chunk = households.slice(start, start + CHUNK_HOUSEHOLDS);
      const byHousehold = new Map<number, ExportMember[]>();
      for (const member of MEMBERS.all(ctx, JSON.stringify(chunk.map((h) => h.householdId)))) {
        const list = byHousehold.get(member.householdId);
        if (list) list.push(member);
        else byHousehold.set(member.householdId, [member]);
      }
      const parts: string[] = [];
      for (const household of chunk) {
        for (const member of byHousehold.get(household.householdId) ?? []) {
          const r = ++count + 1;
          let xml = `<row r="${r}">`;
          for (const c of columns) {
            const value = cellValue(household, member, c);
            if (value !== '') xml += cellXml(`${c.letter}${r}`, value, c.style);
          }
          parts.push(`${xml}</row>`);
        }
      }
      yield parts.join('');
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const buffer = await spliceRows(headerOnly, 'xl/worksheets/sheet1.xml', rows());
  return { buffer, rows: count };
}
