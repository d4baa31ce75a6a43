import { Alert, Button, Progress, Space, Typography } from 'antd';
import { useJob } from '../hooks/use-job-polling';

/**
 * A running background job (services/jobs/registry.ts) as the clerk sees it: what it is doing,
 * how far it is, and 取消 while it can still be stopped (nothing of it is kept then).
 */
export function JobProgress({ jobId, title }: { jobId: string | undefined; title: string }) {
  const { status, cancel, cancelError } = useJob(jobId);
  if (!jobId || (status && status.state !== 'running')) return null;
  const progress = status?.progress;
  const percent =
    progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 5;
  return (
    <div role="status" aria-label={`${title}进度`}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text>
          {title}：{progress?.phase ?? '准备中'}
          {progress && progress.total > 0 ? `（${progress.done}/${progress.total}）` : '……'}
        </Typography.Text>
        {status?.cancellable && (
          <Button size="small" onClick={() => void cancel()}>
            取消
          </Button>
        )}
      </Space>
      <Progress percent={percent} status="active" />
      {cancelError && <Alert type="error" showIcon title={cancelError} />}
    </div>
  );
}
