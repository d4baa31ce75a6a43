import { parentPort } from 'node:worker_threads';
import { AppError } from '../../api/errors';
import type { WorkerMessage } from './bounded-run';
import { runTask, type TaskName } from './parse-tasks';

/**
 * The worker of runBounded (bounded-run.ts): runs the tasks it is sent, one at a time, and
 * posts each one's progress, result or error under the task's id.
 */
const port = parentPort!;

port.on('message', ({ id, task, input }: { id: number; task: TaskName; input: never }) => {
  const post = (message: WorkerMessage) => port.postMessage(message);
  // The parent's time budget starts here, not while this worker was loading its code.
  post({ id, kind: 'started' });
  runTask(
    task,
    input,
    (n) => post({ id, kind: 'progress', n }),
    (part) => post({ id, kind: 'part', part }),
  ).then(
    (result) => post({ id, kind: 'done', result }),
    (error: unknown) =>
      post(
        error instanceof AppError
          ? { id, kind: 'failed', code: error.code, message: error.message }
          : { id, kind: 'failed', code: null, message: String((error as Error)?.message ?? error) },
      ),
  );
});
