import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../api/errors';
import type { ServiceContext } from '../context';
import { log } from '../log/logger';
import type { JobKind } from '../../api/jobs-types';
import * as jobs from './registry';
import { JobCancelled, type JobControl } from './registry';
import type { TaskInput, TaskName, TaskOutput } from './tasks';

/**
 * runInWorker(ctx, task, input, job): a job's long work runs in a worker thread with its OWN
 * connection to the same database file (issue 15 item 2), so the process that answers the
 * window never stalls on it. A write task runs the existing synchronous service inside one
 * transaction there; the main connection keeps reading its WAL snapshot meanwhile, and a write
 * on it fails at once with a clear message (db/sqlite.ts BUSY_TIMEOUT_MS, dispatch.ts).
 *
 * Cancel sets a shared flag (SharedArrayBuffer + Atomics) that the work checks between chunks;
 * it throws, so the transaction rolls back. A worker that does not stop within CANCEL_GRACE_MS
 * is terminated: its connection is closed with the transaction uncommitted, which SQLite rolls
 * back too. A worker that dies (out of memory, a crash) fails the job with a Chinese message and
 * the database as it was.
 *
 * The worker runs job-worker.ts: from source (tsx, Vitest) through tsx's loader, in the built app
 * as out/main/job-worker.js (electron.vite.config.ts names it as an entry), as bounded-run.ts
 * does for the file parsers.
 */

/** What the worker is given. */
export interface WorkerData {
  task: TaskName;
  input: unknown;
  /** Set to 1 when cancel is asked. */
  cancel: SharedArrayBuffer;
  db: {
    file: string;
    key: string | null;
    /** The main context came from an app session (its key seals stored files: vault.ts). */
    session: boolean;
    dataDir: string;
    migrationsFolder: string | undefined;
    schemaVersion: number;
    operator: string;
    /** The job's clock: its start, as the main context's clock read it. */
    now: string;
  };
}

/** What the worker posts back. */
export type JobWorkerMessage =
  | { kind: 'progress'; done: number; total: number; phase?: string }
  | { kind: 'committed' }
  | { kind: 'done'; result: unknown }
  | { kind: 'failed'; code: ErrorCode | null; message: string; cancelled: boolean };

/** How long a cancelled worker may take to reach its next checkpoint before it is ended. */
const CANCEL_GRACE_MS = 3_000;

/** What a worker that died says: nothing was saved, the data is as before. */
export const WORKER_CRASHED =
  '后台任务意外中断，未保存任何记录，原有数据未受影响。请重试；如果一再出错，请记下操作步骤并联系维护人员。';

const here = import.meta.url;

/** Workers running a job now. */
const live = new Set<Worker>();

/**
 * Ends every job's worker at once (the app quitting, a test of a crash): each connection is
 * torn down with its transaction uncommitted, so SQLite rolls it back; each job fails with
 * WORKER_CRASHED.
 */
export async function endWorkersNow(): Promise<void> {
  await Promise.all([...live].map((worker) => worker.terminate()));
}

/** How to start the worker here: the built file, or the source through tsx's loader. */
function workerSource(): { code: string | URL; eval: boolean } {
  if (!here.endsWith('.ts')) {
    for (const relative of ['./job-worker.js', '../job-worker.js', './job-worker.mjs']) {
      const url = new URL(relative, here);
      if (fs.existsSync(fileURLToPath(url))) return { code: url, eval: false };
    }
    throw new AppError('INTERNAL', '程序文件不完整：找不到后台任务用的 job-worker.js，请重新安装');
  }
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api')).href;
  const entry = new URL('./job-worker.ts', here).href;
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return { code, eval: true };
}

export function runInWorker<K extends TaskName>(
  ctx: ServiceContext,
  task: K,
  input: TaskInput<K>,
  job: Pick<JobControl, 'progress' | 'onCancel' | 'setCancellable' | 'cancelled'>,
): Promise<TaskOutput<K>> {
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  const data: WorkerData = {
    task,
    input,
    cancel,
    db: {
      file: ctx.databaseFile,
      key: ctx.session?.key ?? null,
      session: ctx.session !== undefined,
      dataDir: ctx.dataDir,
      migrationsFolder: ctx.migrationsFolder,
      schemaVersion: ctx.schemaVersion,
      operator: ctx.operator,
      now: ctx.now().toISOString(),
    },
  };
  const source = workerSource();
  const worker = new Worker(source.code, {
    eval: source.eval,
    workerData: data,
    // The parent's flags (an inspector port, --max-old-space-size) are not the worker's.
    execArgv: [],
  });
  live.add(worker);
  worker.once('exit', () => live.delete(worker));
  return new Promise<TaskOutput<K>>((resolve, reject) => {
    let settled = false;
    let cancelTimer: NodeJS.Timeout | undefined;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(cancelTimer);
      done();
      void worker.terminate();
    };
    job.onCancel(() => {
      Atomics.store(flag, 0, 1);
      cancelTimer = setTimeout(() => {
        // Past its grace: ended with its transaction open, which SQLite rolls back.
        settle(() => reject(new JobCancelled()));
      }, CANCEL_GRACE_MS);
    });
    worker.on('message', (message: JobWorkerMessage) => {
      if (message.kind === 'progress') job.progress(message.done, message.total, message.phase);
      else if (message.kind === 'committed') job.setCancellable(false);
      else if (message.kind === 'done')
        settle(() => resolve(withBuffers(message.result) as TaskOutput<K>));
      else if (message.cancelled) settle(() => reject(new JobCancelled()));
      else
        settle(() =>
          reject(
            message.code ? new AppError(message.code, message.message) : workerFailed(message),
          ),
        );
    });
    worker.on('error', (error) =>
      settle(() => reject(job.cancelled ? new JobCancelled() : workerFailed(error))),
    );
    worker.on('exit', (code) =>
      settle(() =>
        reject(
          job.cancelled ? new JobCancelled() : workerFailed(new Error(`worker exited ${code}`)),
        ),
      ),
    );
  });
}

/** A crash or an error the work did not expect: logged here, said to the clerk in words. */
function workerFailed(cause: { message: string }): AppError {
  log.error('[jobs] 后台任务的工作线程出错', cause.message);
  return new AppError('INTERNAL', WORKER_CRASHED);
}

/** A Buffer crosses the thread as a plain Uint8Array: a file's bytes are made a Buffer again. */
function withBuffers(result: unknown): unknown {
  if (result instanceof Uint8Array)
    return Buffer.from(result.buffer, result.byteOffset, result.length);
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return result;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result)) {
    out[key] =
      value instanceof Uint8Array && !Buffer.isBuffer(value)
        ? Buffer.from(value.buffer, value.byteOffset, value.length)
        : value;
  }
  return out;
}

/**
 * Runs a task in a worker as a job of the registry and waits for its end without holding the
 * event loop: the roster and archive exports (a township's roster held the window 2 s).
 */
export function inWorkerJob<K extends TaskName>(
  ctx: ServiceContext,
  kind: JobKind,
  task: K,
  input: TaskInput<K>,
  label: string,
): Promise<TaskOutput<K>> {
  return jobs.start(kind, (job) => runInWorker(ctx, task, input, job), {
    label,
    phase: '正在导出',
    keep: 5,
  }).value;
}
