import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../electron/api/jobs-types';
import { dispatch, WRITE_JOB_BUSY } from '../../electron/services/dispatch';
import * as jobs from '../../electron/services/jobs/registry';
import { JobCancelled } from '../../electron/services/jobs/registry';
import { endWorkersNow, WORKER_CRASHED } from '../../electron/services/jobs/worker-run';
import {
  commitImport,
  readyAnalysis,
  startImportJob,
} from '../../electron/services/roster-io/import';
import { householdXlsx, type Row } from '../fixtures/roster-files';
import { validId } from '../fixtures/people';
import { openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { VILLAGE } from '../fixtures/village';

// Issue 15 item 2: a roster import is written in a worker thread on its own connection, in one
// transaction. Cancelled, crashed or failed, it leaves the database exactly as it was; while it
// writes, a write on the main connection fails at once in Chinese instead of waiting.

/** Households in the files: enough that the write is many chunks of the checkpoint (200). */
const HOUSEHOLDS = 3000;

/** A head-only household with a unique ID (birth dates spread over years, months, days). */
function rowOf(n: number, address: string): Row {
  const year = 1950 + Math.floor(n / 336);
  const month = String((n % 12) + 1).padStart(2, '0');
  const day = String((Math.floor(n / 12) % 28) + 1).padStart(2, '0');
  const id = validId(`${year}${month}${day}`, '011');
  return {
    '网格（村民小组）': n % 2 === 0 ? '一组' : '二组',
    户主身份证号: id,
    住址: `${address}${n}号`,
    联系电话: `139${String(10000000 + n).slice(-8)}`,
    户类型: '一般农户',
    姓名: `张${n}`,
    性别: '男',
    身份证号: id,
    与户主关系: '本人',
    健康状况: '健康',
    基本医保: '是',
  };
}

const TABLES = ['households', 'members', 'household_grids', 'household_risks', 'audit_log'];

/** Row counts and a SHA-256 of every row of the tables an import writes. */
function fingerprint(runtime: TestRuntime): Record<string, string> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const rows = runtime.ctx.sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
    const hash = crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex');
    out[table] = `${rows.length}:${hash}`;
  }
  return out;
}

async function call<T>(runtime: TestRuntime, method: string, input: unknown): Promise<T> {
  const envelope = await dispatch(runtime.ctx, method, input);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.result as T;
}

/** Reads and checks a file as rosterIo.importStart does; resolves with the check job's id once ready. */
async function checked(runtime: TestRuntime, rows: Row[]): Promise<string> {
  const { jobId } = startImportJob(
    runtime.ctx,
    'households',
    '花名册.xlsx',
    await householdXlsx(rows),
  );
  const status = await jobs.waitFor(jobId);
  expect(status.state, status.error).toBe('done');
  return jobId;
}

