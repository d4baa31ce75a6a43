import { DeleteOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReviewNote, ReviewVillage } from '../../../../../electron/api/review-types';
import { call } from '../../../api/client';
import { downloadFile } from '../../../api/files';
import { useAction } from '../../../hooks/use-action';
import { useCall } from '../../../hooks/use-call';

const ZIP_TYPE = 'application/zip';
const ENTITY_WORDS = { problem: '问题', household: '农户' } as const;

/**
 * The 审核意见 tab of the 乡镇汇总 page (docs/domain.md §11): every note by village, a
 * 审核反馈包 per village to carry down on a U盘 or by e-mail, and deleting a note not yet sent.
 * Notes are written on the records themselves (the problem drawer, the household).
 */
export function ReviewTab() {
  const villages = useCall('review.villages', {});
  const notes = useCall('review.list', {});
  if (villages.error) return <Alert type="error" showIcon title={villages.error.message} />;
  const byVillage = new Map<string, ReviewNote[]>();
  for (const n of notes.data ?? []) {
    byVillage.set(n.villageKey, [...(byVillage.get(n.villageKey) ?? []), n]);
  }
  const list = villages.data ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        在问题台账的问题详情或农户信息里填写审核意见；这里按村生成「审核反馈包」，用U盘或邮件交给村里，村里在问题台账中「导入审核反馈包」后，意见显示在对应的问题或农户上。
      </Typography.Paragraph>
      {list.length === 0 && !villages.loading && (
        <Empty description="还没有导入村的上报包，也没有审核意见" />
      )}
      {list.map((v) => (
        <VillageNotes key={v.villageKey} village={v} notes={byVillage.get(v.villageKey) ?? []} />
      ))}
    </Space>
  );
}

function VillageNotes({ village, notes }: { village: ReviewVillage; notes: ReviewNote[] }) {
  const { run, busy, confirmDelete } = useAction();
  const name = village.villageName || '（该村的上报包已不在本库）';
  const makePackage = async () => {
    const file = await run(
      () => call('review.feedbackPackage', { villageKey: village.villageKey }),
      `已生成${name}的审核反馈包`,
    );
    if (file) downloadFile(file, ZIP_TYPE);
  };
  const remove = (n: ReviewNote) =>
    confirmDelete({
      title: '删除这条审核意见？',
      content: '只能删除还没有发给村里的意见。',
      remove: () => call('review.delete', { id: n.id }),
      success: '审核意见已删除',
    });
  return (
    <Card
      size="small"
      data-testid="review-village"
      title={
        <Space>
          {name}
          <Tag>{village.total} 条</Tag>
          {village.unsent > 0 && <Tag color="orange">{village.unsent} 条未发送</Tag>}
        </Space>
      }
      extra={
        <Button
          icon={<DownloadOutlined />}
          loading={busy}
          disabled={village.total === 0 || !village.villageName}
          onClick={() => void makePackage()}
        >
          生成审核反馈包
        </Button>
      }
    >
      <Table<ReviewNote>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={notes}
        locale={{ emptyText: '这个村还没有审核意见' }}
        columns={[
          {
            title: '对象',
            key: 'subject',
            width: 260,
            render: (_, n) => `${ENTITY_WORDS[n.entity]}：${n.subject}`,
          },
          {
            title: '审核意见',
            dataIndex: 'note',
            render: (text: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span>,
          },
          { title: '审核人', dataIndex: 'author', width: 100 },
          {
            title: '时间',
            dataIndex: 'createdAt',
            width: 140,
            render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm'),
          },
          {
            title: '状态',
            key: 'sent',
            width: 150,
            render: (_, n) =>
              n.sentAt ? (
                <Tag color="green">已发送 {dayjs(n.sentAt).format('MM-DD')}</Tag>
              ) : (
                <Space size="small">
                  <Tag>未发送</Tag>
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label="删除"
                    onClick={() => remove(n)}
                  />
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
