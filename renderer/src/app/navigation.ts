/** The left navigation, in the order clerks use it. */
export const PAGES = [
  { key: 'township', label: '乡镇汇总' },
  { key: 'roster', label: '网格花名册' },
  { key: 'ledger', label: '问题台账' },
  { key: 'visits', label: '走访记录' },
  { key: 'notices', label: '公示公告' },
  { key: 'cards', label: '明白纸' },
  { key: 'archive', label: '档案管理' },
  { key: 'reports', label: '统计报表' },
  { key: 'self-check', label: '迎检自查' },
  { key: 'warnings', label: '部门预警' },
  { key: 'settings', label: '设置' },
] as const;

export type PageKey = (typeof PAGES)[number]['key'];

/** Pages of a village ledger only: not shown in a 乡镇汇总库 (docs/domain.md §11). */
export const VILLAGE_ONLY_PAGES: ReadonlySet<PageKey> = new Set<PageKey>([
  'warnings',
  'notices',
  'cards',
  'archive',
]);

/** Pages of a 乡镇/县 workspace only (docs/domain.md §11). */
export const ROLL_UP_ONLY_PAGES: ReadonlySet<PageKey> = new Set<PageKey>(['township']);

/** Whether a page is shown in this kind of database. */
export const pageShown = (key: PageKey, rollUp: boolean): boolean =>
  rollUp ? !VILLAGE_ONLY_PAGES.has(key) : !ROLL_UP_ONLY_PAGES.has(key);

/** What will come on pages that are not built yet: one honest line, no sample data. */
export const COMING: Partial<Record<PageKey, string>> = {};

/** The page of a hash such as '#/ledger' or '#/ledger?problem=12'. */
export function pageFromHash(hash: string): PageKey {
  const key = hash.replace(/^#\/?/, '').split('?')[0];
  return PAGES.some((p) => p.key === key) ? (key as PageKey) : 'roster';
}

/** A number after '?' in the hash ('#/ledger?problem=12' → 12), or null. */
export function hashNumber(hash: string, name: string): number | null {
  const query = hash.split('?')[1];
  if (!query) return null;
  const value = Number(new URLSearchParams(query).get(name));
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** Opens a page, optionally on one record: the hash keeps it across a reload. */
export function openPage(page: PageKey, params?: Record<string, number>): void {
  const query = params
    ? `?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`
    : '';
  window.location.hash = `#/${page}${query}`;
}
