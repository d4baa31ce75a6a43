import { AuditOutlined } from '@ant-design/icons';
import { Button, Modal, Table } from 'antd';
import { useState } from 'react';
import type { ReceivedNote } from '../../../../electron/api/review-types';
import { openPage } from '../../app/navigation';
import { useCall } from '../../hooks/use-call';

const ENTITY_WORDS = { problem: '问题', household: '农户' } as const;

/**
 * Every 乡镇审核意见 this village received (docs/domain.md §11), newest first, each opening its
 * problem or household. Shown on the 问题台账 once there is at least one.
 */
export function ReviewFeedbackList() {
  const received = useCall('review.receivedAll', {});
  const [open, setOpen] = useState(false);
  const notes = received.data ?? [];
  if (notes.length === 0) return null;
  const show = (n: ReceivedNote) => {
    setOpen(false);
    if (n.entity === 'problem') openPage('ledger', { problem: n.recordId });
    else openPage('roster', { household: n.recordId });
  };
  return (
    <>
      <Button icon={<AuditOutlined />} onClick={() => setOpen(true)}>
        乡镇审核意见（{notes.length}）
      </Button>
      {open && (
        <Modal open title="乡镇审核意见" width={900} footer={null} onCancel={() => setOpen(false)}>
          <Table<ReceivedNote>
            size="small"
            rowKey="id"
            dataSource={notes}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: '审核日期', dataIndex: 'notedAt', width: 110 },
              {
                title: '审核人',
                key: 'who',
                width: 150,
                render: (_, n) => `${n.township} · ${n.author}`,
              },
              {
                title: '对象',
                key: 'subject',
                width: 220,
                render: (_, n) => (
                  <Button type="link" size="small" onClick={() => show(n)} style={{ padding: 0 }}>
                    {ENTITY_WORDS[n.entity]}：{n.subject || `编号 ${n.recordId}`}
                  </Button>
                ),
              },
              {
                title: '审核意见',
                dataIndex: 'note',
                render: (text: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span>,
              },
            ]}
          />
        </Modal>
      )}
    </>
  );
}
