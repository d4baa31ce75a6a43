import type { SelfCheckItem } from '../../api/self-check-types';
import { getSettings } from '../settings/settings';
import { sqlQuery } from '../sql';
import { SUBTREE, finding, item, type CheckScope } from './common';

/**
 * 网格与人员 (docs/domain.md §1): group grids over the household cap (a setting), group grids
 * without a current 网格长, workers who never held a role.
 */

interface GroupRow {
  id: number;
  level: string;
  households: number;
  heads: number;
}
/**
 * Every group grid and 组内网格 of the scope (not archived) with its current households (the cap
 * counts the lowest grid, docs/domain.md §1) and 网格长.
 */
const GROUPS = sqlQuery<GroupRow, { gridId: number | null }>(`${SUBTREE}
  SELECT g.id, g.level,
    (SELECT count(*) FROM household_grids hg WHERE hg.grid_id = g.id AND hg.end_date IS NULL)
      AS households,
    (SELECT count(*) FROM worker_roles wr WHERE wr.grid_id = g.id AND wr.end_date IS NULL
       AND wr.role = '网格长') AS heads
  FROM grids g
  WHERE g.level IN ('group', 'cell') AND g.archived_at IS NULL AND (@gridId IS NULL OR g.id IN sub)
  ORDER BY g.id`);

interface IdleRow {
  id: number;
  name: string;
}
/**
 * Workers entered in the roster who never held a role: nobody knows which grid they serve. A
 * worker whose roles all ended is history (docs/domain.md §1: keep it), not a finding. Such a
 * worker belongs to no grid, so only a report of everything lists them.
 */
const IDLE = sqlQuery<IdleRow, { all: number }>(`
  SELECT w.id, w.name FROM workers w
  WHERE @all = 1 AND NOT EXISTS (SELECT 1 FROM worker_roles wr WHERE wr.worker_id = w.id)
  ORDER BY w.id`);

export function peopleChecks(scope: CheckScope): SelfCheckItem[] {
  const { ctx } = scope;
  const cap = getSettings(ctx).householdCap;
  const groups = GROUPS.all(ctx, { gridId: scope.gridId });
  const name = (id: number) => scope.gridNames.get(id) ?? '';
  const over = groups
    .filter((g) => g.households > cap)
    .map((g) =>
      finding(scope, g.id, name(g.id), `现有 ${g.households} 户，超过每个网格 ${cap} 户的上限`, {
        kind: 'grid',
        id: g.id,
      }),
    );
  const headless = groups
    // A 网格长 per 村民小组; a 组内网格 is led by its group's.
    .filter((g) => g.level === 'group' && g.heads === 0)
    .map((g) => finding(scope, g.id, name(g.id), '没有在任的网格长', { kind: 'grid', id: g.id }));
  const idle = IDLE.all(ctx, { all: scope.gridId === null ? 1 : 0 }).map((w) =>
    finding(scope, null, w.name, '已登记为网格员，但没有在任何网格任职', {
      kind: 'worker',
      id: w.id,
    }),
  );
  const G = '网格与人员' as const;
  return [
    item(scope, 'grids-over-cap', G, '网格户数超过上限', `每个村民小组网格不超过 ${cap} 户`, over),
    item(
      scope,
      'workers-without-role',
      G,
      '网格员没有职务',
      '登记的网格员应在某个网格任职（已卸任的保留为历史，不在此列）',
      idle,
    ),
    item(
      scope,
      'grids-without-head',
      G,
      '网格没有网格长',
      '每个村民小组网格应有在任的网格长',
      headless,
    ),
  ];
}
