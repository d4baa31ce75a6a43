import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../api/errors';
import type { WorkerMessage } from './bounded-run';
import { runTask, type TaskName } from './parse-tasks';

/** The worker of runBounded (bounded-run.ts): runs one task and posts its result or error. */
const { task, input } = workerData as { task: TaskName; input: never };
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

runTask(task, input, (n) => post({ kind: 'progress', n })).then(
  (result) => post({ kind: 'done', result }),
  (error: unknown) =>
    post(
      error instanceof AppError
        ? { kind: 'failed', code: error.code, message: error.message }
        : { kind: 'failed', code: null, message: String((error as Error)?.message ?? error) },
    ),
);
