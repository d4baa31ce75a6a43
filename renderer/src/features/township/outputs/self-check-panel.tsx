import { Alert, Button, Space, Spin, Table, Tag, Typography } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import type { TownshipSelfCheckItem } from '../../../../../electron/api/township-outputs-types';
import { call } from '../../../api/client';
import { downloadFile } from '../../../api/files';
import { useAction } from '../../../hooks/use-action';
import { useCall } from '../../../hooks/use-call';

/**
 * 迎检自查汇总 (docs/domain.md §11, §9): each check's count per village, recomputed here, with
 * the village's own count where it differs; checks only the village can make say so.
 */
export function TownshipSelfCheckPanel() {
  const report = useCall('township.selfCheck', {});
  const { run, busy } = useAction();
  const exportXlsx = async () => {
    const f = await run(() => call('township.selfCheckExport', {}));
    if (f) downloadFile(f);
  };
  const data = report.data;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button icon={<FileExcelOutlined />} loading={busy} onClick={() => void exportXlsx()}>
          导出 Excel
        </Button>
      </Space>
      {report.error && <Alert type="error" showIcon title={report.error.message} />}
      {!data && report.loading && <Spin />}
      {data && (
        <>
          <Typography.Paragraph type="secondary">
            检查期间 {data.from} 至 {data.to}；共发现 {data.total}{' '}
            条。括号内为村上报数（与本库重算不同时显示）。
          </Typography.Paragraph>
          <Table<TownshipSelfCheckItem>
            size="small"
            rowKey="code"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={data.items}
            columns={[
              { title: '分组', dataIndex: 'group', fixed: 'left' },
              { title: '检查项', dataIndex: 'title', fixed: 'left' },
              ...data.villages.map((v, i) => ({
                title: v.village,
                align: 'right' as const,
                render: (_: unknown, item: TownshipSelfCheckItem) => {
                  const theirs = item.packageCounts[i];
                  if (item.villageOnly) return <Tag>仅村级可查 {theirs ?? '—'}</Tag>;
                  const mine = item.counts[i] ?? 0;
                  return theirs === null || theirs === undefined || theirs === mine
                    ? mine
                    : `${mine}（${theirs}）`;
                },
              })),
              {
                title: '合计',
                align: 'right' as const,
                render: (_: unknown, item: TownshipSelfCheckItem) =>
                  item.villageOnly ? '' : item.total,
              },
            ]}
          />
        </>
      )}
    </>
  );
}
