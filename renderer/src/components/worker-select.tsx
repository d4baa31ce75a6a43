import { Select, type FormInstance, type ModalFuncProps } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import type { WorkerSummary } from '../../../electron/api/roster-types';
import type { GridNode } from '../../../electron/api/types';
import { useCall } from '../hooks/use-call';

/**
 * Who records a visit or a problem by default, in this order of roles within a grid: the
 * 网格员 does the visits and reports what they find (docs/domain.md §1, §3), then the 网格长
 * who leads the grid, then 监测员, 信息员 and 监管员. When nobody holds a role in the
 * household's own grid, the grid above is tried (a sub-grid's 村民小组, then the village).
 */
export const DEFAULT_ROLE_ORDER = ['网格员', '网格长', '监测员', '信息员', '监管员'] as const;

/** The workers with their current roles, and the grid tree to tell which grids lie above. */
export interface WorkerDirectory {
  workers: WorkerSummary[];
  loading: boolean;
  /** The grid and the grids above it, nearest first. */
  chainOf: (gridId: number) => number[];
}

function directoryOf(
  workers: WorkerSummary[] | undefined,
  tree: GridNode[] | undefined,
  loading: boolean,
): WorkerDirectory {
  const parent = new Map<number, number | null>();
  const walk = (nodes: GridNode[]) => {
    for (const node of nodes) {
      parent.set(node.id, node.parentId);
      walk(node.children);
    }
  };
  walk(tree ?? []);
  return {
    workers: workers ?? [],
    loading,
    chainOf: (gridId) => {
      const chain: number[] = [];
      for (let id: number | null | undefined = gridId; id != null; id = parent.get(id)) {
        if (chain.includes(id)) break;
        chain.push(id);
      }
      return chain;
    },
  };
}

/** Loads the directory once for a form (workers.list and grids.tree, one call each). */
export function useWorkerDirectory(enabled = true): WorkerDirectory {
  const workers = useCall('workers.list', enabled ? {} : null);
  const tree = useCall('grids.tree', enabled ? undefined : null);
  return useMemo(
    () => directoryOf(workers.data, tree.data, workers.loading || tree.loading),
    [workers.data, tree.data, workers.loading, tree.loading],
  );
}

/** Whether the worker holds a current role in the grid or in a grid above it. */
export function coversGrid(
  directory: WorkerDirectory,
  workerId: number,
  gridId: number | null | undefined,
): boolean {
  if (gridId == null) return true;
  const worker = directory.workers.find((w) => w.id === workerId);
  if (!worker) return true;
  const chain = directory.chainOf(gridId);
  return worker.activeRoles.some((r) => chain.includes(r.gridId));
}

