import type { GridLevel } from '../../api/schemas';

/**
 * A household's 所在组 (docs/domain.md §1): the 村民小组 of its grid. When a group is split into
 * 组内网格 (level 'cell', always directly under a group: grids.ts refuses anything else), the
 * 所在组 is the group above the cell, never the cell's own name. Every place that prints or
 * lists a household's group goes through this file, in SQL or in memory, so the rule lives once.
 */

/** SQL: the 所在组 name of the grid row aliased `g` (its own name unless it is a 组内网格). */
export const groupNameSql = (g: string): string =>
  `(CASE WHEN ${g}.level = 'cell' THEN (SELECT gp.name FROM grids gp WHERE gp.id = ${g}.parent_id) ELSE ${g}.name END)`;

/** SQL: the id of the 所在组 grid of the grid row aliased `g`. */
export const groupIdSql = (g: string): string =>
  `(CASE WHEN ${g}.level = 'cell' THEN ${g}.parent_id ELSE ${g}.id END)`;

/** The separator between a group and its 组内网格 in a list's 网格 column: 「一组·东片」. */
export const CELL_SEPARATOR = '·';

/**
 * SQL: the grid as a list's 网格 column shows it: the name, or 「组·组内网格」 for a 组内网格 so
 * the 所在组 stays readable beside the small grid.
 */
export const gridLabelSql = (g: string): string =>
  `(CASE WHEN ${g}.level = 'cell' THEN (SELECT gp.name FROM grids gp WHERE gp.id = ${g}.parent_id) || '${CELL_SEPARATOR}' || ${g}.name ELSE ${g}.name END)`;

export interface GridLike {
  id: number;
  parentId: number | null;
  level: GridLevel;
  name: string;
}

/** In memory: the 所在组 grid of `gridId` (itself unless a 组内网格), from a map of the tree. */
export function groupOf<G extends GridLike>(
  byId: ReadonlyMap<number, G>,
  gridId: number,
): G | undefined {
  const grid = byId.get(gridId);
  if (grid?.level === 'cell' && grid.parentId !== null) return byId.get(grid.parentId) ?? grid;
  return grid;
}

/** In memory: the grid as a list shows it (see gridLabelSql). */
export function gridLabelOf(byId: ReadonlyMap<number, GridLike>, gridId: number): string {
  const grid = byId.get(gridId);
  if (!grid) return '';
  const group = groupOf(byId, gridId);
  return group && group !== grid ? `${group.name}${CELL_SEPARATOR}${grid.name}` : grid.name;
}
