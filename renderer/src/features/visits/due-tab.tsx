import { FormOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Segmented, Space, Statistic, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ListEmpty } from '../../components/list-empty';
import {
  VISIT_DUE_PAGE_SIZE,
  type VisitDueFilter,
  type VisitDueRow,
  type VisitDueStatus,
} from '../../../../electron/api/visits-types';
import { formatNumber } from '../../components/format';
import { isoMonth } from '../../components/dates';
import { MonthPicker } from '../../components/month-picker';
import type { PickedHousehold } from '../../components/household-picker';
import { useCall } from '../../hooks/use-call';
import { scopeInput, VisitScopeFilters, type VisitScope } from './scope-filters';

const STATUS_COLORS: Record<VisitDueStatus, string> = {
  已走访: 'green',
  待走访: 'blue',
  逾期: 'red',
};

/**
 * 本月应走访: who must be visited in the month under the visit rules (docs/domain.md §3: risk
 * households monthly at home, households all away monthly by phone/WeChat, others
 * quarterly), who has been, and who is overdue. The service pages, filters, searches and
 * counts (issue 15 item 3: a county's whole list was 11 MB): the page shows one page of rows,
 * 逾期 first, then 待走访, then 已走访, and the counts of the whole grid or worker.
 */
export function DueTab({ onVisit }: { onVisit: (household: PickedHousehold) => void }) {
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const [scope, setScope] = useState<VisitScope>({});
  const [status, setStatus] = useState<VisitDueFilter | '全部'>('全部');
  const [paging, setPaging] = useState({ page: 1, pageSize: VISIT_DUE_PAGE_SIZE });
  const firstPage = () => setPaging((p) => ({ ...p, page: 1 }));
  const due = useCall('visits.due', {
    month: isoMonth(month)!,
    ...scopeInput(scope),
    ...(status === '全部' ? {} : { status }),
    offset: (paging.page - 1) * paging.pageSize,
    limit: paging.pageSize,
  });
  const summary = due.data?.summary;
  const clearFilter = () => {
    setScope({});
    setStatus('全部');
    firstPage();
  };

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
        <MonthPicker
          value={month}
          onChange={(v) => {
            setMonth(v);
            firstPage();
          }}
        />
        <VisitScopeFilters
          scope={scope}
          onChange={(change) => {
            setScope((s) => ({ ...s, ...change }));
            firstPage();
          }}
        />
        <Segmented
          aria-label="按走访状态筛选"
          value={status}
          onChange={(v) => {
            setStatus(v as VisitDueFilter | '全部');
            firstPage();
          }}
          options={['全部', '未走访', '逾期', '待走访', '已走访']}
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
        size="small"
        rowKey="householdId"
        columns={columns}
        dataSource={due.data?.rows ?? []}
        loading={due.loading}
        scroll={{ x: 1110, y: 480 }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: due.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [50, 100, 200],
          showTotal: (count) => `共 ${formatNumber(count)} 户`,
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
        locale={{
          // A filter that hides every due household must say so (issue 12 item 7), not
          // 「这个月没有需要走访的农户」. The counts are those of the grid or worker chosen.
          emptyText: (
            <ListEmpty
              filtered={
                scope.gridId !== undefined ||
                scope.workerId !== undefined ||
                status !== '全部' ||
                scope.name !== undefined
              }
              what="应走访农户"
              unit="户"
              total={
                scope.gridId === undefined && scope.workerId === undefined
                  ? summary?.due
                  : undefined
              }
              onClear={clearFilter}
              empty="这个月没有需要走访的农户"
            />
          ),
        }}
      />
    </>
  );
}
