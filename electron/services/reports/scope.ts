import type { ServiceContext } from '../context';
import { getGrid, gridPath } from '../grids/grids';

/**
 * What a report covers: a grid's subtree, split into branches (the grid's direct children,
 * e.g. the 村民小组 of a village) so one set of grouped queries gives both the totals and the
 * per-grid table.
 */
export interface ReportScope {
  /** The grid the user chose, or null for all data. */
  grid: { id: number; name: string; path: string[] } | null;
  /** The grid whose children are the branches; null when the data has several roots. */
  rootId: number | null;
  rootName: string;
  /** Branch grids in display order. */
  branches: { id: number; name: string; archived: boolean }[];
  /** The recursive CTE `scope(id, branch)`: every grid covered and the branch it falls in. */
  cte: string;
  /** Its parameter. */
  params: { rootId: number | null };
  /** Every grid covered → its branch (for results computed elsewhere, e.g. visitsDue). */
  branchOf: Map<number, number>;
}

const ROOT_CTE = `WITH RECURSIVE scope(id, branch) AS (
  SELECT @rootId, @rootId
  UNION ALL
  SELECT g.id, CASE WHEN s.id = @rootId THEN g.id ELSE s.branch END
  FROM grids g JOIN scope s ON g.parent_id = s.id)`;

// Several trees in one file (rare: two villages set up by hand): each tree is a branch.
const FOREST_CTE = `WITH RECURSIVE scope(id, branch) AS (
  SELECT id, id FROM grids WHERE parent_id IS NULL AND @rootId IS NULL
  UNION ALL
  SELECT g.id, s.branch FROM grids g JOIN scope s ON g.parent_id = s.id)`;

interface GridLite {
  id: number;
  parentId: number | null;
  name: string;
  level: string;
  archived: number;
}

/**
 * Without a grid, the report starts at the single root and walks down while there is only one
 * grid in use below (县 → 乡镇 → 村 of a one-village installation), so a village's report is
 * split by 村民小组 rather than showing one township row.
 */
export function reportScope(ctx: ServiceContext, gridId: number | undefined): ReportScope {
  const all = ctx.sqlite
    .prepare(
      `SELECT id, parent_id AS parentId, name, level, archived_at IS NOT NULL AS archived
       FROM grids ORDER BY sort_order, id`,
    )
    .all() as GridLite[];
  const children = new Map<number | null, GridLite[]>();
  for (const g of all) {
    const list = children.get(g.parentId);
    if (list) list.push(g);
    else children.set(g.parentId, [g]);
  }
  const inUse = (id: number | null) => (children.get(id) ?? []).filter((g) => !g.archived);

  let grid: ReportScope['grid'] = null;
  let rootId: number | null;
  if (gridId !== undefined) {
    const record = getGrid(ctx, gridId);
    grid = { id: record.id, name: record.name, path: gridPath(ctx, record.id) };
    rootId = record.id;
  } else {
    const roots = children.get(null) ?? [];
    rootId = roots.length === 1 ? roots[0]!.id : null;
    while (rootId !== null && inUse(rootId).length === 1) rootId = inUse(rootId)[0]!.id;
  }

  const byId = new Map(all.map((g) => [g.id, g]));
  const branchOf = new Map<number, number>();
  const walk = (id: number, branch: number) => {
    branchOf.set(id, branch);
    for (const child of children.get(id) ?? []) walk(child.id, branch);
  };
  let branches: ReportScope['branches'];
  const branch = (g: GridLite, name = g.name) => ({ id: g.id, name, archived: g.archived === 1 });
  const root = rootId === null ? undefined : byId.get(rootId);
  if (root) {
    const kids = children.get(root.id) ?? [];
    branchOf.set(root.id, root.id);
    for (const child of kids) walk(child.id, child.id);
    // The root itself is a branch too: a clue can be registered on a village grid.
    const ownLabel = kids.length > 0 ? `${root.name}（本级）` : root.name;
    branches = [...kids.map((g) => branch(g)), branch(root, ownLabel)];
  } else {
    const roots = children.get(null) ?? [];
    for (const r of roots) walk(r.id, r.id);
    branches = roots.map((g) => branch(g));
  }

  let rootName = root?.name ?? '全部网格';
  if (grid && (root?.level === 'group' || root?.level === 'cell')) {
    // A 村民小组 alone ("一组") says little in a title: put its village before it, and before a
    // 组内网格 its group and village ("杨柳村一组东片", docs/domain.md §1).
    const names = [root.name];
    let up = root.parentId === null ? undefined : byId.get(root.parentId);
    for (let above = root.level === 'cell' ? 2 : 1; up && above > 0; above--) {
      names.unshift(up.name);
      up = up.parentId === null ? undefined : byId.get(up.parentId);
    }
    rootName = names.join('');
  }
  return {
    grid,
    rootId,
    rootName,
    branches,
    cte: root ? ROOT_CTE : FOREST_CTE,
    params: { rootId: root ? root.id : null },
    branchOf,
  };
}
