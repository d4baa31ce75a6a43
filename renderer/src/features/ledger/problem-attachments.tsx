import {
  DeleteOutlined,
  DownloadOutlined,
  EyeOutlined,
  PaperClipOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Button, Card, Select, Space, Table, Tooltip, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { AttachmentView, ProblemDetail } from '../../../../electron/api/ledger-types';
import type { FilePayload } from '../../../../electron/api/roster-io-types';
import { call } from '../../api/client';
import { downloadFile, fileBytes } from '../../api/files';
import { PDF_TYPE } from '../../components/pdf-preview';
import { useScanViewer } from '../../components/scan-viewer';
import { useAction } from '../../hooks/use-action';
import { showAnswer } from '../../hooks/use-call';

const MIME: Record<AttachmentView['type'], string> = {
  pdf: PDF_TYPE,
  jpg: 'image/jpeg',
  png: 'image/png',
};

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * 附件: scans and photos of the paperwork (评议记录, 公示照片 …), kept in the data folder.
 * The SHA-256 lets an inspector see the file is the one filed; the service checks it again
 * on every open.
 */
export function ProblemAttachments({ problem }: { problem: ProblemDetail }) {
  // The whole problem each change returns, shown at once in the drawer (the cache).
  const show = (saved: ProblemDetail) => showAnswer('problems.get', { id: problem.id }, saved);
  const { run, busy, confirmDelete } = useAction();
  const [stepId, setStepId] = useState<number | null>(null);
  const scans = useScanViewer();
  const stepName = new Map(problem.steps.map((s) => [s.id, s.step]));

  const upload = async (file: File) => {
    const saved = await run(
      async () =>
        call('problems.addAttachment', {
          problemId: problem.id,
          stepId,
          fileName: file.name,
          data: await fileBytes(file),
        }),
      `附件「${file.name}」已保存`,
    );
    if (saved) show(saved);
    // The file is sent here, not by antd's own upload.
    return false;
  };
  const load = (a: AttachmentView) => run(() => call('problems.attachment', { id: a.id }));
  const view = (a: AttachmentView) => scans.open(MIME[a.type], () => load(a), a.fileName);
  const download = async (a: AttachmentView) => {
    const file: FilePayload | undefined = await load(a);
    if (file) downloadFile({ ...file, fileName: a.fileName }, MIME[a.type]);
  };
  const remove = (a: AttachmentView) =>
    confirmDelete({
      title: `删除附件「${a.fileName}」？`,
      remove: () => call('problems.removeAttachment', { id: a.id }),
      success: '附件已删除',
      onDone: show,
    });

  return (
    <Card
      size="small"
      title={
        <Space>
          <PaperClipOutlined />
          附件（{problem.attachments.length}）
        </Space>
      }
      extra={
        <Space>
          <Select<number | null>
            aria-label="附件所属环节"
            size="small"
            style={{ width: 150 }}
            value={stepId}
            onChange={setStepId}
            options={[
              { value: null, label: '不指定环节' },
              ...problem.steps.map((s) => ({ value: s.id, label: s.step })),
            ]}
          />
          <Upload accept=".pdf,.jpg,.jpeg,.png" showUploadList={false} beforeUpload={upload}>
            <Button size="small" icon={<UploadOutlined />} loading={busy}>
              上传扫描件或照片
            </Button>
          </Upload>
        </Space>
      }
    >
      <Table<AttachmentView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={problem.attachments}
        locale={{ emptyText: '还没有附件（PDF、JPG、PNG，每个不超过 10 MB）' }}
        columns={[
          { title: '文件名', dataIndex: 'fileName', ellipsis: true },
          {
            title: '环节',
            dataIndex: 'stepId',
            width: 90,
            render: (id: number | null) => (id === null ? '' : (stepName.get(id) ?? '')),
          },
          { title: '大小', dataIndex: 'size', width: 80, render: size },
          {
            title: 'SHA-256',
            dataIndex: 'sha256',
            width: 120,
            render: (hash: string) => (
              <Tooltip title={hash}>
                <Typography.Text code copyable={{ text: hash }}>
                  {hash.slice(0, 8)}…
                </Typography.Text>
              </Tooltip>
            ),
          },
          {
            title: '',
            key: 'actions',
            width: 110,
            render: (_, a) => (
              <Space size={0}>
                <Button
                  size="small"
                  type="text"
                  icon={<EyeOutlined />}
                  aria-label={`查看${a.fileName}`}
                  onClick={() => void view(a)}
                />
                <Button
                  size="small"
                  type="text"
                  icon={<DownloadOutlined />}
                  aria-label={`下载${a.fileName}`}
                  onClick={() => void download(a)}
                />
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={`删除${a.fileName}`}
                  onClick={() => remove(a)}
                />
              </Space>
            ),
          },
        ]}
      />
      {scans.element}
    </Card>
  );
}
