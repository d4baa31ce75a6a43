import { AuditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { MAX_NOTE_CHARS } from '../../../../../electron/api/review-contract';
import type { ReviewEntity, ReviewNote } from '../../../../../electron/api/review-types';
import { call } from '../../../api/client';
import { useAction } from '../../../hooks/use-action';
import { useCall } from '../../../hooks/use-call';

/**
 * 审核意见 on one record of a loaded village, in the 乡镇汇总库 (docs/domain.md §11): the record
 * itself is read-only here; the township writes notes, which go down in the village's
 * 审核反馈包 and show there on the same record.
 */
export function RecordReviewCard({ entity, localId }: { entity: ReviewEntity; localId: number }) {
  const notes = useCall('review.forRecord', { entity, localId });
  const [text, setText] = useState('');
  const { run, busy } = useAction();
  const add = async () => {
    const saved = await run(
      () => call('review.add', { entity, localId, note: text }),
      '审核意见已添加，生成审核反馈包后发给村里',
    );
    if (saved) {
      setText('');
      notes.reload();
    }
  };
  return (
    <Card
      size="small"
      title={
        <Space>
          <AuditOutlined />
          审核意见
        </Space>
      }
      style={{ marginBottom: 16 }}
      data-testid="review-card"
    >
      {notes.error && <Alert type="error" showIcon title={notes.error.message} />}
      <NoteList notes={notes.data ?? []} />
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        maxLength={MAX_NOTE_CHARS}
        showCount
        autoSize={{ minRows: 2, maxRows: 6 }}
        placeholder="填写对这条记录的审核意见（村里导入审核反馈包后可以看到）"
        aria-label="审核意见"
      />
      <Button
        type="primary"
        style={{ marginTop: 8 }}
        loading={busy}
        disabled={text.trim() === ''}
        onClick={() => void add()}
      >
        添加
      </Button>
    </Card>
  );
}

function NoteList({ notes }: { notes: ReviewNote[] }) {
  if (notes.length === 0) {
    return <Typography.Paragraph type="secondary">还没有审核意见。</Typography.Paragraph>;
  }
  return (
    <List
      size="small"
      dataSource={notes}
      style={{ marginBottom: 8 }}
      renderItem={(n) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Space size="small" wrap>
                <span>{n.author}</span>
                <Typography.Text type="secondary">
                  {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
                </Typography.Text>
                {n.sentAt ? <Tag color="green">已发给村里</Tag> : <Tag>未发送</Tag>}
              </Space>
            }
            description={<span style={{ whiteSpace: 'pre-wrap' }}>{n.note}</span>}
          />
        </List.Item>
      )}
    />
  );
}
