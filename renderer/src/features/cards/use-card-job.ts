import { useCallback, useState } from 'react';
import type { CardScope } from '../../../../electron/api/cards-schemas';
import type { CardJobStatus, CardLayout } from '../../../../electron/api/cards-types';
import type { JobStatus } from '../../../../electron/api/jobs-types';
import { call } from '../../api/client';
import { errorText } from '../../hooks/use-call';
import { useJobPolling } from '../../hooks/use-job-polling';

/** The one job status (jobs.status) as this page shows a batch: cards drawn, the PDF made. */
function cardStatus(status: JobStatus): CardJobStatus {
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

const readStatus = async (jobId: string) => cardStatus(await call('jobs.status', { jobId }));
// The job is gone (the app restarted): say so and stop asking.
const failedStatus = (jobId: string, message: string): CardJobStatus => ({
  jobId,
  done: 0,
  total: 0,
  state: 'failed',
  message,
});

/**
 * One 明白纸 batch at a time: start (cards.start), its progress read every 300 ms
 * (jobs.status, the one status of every background job) until it is done, cancelled or
 * failed, and cancel (jobs.cancel).
 * `onFinished` runs once when a batch ends, with its last status.
 */
export function useCardJob(onFinished: (status: CardJobStatus) => void) {
  const [status, setStatus] = useState<CardJobStatus>();
  const [startError, setStartError] = useState<string>();
  const [starting, setStarting] = useState(false);
  const jobId = status?.jobId;
  const running = status?.state === 'running';
  useJobPolling(status, setStatus, readStatus, failedStatus, onFinished);

  const start = useCallback(async (scope: CardScope, layout: CardLayout) => {
    setStarting(true);
    setStartError(undefined);
    try {
      const started = await call('cards.start', { scope, layout });
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
      setStatus(cardStatus(await call('jobs.cancel', { jobId })));
    } catch (reason) {
      setStartError(errorText(reason));
    }
  }, [jobId]);

  return { status, running, starting, startError, start, cancel };
}
