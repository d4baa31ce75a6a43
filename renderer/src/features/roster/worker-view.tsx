import { DeleteOutlined, EditOutlined, UploadOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Avatar, Button, Card, Descriptions, Space, Spin, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import type { RoleAssignment } from '../../../../electron/api/roster-types';
import { call } from '../../api/client';
import { fileBytes } from '../../api/files';
import { HistoryButton } from '../../components/history-button';
import { MaskedValue } from '../../components/masked-value';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { EndRoleForm } from './role-form';
import { WorkerForm } from './worker-form';

/** The worker's photo, with 上传照片 / 删除照片 (JPG or PNG, kept in the data folder). */
function WorkerPhoto({ workerId, hasPhoto }: { workerId: number; hasPhoto: boolean }) {
  const photo = useCall('workers.photo', { id: workerId });
  const { run, busy } = useAction();
  const upload = async (file: File) => {
    await run(
      async () => call('workers.setPhoto', { id: workerId, data: await fileBytes(file) }),
      '照片已保存',
    );
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
            onClick={() => run(() => call('workers.removePhoto', { id: workerId }), '照片已删除')}
          >
            删除
          </Button>
        )}
      </Space>
    </Space>
  );
}

/**
 * A worker with every assignment, current and past: 修改 every field, 删除 one entered by
 * mistake (the service refuses a worker with roles, problems or visits and says which; the
 * reason stays on the page, not in a passing toast), 结束分工 with a typed end date.
 */
export function WorkerView({ workerId, onDeleted }: { workerId: number; onDeleted?: () => void }) {
  const { confirmDelete } = useAction();
  const [editing, setEditing] = useState(false);
  const [ending, setEnding] = useState<RoleAssignment | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const worker = useCall('workers.get', { id: workerId });
  const w = worker.data;
  if (worker.error) return <Alert type="error" title={worker.error.message} />;
  if (!w) return <Spin />;
  const remove = () =>
    confirmDelete({
      title: `删除网格员「${w.name}」？`,
      content:
        '只能删除误录入的网格员：有分工记录（含已结束的）、问题登记或走访记录的不能删除。删除后不能恢复。',
      remove: () => call('workers.delete', { id: w.id }),
      success: '网格员已删除',
      onDone: () => onDeleted?.(),
      onRefused: setRefusal,
    });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {refusal && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setRefusal(null) }}
          title="不能删除"
          description={refusal}
        />
      )}
      <Card
        title={`${w.name}${w.post ? `（${w.post}）` : ''}`}
        extra={
          <Space>
            <HistoryButton entity="worker" id={w.id} title={w.name} />
            <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
              修改
            </Button>
            <Button size="small" danger icon={<DeleteOutlined />} onClick={remove}>
              删除
            </Button>
          </Space>
        }
      >
        <Space align="start" size="large" style={{ width: '100%' }}>
          <WorkerPhoto workerId={w.id} hasPhoto={w.hasPhoto} />
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
              { key: 'post', label: '职务', children: w.post || '—' },
              { key: 'birth', label: '出生年份', children: w.birthYear ?? '—' },
              { key: 'note', label: '备注', children: w.note || '—' },
            ]}
          />
        </Space>
      </Card>
      {editing && (
        <WorkerForm
          worker={w}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setRefusal(null);
          }}
        />
      )}
      {ending && (
        <EndRoleForm
          role={ending}
          onClose={() => setEnding(null)}
          onSaved={() => setEnding(null)}
        />
      )}
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
            {
              title: '',
              key: 'end',
              width: 100,
              render: (_, r) =>
                r.endDate ? null : (
                  <Button
                    size="small"
                    type="link"
                    aria-label={`结束${r.gridName}${r.role}分工`}
                    onClick={() => setEnding(r)}
                  >
                    结束分工
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
