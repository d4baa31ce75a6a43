import { FormOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Segmented, Space, Statistic, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { ListEmpty } from '../../components/list-empty';
import type { VisitDueRow, VisitDueStatus } from '../../../../electron/api/visits-types';
import { isoMonth } from '../../components/dates';
import { GridTreeSelect } from '../../components/grid-tree-select';
import { MonthPicker } from '../../components/month-picker';
import type { PickedHousehold } from '../../components/household-picker';
import { WorkerSelect } from '../../components/worker-select';
import { useCall } from '../../hooks/use-call';

const ORDER: Record<VisitDueStatus, number> = { 逾期: 0, 待走访: 1, 已走访: 2 };

const STATUS_COLORS: Record<VisitDueStatus, string> = {
  已走访: 'green',
  待走访: 'blue',
  逾期: 'red',
};

/**
 * 本月应走访: who must be visited in the month under the visit rules (docs/domain.md §3: risk
 * households monthly at home, households all away monthly by phone/WeChat, others
 * quarterly), who has been, and who is overdue.
 */
export function DueTab({
  refresh,
  onVisit,
}: {
  refresh: number;
  onVisit: (household: PickedHousehold) => void;
}) {
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const [gridId, setGridId] = useState<number>();
  const [workerId, setWorkerId] = useState<number>();
  const [status, setStatus] = useState<VisitDueStatus | '全部'>('全部');
  const due = useCall(
    'visits.due',
    { month: isoMonth(month)!, ...(gridId ? { gridId } : {}), ...(workerId ? { workerId } : {}) },
    refresh,
  );
  // Who still needs a visit first: 逾期, then 待走访, then 已走访 (a stable sort keeps the
  // service's order within each).
  const rows = useMemo(
    () =>
      (due.data?.rows ?? [])
        .filter((r) => status === '全部' || r.status === status)
        .sort((a, b) => ORDER[a.status] - ORDER[b.status]),
    [due.data, status],
  );
  const summary = due.data?.summary;

  const columns: ColumnsType<VisitDueRow> = [
    { title: '户主', dataIndex: 'headName', width: 110 },
    { title: '网格', dataIndex: 'gridName', width: 110 },
    { title: '走访要求', dataIndex: 'kind', width: 130 },
    {
      title: '周期',
      key: 'period',
      width: 200,
      render: (_, r) => `${r.periodStart} 至 ${r.periodEnd}`,
    },
    {
      title: '最近走访',
      key: 'last',
      width: 200,
      render: (_, r) =>
        r.lastVisit ? `${r.lastVisit.date} ${r.lastVisit.way} ${r.lastVisit.workerName}` : '',
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (s: VisitDueStatus) => <Tag color={STATUS_COLORS[s]}>{s}</Tag>,
    },
    { title: '网格员', key: 'workers', width: 160, render: (_, r) => r.workers.join('、') },
    {
      title: '',
      key: 'action',
      width: 110,
      fixed: 'right',
      render: (_, r) => (
        <Button
          size="small"
          icon={<FormOutlined />}
          aria-label={`为${r.headName}登记走访`}
          onClick={() =>
            onVisit({
              id: r.householdId,
              headName: r.headName,
              gridName: r.gridName,
              // The row's grid: the form fills its worker at once (issue 12 item 5).
              gridId: r.gridId,
            })
          }
        >
          登记走访
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <MonthPicker value={month} onChange={setMonth} />
        <GridTreeSelect value={gridId} onChange={setGridId} ariaLabel="按网格筛选" />
        <WorkerSelect
          value={workerId}
          onChange={setWorkerId}
          preferGridId={gridId}
          ariaLabel="按网格员筛选"
        />
        <Segmented
          aria-label="按走访状态筛选"
          value={status}
          onChange={(v) => setStatus(v as VisitDueStatus | '全部')}
          options={['全部', '待走访', '逾期', '已走访']}
        />
      </Space>
      {due.error && (
        <Alert type="error" showIcon title={due.error.message} style={{ marginBottom: 12 }} />
      )}
      <Row gutter={12} style={{ marginBottom: 12 }}>
        {(
          [
            ['应走访', summary?.due, undefined],
            ['已走访', summary?.done, '#389e0d'],
            ['待走访', summary?.pending, '#1677ff'],
            ['逾期', summary?.overdue, '#cf1322'],
          ] as const
        ).map(([label, value, color]) => (
          <Col flex="1" key={label}>
            <Card size="small">
              <Statistic
                title={label}
                value={value ?? '—'}
                suffix="户"
                styles={color ? { content: { color } } : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Table<VisitDueRow>
        virtual
        size="small"
        rowKey="householdId"
        columns={columns}
        dataSource={rows}
        loading={due.loading}
        pagination={false}
        scroll={{ x: 1110, y: 480 }}
        locale={{
          // A filter that hides every due household must say so (issue 12 item 7), not
          // 「这个月没有需要走访的农户」.
          emptyText: (
            <ListEmpty
              filtered={gridId !== undefined || workerId !== undefined || status !== '全部'}
              what="应走访农户"
              unit="户"
              total={gridId === undefined && workerId === undefined ? summary?.due : undefined}
              onClear={() => {
                setGridId(undefined);
                setWorkerId(undefined);
                setStatus('全部');
              }}
              empty="这个月没有需要走访的农户"
            />
          ),
        }}
      />
    </>
  );
}
