import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Descriptions,
  Modal,
  Progress,
  Result,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import type {
  ImportJobStatus,
  ImportSummary,
  Problem,
  RosterKind,
} from '../../../../electron/api/roster-io-types';
import { call } from '../../api/client';
import { downloadFile, fileBytes } from '../../api/files';
import { JobProgress } from '../../components/job-progress';
import { useAction } from '../../hooks/use-action';

const KIND_LABEL: Record<RosterKind, string> = { households: '农户与成员', workers: '网格员' };

/**
 * Import: pick a file → it is read and checked in the background (progress) → every problem
 * is listed → import all (only when there is none), or only the households without problems.
 */
export function ImportDialog({ kind, onClose }: { kind: RosterKind; onClose: () => void }) {
  const [jobId, setJobId] = useState<string>();
  const [status, setStatus] = useState<ImportJobStatus>();
  const [summary, setSummary] = useState<ImportSummary>();
  const [writeJob, setWriteJob] = useState<string>();
  const { run, busy } = useAction();

  useEffect(() => {
    if (!jobId) return;
    let live = true;
    const poll = async () => {
      while (live) {
        const next = await call('rosterIo.importStatus', { jobId }).catch(() => null);
        if (!live || !next) return;
        setStatus(next);
        if (next.phase === 'ready' || next.phase === 'failed') return;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    };
    void poll();
    return () => {
      live = false;
    };
  }, [jobId]);

  const pick = async (file: File) => {
    setStatus(undefined);
    setSummary(undefined);
    const started = await run(async () =>
      call('rosterIo.importStart', {
        kind,
        fileName: file.name,
        data: await fileBytes(file),
      }),
    );
    if (started) setJobId(started.jobId);
    return false;
  };
  const commit = async (validOnly: boolean) => {
    if (!jobId) return;
    // The write is a job of its own (a worker thread): followed, and stoppable, by this id.
    const followJobId = crypto.randomUUID();
    setWriteJob(followJobId);
    const done = await run(
      () => call('rosterIo.importCommit', { jobId, validOnly, followJobId }),
      '导入完成',
    );
    setWriteJob(undefined);
    // The commit is a change: every view of the roster reads again (api/query-client.ts).
    if (done) setSummary(done);
  };
  const problemsFile = async () => {
    if (!jobId) return;
    const file = await run(() => call('rosterIo.importProblems', { jobId }));
    if (file) downloadFile(file);
  };

  const preview = status?.preview;
  const percent =
    status && status.total > 0 ? Math.round((status.done / status.total) * 100) : undefined;
  const unit = kind === 'households' ? '户' : '行';

  return (
    <Modal
      open
      width={960}
      title={`导入${KIND_LABEL[kind]}`}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
    >
      {summary ? (
        <Result
          status="success"
          title="导入完成"
          subTitle={`新增 ${summary.created} ${unit}，更新 ${summary.updated} ${unit}${summary.skipped ? `，跳过有问题的 ${summary.skipped} ${unit}` : ''}${kind === 'households' ? `，成员 ${summary.members} 人` : ''}。`}
          extra={
            <Button type="primary" onClick={onClose}>
              完成
            </Button>
          }
        />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Upload.Dragger
            accept=".xlsx,.csv,.xls"
            showUploadList={false}
            beforeUpload={pick}
            disabled={busy}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>点击或把文件拖到这里（.xlsx 或 .csv，最大 20 MB）</p>
            <Typography.Text type="secondary">
              导入前会先检查整份文件，没有问题才写入。
            </Typography.Text>
          </Upload.Dragger>
          {status && status.phase !== 'ready' && status.phase !== 'failed' && (
            <div>
              <Typography.Text>
                {status.phase === 'reading'
                  ? `正在读取文件……已读 ${status.done} 行`
                  : `正在检查……${status.done}/${status.total} ${unit}`}
              </Typography.Text>
              <Progress percent={percent ?? 5} status="active" aria-label="导入进度" />
            </div>
          )}
          {status?.phase === 'failed' && <Alert type="error" showIcon title={status.error} />}
          {preview && (
            <>
              <Descriptions
                size="small"
                bordered
                column={3}
                items={[
                  { key: 'file', label: '文件', children: preview.fileName },
                  { key: 'rows', label: '数据行', children: preview.rows },
                  {
                    key: 'units',
                    label: kind === 'households' ? '户数' : '网格员行',
                    children: preview.units,
                  },
                  { key: 'valid', label: '没有问题', children: `${preview.validUnits} ${unit}` },
                  ...(kind === 'households'
                    ? [
                        { key: 'new', label: '其中新增', children: `${preview.creates} 户` },
                        { key: 'upd', label: '其中更新', children: `${preview.updates} 户` },
                      ]
                    : []),
                ]}
              />
              {preview.problemCount > 0 ? (
                <Alert
                  type="warning"
                  showIcon
                  title={`发现 ${preview.problemCount} 处问题，请改正后重新导入，或只导入没有问题的${unit}。`}
                  action={
                    <Button size="small" onClick={problemsFile}>
                      下载问题清单
                    </Button>
                  }
                />
              ) : (
                <Alert type="success" showIcon title="检查通过，没有发现问题。" />
              )}
              {preview.problemCount > 0 && (
                <Table<Problem>
                  size="small"
                  rowKey={(p) => `${p.row}-${p.column}-${p.reason}`}
                  dataSource={preview.problems}
                  pagination={{ pageSize: 8, showSizeChanger: false }}
                  columns={[
                    { title: '工作表', dataIndex: 'sheet', width: 110 },
                    { title: '行', dataIndex: 'row', width: 60 },
                    { title: '列', dataIndex: 'column', width: 150 },
                    { title: '问题', dataIndex: 'reason' },
                  ]}
                />
              )}
              <JobProgress jobId={writeJob} title="正在导入" />
              <Space>
                <Button
                  type="primary"
                  disabled={preview.problemCount > 0 || preview.validUnits === 0}
                  loading={busy}
                  onClick={() => commit(false)}
                >
                  全部导入
                </Button>
                {preview.problemCount > 0 && preview.validUnits > 0 && (
                  <Button loading={busy} onClick={() => commit(true)}>
                    只导入没有问题的 {preview.validUnits} {unit}
                  </Button>
                )}
                {/* While it writes, 取消 is the job's (JobProgress above): it stops the import. */}
                {!writeJob && <Button onClick={onClose}>取消</Button>}
              </Space>
            </>
          )}
        </Space>
      )}
    </Modal>
  );
}
