import type { CardChange, CardChangeList } from '../../api/cards-types';
import type { ServiceContext } from '../context';
import { getGrid } from '../grids/grids';
import { CardSource, householdsInGrid } from './content';
import { cardHash } from './hash';

/**
 * "Reprint changed cards" (docs/domain.md §5: when a worker changes, the cards of exactly the
 * affected households are reprinted): every household in scope whose card, built now, hashes
 * differently from the one last printed, or that has never had one. Only the hash is kept,
 * so the reason is "内容有变化" rather than which field changed.
 */
export function changedCards(ctx: ServiceContext, gridId?: number): CardChangeList {
  if (gridId !== undefined) getGrid(ctx, gridId);
  const scoped = householdsInGrid(ctx, gridId);
  const contents = new CardSource(ctx).contents(scoped.map((h) => h.id));
  const printed = new Map(
    (
      ctx.sqlite
        .prepare(
          'SELECT household_id AS householdId, content_hash AS hash, printed_at AS printedAt FROM card_prints',
        )
        .all() as { householdId: number; hash: string; printedAt: string }[]
    ).map((p) => [p.householdId, p]),
  );
  const households: CardChange[] = [];
  let neverPrinted = 0;
  scoped.forEach((household, i) => {
    const last = printed.get(household.id);
    if (last && last.hash === cardHash(contents[i]!)) return;
    if (last) households.push(change(household, '内容有变化', last.printedAt));
    else {
      neverPrinted++;
      households.push(change(household, '从未打印', null));
    }
  });
  return {
    total: scoped.length,
    neverPrinted,
    changed: households.length - neverPrinted,
    households,
  };
}

function change(
  household: ReturnType<typeof householdsInGrid>[number],
  reason: CardChange['reason'],
  lastPrintedAt: string | null,
): CardChange {
  return {
    householdId: household.id,
    head: household.head,
    gridId: household.gridId,
    gridName: household.gridName,
    reason,
    lastPrintedAt,
  };
}
