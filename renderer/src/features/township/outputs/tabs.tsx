import { TownshipListsPanel } from './lists-panel';
import { TownshipMonthlyPanel } from './monthly-panel';
import { TownshipReconcilePanel } from './reconcile-panel';
import { TownshipSelfCheckPanel } from './self-check-panel';

/**
 * The township outputs' tabs (docs/domain.md §11), for the township page's tab array:
 * 月通报 / 迎检自查汇总 / 名单报送 / 账账相符.
 */
export const townshipOutputTabs = [
  { key: 'monthly', label: '月通报', children: <TownshipMonthlyPanel /> },
  { key: 'self-check', label: '迎检自查汇总', children: <TownshipSelfCheckPanel /> },
  { key: 'lists', label: '名单报送', children: <TownshipListsPanel /> },
  { key: 'reconcile', label: '账账相符', children: <TownshipReconcilePanel /> },
];
