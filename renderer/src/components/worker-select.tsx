import { Select } from 'antd';
import { useMemo } from 'react';
import { useCall } from '../hooks/use-call';

/**
 * Picks a 网格员 by name. Each option shows the worker's current roles, so two people of the
 * same name can be told apart; workers of `preferGridId` come first.
 */
export function WorkerSelect({
  value,
  onChange,
  preferGridId,
  placeholder = '全部网格员',
  allowClear = true,
  width = 180,
  ariaLabel = '网格员',
}: {
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  preferGridId?: number | null;
  placeholder?: string;
  allowClear?: boolean;
  width?: number | string;
  ariaLabel?: string;
}) {
  const workers = useCall('workers.list');
  const options = useMemo(() => {
    const rows = [...(workers.data ?? [])];
    const inGrid = (w: (typeof rows)[number]) =>
      preferGridId != null && w.activeRoles.some((r) => r.gridId === preferGridId) ? 0 : 1;
    rows.sort((a, b) => inGrid(a) - inGrid(b));
    return rows.map((w) => {
      const roles = w.activeRoles.map((r) => `${r.gridName}${r.role}`).join('、');
      return {
        value: w.id,
        name: w.name,
        label: roles ? `${w.name}（${roles}）` : w.name,
      };
    });
  }, [workers.data, preferGridId]);

  return (
    <Select<number>
      aria-label={ariaLabel}
      style={{ width }}
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? undefined)}
      options={options}
      loading={workers.loading}
      placeholder={placeholder}
      allowClear={allowClear}
      showSearch={{ optionFilterProp: 'label' }}
      popupMatchSelectWidth={false}
      notFoundContent="没有这样的网格员（可在「网格花名册」中添加）"
    />
  );
}
