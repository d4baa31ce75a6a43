import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type {
  WarningBatchRow,
  WarningBatchSummary,
  WarningOutcome,
} from '../../../../electron/api/warnings-types';
import { call } from '../../api/client';
import { downloadFile } from '../../api/files';
import { openPage } from '../../app/navigation';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { isRollUpWorkspace, useWorkspace } from '../../hooks/use-workspace';
import { WarningImportPanel } from './import-panel';

const OUTCOME: Record<WarningOutcome, { label: string; color: string }> = {
  matched: { label: '已匹配', color: 'green' },
  unmatched: { label: '未匹配', color: 'orange' },
  duplicate: { label: '重复', color: 'default' },
};

/**
 * 部门预警 (docs/domain.md §11 部门筛查预警): import a department's 预警名单, see each list and
 * what became of every row, follow a warned household to its problem in 问题台账, and write the
 * 核查反馈表 for the department. A village's page: a 乡镇汇总库 does not import warning lists.
 */
export function WarningsPage() {
  const workspace = useWorkspace();
  const [batchId, setBatchId] = useState<number>();
  if (isRollUpWorkspace(workspace)) {
    return (
      <Alert
        type="info"
        showIcon
        title="部门预警名单在村里导入和核查；乡镇汇总库不导入预警名单。"
      />
    );
  }
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        部门预警
      </Typography.Title>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <WarningImportPanel onImported={setBatchId} />
        <BatchList selected={batchId} onSelect={setBatchId} />
        {batchId !== undefined && <BatchDetail id={batchId} />}
      </Space>
    </>
  );
}

function BatchList({
  selected,
  onSelect,
}: {
  selected: number | undefined;
  onSelect: (id: number) => void;
}) {
  const batches = useCall('warnings.batches', {});
  return (
    <Card title="已导入的预警名单" size="small">
      <Table<WarningBatchSummary>
        size="small"
        rowKey="id"
        loading={batches.loading}
        dataSource={batches.data ?? []}
        pagination={{ pageSize: 5, showSizeChanger: false }}
        locale={{ emptyText: '还没有导入预警名单' }}
        rowClassName={(b) => (b.id === selected ? 'ant-table-row-selected' : '')}
        onRow={(b) => ({ onClick: () => onSelect(b.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '编号', dataIndex: 'id', width: 60 },
          { title: '文件', dataIndex: 'fileName' },
          { title: '预警部门', dataIndex: 'department', width: 140 },
          {
            title: '导入时间',
            dataIndex: 'createdAt',
            width: 150,
            // Stored in UTC (db/schema/columns.ts): shown in the clerk's local time.
            render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
          },
          { title: '导入人', dataIndex: 'importedBy', width: 90 },
          { title: '行数', dataIndex: 'rowCount', width: 60 },
          { title: '匹配', dataIndex: 'matched', width: 60 },
          { title: '未匹配', dataIndex: 'unmatched', width: 70 },
          { title: '重复', dataIndex: 'duplicates', width: 60 },
          {
            title: '核查超期',
            dataIndex: 'overdue',
            width: 80,
            render: (n: number) =>
              n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : 0,
          },
        ]}
      />
    </Card>
  );
}

function BatchDetail({ id }: { id: number }) {
  const detail = useCall('warnings.batch', { id });
  const { run, busy } = useAction();
  const reply = async () => {
    const file = await run(() => call('warnings.reply', { batchId: id }), '核查反馈表已生成');
    if (file) downloadFile(file);
  };
  const data = detail.data;
  return (
    <Card
      size="small"
      title={data ? `预警名单 ${data.id}：${data.fileName}` : '预警名单'}
      extra={
        <Button icon={<DownloadOutlined />} loading={busy} onClick={reply}>
          导出核查反馈表
        </Button>
      }
    >
      {data && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          匹配 {data.matched} 行，未匹配 {data.unmatched} 行，重复 {data.duplicates} 行
          {data.overdue > 0 ? `；${data.overdue} 户核查已超期` : ''}
          。核查反馈表含完整身份证号，属内部资料，只报送预警部门。
        </Typography.Paragraph>
      )}
      <Table<WarningBatchRow>
        size="small"
        rowKey="id"
        loading={detail.loading}
        dataSource={data?.rows ?? []}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '行', dataIndex: 'row', width: 50 },
          { title: '姓名', dataIndex: 'name', width: 80 },
          { title: '身份证号', dataIndex: 'idNumber', width: 170 },
          { title: '村', dataIndex: 'village', width: 80 },
          { title: '预警类型', dataIndex: 'warningType', width: 90 },
          { title: '预警日期', dataIndex: 'warningDate', width: 100 },
          {
            title: '结果',
            dataIndex: 'outcome',
            width: 80,
            render: (o: WarningOutcome) => <Tag color={OUTCOME[o].color}>{OUTCOME[o].label}</Tag>,
          },
          {
            title: '户主 / 问题',
            key: 'problem',
            width: 150,
            render: (_: unknown, r: WarningBatchRow) =>
              r.problemId ? (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0 }}
                  onClick={() => openPage('ledger', { problem: r.problemId! })}
                >
                  {r.headName ?? '该户'} · 问题 {r.problemId}
                </Button>
              ) : (
                '—'
              ),
          },
          {
            title: '核查期限',
            key: 'due',
            width: 150,
            render: (_: unknown, r: WarningBatchRow) =>
              !r.checkDue ? (
                '—'
              ) : r.checkedDate ? (
                <Typography.Text type={r.overdue ? 'danger' : undefined}>
                  {r.checkDue}（{r.checkedDate} 已核查）
                </Typography.Text>
              ) : (
                <Typography.Text type={r.overdue ? 'danger' : undefined}>
                  {r.checkDue}
                  {r.overdue ? ' 已超期' : ''}
                </Typography.Text>
              ),
          },
          { title: '说明', dataIndex: 'reason' },
        ]}
      />
    </Card>
  );
}
