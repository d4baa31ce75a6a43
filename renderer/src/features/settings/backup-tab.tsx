import { CloudUploadOutlined, FolderOpenOutlined, HistoryOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useState } from 'react';
import type {
  BackupCheck,
  BackupFile,
  BackupJobStatus,
  BackupKind,
  RestoreResult,
} from '../../../../electron/api/backup-types';
import { ApiError, call, choosePath } from '../../api/client';
import type { ChoosePathKind } from '../../../../electron/api/bridge';
import { errorText, useCall } from '../../hooks/use-call';
import { useJobPolling } from '../../hooks/use-job-polling';
import { fileSize, localTime } from './backup-check-view';
import { RestoreDialog, type CheckedBackup } from './restore-dialog';

/** What each kind of backup in the data folder is, in the clerk's words. */
const KIND_LABEL: Record<BackupKind, string> = {
  自动: '每日自动',
  手动: '立即备份',
  升级前: '程序升级前',
  恢复前: '恢复前',
};

const readBackupStatus = (jobId: string) => call('backup.status', { jobId });
const failedBackup = (jobId: string, message: string): BackupJobStatus => ({
  jobId,
  state: 'failed',
  done: 0,
  total: 0,
  file: null,
  message,
});

/**
 * One backup job: started by backup.start, its pages read every 300 ms (backup.status) until
 * it is done or failed; `onFinished` runs once with the last status.
 */
function useBackupJob(onFinished: (status: BackupJobStatus) => void) {
  const [status, setStatus] = useState<BackupJobStatus>();
  const [error, setError] = useState<string>();
  const [starting, setStarting] = useState(false);
  const running = status?.state === 'running';
  useJobPolling(status, setStatus, readBackupStatus, failedBackup, onFinished);

  const start = async (folder?: string) => {
    setStarting(true);
    setError(undefined);
    try {
      const { jobId: id } = await call('backup.start', folder === undefined ? {} : { folder });
      setStatus({ jobId: id, state: 'running', done: 0, total: 0, file: null, message: null });
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setStarting(false);
    }
  };

  return { status, error, starting, running, start };
}

/** The progress of a running backup, or how it ended. */
function JobState({ status, label }: { status: BackupJobStatus; label: string }) {
  if (status.state === 'running') {
    const percent = status.total > 0 ? Math.floor((status.done / status.total) * 100) : 0;
    return (
      <div>
        <Progress percent={percent} status="active" aria-label={label} />
        <Typography.Text type="secondary">
          {status.total > 0
            ? `正在备份数据库和文件：${fileSize(status.done)} / ${fileSize(status.total)}`
            : '正在准备备份…'}
        </Typography.Text>
      </div>
    );
  }
  if (status.state === 'failed') {
    return <Alert type="error" showIcon title={status.message ?? '备份没有完成'} />;
  }
  return (
    <Alert
      type="success"
      showIcon
      title="备份完成"
      description={
        <>
          <div>
            备份文件：<Typography.Text copyable>{status.file}</Typography.Text>
          </div>
          {status.files && (
            <div>
              含数据库和 {status.files.count} 个文件（照片、附件、公示、归档原件等，共{' '}
              {fileSize(status.files.bytes)}）。
            </div>
          )}
          {status.files && status.files.missing.length > 0 && (
            <Typography.Text type="warning">
              数据文件夹里已缺少 {status.files.missing.length} 个文件（如「
              {status.files.missing[0]}」），备份里也没有它们。
            </Typography.Text>
          )}
        </>
      }
    />
  );
}

const isPasswordProblem = (reason: unknown) =>
  reason instanceof ApiError && reason.message.startsWith('备份文件已加密');

/**
 * 备份与恢复: automatic daily backups and how many are kept, 立即备份, a backup onto a USB stick
 * with progress, the backups in the data folder, and a checked restore from any of them or
 * from a file elsewhere.
 */
