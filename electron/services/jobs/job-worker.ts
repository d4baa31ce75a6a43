import { parentPort, workerData } from 'node:worker_threads';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../../db/schema';
import { applyKey } from '../../../db/cipher';
import type { Db } from '../../../db/open';
import { openSqlite } from '../../../db/sqlite';
import { AppError } from '../../api/errors';
import type { ServiceContext, SessionControl } from '../context';
import { toApiError } from '../dispatch';
import { JobCancelled } from './registry';
import { tasks } from './tasks';
import type { JobWorkerMessage, WorkerData } from './worker-run';
import type { WorkHooks } from './work-hooks';

/**
 * The worker of runInWorker (worker-run.ts): opens its own connection to the database file the
 * main thread has open (NORMAL locking, WAL: db/open.ts claim()), builds a service context on
 * it, runs one task and posts its progress and outcome. It ends after the one task.
 */
const port = parentPort!;
const data = workerData as WorkerData;
const flag = new Int32Array(data.cancel);
const post = (message: JobWorkerMessage) => port.postMessage(message);

/**
 * The session as a job's work sees it: the key that seals stored files (documents/vault.ts);
 * closing, re-keying or replacing the database belongs to the main thread's session alone.
 */
function workerSession(ctx: ServiceContext, key: string | null): SessionControl {
  const refuse = (): never => {
    throw new AppError('CONFLICT', '后台任务不能关闭、替换数据库或修改数据库密码。');
  };
  return { key, ctx, setKey: refuse, replaceDatabase: refuse, status: refuse };
}

async function main(): Promise<unknown> {
  const sqlite = openSqlite(data.db.file);
  try {
    if (data.db.key) applyKey(sqlite, data.db.key);
    // This thread may wait for the main thread's short writes; the window does not wait here.
    sqlite.pragma('busy_timeout = 10000');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    const db = drizzle(sqlite, { schema }) as Db;
    const instant = data.db.now;
    const ctx: ServiceContext = {
      db,
      sqlite,
      dataDir: data.db.dataDir,
      databaseFile: data.db.file,
      schemaVersion: data.db.schemaVersion,
      migrationsFolder: data.db.migrationsFolder,
      operator: data.db.operator,
      // One clock for the whole job: its start, as the main thread's clock read it.
      now: () => new Date(instant),
    };
    if (data.db.session) ctx.session = workerSession(ctx, data.db.key);
    const hooks: WorkHooks = {
      progress: (done, total, phase) => post({ kind: 'progress', done, total, phase }),
      checkpoint: () => {
        if (Atomics.load(flag, 0) === 1) throw new JobCancelled();
      },
      committed: () => post({ kind: 'committed' }),
    };
    const run = tasks[data.task] as (
      ctx: ServiceContext,
      input: unknown,
      hooks: WorkHooks,
    ) => Promise<unknown>;
    return await run(ctx, data.input, hooks);
  } finally {
    sqlite.close();
  }
}

main().then(
  (result) => post({ kind: 'done', result }),
  (error: unknown) => {
    if (error instanceof JobCancelled) {
      return post({ kind: 'failed', code: null, message: error.message, cancelled: true });
    }
    // A full disk or a refusal keeps its words; anything else goes back to be logged.
    const shape = toApiError(error);
    post(
      shape.code === 'INTERNAL'
        ? {
            kind: 'failed',
            code: null,
            message: String((error as Error)?.stack ?? error),
            cancelled: false,
          }
        : { kind: 'failed', code: shape.code, message: shape.message, cancelled: false },
    );
  },
);
