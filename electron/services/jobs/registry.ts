import crypto from 'node:crypto';
import { AppError } from '../../api/errors';
import type { JobKind, JobProgress, JobStatus } from '../../api/jobs-types';
import { log } from '../log/logger';

/**
 * The one registry of background jobs (issue 15 item 2): a roster file read and checked, its
 * import written, a batch of 明白纸, a backup, the demo seed. A call that would hold its process
 * for long starts a job and returns at once (or awaits the job without blocking the event
 * loop); the UI reads `jobs.status` for progress and may `jobs.cancel`. Finished jobs are kept
 * a while for a late status read, then forgotten (the oldest first).
 */

/** Thrown at a checkpoint of a job whose cancel was asked: its work is abandoned. */
export class JobCancelled extends Error {
  constructor() {
    super('任务已取消');
    this.name = 'JobCancelled';
  }
}

/** What a job's work sees of itself. */
export interface JobControl {
  readonly jobId: string;
  /** True once cancel was asked. */
  readonly cancelled: boolean;
  /** Progress for the status (done of total; total 0 = not known yet) and, if given, the phase. */
  progress(done: number, total: number, phase?: string): void;
  /** Throws JobCancelled if cancel was asked: call it between chunks of work. */
  checkpoint(): void;
  /** Runs when cancel is asked (a worker's flag is set, a stream closed). */
  onCancel(listener: () => void): void;
  /** A job past its point of no return (its transaction committed) can no longer be stopped. */
  setCancellable(cancellable: boolean): void;
}

export interface StartOptions<R> {
  /** What the job is, for the clerk. */
  label: string;
  /** An id chosen by the caller (a UUID), so it can follow a call that waits for the job. */
  jobId?: string;
  /** The first phase shown. */
  phase?: string;
  /** Whether the job can be stopped at all (default true). */
  cancellable?: boolean;
  /**
   * true: cancel ends the job at once (it writes nothing before its end, so what is left
   * running is thrown away); false: it stays 'running' (正在取消…) until its work has stopped
   * and rolled back, so nothing writes once it says 已取消.
   */
  stopsAtOnce?: boolean;
  /** The status's `result` from the work's value (default: none; the value stays private). */
  publicResult?: (value: R) => unknown;
  /** The finished job's outcome in words. */
  message?: (value: R) => string | undefined;
  /** Why it failed, for the clerk; the default names AppErrors and hides anything else. */
  failure?: (error: unknown) => string;
  /** What a cancelled job says (default: 已取消，未保存任何记录). */
  cancelledMessage?: string;
  /** How many finished jobs of this kind are kept (each may hold a whole file in memory). */
  keep?: number;
}

interface Entry {
  status: JobStatus;
  value: unknown;
  hasValue: boolean;
  cancelRequested: boolean;
  listeners: (() => void)[];
  settled: Promise<JobStatus>;
  keep: number;
  /** The work has ended (a cancelled job may still be rolling back before this). */
  ended: boolean;
  stopsAtOnce: boolean;
  cancelledMessage: string;
  /** A failed job's error code, for a caller awaiting its value. */
  errorCode: AppError['code'];
}

/** Finished jobs kept for a late status read, unless a kind keeps fewer. */
const KEEP_FINISHED = 20;
const CANCELLED = '已取消，未保存任何记录';
const FAILED = '任务没有完成，未保存任何记录。请重试；如果一再出错，请记下操作步骤并联系维护人员。';

const jobs = new Map<string, Entry>();

function defaultFailure(error: unknown): string {
  if (error instanceof AppError) return error.message;
  log.error('[jobs] 后台任务出错', error);
  return FAILED;
}

/** Forgets the oldest finished jobs beyond what each kind keeps; running jobs stay. */
export function prune(): void {
  const finishedByKind = new Map<JobKind, Entry[]>();
  for (const entry of jobs.values()) {
    if (entry.status.state === 'running') continue;
    const list = finishedByKind.get(entry.status.kind) ?? [];
    list.push(entry);
    finishedByKind.set(entry.status.kind, list);
  }
  for (const list of finishedByKind.values()) {
    const keep = Math.min(...list.map((e) => e.keep));
    for (const entry of list.slice(0, Math.max(0, list.length - keep))) {
      jobs.delete(entry.status.jobId);
    }
  }
}

/**
 * Starts `run` as a job of `kind` and returns its id at once, with `value`: the work's result
 * (rejects with the job's error, or a CONFLICT AppError when it was cancelled) for a caller
 * that waits for the end. Nobody needs to await `value`.
 */
