import { Alert, Card, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ReconcileDifference } from '../../../../../electron/api/township-outputs-types';
import { useCall } from '../../../hooks/use-call';

/**
 * 账账相符 (docs/domain.md §11): per village, each figure and self-check count its package
 * states against this database's recomputation; every difference with both numbers.
 */
export function TownshipReconcilePanel() {
  const result = useCall('township.reconcile', {});
  if (result.error) return <Alert type="error" showIcon title={result.error.message} />;
  if (!result.data) return <Spin />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        各村上报包中自带的月通报数字和自查数，与本库根据上报数据重新计算的结果逐项核对。
        {result.data.differences === 0
          ? '全部账账相符。'
          : `共有 ${result.data.differences} 处不符。`}
      </Typography.Paragraph>
      {result.data.villages.map((v) => (
        <Card
          key={v.villageId}
          size="small"
          title={`${v.village}（${v.period}）`}
          extra={
            v.differences.length === 0 ? (
              <Tag color="green">{v.verdict}</Tag>
            ) : (
              <Tag color="red">{v.verdict}</Tag>
            )
          }
        >
          {v.differences.length > 0 && (
            <Table<ReconcileDifference>
              size="small"
              rowKey="label"
              pagination={false}
              dataSource={v.differences}
              columns={[
                { title: '项目', dataIndex: 'label' },
                {
                  title: '村上报',
                  dataIndex: 'packageValue',
                  align: 'right',
                  render: (x: number | null) => x ?? '缺少',
                },
                {
                  title: '本库重算',
                  dataIndex: 'recomputed',
                  align: 'right',
                  render: (x: number | null) => x ?? '缺少',
                },
              ]}
            />
          )}
          {v.villageOnly.length > 0 && (
            <Typography.Text type="secondary">
              仅村级可查：{v.villageOnly.join('、')}
            </Typography.Text>
          )}
        </Card>
      ))}
    </Space>
  );
}
