import { Checkbox, DatePicker, Select, Space } from 'antd';
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  PROBLEM_STATUSES,
} from '../../../../electron/api/ledger-enums';
import { GridTreeSelect } from '../../components/grid-tree-select';
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
      <DatePicker.RangePicker
        aria-label="登记日期"
        placeholder={['登记日期从', '到']}
        allowEmpty={[true, true]}
        value={value.registered ?? null}
        onChange={(registered) => set({ registered })}
        style={{ width: 250 }}
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
