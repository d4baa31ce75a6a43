import { useEffect } from 'react';
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
