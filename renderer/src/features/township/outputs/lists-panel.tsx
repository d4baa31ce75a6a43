import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { FileExcelOutlined, TeamOutlined } from '@ant-design/icons';
import type { ProposalRow } from '../../../../../electron/api/township-outputs-types';
import { call } from '../../../api/client';
import { downloadFile } from '../../../api/files';
import { useAction } from '../../../hooks/use-action';
import { useCall } from '../../../hooks/use-call';

const proposalColumns = (kind: string) => [
  { title: '村', dataIndex: 'village' },
  { title: '组', dataIndex: 'group' },
  { title: '户主', dataIndex: 'head' },
  { title: '人口', dataIndex: 'people', align: 'right' as const },
  { title: kind, dataIndex: 'categoryOrMethod' },
  { title: '风险类型', dataIndex: 'riskTypes' },
  { title: '拟办日期', dataIndex: 'proposalDate' },
  {
    title: '公示',
    render: (_: unknown, r: ProposalRow) =>
      r.noticeFrom ? `${r.noticeFrom} 至 ${r.noticeTo ?? ''}` : '',
  },
];

/**
 * 名单报送 (docs/domain.md §11): the 网格员名单 in the county's columns (xlsx, full phones: it goes
 * to the county), and the 拟纳入 / 拟消除 proposals not yet decided, for 审定. Both internal.
 */
export function TownshipListsPanel() {
  const proposals = useCall('township.proposals', {});
  const { run, busy } = useAction();
  const get = async (method: 'township.workerList' | 'township.proposalsExport') => {
    const f = await run(() => call(method, {}));
    if (f) downloadFile(f);
  };
  return (
    <>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title="内部资料：名单含姓名和完整电话，仅供报送县级和审定，不得公开。"
      />
      <Card size="small" title="网格员名单" style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary">
          列：乡镇、村、组、姓名、性别、出生年份、职务、网格职务、电话（只含现任网格职务）。
        </Typography.Paragraph>
        <Button
          icon={<TeamOutlined />}
          loading={busy}
          onClick={() => void get('township.workerList')}
        >
          导出网格员名单
        </Button>
      </Card>
      <Card
        size="small"
        title="拟纳入监测对象名单、拟消除风险名单（尚未审定）"
        extra={
          <Button
            icon={<FileExcelOutlined />}
            loading={busy}
            onClick={() => void get('township.proposalsExport')}
          >
            导出 Excel
          </Button>
        }
      >
        {proposals.error && <Alert type="error" showIcon title={proposals.error.message} />}
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>
            拟纳入监测对象（{proposals.data?.include.length ?? 0} 户）
          </Typography.Text>
          <Table<ProposalRow>
            size="small"
            rowKey="problemId"
            pagination={false}
            loading={proposals.loading}
            dataSource={proposals.data?.include ?? []}
            columns={proposalColumns('监测类别')}
          />
          <Typography.Text strong>
            拟消除风险（{proposals.data?.eliminate.length ?? 0} 户）
          </Typography.Text>
          <Table<ProposalRow>
            size="small"
            rowKey="problemId"
            pagination={false}
            loading={proposals.loading}
            dataSource={proposals.data?.eliminate ?? []}
            columns={proposalColumns('消除方式')}
          />
        </Space>
      </Card>
    </>
  );
}
