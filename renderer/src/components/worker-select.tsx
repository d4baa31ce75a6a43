import { Select, Typography, type FormInstance, type ModalFuncProps } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  DEFAULT_ROLE_ORDER,
  type GridWorker,
  type WorkerSummary,
} from '../../../electron/api/roster-types';
import { call } from '../api/client';
import { useCall } from '../hooks/use-call';

/**
 * Who records a visit or a problem by default (docs/domain.md §1, §3): the service's
 * workers.forGrid lists the workers over a grid nearest first in this role order.
 */
export { DEFAULT_ROLE_ORDER };

/**
 * The workers over one grid (its own, then the grids above it), as workers.forGrid gives them:
 * a form loads this small list for its household's grid instead of every worker of the county.
 */
export interface WorkerDirectory {
  /** The grid the list answers, or null when no grid is known yet. */
  gridId: number | null;
  workers: GridWorker[];
  loading: boolean;
}

/** Loads the workers over `gridId` (workers.forGrid); nothing while the grid is unknown. */
export function useWorkerDirectory(gridId: number | null | undefined): WorkerDirectory {
  const grid = gridId ?? null;
  const answer = useCall('workers.forGrid', grid === null ? null : { gridId: grid });
  const data = answer.data?.gridId === grid ? answer.data : undefined;
  return useMemo(
    () => ({ gridId: grid, workers: data?.workers ?? [], loading: answer.loading }),
    [grid, data, answer.loading],
  );
}

/** The worker a household's grid gives by default: the first of workers.forGrid, or undefined. */
export function defaultWorkerFor(
  directory: WorkerDirectory,
  gridId: number | null | undefined,
): GridWorker | undefined {
  if (gridId == null || directory.gridId !== gridId || directory.loading) return undefined;
  return directory.workers[0];
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
    if (gridId == null) return;
    if (savedGrid !== undefined && gridId === savedGrid) return;
    const worker = defaultWorkerFor(directory, gridId);
    const f = form as FormInstance;
    const current = f.getFieldValue('workerId') as number | undefined;
    if (current !== undefined && current !== filled.current) return;
    if (!worker || worker.id === current) return;
    filled.current = worker.id;
    f.setFieldValue('workerId', worker.id);
  }, [directory, gridId, savedGrid, form]);
}

/**
 * Whether to ask before saving (confirmOtherWorker), and under which name: not when a saved
 * record keeps its worker and grid, nor when the worker holds a role over the grid (is in
 * workers.forGrid of it; asked of the service when the form's list is for another grid).
 */
