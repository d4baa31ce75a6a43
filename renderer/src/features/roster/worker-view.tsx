import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Spin, Table, Tag } from 'antd';
import { useState } from 'react';
import type { RoleAssignment, WorkerSummary } from '../../../../electron/api/roster-types';
import { MaskedValue } from '../../components/masked-value';
import { useCall } from '../../hooks/use-call';
import { WorkerForm } from './worker-form';

/** A worker with every assignment, current and past. */
export function WorkerView({ workerId, refresh }: { workerId: number; refresh: number }) {
  const worker = useCall('workers.get', { id: workerId }, refresh);
  const w = worker.data;
  if (worker.error) return <Alert type="error" title={worker.error.message} />;
  if (!w) return <Spin />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={`${w.name}${w.post ? `（${w.post}）` : ''}`}>
        <Descriptions
          size="small"
          column={3}
          items={[
            { key: 'sex', label: '性别', children: w.sex },
            {
              key: 'phone',
              label: '电话',
              children: <MaskedValue masked={w.phoneMasked} field="worker.phone" id={w.id} />,
            },
            { key: 'unit', label: '工作单位', children: w.unit || '—' },
            { key: 'birth', label: '出生年份', children: w.birthYear ?? '—' },
          ]}
        />
      </Card>
      <Card size="small" title="分工记录（含已结束）">
        <Table<RoleAssignment>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={w.roles}
          locale={{ emptyText: '还没有分工，请到网格页面「安排分工」' }}
          columns={[
            { title: '网格', dataIndex: 'gridName' },
            { title: '职责', dataIndex: 'role', width: 90 },
            { title: '职责说明', dataIndex: 'duties' },
            { title: '开始', dataIndex: 'startDate', width: 110 },
            {
              title: '结束',
              dataIndex: 'endDate',
              width: 110,
              render: (d: string | null) => d ?? <Tag color="green">在岗</Tag>,
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** All workers, with their current roles. */
export function WorkersTable({
  refresh,
  onOpen,
  onChanged,
}: {
  refresh: number;
  onOpen: (id: number) => void;
  onChanged: () => void;
}) {
  const workers = useCall('workers.list', {}, refresh);
  const [adding, setAdding] = useState(false);
  return (
    <Card
      title={`网格员（${workers.data?.length ?? 0} 人）`}
      extra={
        <Button icon={<PlusOutlined />} type="primary" onClick={() => setAdding(true)}>
          新增网格员
        </Button>
      }
    >
      <Table<WorkerSummary>
        virtual
        size="small"
        rowKey="id"
        pagination={false}
        loading={workers.loading}
        dataSource={workers.data ?? []}
        scroll={{ x: 900, y: 520 }}
        onRow={(w) => ({ onClick: () => onOpen(w.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 100 },
          { title: '性别', dataIndex: 'sex', width: 60 },
          { title: '电话', dataIndex: 'phoneMasked', width: 130 },
          { title: '职务', dataIndex: 'post', width: 140 },
          { title: '工作单位', dataIndex: 'unit', width: 200 },
          {
            title: '当前分工',
            render: (_, w) => w.activeRoles.map((r) => `${r.gridName}·${r.role}`).join('；') || '—',
          },
        ]}
      />
      {adding && (
        <WorkerForm
          onClose={() => setAdding(false)}
          onCreated={(id) => {
            setAdding(false);
            onChanged();
            onOpen(id);
          }}
        />
      )}
    </Card>
  );
}
