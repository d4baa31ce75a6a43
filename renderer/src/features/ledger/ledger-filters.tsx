import { Checkbox, Select, Space } from 'antd';
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  PROBLEM_STATUSES,
} from '../../../../electron/api/ledger-enums';
import { DateRangeFilter } from '../../components/date-range-filter';
import { GridTreeSelect } from '../../components/grid-tree-select';
import { NameFilter } from '../../components/name-filter';
import { optionsOf } from '../../components/options';
import { WorkerSelect } from '../../components/worker-select';
import type { LedgerFilterValues } from './ledger-filter';

/** 筛选: every control narrows the list, the totals and the export alike. */
export function LedgerFilters({
  value,
  onChange,
}: {
  value: LedgerFilterValues;
  onChange: (value: LedgerFilterValues) => void;
}) {
  const set = (patch: Partial<LedgerFilterValues>) => onChange({ ...value, ...patch });
  return (
    <Space wrap size={[8, 8]}>
      <NameFilter
        value={value.name}
        onChange={(name) => set({ name })}
        placeholder="户主/成员/反映人姓名"
        width={190}
      />
      <GridTreeSelect
        value={value.gridId}
        onChange={(gridId) => set({ gridId })}
        ariaLabel="按网格筛选"
      />
      <WorkerSelect
        value={value.workerId}
        onChange={(workerId) => set({ workerId })}
        preferGridId={value.gridId}
        ariaLabel="按网格员筛选"
      />
      <Select
        aria-label="按状态筛选"
        style={{ width: 110 }}
        allowClear
        placeholder="全部状态"
        value={value.status}
        onChange={(status) => set({ status })}
        options={optionsOf(PROBLEM_STATUSES)}
      />
      <Select
        aria-label="按类别筛选"
        style={{ width: 110 }}
        allowClear
        placeholder="全部类别"
        value={value.category}
        onChange={(category) => set({ category })}
        options={optionsOf(PROBLEM_CATEGORIES)}
      />
      <Select
        aria-label="按来源筛选"
        style={{ width: 130 }}
        allowClear
        placeholder="全部来源"
        value={value.source}
        onChange={(source) => set({ source })}
        options={optionsOf(PROBLEM_SOURCES)}
      />
      <DateRangeFilter
        label="登记日期"
        value={value.registered ?? {}}
        onChange={(registered) => set({ registered })}
      />
      <Checkbox
        checked={value.overdue ?? false}
        onChange={(e) => set({ overdue: e.target.checked })}
      >
        只看逾期
      </Checkbox>
    </Space>
  );
}
