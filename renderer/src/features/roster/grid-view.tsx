import { PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Checkbox, Descriptions, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { RoleAssignment } from '../../../../electron/api/roster-types';
import { formatCount, formatNumber, NOWRAP } from '../../components/format';
import { HistoryButton } from '../../components/history-button';
import { useCall } from '../../hooks/use-call';
import { isRollUpWorkspace, useWorkspace } from '../../hooks/use-workspace';
import { HouseholdForm } from './household-form';
import { HouseholdsTable } from './households-table';
import { EndRoleForm, RoleForm } from './role-form';

/** A grid: its workers by role and its households (of all grids below it). */
export function GridView({
  gridId,
  monitorOnly,
  onMonitorOnlyChange,
  onOpenHousehold,
  onOpenWorker,
}: {
  gridId: number;
  /** The list's filter; the export of this view uses the same one. */
  monitorOnly: boolean;
  onMonitorOnlyChange: (value: boolean) => void;
  onOpenHousehold: (id: number) => void;
  onOpenWorker: (id: number) => void;
}) {
  const detail = useCall('grids.detail', { id: gridId });
  const households = useCall('households.list', { gridId, monitorOnly });
  const [dialog, setDialog] = useState<'role' | 'household' | null>(null);
  const readOnly = isRollUpWorkspace(useWorkspace());

  // 结束分工 asks for the end date (typed or picked), not today's date behind the clerk's back.
  const [ending, setEnding] = useState<RoleAssignment | null>(null);

  const d = detail.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {detail.error && <Alert type="error" title={detail.error.message} />}
      {d && (
        <Card
          title={<Breadcrumb items={d.path.map((name) => ({ title: name }))} />}
          extra={
            <Space>
              {d.overCap && (
                <Tag color="red">
                  超过户数上限：{d.householdCount}/{d.householdCap} 户
                </Tag>
              )}
              <HistoryButton entity="grid" id={gridId} title={d.path.at(-1)} />
            </Space>
          }
        >
          <Descriptions
            size="small"
            column={3}
            items={[
              { key: 'h', label: '农户', children: formatCount(d.householdCount, '户') },
              { key: 'm', label: '人口', children: formatCount(d.memberCount, '人') },
              {
                key: 'w',
                label: '在岗网格人员',
                children: formatCount(d.activeRoles.length, '人'),
              },
            ]}
          />
        </Card>
      )}
      <Card
        title="网格人员"
        size="small"
        extra={
          !readOnly && (
            <Button size="small" icon={<UserAddOutlined />} onClick={() => setDialog('role')}>
              安排分工
            </Button>
          )
        }
      >
        <Table<RoleAssignment>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={d?.activeRoles ?? []}
          locale={{ emptyText: '还没有安排网格人员' }}
          columns={[
            {
              title: '职责',
              dataIndex: 'role',
              width: 90,
              render: (r: string) => <Tag color="blue">{r}</Tag>,
            },
            {
              title: '姓名',
              dataIndex: 'workerName',
              width: 110,
              render: (name: string, row) => (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0 }}
                  onClick={() => onOpenWorker(row.workerId)}
                >
                  {name}
                </Button>
              ),
            },
            { title: '职责说明', dataIndex: 'duties' },
            { title: '开始日期', dataIndex: 'startDate', width: 110 },
            {
              title: '',
              width: 90,
              render: (_, row) =>
                !readOnly && (
                  <Button size="small" type="link" onClick={() => setEnding(row)}>
                    结束分工
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <Card
        title={
          <span style={NOWRAP}>
            {monitorOnly ? '监测对象' : '农户'}（{formatNumber(households.data?.total ?? 0)} 户）
          </span>
        }
        size="small"
        extra={
          <Space>
            <Checkbox checked={monitorOnly} onChange={(e) => onMonitorOnlyChange(e.target.checked)}>
              只看监测对象
            </Checkbox>
            {!readOnly && (
              <Button
                size="small"
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setDialog('household')}
                disabled={d?.grid.level !== 'group' && d?.grid.level !== 'cell'}
              >
                新增农户
              </Button>
            )}
          </Space>
        }
      >
        <HouseholdsTable
          rows={households.data?.rows ?? []}
          loading={households.loading}
          onOpen={onOpenHousehold}
          empty={
            monitorOnly
              ? '这个网格没有监测对象，取消「只看监测对象」可看全部农户'
              : d?.grid.level === 'group' || d?.grid.level === 'cell'
                ? '这个网格还没有农户，点「新增农户」添加，或用「导入导出」从 Excel 导入'
                : '这个网格还没有农户：选一个村民小组网格再「新增农户」，或用「导入导出」从 Excel 导入'
          }
        />
      </Card>
      {d && (
        <RoleForm
          gridId={gridId}
          gridName={d.grid.name}
          open={dialog === 'role'}
          onClose={() => setDialog(null)}
          onDone={() => setDialog(null)}
        />
      )}
      {ending && (
        <EndRoleForm
          role={ending}
          onClose={() => setEnding(null)}
          onSaved={() => setEnding(null)}
        />
      )}
      {d && dialog === 'household' && (
        <HouseholdForm
          gridId={gridId}
          gridName={d.grid.name}
          onClose={() => setDialog(null)}
          onCreated={(id) => {
            setDialog(null);
            onOpenHousehold(id);
          }}
        />
      )}
    </Space>
  );
}
