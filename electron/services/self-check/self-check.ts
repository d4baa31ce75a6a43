import {
  SELF_CHECK_GROUPS,
  type SelfCheckItem,
  type SelfCheckReport,
} from '../../api/self-check-types';
import type { ServiceContext } from '../context';
import { getGrid } from '../grids/grids';
import { today } from '../roster/people';
import { getSettings } from '../settings/settings';
import { scopeOf } from './common';
import { householdChecks } from './households';
import { resolvePeriod } from './period';
import { peopleChecks } from './people';
import { procedureChecks } from './procedure';
import { publicityChecks } from './publicity';
import { cardCheck, meetingCheck } from './routine';

export interface SelfCheckInput {
  gridId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * 迎检自查 (docs/domain.md §9): every check an inspection makes, computed from the records of a
 * grid's subtree (or everything) over a period, grouped as SELF_CHECK_GROUPS and counted. Every
 * check is listed, also one that found nothing, so the report says what was looked at.
 * Set-based: each area reads its rows in one or two queries (households.ts reads one row per
 * household with all it needs), never a query per household.
 */
export function selfCheck(ctx: ServiceContext, input: SelfCheckInput = {}): SelfCheckReport {
  const grid = input.gridId === undefined ? null : getGrid(ctx, input.gridId);
  const period = resolvePeriod(
    {
      ...(input.from === undefined ? {} : { from: input.from }),
      ...(input.to === undefined ? {} : { to: input.to }),
    },
    today(ctx),
  );
  const scope = scopeOf(ctx, period, grid?.id ?? null);
  const households = householdChecks(scope);
  const items: SelfCheckItem[] = [
    ...households.policy,
    ...households.data,
    ...procedureChecks(scope),
    households.visits,
    meetingCheck(scope),
    cardCheck(scope),
    households.handouts,
    ...publicityChecks(scope),
    ...peopleChecks(scope),
  ];
  const groups = SELF_CHECK_GROUPS.map((group) => {
    const of = items.filter((i) => i.group === group);
    return { group, count: of.reduce((n, i) => n + i.count, 0), items: of };
  });
  return {
    from: period.from,
    to: period.to,
    asOf: period.asOf,
    gridId: grid?.id ?? null,
    scopeName: grid?.name ?? (getSettings(ctx).villageName || '全部网格'),
    total: groups.reduce((n, g) => n + g.count, 0),
    groups,
  };
}