export async function needsWorkerConfirm(
  directory: WorkerDirectory,
  workerId: number,
  gridId: number | null | undefined,
  saved?: { workerId: number; gridId: number | null } | null,
): Promise<string | null> {
  if (saved && saved.workerId === workerId && saved.gridId === gridId) return null;
  if (gridId == null) return null;
  const over =
    directory.gridId === gridId && !directory.loading
      ? directory.workers
      : (await call('workers.forGrid', { gridId })).workers;
  if (over.some((w) => w.id === workerId)) return null;
  const worker = await call('workers.get', { id: workerId }).catch(() => null);
  return worker?.name ?? '这位网格员';
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

/** `value` once it has stayed the same for `ms`: what is typed is asked of the service once. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

interface Option {
  value: number;
  label: string;
}

interface OptionGroup {
  label: string;
  title: string;
  options: Option[];
}

/** 张三（一组网格员、杨柳村网格长）: the roles tell two people of the same name apart. */
function toOption(w: WorkerSummary): Option {
  const roles = w.activeRoles.map((r) => `${r.gridName}${r.role}`).join('、');
  return { value: w.id, label: roles ? `${w.name}（${roles}）` : `${w.name}（无分工）` };
}

/** How many workers a search or the first look shows; more are found by typing more. */
const PAGE = 30;

/**
 * Picks a 网格员 by name, pinyin initials (zs → 张三) or a phone's last 4 digits, searched in
 * the service as the clerk types (workers.list), so a county's thousands of workers are never
 * all loaded. Each option shows the worker's current roles with their grids. Given
 * `preferGridId` (the household's grid), the list opens on the workers of that grid, then
 * those of the grids above it (workers.forGrid); anyone else is found by typing.
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
  /** The form's own list for preferGridId, so it is not loaded twice. */
  directory?: WorkerDirectory;
  placeholder?: string;
  allowClear?: boolean;
  width?: number | string;
  ariaLabel?: string;
}) {
  const grid = preferGridId ?? null;
  const own = useWorkerDirectory(directory ? null : grid);
  const dir = directory ?? own;
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const query = useDebounced(typed.trim(), 200);
  // Searched in the service while text is typed; without text and without a grid, the first
  // names once the list is opened.
  const searching = query !== '';
  const found = useCall(
    'workers.list',
    searching ? { query, limit: PAGE } : open && grid === null ? { limit: PAGE } : null,
  );

  // The chosen worker's label when no loaded list holds them (picked from a search since
  // cleared, a filter restored, a saved record's worker from another grid), so the field
  // never shows a bare number.
  const [picked, setPicked] = useState<Option | null>(null);
  const listed = new Map<number, Option>();
  for (const w of dir.workers) listed.set(w.id, toOption(w));
  for (const w of found.data?.rows ?? []) listed.set(w.id, toOption(w));
  const missing = value != null && !listed.has(value) && picked?.value !== value ? value : null;
  const chosen = useCall('workers.get', missing === null ? null : { id: missing });
  const current =
    value == null
      ? undefined
      : (listed.get(value) ??
        (picked?.value === value ? picked : undefined) ??
        (chosen.data?.id === value ? toOption(chosen.data) : undefined));

  let options: (Option | OptionGroup)[];
  if (searching || grid === null) options = (found.data?.rows ?? []).map(toOption);
  else {
    const titles = ['本户所在网格', '上级网格（村里）'];
    const groups: Option[][] = [[], []];
    for (const w of dir.workers) groups[w.nearest.depth === 0 ? 0 : 1]!.push(toOption(w));
    options = groups
      .map((list, i) => ({ label: titles[i]!, title: titles[i]!, options: list }))
      .filter((g) => g.options.length > 0);
  }
  // The chosen worker stays selectable and labelled even when outside the list shown.
  const shown = options.some((o) =>
    'options' in o ? o.options.some((x) => x.value === value) : o.value === value,
  );
  if (current && !shown && !searching) options = [...options, current];

  const total = found.data?.total ?? 0;
  const more = (searching || grid === null) && total > PAGE;
  const loading = searching ? found.loading || typed.trim() !== query : dir.loading;
  return (
    <Select<number, Option | OptionGroup>
      aria-label={ariaLabel}
      style={{ width }}
      value={value ?? undefined}
      onChange={(next, option) => {
        setTyped('');
        setPicked(option && !Array.isArray(option) && 'value' in option ? option : null);
        onChange?.(next ?? undefined);
      }}
      options={options}
      loading={loading || found.loading}
      placeholder={placeholder}
      allowClear={allowClear}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setTyped('');
      }}
      showSearch={{ filterOption: false, searchValue: typed, onSearch: setTyped }}
      popupMatchSelectWidth={false}
      popupRender={(menu) => (
        <>
          {menu}
          <Typography.Text type="secondary" style={{ display: 'block', padding: '4px 12px' }}>
            {more
              ? `共 ${total} 人，只列出前 ${PAGE} 人：请输入更多文字查找`
              : '输入姓名、拼音首字母或电话后 4 位查找其他网格员'}
          </Typography.Text>
        </>
      )}
      notFoundContent={
        loading
          ? '正在查找…'
          : found.error && searching
            ? found.error.message
            : !searching && grid !== null
              ? '这个网格和上级网格还没有人员分工'
              : '没有这样的网格员（可在「网格花名册」中添加）'
      }
    />
  );
}