export function start<R>(
  kind: JobKind,
  run: (job: JobControl) => Promise<R>,
  options: StartOptions<R>,
): { jobId: string; value: Promise<R> } {
  const jobId = options.jobId ?? crypto.randomUUID();
  if (jobs.has(jobId)) throw new AppError('CONFLICT', '这个任务编号已经用过，请重新开始');
  prune();
  let resolveSettled!: (status: JobStatus) => void;
  const entry: Entry = {
    status: {
      jobId,
      kind,
      label: options.label,
      state: 'running',
      progress: { done: 0, total: 0, phase: options.phase ?? '准备中' },
      cancellable: options.cancellable ?? true,
    },
    value: undefined,
    hasValue: false,
    cancelRequested: false,
    listeners: [],
    settled: new Promise((resolve) => (resolveSettled = resolve)),
    keep: options.keep ?? KEEP_FINISHED,
    ended: false,
    stopsAtOnce: options.stopsAtOnce ?? true,
    cancelledMessage: options.cancelledMessage ?? CANCELLED,
    errorCode: 'INTERNAL',
  };
  jobs.set(jobId, entry);
  const control: JobControl = {
    jobId,
    get cancelled() {
      return entry.cancelRequested;
    },
    progress(done, total, phase) {
      if (entry.status.state !== 'running') return;
      const progress: JobProgress = {
        done,
        total,
        phase: entry.cancelRequested
          ? entry.status.progress.phase
          : (phase ?? entry.status.progress.phase),
      };
      entry.status = { ...entry.status, progress };
    },
    checkpoint() {
      if (entry.cancelRequested) throw new JobCancelled();
    },
    onCancel(listener) {
      entry.listeners.push(listener);
    },
    setCancellable(cancellable) {
      if (entry.status.state === 'running') entry.status = { ...entry.status, cancellable };
    },
  };
  const finish = (status: JobStatus) => {
    entry.status = status;
    resolveSettled(status);
  };
  const value = (async () => {
    // The work starts on the next turn: the caller gets its id before any of it runs.
    await new Promise<void>((resolve) => setImmediate(resolve));
    control.checkpoint();
    return run(control);
  })();
  value.then(
    (result) => {
      entry.ended = true;
      entry.value = result;
      entry.hasValue = true;
      if (entry.status.state !== 'running') return resolveSettled(entry.status);
      if (entry.cancelRequested) return finish(cancelledStatus(entry));
      const { done, total } = entry.status.progress;
      finish({
        ...entry.status,
        state: 'done',
        cancellable: false,
        progress: { done: Math.max(done, total), total, phase: '完成' },
        message: options.message?.(result),
        result: options.publicResult?.(result),
      });
    },
    (error: unknown) => {
      entry.ended = true;
      if (entry.status.state !== 'running') return resolveSettled(entry.status);
      if (entry.cancelRequested || error instanceof JobCancelled) {
        return finish(cancelledStatus(entry));
      }
      const message = (options.failure ?? defaultFailure)(error);
      if (error instanceof AppError) entry.errorCode = error.code;
      finish({ ...entry.status, state: 'failed', cancellable: false, error: message, message });
    },
  );
  const outcome = entry.settled.then((status) => {
    if (status.state === 'done') return entry.value as R;
    throw new AppError(
      status.state === 'cancelled' ? 'CONFLICT' : entry.errorCode,
      status.error ?? status.message ?? CANCELLED,
    );
  });
  // A caller that only follows the status never awaits this: no unhandled rejection.
  outcome.catch(() => undefined);
  return { jobId, value: outcome };
}

function cancelledStatus(entry: Entry): JobStatus {
  const message = entry.cancelledMessage;
  return {
    ...entry.status,
    state: 'cancelled',
    cancellable: false,
    progress: { ...entry.status.progress, phase: '已取消' },
    message,
  };
}

function entryOf(jobId: string, notFound?: string): Entry {
  const entry = jobs.get(jobId);
  if (!entry) {
    throw new AppError('NOT_FOUND', notFound ?? '找不到这个任务，可能已经过期，请重新开始');
  }
  return entry;
}

export function status(jobId: string, notFound?: string): JobStatus {
  return entryOf(jobId, notFound).status;
}

/** The kind's job, or NOT_FOUND (a job id of another kind is not this feature's). */
export function statusOfKind(jobId: string, kind: JobKind, notFound: string): JobStatus {
  const found = entryOf(jobId, notFound).status;
  if (found.kind !== kind) throw new AppError('NOT_FOUND', notFound);
  return found;
}

/**
 * Asks a running job to stop. A job that writes nothing before its end says 已取消 at once; one
 * writing in a transaction says 正在取消 until its work has stopped and rolled back. A finished
 * job, or one past its point of no return, stays as it is.
 */
export function cancel(jobId: string, notFound?: string): JobStatus {
  const entry = entryOf(jobId, notFound);
  if (entry.status.state !== 'running' || !entry.status.cancellable || entry.cancelRequested) {
    return entry.status;
  }
  entry.cancelRequested = true;
  for (const listener of entry.listeners) {
    try {
      listener();
    } catch (error) {
      log.warn('[jobs] 取消任务时出错', error);
    }
  }
  if (entry.stopsAtOnce || entry.ended) {
    entry.status = cancelledStatus(entry);
  } else {
    entry.status = {
      ...entry.status,
      cancellable: false,
      progress: { ...entry.status.progress, phase: '正在取消…' },
    };
  }
  return entry.status;
}

/** The value of a finished job (an import's checked file), or undefined while it runs. */
export function valueOf<R>(jobId: string): R | undefined {
  const entry = jobs.get(jobId);
  return entry?.hasValue && entry.status.state === 'done' ? (entry.value as R) : undefined;
}

/** Waits for a job's end (the CLI, tests); `onProgress` sees the status as it goes. */
export async function waitFor(
  jobId: string,
  onProgress?: (status: JobStatus) => void,
): Promise<JobStatus> {
  const entry = entryOf(jobId);
  if (!onProgress) return entry.settled;
  for (;;) {
    onProgress(entry.status);
    if (entry.status.state !== 'running') return entry.status;
    await Promise.race([entry.settled, new Promise((resolve) => setTimeout(resolve, 50))]);
  }
}

/** Whether a job of one of these kinds is still running (its work may still write). */
export function running(...kinds: JobKind[]): boolean {
  return [...jobs.values()].some(
    (entry) => !entry.ended && (kinds.length === 0 || kinds.includes(entry.status.kind)),
  );
}

/**
 * Forgets every job of a kind (after a restore, an import checked before is void); one still
 * running ends unseen.
 */
export function forget(kind: JobKind): void {
  for (const [jobId, entry] of jobs) {
    if (entry.status.kind === kind) jobs.delete(jobId);
  }
}

/** Forgets one job (a checked file once it was imported). */
export function remove(jobId: string): void {
  jobs.delete(jobId);
}
