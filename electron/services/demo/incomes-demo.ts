import { householdIncomes } from '../../../db/schema';
import { prepareBulkInsert } from '../bulk';
import type { ServiceContext } from '../context';
import { getSettings } from '../settings/settings';
import { Random } from './random';

/**
 * The current year's income figures (docs/domain.md §9 「Income」: the 集中排查 collects them
 * for the 12-month window), for every household the roster gave last year's: most grow a
 * little, a few fall. A 脱贫户 that falls under this year's line is what the self-check lists as
 * 收入低于监测标准但未纳入监测 — a few in a village, as in the field; an eliminated household
 * stays above the line (elimination needs a stable income, §9 「风险消除」) but for the odd one.
 * Its own Random from the seed, so the roster and the ledger a seed gives are unchanged by it.
 */
export function seedCurrentIncomes(ctx: ServiceContext, seed: number): { incomes: number } {
  const random = new Random(seed ^ 0x2545f491);
  const year = ctx.now().getFullYear();
  const line = getSettings(ctx).incomeLines.find((l) => l.year === year)?.amount ?? 8700;
  const rows = ctx.sqlite
    .prepare(
      `SELECT i.household_id AS householdId, i.wage_income AS wage, i.business_income AS business,
         i.property_income AS property, i.transfer_income AS transfer, i.business_cost AS cost,
         i.per_capita_net_income AS perCapita, i.compliant_out_of_pocket AS outOfPocket,
         h.monitor_category AS category, h.elimination_status AS elimination
       FROM household_incomes i JOIN households h ON h.id = i.household_id
       WHERE i.year = ? AND NOT EXISTS (SELECT 1 FROM household_incomes c
         WHERE c.household_id = i.household_id AND c.year = ?)
       ORDER BY i.household_id`,
    )
    .all(year - 1, year) as {
    householdId: number;
    wage: number | null;
    business: number | null;
    property: number | null;
    transfer: number | null;
    cost: number | null;
    perCapita: number | null;
    outOfPocket: number | null;
    category: string | null;
    elimination: string | null;
  }[];
  const insert = prepareBulkInsert(ctx.db, householdIncomes, [
    'householdId',
    'year',
    'wageIncome',
    'businessIncome',
    'propertyIncome',
    'transferIncome',
    'businessCost',
    'perCapitaNetIncome',
    'compliantOutOfPocket',
  ]);
  let incomes = 0;
  for (const row of rows) {
    if (row.perCapita === null) continue;
    // −5 % … +15 %: mostly growth, now and then a fall.
    let factor = 0.95 + random.int(0, 20) / 100;
    const eliminated = row.category !== null && row.elimination === '已消除';
    if (eliminated && row.perCapita * factor < line * 1.05 && !random.chance(0.03)) {
      factor = (line * (1.05 + random.int(0, 20) / 100)) / row.perCapita;
    }
    const scale = (v: number | null) => (v === null ? null : Math.round(v * factor));
    insert({
      householdId: row.householdId,
      year,
      wageIncome: scale(row.wage),
      businessIncome: scale(row.business),
      propertyIncome: scale(row.property),
      transferIncome: scale(row.transfer),
      businessCost: scale(row.cost),
      perCapitaNetIncome: Math.round(row.perCapita * factor),
      compliantOutOfPocket: row.outOfPocket,
    });
    incomes++;
  }
  return { incomes };
}
