import { Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import type { HouseholdSummary } from '../../../../electron/api/roster-types';
import { formatNumber, NOWRAP } from '../../components/format';

// 户主, 组, 人口, 户类型, 监测对象类别 and 风险消除 first: they fit beside the grid tree at
// 1366×768 (issue 12 item 7); the masked ID and phone follow.
const COLUMNS: ColumnsType<HouseholdSummary> = [
  { title: '户主', dataIndex: 'headName', width: 90, fixed: 'left', ellipsis: { showTitle: true } },
  { title: '组', dataIndex: 'gridName', width: 100, ellipsis: { showTitle: true } },
  {
    title: '人口',
    dataIndex: 'memberCount',
    width: 55,
    align: 'right',
    render: (n: number) => <span style={NOWRAP}>{formatNumber(n)}</span>,
  },
  { title: '户类型', dataIndex: 'householdType', width: 90, ellipsis: { showTitle: true } },
  {
    title: '监测对象类别',
    dataIndex: 'monitorCategory',
    width: 125,
    render: (value: string | null) => (value ? <Tag color="orange">{value}</Tag> : ''),
  },
  {
    title: '风险消除',
    dataIndex: 'eliminationStatus',
    width: 85,
    render: (value: string | null) =>
      value ? <Tag color={value === '已消除' ? 'green' : 'red'}>{value}</Tag> : '',
  },
  { title: '身份证号', dataIndex: 'headIdMasked', width: 180 },
  { title: '联系电话', dataIndex: 'phoneMasked', width: 120 },
];

/**
 * Households of a grid. `virtual` renders only the visible rows, so a village or township
 * of 10,000 households scrolls smoothly. IDs and phones arrive masked from the service.
 */
export function HouseholdsTable({
  rows,
  loading,
  onOpen,
  empty = '这个网格还没有农户',
}: {
  rows: HouseholdSummary[];
  loading: boolean;
  onOpen: (id: number) => void;
  /** What an empty list says. */
  empty?: ReactNode;
}) {
  return (
    <Table<HouseholdSummary>
      virtual
      size="small"
      rowKey="id"
      columns={COLUMNS}
      dataSource={rows}
      loading={loading}
      pagination={false}
      scroll={{ x: 845, y: 440 }}
      onRow={(row) => ({ onClick: () => onOpen(row.id), style: { cursor: 'pointer' } })}
      locale={{ emptyText: empty }}
    />
  );
}
