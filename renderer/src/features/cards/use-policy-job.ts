import { useCallback, useState } from 'react';
import type { CardJobStatus } from '../../../../electron/api/cards-types';
import type { PolicyScope } from '../../../../electron/api/policy-schemas';
import type { JobStatus } from '../../../../electron/api/jobs-types';
import { call } from '../../api/client';
import { errorText } from '../../hooks/use-call';
import { useJobPolling } from '../../hooks/use-job-polling';

/** The one job status (jobs.status) as a batch of sheets: sheets drawn, the PDF made. */
function sheetStatus(status: JobStatus): CardJobStatus {
  const result = status.result as { documentId?: number } | undefined;
  return {
    jobId: status.jobId,
    done: status.progress.done,
    total: status.progress.total,
    state: status.state,
    ...(result?.documentId !== undefined ? { documentId: result.documentId } : {}),
    ...(status.message !== undefined ? { message: status.message } : {}),
  };
}

const readStatus = async (jobId: string) => sheetStatus(await call('jobs.status', { jobId }));
const failedStatus = (jobId: string, message: string): CardJobStatus => ({
  jobId,
  done: 0,
  total: 0,
  state: 'failed',
  message,
});

/**
 * One batch of 申报政策明白纸 at a time (policy.start), followed and cancelled through the one
 * job status (jobs.status, jobs.cancel) exactly as the household cards' batch (use-card-job.ts).
 */
export function usePolicyJob(onFinished: (status: CardJobStatus) => void) {
  const [status, setStatus] = useState<CardJobStatus>();
  const [startError, setStartError] = useState<string>();
  const [starting, setStarting] = useState(false);
  const jobId = status?.jobId;
  useJobPolling(status, setStatus, readStatus, failedStatus, onFinished);

  const start = useCallback(async (scope: PolicyScope) => {
    setStarting(true);
    setStartError(undefined);
    try {
      const started = await call('policy.start', { scope });
      setStatus({ jobId: started.jobId, done: 0, total: started.households, state: 'running' });
    } catch (reason) {
      setStartError(errorText(reason));
    } finally {
      setStarting(false);
    }
  }, []);

  const cancel = useCallback(async () => {
    if (!jobId) return;
    try {
      setStatus(sheetStatus(await call('jobs.cancel', { jobId })));
    } catch (reason) {
      setStartError(errorText(reason));
    }
  }, [jobId]);

  return { status, running: status?.state === 'running', starting, startError, start, cancel };
}
