import { AuditOutlined } from '@ant-design/icons';
import { Card, List, Space, Typography } from 'antd';
import type { ReviewEntity } from '../../../../electron/api/review-types';
import { isRollUpWorkspace, useWorkspace } from '../../hooks/use-workspace';
import { useCall } from '../../hooks/use-call';
import { RecordReviewCard } from '../township/review/record-review-card';

/**
 * 审核意见 on a problem or a household (docs/domain.md §11), wherever the record is shown: in a
 * 乡镇汇总库 the card to write them (the record itself is read-only there); in a village's own
 * database the 「乡镇审核意见」 received from the township's 审核反馈包, when there are any.
 */
export function ReviewFeedback({ entity, id }: { entity: ReviewEntity; id: number }) {
  const workspace = useWorkspace();
  if (workspace === undefined) return null;
  if (isRollUpWorkspace(workspace)) return <RecordReviewCard entity={entity} localId={id} />;
  return <ReceivedNotesCard entity={entity} recordId={id} />;
}

/** The township's notes this village received on one record; nothing when there are none. */
function ReceivedNotesCard({ entity, recordId }: { entity: ReviewEntity; recordId: number }) {
  const received = useCall('review.received', { entity, recordId });
  const notes = received.data ?? [];
  if (notes.length === 0) return null;
  return (
    <Card
      size="small"
      data-testid="received-review"
      title={
        <Space>
          <AuditOutlined />
          乡镇审核意见（{notes.length}）
        </Space>
      }
      style={{ marginBottom: 16, borderColor: '#faad14' }}
    >
      <List
        size="small"
        dataSource={notes}
        renderItem={(n) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space size="small" wrap>
                  <span>
                    {n.township} · {n.author}
                  </span>
                  <Typography.Text type="secondary">{n.notedAt}</Typography.Text>
                </Space>
              }
              description={<span style={{ whiteSpace: 'pre-wrap' }}>{n.note}</span>}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
