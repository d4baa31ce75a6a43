import { PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { CardChange, CardChangeReason } from '../../../../electron/api/cards-types';
import { GridTreeSelect } from '../../components/grid-tree-select';
import { useCall } from '../../hooks/use-call';

const REASON_COLORS: Record<CardChangeReason, string> = {
  从未打印: 'default',
  内容有变化: 'orange',
};

const columns: ColumnsType<CardChange> = [
  { title: '户主', dataIndex: 'head', width: 120, render: (head: string) => head || '（无户主）' },
  { title: '网格', dataIndex: 'gridName', width: 140 },
  {
    title: '原因',
    dataIndex: 'reason',
    width: 110,
    render: (reason: CardChangeReason) => <Tag color={REASON_COLORS[reason]}>{reason}</Tag>,
  },
  {
    title: '上次打印',
    dataIndex: 'lastPrintedAt',
    render: (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '—'),
  },
];

/**
 * 需要重印: the households whose card would now read differently from the one last printed
 * (a worker, a role, a phone or the 帮扶责任人 changed), and the ones never printed; 重印这些
 * prints exactly those (cards.start with changedOnly) in the page's layout.
 */
export function ReprintPanel({
  busy,
  onReprint,
}: {
  /** A batch is running or starting: no second one. */
  busy: boolean;
  onReprint: (gridId: number | undefined) => void;
}) {
  const [gridId, setGridId] = useState<number>();
  // Read again when a batch finishes (useJobPolling) or the roster changes (the query cache).
  const changed = useCall('cards.changed', gridId ? { gridId } : {});
  const data = changed.data;

  return (
    <Card
      size="small"
      title="需要重印"
      extra={
        <Space>
          <GridTreeSelect
            value={gridId}
            onChange={setGridId}
            placeholder="全部网格"
            ariaLabel="需要重印的网格"
          />
          <Button icon={<ReloadOutlined />} aria-label="刷新需要重印" onClick={changed.reload} />
        </Space>
      }
    >
      {changed.error && (
        <Alert type="error" showIcon title={changed.error.message} style={{ marginBottom: 12 }} />
      )}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Text>
          {data
            ? `共 ${data.total} 户：从未打印 ${data.neverPrinted} 户，内容有变化 ${data.changed} 户。`
            : '正在检查……'}
        </Typography.Text>
        <Button
          icon={<PrinterOutlined />}
          disabled={busy || !data || data.households.length === 0}
          onClick={() => onReprint(gridId)}
        >
          重印这些{data && data.households.length > 0 ? `（${data.households.length} 户）` : ''}
        </Button>
      </Space>
      <Table<CardChange>
        aria-label="需要重印的农户"
        size="small"
        rowKey="householdId"
        columns={columns}
        dataSource={data?.households ?? []}
        loading={changed.loading}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => `共 ${n} 户` }}
        locale={{ emptyText: '所有明白纸都是最新的' }}
      />
    </Card>
  );
}
