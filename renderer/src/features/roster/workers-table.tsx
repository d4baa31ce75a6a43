import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table } from 'antd';
import { useState } from 'react';
import type { WorkerSummary } from '../../../../electron/api/roster-types';
import { formatNumber, NOWRAP } from '../../components/format';
import { GridTreeSelect } from '../../components/grid-tree-select';
import { NameFilter } from '../../components/name-filter';
import { useCall } from '../../hooks/use-call';
import { WorkerForm } from './worker-form';

const PAGE_SIZE = 50;

/**
 * 网格员: one page at a time, searched and filtered in the service (workers.list), so a
 * county's thousands of workers open at once. 查找 takes a name or part of it, pinyin
 * initials, or a phone's last 4 digits (a number search is audited and rate-limited,
 * docs/domain.md §7); 按网格 keeps the workers with a current role in that grid or below it.
 */
export function WorkersTable({ onOpen }: { onOpen: (id: number) => void }) {
  const [query, setQuery] = useState<string | undefined>();
  const [gridId, setGridId] = useState<number | undefined>();
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const workers = useCall('workers.list', {
    query,
    gridId,
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  const filtered = query !== undefined || gridId !== undefined;
  const total = workers.data?.total ?? 0;
  return (
    <Card
      title={
        <span style={NOWRAP}>
          {workers.data === undefined
            ? '网格员'
            : filtered
              ? `网格员（找到 ${formatNumber(total)} 人）`
              : `网格员（${formatNumber(total)} 人）`}
        </span>
      }
      extra={
        <Button icon={<PlusOutlined />} type="primary" onClick={() => setAdding(true)}>
          新增网格员
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <NameFilter
          value={query}
          onChange={(next) => {
            setQuery(next);
            setPage(1);
          }}
          placeholder="姓名、拼音首字母或电话后 4 位"
          width={230}
        />
        <GridTreeSelect
          value={gridId}
          onChange={(next) => {
            setGridId(next);
            setPage(1);
          }}
          ariaLabel="按网格筛选网格员"
        />
      </Space>
      {workers.error && (
        <Alert type="warning" showIcon title={workers.error.message} style={{ marginBottom: 12 }} />
      )}
      <Table<WorkerSummary>
        size="small"
        rowKey="id"
        loading={workers.loading}
        dataSource={workers.data?.rows ?? []}
        scroll={{ x: 900, y: 520 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total,
          showSizeChanger: false,
          showTotal: (n) => `共 ${formatNumber(n)} 人`,
          onChange: setPage,
        }}
        onRow={(w) => ({ onClick: () => onOpen(w.id), style: { cursor: 'pointer' } })}
        locale={{
          emptyText: filtered
            ? '没有符合条件的网格员'
            : '还没有网格员，点「新增网格员」添加，再到网格页面「安排分工」',
        }}
        // 姓名, 电话 and 当前分工 first: what a clerk looks for fits at 1366×768.
        columns={[
          { title: '姓名', dataIndex: 'name', width: 90 },
          { title: '电话', dataIndex: 'phoneMasked', width: 120 },
          {
            title: '当前分工',
            key: 'roles',
            width: 300,
            ellipsis: { showTitle: true },
            render: (_, w) => w.activeRoles.map((r) => `${r.gridName}·${r.role}`).join('；') || '—',
          },
          { title: '性别', dataIndex: 'sex', width: 55 },
          { title: '职务', dataIndex: 'post', width: 130, ellipsis: { showTitle: true } },
          { title: '工作单位', dataIndex: 'unit', width: 180, ellipsis: { showTitle: true } },
        ]}
      />
      {adding && (
        <WorkerForm
          onClose={() => setAdding(false)}
          onSaved={(created) => {
            setAdding(false);
            workers.reload();
            onOpen(created.id);
          }}
        />
      )}
    </Card>
  );
}
