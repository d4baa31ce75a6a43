import { DownloadOutlined, FilePdfOutlined, InboxOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Space, Typography } from 'antd';
import type { CardJobStatus } from '../../../../electron/api/cards-types';
import { ArchivedBadge } from '../archive/archived-badge';

/**
 * The batch in progress (n / total and 取消), or how it ended: done with 打开 PDF and
 * 下载 PDF (a fresh click, so the browser lets the tab open), cancelled, or failed.
 */
export function CardJobPanel({
  status,
  onCancel,
  onOpen,
  onDownload,
  onFile,
  filing,
  filedCode,
}: {
  status: CardJobStatus;
  onCancel: () => void;
  onOpen: (documentId: number) => void;
  onDownload: (documentId: number) => void;
  onFile: (documentId: number) => void;
  filing: boolean;
  /** The batch's 档号 once it is filed. */
  filedCode: string | undefined;
}) {
  const { state, done, total } = status;
  if (state === 'running') {
    return (
      <div>
        <Typography.Text>
          正在生成明白纸……{done} / {total} 户
        </Typography.Text>
        <Space style={{ width: '100%' }} align="center">
          <Progress
            style={{ width: 420 }}
            percent={total > 0 ? Math.floor((done / total) * 100) : 0}
            format={() => `${done} / ${total}`}
            status="active"
            aria-label="打印进度"
          />
          <Button icon={<StopOutlined />} onClick={onCancel}>
            取消
          </Button>
        </Space>
      </div>
    );
  }
  if (state === 'done' && status.documentId !== undefined) {
    const documentId = status.documentId;
    return (
      <Alert
        type="success"
        showIcon
        title={status.message ?? `已生成 ${total} 户的明白纸`}
        action={
          <Space>
            <Button
              type="primary"
              size="small"
              icon={<FilePdfOutlined />}
              onClick={() => onOpen(documentId)}
            >
              打开 PDF
            </Button>
            <Button size="small" icon={<DownloadOutlined />} onClick={() => onDownload(documentId)}>
              下载 PDF
            </Button>
            {filedCode ? (
              <ArchivedBadge code={filedCode} />
            ) : (
              <Button
                size="small"
                icon={<InboxOutlined />}
                loading={filing}
                onClick={() => onFile(documentId)}
              >
                归档
              </Button>
            )}
          </Space>
        }
      />
    );
  }
  if (state === 'cancelled') {
    return <Alert type="info" showIcon title={status.message ?? '已取消，未保存任何记录'} />;
  }
  return <Alert type="error" showIcon title={status.message ?? '生成明白纸时出错'} />;
}