/** Waits, turn by turn (no fixed sleep), until a job's status meets `ready`. */
async function until(jobId: string, ready: (status: JobStatus) => boolean): Promise<JobStatus> {
  for (;;) {
    const status = jobs.status(jobId);
    if (ready(status)) return status;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('a roster import written in a worker thread', { timeout: 300_000 }, () => {
  let runtime: TestRuntime;
  /** The file again: every household an update (a new address). */
  let updateJob: string;

  beforeAll(async () => {
    runtime = await openTestRuntime();
    await call(runtime, 'setup.createVillage', VILLAGE);
    const first = await checked(
      runtime,
      Array.from({ length: HOUSEHOLDS }, (_, n) => rowOf(n, '旧村')),
    );
    const summary = await call<{ created: number }>(runtime, 'rosterIo.importCommit', {
      jobId: first,
    });
    expect(summary.created).toBe(HOUSEHOLDS);
    updateJob = await checked(
      runtime,
      Array.from({ length: HOUSEHOLDS }, (_, n) => rowOf(n, '新村')),
    );
  }, 600_000);
  afterAll(() => runtime?.cleanup());

  it('a cancel inside the transaction, after hundreds of households were written, rolls all back', () => {
    // On the main thread, deterministic: the third checkpoint (400 households written) throws.
    const before = fingerprint(runtime);
    let checks = 0;
    const hooks = {
      progress: () => undefined,
      checkpoint: () => {
        if (++checks === 3) throw new JobCancelled();
      },
      committed: () => {
        throw new Error('must not commit');
      },
    };
    expect(() => commitImport(runtime.ctx, readyAnalysis(updateJob), false, hooks)).toThrow(
      JobCancelled,
    );
    expect(checks).toBe(3);
    expect(fingerprint(runtime)).toEqual(before);
  });

  it('cancelled through jobs.cancel, the worker stops and the database is as before', async () => {
    const before = fingerprint(runtime);
    const followJobId = crypto.randomUUID();
    const commit = dispatch(runtime.ctx, 'rosterIo.importCommit', {
      jobId: updateJob,
      followJobId,
    });
    // As soon as the job exists (its worker is loading): the flag is seen at the first
    // checkpoint inside the worker's transaction, which then rolls back.
    await until(followJobId, (s) => s.state === 'running');
    const asked = await call<JobStatus>(runtime, 'jobs.cancel', { jobId: followJobId });
    expect(asked.kind).toBe('roster-import-write');
    const envelope = await commit;
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: '已取消导入，没有导入任何数据' },
    });
    expect(await call<JobStatus>(runtime, 'jobs.status', { jobId: followJobId })).toMatchObject({
      state: 'cancelled',
      message: '已取消导入，没有导入任何数据',
    });
    expect(fingerprint(runtime)).toEqual(before);
    // The checked file may still be imported: it was not used up.
    expect(readyAnalysis(updateJob).preview.updates).toBe(HOUSEHOLDS);
  });

  it('while it writes, a write of the window fails at once in Chinese; a crash leaves the data as before', async () => {
    const before = fingerprint(runtime);
    const followJobId = crypto.randomUUID();
    const commit = dispatch(runtime.ctx, 'rosterIo.importCommit', {
      jobId: updateJob,
      followJobId,
    });
    // The worker's transaction is open once it reports its first chunk of the write.
    await until(
      followJobId,
      (s) => (s.progress.phase === '写入数据库' && s.progress.total > 0) || s.state !== 'running',
    );
    const write = await dispatch(runtime.ctx, 'settings.update', { householdCap: 77 });
    expect(write).toEqual({ ok: false, error: { code: 'BUSY', message: WRITE_JOB_BUSY } });
    // The window's write came back while the import was still writing: it did not wait for it.
    expect(jobs.status(followJobId).state).toBe('running');
    // A reader still sees the data as it was before the import.
    expect(fingerprint(runtime)).toEqual(before);

    await endWorkersNow();
    const envelope = await commit;
    expect(envelope).toMatchObject({ ok: false, error: { message: WORKER_CRASHED } });
    expect(jobs.status(followJobId)).toMatchObject({ state: 'failed', error: WORKER_CRASHED });
    expect(fingerprint(runtime)).toEqual(before);
    // The lock went with the worker: the window writes again.
    const again = await dispatch(runtime.ctx, 'settings.update', { householdCap: 77 });
    expect(again).toMatchObject({ ok: true, result: { householdCap: 77 } });
  });

  it('finished, it reports progress to the end and the main connection sees every update', async () => {
    const followJobId = crypto.randomUUID();
    const seen: JobStatus[] = [];
    const commit = call<{ updated: number }>(runtime, 'rosterIo.importCommit', {
      jobId: updateJob,
      followJobId,
    });
    await until(followJobId, (s) => {
      seen.push(s);
      return s.state !== 'running';
    });
    expect((await commit).updated).toBe(HOUSEHOLDS);
    expect(jobs.status(followJobId)).toMatchObject({
      state: 'done',
      result: { updated: HOUSEHOLDS, created: 0 },
      progress: { done: HOUSEHOLDS, total: HOUSEHOLDS },
    });
    expect(
      seen.some((s) => s.progress.phase === '写入数据库' && s.progress.total === HOUSEHOLDS),
    ).toBe(true);
    const addresses = runtime.ctx.sqlite
      .prepare("SELECT count(*) AS n FROM households WHERE address LIKE '新村%'")
      .get() as { n: number };
    expect(addresses.n).toBe(HOUSEHOLDS);
    // Used up: the same check cannot be imported twice.
    expect(() => readyAnalysis(updateJob)).toThrow('找不到这次导入');
  });
});
