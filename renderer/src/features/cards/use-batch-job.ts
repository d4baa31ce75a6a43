import { useCallback, useState } from 'react';
import type { CardJobStatus } from '../../../../electron/api/cards-types';
import type { JobStatus } from '../../../../electron/api/jobs-types';
import { call } from '../../api/client';
import { errorText } from '../../hooks/use-call';
import { useJobPolling } from '../../hooks/use-job-polling';

/** The one job status (jobs.status) as a batch page shows it: sheets drawn, the PDF made. */
function batchStatus(status: JobStatus): CardJobStatus {
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

const readStatus = async (jobId: string) => batchStatus(await call('jobs.status', { jobId }));
// The job is gone (the app restarted): say so and stop asking.
const failedStatus = (jobId: string, message: string): CardJobStatus => ({
  jobId,
  done: 0,
  total: 0,
  state: 'failed',
  message,
});

/** What a batch's start call answers: its job and how many households it draws. */
export interface StartedBatch {
  jobId: string;
  households: number;
}

/**
 * One batch of printed sheets at a time: started by `begin` (cards.start, policy.start…, which
 * must be stable — a module-level function), its progress read through the one status of every
 * background job (jobs.status) until it is done, cancelled or failed, and cancelled (jobs.cancel).
 * `onFinished` runs once when a batch ends, with its last status.
 */
export function useBatchJob<Args extends unknown[]>(
  begin: (...args: Args) => Promise<StartedBatch>,
  onFinished: (status: CardJobStatus) => void,
) {
  const [status, setStatus] = useState<CardJobStatus>();
  const [startError, setStartError] = useState<string>();
  const [starting, setStarting] = useState(false);
  const jobId = status?.jobId;
  useJobPolling(status, setStatus, readStatus, failedStatus, onFinished);

  const start = useCallback(
    async (...args: Args) => {
      setStarting(true);
      setStartError(undefined);
      try {
        const started = await begin(...args);
        setStatus({ jobId: started.jobId, done: 0, total: started.households, state: 'running' });
      } catch (reason) {
        setStartError(errorText(reason));
      } finally {
        setStarting(false);
      }
    },
    [begin],
  );

  const cancel = useCallback(async () => {
    if (!jobId) return;
    try {
      setStatus(batchStatus(await call('jobs.cancel', { jobId })));
    } catch (reason) {
      setStartError(errorText(reason));
    }
  }, [jobId]);

  return { status, running: status?.state === 'running', starting, startError, start, cancel };
}
