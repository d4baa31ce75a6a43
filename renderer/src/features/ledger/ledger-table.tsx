import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import type { LedgerRow } from '../../../../electron/api/ledger-types';
import { formatNumber } from '../../components/format';
import { useTableHeight } from '../../components/table-height';
import './ledger-table.css';
import { ProblemStatusTag } from './status-tag';

const text = (value: string | null) => value || '';

function columns(offset: number): ColumnsType<LedgerRow> {
  return [
    {
      title: '序号',
      key: 'index',
      width: 60,
      fixed: 'left',
      align: 'right',
      render: (_, _row, index) => offset + index + 1,
    },
    { title: '网格', dataIndex: 'gridName', width: 100 },
    { title: '网格员', dataIndex: 'workerName', width: 80 },
    {
      title: '户主/反映人',
      key: 'who',
      width: 110,
      render: (_, row) => row.headName ?? `${row.personName}（线索）`,
    },
    // One line per row (the virtual list wants even rows); the whole text shows on hover.
    { title: '问题描述', dataIndex: 'description', width: 240, ellipsis: { showTitle: true } },
    { title: '类别', dataIndex: 'category', width: 80 },
    { title: '来源', dataIndex: 'source', width: 110 },
    { title: '登记日期', dataIndex: 'registeredDate', width: 105 },
    { title: '处置措施', dataIndex: 'measureTaken', width: 180, ellipsis: { showTitle: true } },
    { title: '责任人', dataIndex: 'responsiblePerson', width: 80 },
    {
      title: '办结时限',
      dataIndex: 'dueDate',
      width: 105,
      render: (value: string, row) =>
        row.overdueDays !== null ? <Typography.Text type="danger">{value}</Typography.Text> : value,
    },
    {
      title: '状态',
      key: 'status',
      width: 150,
      // Kept in view while the wide ledger scrolls sideways.
      fixed: 'right',
      render: (_, row) => <ProblemStatusTag status={row.status} overdueDays={row.overdueDays} />,
    },
    { title: '办结日期', dataIndex: 'resolvedDate', width: 105, render: text },
    {
      title: '回访结果',
      key: 'followUp',
      width: 160,
      ellipsis: { showTitle: true },
      render: (_, row) =>
        row.followUpDate
          ? `${row.followUpDate} ${row.satisfaction ?? ''} ${row.followUpResult}`.trim()
          : '',
    },
    { title: '备注', dataIndex: 'note', width: 120, ellipsis: { showTitle: true }, render: text },
  ];
}

/**
 * 问题登记台账 in the paper ledger's columns. `virtual` renders only the visible rows; the
 * service pages the list, so a township's ledger is never loaded at once.
 */
export function LedgerTable({
  rows,
  total,
  page,
  pageSize,
  loading,
  onPage,
  onOpen,
  empty,
}: {
  rows: LedgerRow[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  onPage: (page: number, pageSize: number) => void;
  onOpen: (id: number) => void;
  /** What an empty list says (a new ledger, or a filter with no hits). */
  empty: ReactNode;
}) {
  // Title, filters, totals, header and pager around it (≈ 8 rows at 1366×768).
  const height = useTableHeight(440);
  return (
    <Table<LedgerRow>
      virtual
      size="small"
      rowKey="id"
      columns={columns((page - 1) * pageSize)}
      dataSource={rows}
      loading={loading}
      scroll={{ x: 1800, y: height }}
      rowClassName={(row) => (row.overdueDays !== null ? 'ledger-row-overdue' : '')}
      onRow={(row) => ({
        onClick: () => onOpen(row.id),
        style: { cursor: 'pointer' },
        'aria-label': `问题 ${row.headName ?? row.personName} ${row.category}`,
      })}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions: [50, 100, 200, 500],
        showTotal: (count) => `共 ${formatNumber(count)} 件`,
        onChange: onPage,
      }}
      locale={{ emptyText: empty }}
    />
  );
}
