import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { VisitView } from '../../../../electron/api/visits-types';
import { call } from '../../api/client';
import { openPage } from '../../app/navigation';
import {
  dateRangeOf,
  DateRangeFilter,
  type DateRangeText,
} from '../../components/date-range-filter';
import { formatNumber } from '../../components/format';
import { ListEmpty } from '../../components/list-empty';
import { useTableHeight } from '../../components/table-height';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { scopeInput, VisitScopeFilters, type VisitScope } from './scope-filters';

/** 走访登记: the visits recorded, newest first, with the problem a visit raised. */
export function VisitsTab({
  onNew,
  onEdit,
}: {
  onNew: () => void;
  onEdit: (visit: VisitView) => void;
}) {
  const { confirmDelete } = useAction();
  const [scope, setScope] = useState<VisitScope>({});
  const [range, setRange] = useState<DateRangeText>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 100 });
  const filter = {
    ...scopeInput(scope),
    ...dateRangeOf(range),
  };
  const filtered = Object.keys(filter).length > 0;
  const list = useCall('visits.list', {
    ...filter,
    offset: (paging.page - 1) * paging.pageSize,
    limit: paging.pageSize,
  });
  // How many visits there are in all, for an empty filtered list to say so.
  const all = useCall('visits.list', filtered ? { limit: 1 } : null);
  const firstPage = () => setPaging((p) => ({ ...p, page: 1 }));
  const height = useTableHeight(330);
  const clearFilter = () => {
    setScope({});
    setRange({});
    firstPage();
  };

  const remove = (visit: VisitView) =>
    confirmDelete({
      title: `删除 ${visit.date} 对${visit.headName}户的走访记录？`,
      content: visit.problemId ? '由这次走访登记的问题仍保留在问题台账中。' : undefined,
      remove: () => call('visits.delete', { id: visit.id }),
      success: '走访记录已删除',
    });

  const columns: ColumnsType<VisitView> = [
    { title: '走访日期', dataIndex: 'date', width: 105 },
    { title: '户主', dataIndex: 'headName', width: 110 },
    { title: '网格', dataIndex: 'gridName', width: 110 },
    { title: '网格员', dataIndex: 'workerName', width: 90 },
    { title: '方式', dataIndex: 'way', width: 70 },
    { title: '走访情况', dataIndex: 'findings', ellipsis: true },
    {
      title: '跟进问题',
      dataIndex: 'problemId',
      width: 100,
      render: (id: number | null) =>
        id ? (
          <Tag
            color="orange"
            style={{ cursor: 'pointer' }}
            onClick={(e) => {
              e.stopPropagation();
              openPage('ledger', { problem: id });
            }}
          >
            查看问题
          </Tag>
        ) : (
          ''
        ),
    },
    {
      title: '',
      key: 'actions',
      width: 50,
      render: (_, v) => (
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={`删除${v.headName}的走访`}
          onClick={(e) => {
            e.stopPropagation();
            remove(v);
          }}
        />
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <VisitScopeFilters
            scope={scope}
            onChange={(change) => {
              setScope((s) => ({ ...s, ...change }));
              firstPage();
            }}
          />
          <DateRangeFilter
            label="走访日期"
            value={range}
            onChange={(v) => {
              setRange(v);
              firstPage();
            }}
          />
        </Space>
        <Button type="primary" icon={<PlusOutlined />} onClick={onNew}>
          登记走访
        </Button>
      </Space>
      {list.error && (
        <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />
      )}
      <Table<VisitView>
        virtual
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={list.data?.rows ?? []}
        loading={list.loading}
        scroll={{ x: 1000, y: height }}
        onRow={(v) => ({ onClick: () => onEdit(v), style: { cursor: 'pointer' } })}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [50, 100, 200, 500],
          showTotal: (count) => `共 ${formatNumber(count)} 次走访`,
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
        locale={{
          emptyText: (
            <ListEmpty
              filtered={filtered}
              what="走访记录"
              unit="次"
              total={all.data?.total}
              onClear={clearFilter}
              empty="还没有走访记录，点「登记走访」添加"
            />
          ),
        }}
      />
    </>
  );
}
