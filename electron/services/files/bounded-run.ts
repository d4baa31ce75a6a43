import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../api/errors';
import { refused, why, type RunBudget } from './limits';
import type { TaskInput, TaskName, TaskOutput, TaskPart } from './parse-tasks';

/**
 * runBounded(task, input): a parser of an outside file runs in a worker thread with a heap
 * limit and a timeout (issue 14 item 2), so that what the bounds of limits.ts did not foresee
 * — a deflate bomb inside a PDF's object stream, a recursion the parser never meant — ends as
 * a Chinese error naming the file, never as the death of the process (a V8 heap OOM in the
 * main thread cannot be caught; ERR_WORKER_OUT_OF_MEMORY can).
 *
 * The worker runs parse-worker.ts: from source (tsx, Vitest) through tsx's loader, in the
 * built app as out/main/parse-worker.js (electron.vite.config.ts names it as an entry). A
 * worker whose task ended cleanly waits IDLE_MS for the next one (filing a run of scans
 * starts one worker, not one each); one that failed, ran out of heap or time is ended.
 */

export interface RunOptions<Part = unknown> {
  /** The file's name as the clerk knows it: every refusal names it. */
  fileName: string;
  budget: RunBudget;
  /** Progress the task reports (rows read so far). */
  onProgress?: (n: number) => void;
  /** Results the task sends as it goes (batches of rows), in order, before it ends. */
  onPart?: (part: Part) => void;
}

/** What the worker posts back. */
export type WorkerMessage = { id: number } & (
  | { kind: 'started' }
  | { kind: 'progress'; n: number }
  | { kind: 'part'; part: unknown }
  | { kind: 'done'; result: unknown }
  | { kind: 'failed'; code: ErrorCode | null; message: string }
);

const here = import.meta.url;

/** How to start the worker here: the built file, or the source through tsx's loader. */
function workerSource(): { code: string | URL; eval: boolean } {
  if (!here.endsWith('.ts')) {
    // Bundled: this module sits in out/main (or in a chunk folder below it).
    for (const relative of ['./parse-worker.js', '../parse-worker.js', './parse-worker.mjs']) {
      const url = new URL(relative, here);
      if (fs.existsSync(fileURLToPath(url))) return { code: url, eval: false };
    }
    throw new AppError(
      'INTERNAL',
      '程序文件不完整：找不到读取文件用的 parse-worker.js，请重新安装',
    );
  }
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api')).href;
  const entry = new URL('./parse-worker.ts', here).href;
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return { code, eval: true };
}

/** How long a new worker may take to load its code and take the task (a safety net only). */
const WORKER_START_MS = 300_000;

/** How long a worker stays ready for the next task (a filing run uploads one PDF after another). */
const IDLE_MS = 3_000;

/** Idle workers by heap budget: a worker that finished a task may take the next one. */
const idle = new Map<number, Worker[]>();
let nextId = 1;

function spawn(heapMb: number): Worker {
  const source = workerSource();
  return new Worker(source.code, {
    eval: source.eval,
    // The parent's flags (an inspector port, --max-old-space-size) are not the worker's.
    execArgv: [],
    resourceLimits: {
      maxOldGenerationSizeMb: heapMb,
      stackSizeMb: 4,
    },
  });
}

/** Keeps a worker that ended its task cleanly for IDLE_MS, not holding the process open. */
function release(worker: Worker, heapMb: number): void {
  const list = idle.get(heapMb) ?? [];
  idle.set(heapMb, list);
  list.push(worker);
  worker.unref();
  const timer = setTimeout(() => {
    const at = list.indexOf(worker);
    if (at >= 0) {
      list.splice(at, 1);
      void worker.terminate();
    }
  }, IDLE_MS);
  timer.unref();
}

export function runBounded<K extends TaskName>(
  task: K,
  input: TaskInput<K>,
  options: RunOptions<TaskPart<K>>,
): Promise<TaskOutput<K>> {
  const { fileName, budget } = options;
  const worker = idle.get(budget.heapMb)?.pop() ?? spawn(budget.heapMb);
  worker.ref();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (done: () => void, reusable: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (reusable && budget.keepWarm) {
        release(worker, budget.heapMb);
        done();
      } else {
        // The worker's heap is given back before the caller builds on the result: the peak of
        // an import is the larger of the two, not their sum.
        void worker.terminate().then(done, done);
      }
    };
    const timeUp = (ms: number) =>
      setTimeout(
        () => settle(() => reject(refused(fileName, why.time(Math.round(ms / 1000)))), false),
        ms,
      );
    // The budget counts the parse, from the worker's 'started': loading a fresh worker's code
    // on a busy machine is not the file's doing. A worker that never starts is still ended.
    let timer = timeUp(WORKER_START_MS);
    const onMessage = (message: WorkerMessage) => {
      if (message.id !== id) return;
      if (message.kind === 'started') {
        clearTimeout(timer);
        timer = timeUp(budget.timeoutMs);
      } else if (message.kind === 'progress') options.onProgress?.(message.n);
      else if (message.kind === 'part') options.onPart?.(message.part as TaskPart<K>);
      else if (message.kind === 'done')
        settle(() => resolve(message.result as TaskOutput<K>), true);
      else {
        const error = message.code
          ? new AppError(message.code, message.message)
          : refused(fileName, why.unreadable());
        // A refusal is a clean end; a parser that threw something else is not trusted again.
        settle(() => reject(error), message.code !== null);
      }
    };
    const onError = (error: Error & { code?: string }) =>
      settle(
        () =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? refused(fileName, why.memory())
              : refused(fileName, why.unreadable()),
          ),
        false,
      );
    const onExit = (code: number) =>
      settle(() => reject(refused(fileName, why.malformed(`读取中断，代码 ${code}`))), false);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ id, task, input });
  });
}