export function BackupTab() {
  const { message, modal } = App.useApp();
  const settings = useCall('settings.get');
  // A finished backup job refreshes the list (useJobPolling invalidates the query cache).
  const list = useCall('backup.list', {});
  const onFinished = useCallback(
    (status: BackupJobStatus) => {
      if (status.state === 'done') message.success('备份完成');
    },
    [message],
  );
  const local = useBackupJob(onFinished);
  const folderJob = useBackupJob(onFinished);

  const [keep, setKeep] = useState<number | null>(null);
  const [savingKeep, setSavingKeep] = useState(false);
  const [folder, setFolder] = useState('');
  const [otherFile, setOtherFile] = useState('');
  const [checking, setChecking] = useState<string>();
  const [restoreError, setRestoreError] = useState<string>();
  /** A backup whose password is not the database's own: asked for, then checked again. */
  const [askPassword, setAskPassword] = useState<{ file: string; message: string }>();
  /** A checked backup waiting for the clerk to confirm (or not) its restore. */
  const [review, setReview] = useState<CheckedBackup | null>(null);
  const [passwordForm] = Form.useForm<{ password: string }>();

  const backupKeep = keep ?? settings.data?.backupKeep ?? null;

  /** Electron's open dialog fills the path; the web host has none, so the path is typed. */
  const pick = async (kind: ChoosePathKind, set: (path: string) => void) => {
    try {
      const chosen = await choosePath!(kind);
      if (chosen) set(chosen);
    } catch (reason) {
      message.error(errorText(reason));
    }
  };

  const saveKeep = async () => {
    if (backupKeep === null) return;
    setSavingKeep(true);
    try {
      await call('settings.update', { backupKeep });
      setKeep(null);
      message.success('已保存');
    } catch (reason) {
      message.error(errorText(reason));
    } finally {
      setSavingKeep(false);
    }
  };

  const restore = async (file: string, password?: string) => {
    setRestoreError(undefined);
    setChecking(file);
    let check: BackupCheck;
    try {
      check = await call('backup.check', { file, password });
    } catch (reason) {
      if (isPasswordProblem(reason)) {
        passwordForm.resetFields();
        setAskPassword({ file, message: errorText(reason) });
      } else {
        setRestoreError(errorText(reason));
      }
      return;
    } finally {
      setChecking(undefined);
    }
    setAskPassword(undefined);
    setReview({ file, password, check });
  };

  /** After a restore every screen reads the restored data afresh. */
  const restored = async (result: RestoreResult) => {
    setReview(null);
    await new Promise<void>((resolve) => {
      modal.success({
        title: '已恢复',
        content: `数据已换成这份备份（写回文件 ${result.files.written} 个）。恢复前的数据已备份到：${result.safetyBackup}`,
        okText: '知道了',
        onOk: () => resolve(),
      });
    });
    window.location.reload();
  };

  const submitPassword = async ({ password }: { password: string }) => {
    if (askPassword) await restore(askPassword.file, password);
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 960 }}>
      <Card title="自动备份">
        <Typography.Paragraph>
          每天第一次打开程序时，程序会自动把数据备份到数据文件夹的「backups」里，保留最近{' '}
          {settings.data?.backupKeep ?? '…'}{' '}
          份，另外每月保留一份。程序升级前、恢复备份前也会自动备份。数据库设了密码时，备份也用同一个密码加密。
        </Typography.Paragraph>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="每份备份都是完整的：数据库，加上照片、问题附件、已发布的公示和明白纸、归档原件，全部在一个备份文件里。"
          description="换了电脑，只要有这一个备份文件就能把台账原样恢复。"
        />
        <Space wrap>
          <span>保留最近</span>
          <InputNumber
            aria-label="保留自动备份份数"
            min={1}
            max={100}
            precision={0}
            value={backupKeep}
            onChange={(value) => setKeep(value)}
          />
          <span>份自动备份</span>
          <Button onClick={saveKeep} loading={savingKeep} disabled={backupKeep === null}>
            保存
          </Button>
        </Space>
      </Card>

      <Card title="立即备份">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            把现在的数据备份一份到数据文件夹里，如做大的改动或导入之前。
          </Typography.Text>
          <Button
            type="primary"
            icon={<CloudUploadOutlined />}
            onClick={() => void local.start()}
            loading={local.starting}
            disabled={local.running}
          >
            立即备份
          </Button>
          {local.error && <Alert type="error" showIcon title={local.error} />}
          {local.status && <JobState status={local.status} label="立即备份进度" />}
        </Space>
      </Card>

      <Card title="备份到 U 盘或其他文件夹">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            电脑坏了，数据文件夹里的备份也会一起丢。请定期把备份存到 U 盘，U
            盘另外保管。备份文件里有数据库和全部照片、附件、归档原件，在新电脑上第一次打开程序时选「从备份恢复」即可。
          </Typography.Text>
          <Space.Compact style={{ width: '100%', maxWidth: 640 }}>
            <Input
              aria-label="备份文件夹"
              placeholder="U 盘上的文件夹，如 E:\台账备份"
              prefix={<FolderOpenOutlined />}
              value={folder}
              onChange={(e) => setFolder(e.target.value)}
            />
            {choosePath && <Button onClick={() => void pick('folder', setFolder)}>选择…</Button>}
            <Button
              type="primary"
              onClick={() => void folderJob.start(folder.trim())}
              loading={folderJob.starting}
              disabled={folderJob.running || folder.trim() === ''}
            >
              开始备份
            </Button>
          </Space.Compact>
          {folderJob.error && <Alert type="error" showIcon title={folderJob.error} />}
          {folderJob.status && <JobState status={folderJob.status} label="U 盘备份进度" />}
        </Space>
      </Card>

      <Card title="备份列表（数据文件夹里的备份）">
        {restoreError && (
          <Alert
            type="error"
            showIcon
            title={restoreError}
            closable
            onClose={() => setRestoreError(undefined)}
            style={{ marginBottom: 12 }}
          />
        )}
        {list.error && <Alert type="error" showIcon title={list.error.message} />}
        <Table<BackupFile>
          rowKey="name"
          size="small"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: '还没有备份' }}
          columns={[
            { title: '类型', dataIndex: 'kind', render: (kind: BackupKind) => KIND_LABEL[kind] },
            { title: '时间', dataIndex: 'at', render: (at: string) => localTime(at) },
            { title: '大小', dataIndex: 'size', render: (size: number) => fileSize(size) },
            {
              title: '内容',
              dataIndex: 'whole',
              render: (whole: boolean) =>
                whole ? '数据库和全部文件' : <Tag color="orange">只有数据库（旧版）</Tag>,
            },
            {
              title: '加密',
              dataIndex: 'encrypted',
              render: (encrypted: boolean) => (encrypted ? <Tag color="blue">已加密</Tag> : null),
            },
            { title: '文件名', dataIndex: 'name', ellipsis: true },
            {
              title: '操作',
              key: 'restore',
              render: (_, row) => (
                <Button
                  size="small"
                  icon={<HistoryOutlined />}
                  aria-label={`恢复 ${row.name}`}
                  loading={checking === row.name}
                  onClick={() => void restore(row.name)}
                >
                  恢复
                </Button>
              ),
            },
          ]}
        />
      </Card>

      <Card title="从其他位置的备份恢复">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            如 U
            盘上的「村级网格台账备份-….vlbak」，或旧版程序做的「….db」备份。恢复前会先核对备份里的每个文件是否完好。
          </Typography.Text>
          <Space.Compact style={{ width: '100%', maxWidth: 640 }}>
            <Input
              aria-label="备份文件路径"
              placeholder="完整路径，如 E:\台账备份\村级网格台账备份-20260506-150809.vlbak"
              value={otherFile}
              onChange={(e) => setOtherFile(e.target.value)}
            />
            {choosePath && <Button onClick={() => void pick('backup', setOtherFile)}>选择…</Button>}
            <Button
              onClick={() => void restore(otherFile.trim())}
              loading={checking === otherFile.trim() && otherFile.trim() !== ''}
              disabled={otherFile.trim() === ''}
            >
              检查并恢复
            </Button>
          </Space.Compact>
        </Space>
      </Card>

      <RestoreDialog
        target={review}
        onCancel={() => setReview(null)}
        onRestored={(result) => void restored(result)}
      />

      <Modal
        open={askPassword !== undefined}
        title="输入备份的数据库密码"
        okText="检查备份"
        cancelText="取消"
        onOk={() => passwordForm.submit()}
        onCancel={() => setAskPassword(undefined)}
        destroyOnHidden
      >
        <Typography.Paragraph>{askPassword?.message}</Typography.Paragraph>
        <Form form={passwordForm} onFinish={submitPassword} layout="vertical">
          <Form.Item
            label="备份的数据库密码"
            name="password"
            rules={[{ required: true, message: '请填写备份的数据库密码' }]}
          >
            <Input.Password autoComplete="off" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
