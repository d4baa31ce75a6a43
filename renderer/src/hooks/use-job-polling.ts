import { useCallback, useEffect, useState } from 'react';
import type { JobStatus } from '../../../electron/api/jobs-types';
import { call } from '../api/client';
import { afterJob } from '../api/query-client';
import { errorText } from './use-call';

export interface JobStatusLike {
  jobId: string;
  state: string;
}

/**
 * Follows one background job (a card batch, a backup): while its status says 'running', reads
 * it again every 300 ms; `onFinished` runs once with the last status. A read that fails (the
 * app restarted and the job is gone) ends it as `failed(jobId, message)`. `read` and `failed`
 * must be stable (module-level functions), `onFinished` a useCallback.
 */
export function useJobPolling<S extends JobStatusLike>(
  status: S | undefined,
  setStatus: (status: S) => void,
  read: (jobId: string) => Promise<S>,
  failed: (jobId: string, message: string) => S,
  onFinished: (status: S) => void,
): void {
  const jobId = status?.jobId;
  const running = status?.state === 'running';

  useEffect(() => {
    if (!jobId || !running) return;
    let live = true;
    const poll = async () => {
      while (live) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        if (!live) return;
        let next: S;
        try {
          next = await read(jobId);
        } catch (reason) {
          if (!live) return;
          next = failed(jobId, errorText(reason));
        }
        if (!live) return;
        setStatus(next);
        if (next.state !== 'running') {
          // What the job wrote (cards filed, a backup listed) shows in every view.
          afterJob();
          onFinished(next);
          return;
        }
      }
    };
    void poll();
    return () => {
      live = false;
    };
  }, [jobId, running, read, failed, setStatus, onFinished]);
}

/** How often a running job's status is read. */
const POLL_MS = 300;

/**
 * Follows any background job by its id in the one status shape (jobs.status, issue 15 item 2):
 * an import being written, the demo seed, a card batch. The id may be chosen before the call
 * that starts the job (followJobId): until the job exists, a read that finds nothing is
 * retried. `cancel` asks jobs.cancel; the status then says 正在取消… and, once the work has
 * stopped, 已取消. Following ends with the job (or when `jobId` becomes undefined).
 */
export function useJob(jobId: string | undefined): {
  status: JobStatus | undefined;
  cancel: () => Promise<void>;
  cancelError: string | undefined;
} {
  const [status, setStatus] = useState<JobStatus>();
  const [cancelError, setCancelError] = useState<{ jobId: string; message: string }>();

  useEffect(() => {
    if (!jobId) return;
    let live = true;
    const poll = async () => {
      while (live) {
        const next = await call('jobs.status', { jobId }).catch(() => null);
        if (!live) return;
        if (next) {
          setStatus(next);
          if (next.state !== 'running') {
            // What the job wrote (an import, the demo village) shows in every view.
            afterJob();
            return;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    };
    void poll();
    return () => {
      live = false;
    };
  }, [jobId]);

  const cancel = useCallback(async () => {
    if (!jobId) return;
    try {
      setStatus(await call('jobs.cancel', { jobId }));
    } catch (reason) {
      setCancelError({ jobId, message: errorText(reason) });
    }
  }, [jobId]);

  // What is kept of an earlier job is not shown for this one.
  return {
    status: status?.jobId === jobId ? status : undefined,
    cancel,
    cancelError: cancelError && cancelError.jobId === jobId ? cancelError.message : undefined,
  };
}
