import type {
  SelfCheckFinding,
  SelfCheckGroup,
  SelfCheckItem,
  SelfCheckTarget,
} from '../../api/self-check-types';
import type { ServiceContext } from '../context';
import { gridOrder } from '../grids/grids';
import { gridLabelOf, groupOf, type GridLike } from '../grids/group-of';
import type { CheckPeriod } from './period';

/**
 * What every check is given: the connection, the period, the grid's subtree (null: everything)
 * and the names of the grids, read once.
 */
export interface CheckScope {
  ctx: ServiceContext;
  period: CheckPeriod;
  /** The grid the report is limited to, or null. */
  gridId: number | null;
  /** Grid id → name, every grid. */
  gridNames: Map<number, string>;
  /**
   * Grid id → where its findings are filed: its 所在组 (a 组内网格's group, grids/group-of.ts)
   * and the label lists show (「一组·东片」).
   */
  filedAs: Map<number, { gridId: number; name: string }>;
  /** Grid id → its place in the tree (findings are sorted by it). */
  place: Map<number, number>;
  /** The grids of the subtree (every grid when gridId is null). */
  inScope: Set<number>;
}

/**
 * The subtree as SQL, `sub(id)`, used as `(@gridId IS NULL OR x IN sub)`: empty and unused
 * when @gridId is null (as visits/due.ts scopes its lists).
 */
export const SUBTREE = `WITH RECURSIVE sub(id) AS (
    SELECT @gridId UNION ALL SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id)`;

export function scopeOf(
  ctx: ServiceContext,
  period: CheckPeriod,
  gridId: number | null,
): CheckScope {
  const grids = ctx.sqlite
    .prepare('SELECT id, parent_id AS parentId, level, name FROM grids')
    .all() as GridLike[];
  const byId = new Map(grids.map((g) => [g.id, g]));
  const children = new Map<number | null, number[]>();
  for (const g of grids) {
    const list = children.get(g.parentId);
    if (list) list.push(g.id);
    else children.set(g.parentId, [g.id]);
  }
  const inScope = new Set<number>();
  const stack = gridId === null ? [...(children.get(null) ?? [])] : [gridId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (inScope.has(id)) continue;
    inScope.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return {
    ctx,
    period,
    gridId,
    gridNames: new Map(grids.map((g) => [g.id, g.name])),
    filedAs: new Map(
      grids.map((g) => [
        g.id,
        { gridId: groupOf(byId, g.id)?.id ?? g.id, name: gridLabelOf(byId, g.id) },
      ]),
    ),
    place: gridOrder(ctx),
    inScope,
  };
}

/** One finding; the grid's name looked up from the scope. */
export function finding(
  scope: CheckScope,
  gridId: number | null,
  subject: string,
  detail: string,
  target: SelfCheckTarget,
): SelfCheckFinding {
  const filed = gridId === null ? undefined : scope.filedAs.get(gridId);
  return {
    subject,
    gridId: filed?.gridId ?? gridId,
    gridName: filed?.name ?? '',
    detail,
    target,
  };
}

/** A check with its findings in grid-tree order (stable within a grid). */
export function item(
  scope: CheckScope,
  code: string,
  group: SelfCheckGroup,
  title: string,
  rule: string,
  findings: SelfCheckFinding[],
): SelfCheckItem {
  const place = (f: SelfCheckFinding) =>
    f.gridId === null ? -1 : (scope.place.get(f.gridId) ?? Number.MAX_SAFE_INTEGER);
  const sorted = findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => place(a.f) - place(b.f) || a.i - b.i)
    .map(({ f }) => f);
  return { code, group, title, rule, count: sorted.length, findings: sorted };
}

/** 「张三户」, or the household's number when it has no head on record. */
export function householdSubject(id: number, head: string | null): string {
  return head ? `${head}户` : `第 ${id} 号农户（未登记户主）`;
}

/** Amounts as a clerk writes them: 8700, 8712.5. */
export function yuan(amount: number): string {
  return `${Math.round(amount * 100) / 100} 元`;
}
