import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../api/errors';
import { refused, why, type RunBudget } from './limits';
import type { TaskInput, TaskName, TaskOutput } from './parse-tasks';

/**
 * runBounded(task, input): a parser of an outside file runs in a worker thread with a heap
 * limit and a timeout (issue 14 item 2), so that what the bounds of limits.ts did not foresee
 * — a deflate bomb inside a PDF's object stream, a recursion the parser never meant — ends as
 * a Chinese error naming the file, never as the death of the process (a V8 heap OOM in the
 * main thread cannot be caught; ERR_WORKER_OUT_OF_MEMORY can).
 *
 * The worker runs parse-worker.ts: from source (tsx, Vitest) through tsx's loader, in the
 * built app as out/main/parse-worker.js (electron.vite.config.ts names it as an entry).
 */

export interface RunOptions {
  /** The file's name as the clerk knows it: every refusal names it. */
  fileName: string;
  budget: RunBudget;
  /** Progress the task reports (rows read so far). */
  onProgress?: (n: number) => void;
}

/** What the worker posts back. */
export type WorkerMessage =
  | { kind: 'progress'; n: number }
  | { kind: 'done'; result: unknown }
  | { kind: 'failed'; code: ErrorCode | null; message: string };

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

export function runBounded<K extends TaskName>(
  task: K,
  input: TaskInput<K>,
  options: RunOptions,
): Promise<TaskOutput<K>> {
  const { fileName, budget } = options;
  const source = workerSource();
  return new Promise((resolve, reject) => {
    const worker = new Worker(source.code, {
      eval: source.eval,
      workerData: { task, input },
      // The parent's flags (an inspector port, --max-old-space-size) are not the worker's.
      execArgv: [],
      resourceLimits: {
        maxOldGenerationSizeMb: budget.heapMb,
        maxYoungGenerationSizeMb: 64,
        stackSizeMb: 4,
      },
    });
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => settle(() => reject(refused(fileName, why.time(Math.round(budget.timeoutMs / 1000))))),
      budget.timeoutMs,
    );
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') options.onProgress?.(message.n);
      else if (message.kind === 'done') settle(() => resolve(message.result as TaskOutput<K>));
      else {
        settle(() =>
          reject(
            message.code
              ? new AppError(message.code, message.message)
              : refused(fileName, why.malformed(message.message.slice(0, 120))),
          ),
        );
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? refused(fileName, why.memory())
            : refused(fileName, why.malformed(String(error.message).slice(0, 120))),
        ),
      );
    });
    worker.on('exit', (code) => {
      settle(() => reject(refused(fileName, why.malformed(`读取中断，代码 ${code}`))));
    });
  });
}