/** The worker a household's grid gives by default (DEFAULT_ROLE_ORDER), or undefined. */
export function defaultWorkerFor(
  directory: WorkerDirectory,
  gridId: number | null | undefined,
): WorkerSummary | undefined {
  if (gridId == null) return undefined;
  for (const id of directory.chainOf(gridId)) {
    for (const role of DEFAULT_ROLE_ORDER) {
      const found = directory.workers.find((w) =>
        w.activeRoles.some((r) => r.gridId === id && r.role === role),
      );
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Fills a form's `workerId` with the worker the household's grid gives (defaultWorkerFor)
 * whenever the grid becomes known or changes, unless the clerk picked a worker themselves:
 * only a value this hook put there (or none) is replaced. `saved` is the record being
 * edited: while its grid is unchanged its worker stays as saved.
 */
export function useDefaultWorker(
  // Any form with a workerId field.
  form: FormInstance<never> | FormInstance,
  directory: WorkerDirectory,
  gridId: number | null | undefined,
  saved?: { workerId: number; gridId: number | null } | null,
): void {
  const filled = useRef<number | undefined>(saved?.workerId);
  const savedGrid = saved ? saved.gridId : undefined;
  useEffect(() => {
    if (directory.loading || gridId == null) return;
    if (savedGrid !== undefined && gridId === savedGrid) return;
    const f = form as FormInstance;
    const current = f.getFieldValue('workerId') as number | undefined;
    if (current !== undefined && current !== filled.current) return;
    const worker = defaultWorkerFor(directory, gridId);
    if (!worker || worker.id === current) return;
    filled.current = worker.id;
    f.setFieldValue('workerId', worker.id);
  }, [directory, gridId, savedGrid, form]);
}

/**
 * Whether to ask before saving (confirmOtherWorker): not when a saved record keeps its worker
 * and grid, nor when the worker holds a role over the grid.
 */
export function needsWorkerConfirm(
  directory: WorkerDirectory,
  workerId: number,
  gridId: number | null | undefined,
  saved?: { workerId: number; gridId: number | null } | null,
): string | null {
  if (saved && saved.workerId === workerId && saved.gridId === gridId) return null;
  if (coversGrid(directory, workerId, gridId)) return null;
  return directory.workers.find((w) => w.id === workerId)?.name ?? '这位网格员';
}

/**
 * Asks before a visit or problem is recorded under a worker with no role over the household's
 * grid (a wrong pick is easy in a long list). Resolves true to go on.
 */
export function confirmOtherWorker(
  confirm: (props: ModalFuncProps) => unknown,
  name: string,
): Promise<boolean> {
  return new Promise((resolve) => {
    confirm({
      title: `${name} 不负责这户所在的网格，仍然记在 ${name} 名下？`,
      content: '如果选错了人，请点「重新选择」，在「本户所在网格」下选择。',
      okText: '仍然保存',
      cancelText: '重新选择',
      onOk: () => resolve(true),
      onCancel: () => resolve(false),
    });
  });
}

interface Option {
  value: number;
  label: string;
  /** Lower-case name, initials and grid names: what a search is matched against. */
  search: string;
  initials: string;
}

interface OptionGroup {
  label: string;
  title: string;
  options: Option[];
}

/**
 * Picks a 网格员 by name or pinyin initials (zs → 张三). Each option shows the worker's
 * current roles with their grids, so two people of the same name can be told apart. Given
 * `preferGridId` (the household's grid), the workers of that grid come first, then those of
 * the grids above it (the village), then everyone else.
 */
export function WorkerSelect({
  value,
  onChange,
  preferGridId,
  directory,
  placeholder = '全部网格员',
  allowClear = true,
  width = 180,
  ariaLabel = '网格员',
}: {
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  preferGridId?: number | null;
  /** The form's own directory, so the list is not loaded twice. */
  directory?: WorkerDirectory;
  placeholder?: string;
  allowClear?: boolean;
  width?: number | string;
  ariaLabel?: string;
}) {
  const own = useWorkerDirectory(!directory);
  const dir = directory ?? own;
  const options = useMemo((): (Option | OptionGroup)[] => {
    const toOption = (w: WorkerSummary): Option => {
      const roles = w.activeRoles.map((r) => `${r.gridName}${r.role}`).join('、');
      return {
        value: w.id,
        label: roles ? `${w.name}（${roles}）` : `${w.name}（无分工）`,
        search: `${w.name} ${roles}`.toLowerCase(),
        initials: w.initials,
      };
    };
    if (preferGridId == null) return dir.workers.map(toOption);
    const chain = dir.chainOf(preferGridId);
    const tier = (w: WorkerSummary) => {
      const at = w.activeRoles.map((r) => chain.indexOf(r.gridId)).filter((i) => i >= 0);
      if (at.length === 0) return 2;
      return Math.min(...at) === 0 ? 0 : 1;
    };
    const groups: Option[][] = [[], [], []];
    for (const w of dir.workers) groups[tier(w)]!.push(toOption(w));
    const titles = ['本户所在网格', '上级网格（村里）', '其他网格员'];
    return groups
      .map((options, i) => ({ label: titles[i]!, title: titles[i]!, options }))
      .filter((g) => g.options.length > 0);
  }, [dir, preferGridId]);

  return (
    <Select<number, Option | OptionGroup>
      aria-label={ariaLabel}
      style={{ width }}
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? undefined)}
      options={options}
      loading={dir.loading}
      placeholder={placeholder}
      allowClear={allowClear}
      showSearch={{
        filterOption: (input, option) => {
          if (!option || !('search' in option)) return false;
          const query = input.trim().toLowerCase();
          if (!query) return true;
          return option.search.includes(query) || option.initials.startsWith(query);
        },
      }}
      popupMatchSelectWidth={false}
      notFoundContent="没有这样的网格员（可在「网格花名册」中添加）"
    />
  );
}
