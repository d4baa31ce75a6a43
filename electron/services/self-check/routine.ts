import type { SelfCheckFinding, SelfCheckItem } from '../../api/self-check-types';
import { CardSource } from '../cards/content';
import { cardHash } from '../cards/hash';
import { sqlQuery } from '../sql';
import { monthPeriod } from '../visits/rules';
import { SUBTREE, finding, householdSubject, item, type CheckScope } from './common';
import { dateText, monthText, monthsBetween } from './period';

/**
 * 日常工作 (docs/domain.md §9 「Routine」) beside the visits (households.ts): a grid meeting
 * every month, and household cards still saying what they said when printed (§5).
 */

interface GridRow {
  id: number;
  parentId: number | null;
  level: string;
}
const GRIDS = sqlQuery<GridRow>(
  'SELECT id, parent_id AS parentId, level FROM grids WHERE archived_at IS NULL',
);
const MEETING_MONTHS = sqlQuery<{ gridId: number; month: string }, { from: string; to: string }>(
  `SELECT DISTINCT grid_id AS gridId, substr(date, 1, 7) AS month FROM meetings
   WHERE date BETWEEN @from AND @to`,
);

/**
 * 一月一会商: every group grid (村民小组 level, and grids below it) of the scope needs, for each
 * month of the period that has ended, minutes of a meeting held in it or in a grid above it up
 * to its village — a village meeting covers the village's groups.
 */
export function meetingCheck(scope: CheckScope): SelfCheckItem {
  const { ctx, period } = scope;
  // Months that have ended: the running month is not late yet.
  const months = monthsBetween(period.from, period.to).filter(
    (m) => monthPeriod(m).end < period.judgedOn,
  );
  const grids = GRIDS.all(ctx);
  const byId = new Map(grids.map((g) => [g.id, g]));
  const held = new Map<number, Set<string>>();
  for (const m of MEETING_MONTHS.all(ctx, { from: period.from, to: period.to })) {
    const set = held.get(m.gridId) ?? new Set();
    set.add(m.month);
    held.set(m.gridId, set);
  }
  const findings: SelfCheckFinding[] = [];
  for (const grid of grids) {
    if (grid.level !== 'group' || !scope.inScope.has(grid.id)) continue;
    const covered = new Set<string>();
    const seen = new Set<number>();
    for (let g: GridRow | undefined = grid; g && !seen.has(g.id);) {
      seen.add(g.id);
      for (const month of held.get(g.id) ?? []) covered.add(month);
      if (g.level === 'village') break;
      g = g.parentId === null ? undefined : byId.get(g.parentId);
    }
    for (const month of months) {
      if (covered.has(month)) continue;
      findings.push(
        finding(
          scope,
          grid.id,
          scope.gridNames.get(grid.id) ?? '',
          `${monthText(month)}没有本网格或所在村的月度会商记录`,
          { kind: 'meetings', gridId: grid.id, month },
        ),
      );
    }
  }
  return item(
    scope,
    'months-without-meeting',
    '日常工作',
    '月度会商缺失',
    '每个村民小组网格每月应有一次会商（本组或所在村召开）并有记录',
    findings,
  );
}

const PRINTED = sqlQuery<
  { householdId: number; gridId: number; hash: string; printedAt: string; head: string | null },
  { gridId: number | null }
>(`${SUBTREE}
  SELECT cp.household_id AS householdId, hg.grid_id AS gridId, cp.content_hash AS hash,
         cp.printed_at AS printedAt,
         (SELECT m.name FROM members m WHERE m.household_id = cp.household_id AND m.relation = '本人'
          ORDER BY m.sort_order, m.id LIMIT 1) AS head
  FROM card_prints cp
  JOIN household_grids hg ON hg.household_id = cp.household_id AND hg.end_date IS NULL
  WHERE (@gridId IS NULL OR hg.grid_id IN sub)
  ORDER BY cp.household_id`);

/**
 * Cards printed whose content now reads differently (a worker or contact changed): the card as
 * the cards service builds it today, hashed by its own function (cards/hash.ts).
 */
export function cardCheck(scope: CheckScope): SelfCheckItem {
  const printed = PRINTED.all(scope.ctx, { gridId: scope.gridId });
  const contents = new CardSource(scope.ctx).contents(printed.map((p) => p.householdId));
  const findings = printed.flatMap((p, i) =>
    cardHash(contents[i]!) === p.hash
      ? []
      : [
          finding(
            scope,
            p.gridId,
            householdSubject(p.householdId, p.head),
            `明白纸于${dateText(p.printedAt.slice(0, 10))}打印后内容有变化（网格员、帮扶责任人等），需重新打印张贴`,
            { kind: 'household', id: p.householdId },
          ),
        ],
  );
  return item(
    scope,
    'cards-changed',
    '日常工作',
    '明白纸内容已变化未重印',
    '网格员或帮扶责任人变化后，受影响农户的明白纸应重新打印张贴',
    findings,
  );
}
