import { Table } from 'antd';
import type { MonthlyGridRow } from '../../../../electron/api/reports-types';
import { formatNumber, NOWRAP } from '../../components/format';

const figure = (value: number) => <span style={NOWRAP}>{formatNumber(value)}</span>;

/** The same figures per child grid (e.g. per 村民小组), for the 月通报's table. */
export function MonthlyGridTable({ rows }: { rows: MonthlyGridRow[] }) {
  return (
    <Table<MonthlyGridRow>
      size="small"
      rowKey="gridId"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 1000 }}
      locale={{ emptyText: '没有下级网格' }}
      columns={[
        { title: '网格', dataIndex: 'gridName', width: 120, fixed: 'left' },
        { title: '农户', dataIndex: 'households', width: 70, align: 'right', render: figure },
        { title: '人口', dataIndex: 'members', width: 70, align: 'right', render: figure },
        { title: '监测对象', dataIndex: 'monitored', width: 80, align: 'right', render: figure },
        { title: '本月登记', dataIndex: 'problemsRegistered', width: 80, align: 'right', render: figure },
        { title: '本月办结', dataIndex: 'problemsResolved', width: 80, align: 'right', render: figure },
        { title: '未解决', dataIndex: 'problemsOpen', width: 70, align: 'right', render: figure },
        { title: '逾期问题', dataIndex: 'problemsOverdue', width: 80, align: 'right', render: figure },
        { title: '应走访', dataIndex: 'visitsDue', width: 70, align: 'right', render: figure },
        { title: '已走访', dataIndex: 'visitsDone', width: 70, align: 'right', render: figure },
        { title: '走访逾期', dataIndex: 'visitsOverdue', width: 80, align: 'right', render: figure },
      ]}
    />
  );
}
