import { PlusOutlined, UploadOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Avatar, Button, Card, Descriptions, Space, Spin, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import type { RoleAssignment, WorkerSummary } from '../../../../electron/api/roster-types';
import { call } from '../../api/client';
import { fileToBase64 } from '../../api/files';
import { HistoryButton } from '../../components/history-button';
import { MaskedValue } from '../../components/masked-value';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { WorkerForm } from './worker-form';

/** The worker's photo, with 上传照片 / 删除照片 (JPG or PNG, kept in the data folder). */
function WorkerPhoto({
  workerId,
  hasPhoto,
  onChanged,
}: {
  workerId: number;
  hasPhoto: boolean;
  onChanged: () => void;
}) {
  const [version, setVersion] = useState(0);
  const photo = useCall('workers.photo', { id: workerId }, version);
  const { run, busy } = useAction();
  const changed = () => {
    setVersion((v) => v + 1);
    onChanged();
  };
  const upload = async (file: File) => {
    if (
      await run(
        async () =>
          call('workers.setPhoto', { id: workerId, dataBase64: await fileToBase64(file) }),
        '照片已保存',
      )
    )
      changed();
    return false;
  };
  return (
    <Space direction="vertical" align="center">
      <Avatar
        shape="square"
        size={96}
        src={photo.data?.dataUrl ?? undefined}
        icon={<UserOutlined />}
        alt="网格员照片"
      />
      <Space size={4}>
        <Upload accept=".jpg,.jpeg,.png" showUploadList={false} beforeUpload={upload}>
          <Button size="small" icon={<UploadOutlined />} loading={busy}>
            {hasPhoto ? '换照片' : '上传照片'}
          </Button>
        </Upload>
        {hasPhoto && (
          <Button
            size="small"
            type="text"
            danger
            onClick={async () =>
              (await run(() => call('workers.removePhoto', { id: workerId }), '照片已删除')) &&
              changed()
            }
          >
            删除
          </Button>
        )}
      </Space>
    </Space>
  );
}

/** A worker with every assignment, current and past. */
export function WorkerView({ workerId, refresh }: { workerId: number; refresh: number }) {
  const [version, setVersion] = useState(0);
  const worker = useCall('workers.get', { id: workerId }, refresh + version);
  const w = worker.data;
  if (worker.error) return <Alert type="error" title={worker.error.message} />;
  if (!w) return <Spin />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={`${w.name}${w.post ? `（${w.post}）` : ''}`}
        extra={<HistoryButton entity="worker" id={w.id} title={w.name} />}
      >
        <Space align="start" size="large" style={{ width: '100%' }}>
          <WorkerPhoto
            workerId={w.id}
            hasPhoto={w.hasPhoto}
            onChanged={() => setVersion((v) => v + 1)}
          />
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
        </Space>
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
