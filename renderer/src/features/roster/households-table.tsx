import { Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HouseholdSummary } from '../../../../electron/api/roster-types';

const COLUMNS: ColumnsType<HouseholdSummary> = [
  { title: '户主', dataIndex: 'headName', width: 110, fixed: 'left' },
  { title: '身份证号', dataIndex: 'headIdMasked', width: 190 },
  { title: '联系电话', dataIndex: 'phoneMasked', width: 130 },
  { title: '网格', dataIndex: 'gridName', width: 140 },
  { title: '人口', dataIndex: 'memberCount', width: 70, align: 'right' },
  { title: '户类型', dataIndex: 'householdType', width: 100 },
  {
    title: '监测对象类别',
    dataIndex: 'monitorCategory',
    width: 140,
    render: (value: string | null) => (value ? <Tag color="orange">{value}</Tag> : ''),
  },
  {
    title: '风险消除',
    dataIndex: 'eliminationStatus',
    width: 100,
    render: (value: string | null) =>
      value ? <Tag color={value === '已消除' ? 'green' : 'red'}>{value}</Tag> : '',
  },
];

/**
 * Households of a grid. `virtual` renders only the visible rows, so a village or township
 * of 10,000 households scrolls smoothly. IDs and phones arrive masked from the service.
 */
export function HouseholdsTable({
  rows,
  loading,
  onOpen,
}: {
  rows: HouseholdSummary[];
  loading: boolean;
  onOpen: (id: number) => void;
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
      scroll={{ x: 980, y: 480 }}
      onRow={(row) => ({ onClick: () => onOpen(row.id), style: { cursor: 'pointer' } })}
      locale={{ emptyText: '这个网格还没有农户' }}
    />
  );
}
