import type { ServiceContext } from '../context';
import { addDays, daysBetween } from '../ledger/calendar';
import { today } from '../roster/people';
import { Random } from './random';

/**
 * When each 低保 / 特困供养 member of the demo was granted it (docs/domain.md §2, §9). Most were
 * granted years ago. Where the household had a problem registered this year, half of them were
 * granted that day (the grant screened in its month, as the rule asks); and about one in a
 * hundred was granted this year with no screening — what the self-check lists as 新增低保、
 * 特困户未排查. No problem is added (the ledger's yearly count stays the field's). Its own
 * Random from the seed, so the roster and the ledger a seed gives are unchanged by it.
 */
export function seedGrantDates(ctx: ServiceContext, seed: number): { grants: number } {
  const random = new Random(seed ^ 0x1b873593);
  const now = today(ctx);
  const yearStart = `${now.slice(0, 4)}-01-01`;
  const members = ctx.sqlite
    .prepare(
      `SELECT m.id, m.minimum_living AS living, m.extreme_poverty AS poverty,
         (SELECT min(p.registered_date) FROM problems p WHERE p.household_id = m.household_id
          AND p.registered_date BETWEEN ? AND ?) AS problemDate
       FROM members m
       WHERE m.minimum_living = 1 OR m.extreme_poverty = 1
       ORDER BY m.id`,
    )
    .all(yearStart, now) as {
    id: number;
    living: number;
    poverty: number;
    problemDate: string | null;
  }[];
  const setDates = ctx.sqlite.prepare(
    'UPDATE members SET minimum_living_since = ?, extreme_poverty_since = ? WHERE id = ?',
  );
  const thisYear = daysBetween(yearStart, now);
  let grants = 0;
  for (const m of members) {
    let since: string;
    if (m.problemDate !== null && random.chance(0.5)) since = m.problemDate;
    else if (thisYear > 0 && random.chance(0.01))
      since = addDays(yearStart, random.int(0, thisYear));
    else since = addDays(`${Number(now.slice(0, 4)) - 6}-01-01`, random.int(0, 365 * 5));
    setDates.run(m.living ? since : null, m.poverty ? since : null, m.id);
    grants++;
  }
  return { grants };
}
