import type { GridNode } from '../../api/types';
import type { ServiceContext } from '../context';
import { gridTree } from '../grids/grids';

export interface GridNames {
  /** A cell's text → the grid id, or 'ambiguous' when two lowest grids answer to it. */
  resolve(text: string): number | 'ambiguous' | undefined;
  /**
   * The shortest unambiguous label of a grid: its name, or 村/组, or the whole path; a 组内网格
   * always with its group (组/网格).
   */
  labelOf(id: number): string;
  /** Labels of every lowest-level grid, for drop-down lists. */
  labels: string[];
  /** Ids of grids that have sub-grids (households cannot be placed there). */
  inner: Set<number>;
}

/**
 * Names of the grids as clerks write them in a spreadsheet: 一组, or 杨柳村/一组 where two
 * villages both have a 一组, or the whole path 石门县/柳湾镇/杨柳村/一组.
 */
export function gridNames(ctx: ServiceContext): GridNames {
  const byKey = new Map<string, number | 'ambiguous'>();
  const paths = new Map<number, string[]>();
  const inner = new Set<number>();
  const cells = new Set<number>();
  const add = (key: string, id: number) => {
    const existing = byKey.get(key);
    byKey.set(key, existing === undefined || existing === id ? id : 'ambiguous');
  };
  const walk = (nodes: GridNode[], path: string[]) => {
    for (const node of nodes) {
      const full = [...path, node.name];
      paths.set(node.id, full);
      if (node.children.length > 0) inner.add(node.id);
      if (node.level === 'cell') cells.add(node.id);
      for (let i = 0; i < full.length; i++) add(full.slice(i).join('/'), node.id);
      walk(node.children, full);
    }
  };
  walk(gridTree(ctx), []);
  const labelOf = (id: number) => {
    const full = paths.get(id) ?? [];
    // A 组内网格 is written with its 村民小组 (一组/东片), so the file shows the 所在组
    // (docs/domain.md §1) and still reads back to the same grid.
    for (let take = cells.has(id) ? 2 : 1; take <= full.length; take++) {
      const key = full.slice(-take).join('/');
      if (byKey.get(key) === id) return key;
    }
    return full.join('/');
  };
  const labels = [...paths.keys()].filter((id) => !inner.has(id)).map(labelOf);
  return {
    resolve: (text) =>
      byKey.get(
        text
          .trim()
          .replace(/[\\／]/g, '/')
          .replace(/\s*\/\s*/g, '/'),
      ),
    labelOf,
    labels,
    inner,
  };
}
