import { describe, expect, it } from 'vitest';
import { AppError } from '../../electron/api/errors';
import type { JobStatus } from '../../electron/api/jobs-types';
import * as jobs from '../../electron/services/jobs/registry';
import { checkpointed, type WorkHooks } from '../../electron/services/jobs/work-hooks';

/** A promise the test settles by hand: the job's work waits on it. */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

/** Waits (turn by turn, no fixed sleep) until the job's status meets `ready`. */
async function until(jobId: string, ready: (status: JobStatus) => boolean) {
  for (;;) {
    const status = jobs.status(jobId);
    if (ready(status)) return status;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('the job registry (issue 15 item 2)', () => {
  it('shows progress while the work runs, then its result and message', async () => {
    const step = gate();
    const { jobId, value } = jobs.start(
      'cards',
      async (job) => {
        job.progress(3, 10, '排版明白纸');
        await step.promise;
        return { documentId: 7, pages: 5 };
      },
      {
        label: '打印明白纸',
        publicResult: (r) => ({ documentId: r.documentId }),
        message: (r) => `共 ${r.pages} 页`,
      },
    );
    const running = await until(jobId, (s) => s.progress.done === 3);
    expect(running).toMatchObject({
      jobId,
      kind: 'cards',
      label: '打印明白纸',
      state: 'running',
      cancellable: true,
      progress: { done: 3, total: 10, phase: '排版明白纸' },
    });
    step.open();
    await expect(value).resolves.toEqual({ documentId: 7, pages: 5 });
    expect(jobs.status(jobId)).toMatchObject({
      state: 'done',
      cancellable: false,
      result: { documentId: 7 },
      message: '共 5 页',
      progress: { done: 10, total: 10, phase: '完成' },
    });
  });

  it('cancels at the next checkpoint: a job that writes at its end says 已取消 at once', async () => {
    const step = gate();
    let reachedEnd = false;
    const { jobId, value } = jobs.start(
      'cards',
      async (job) => {
        job.progress(1, 2);
        await step.promise;
        job.checkpoint();
        reachedEnd = true;
        return 1;
      },
      { label: '打印明白纸' },
    );
    await until(jobId, (s) => s.progress.done === 1);
    const cancelled = jobs.cancel(jobId);
    expect(cancelled).toMatchObject({ state: 'cancelled', message: '已取消，未保存任何记录' });
    step.open();
    await expect(value).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(reachedEnd).toBe(false);
    expect(jobs.status(jobId).state).toBe('cancelled');
  });

  it('a job writing in a transaction says 正在取消 until its work has stopped', async () => {
    const step = gate();
    const stopped: string[] = [];
    const { jobId, value } = jobs.start(
      'roster-import-write',
      async (job) => {
        job.onCancel(() => stopped.push('flag set'));
        job.progress(0, 5, '写入数据库');
        await step.promise;
        job.checkpoint();
        return 'written';
      },
      { label: '导入名册', stopsAtOnce: false, cancelledMessage: '已取消导入，没有导入任何数据' },
    );
    await until(jobId, (s) => s.progress.total === 5);
    const asked = jobs.cancel(jobId);
    expect(asked).toMatchObject({ state: 'running', cancellable: false });
    expect(asked.progress.phase).toBe('正在取消…');
    expect(stopped).toEqual(['flag set']);
    expect(jobs.running('roster-import-write')).toBe(true);
    step.open();
    await expect(value).rejects.toThrow('已取消导入，没有导入任何数据');
    expect(jobs.status(jobId)).toMatchObject({ state: 'cancelled', cancellable: false });
    expect(jobs.running('roster-import-write')).toBe(false);
  });

  it('leaves a job past its point of no return alone, and a job that cannot be cancelled', async () => {
    const step = gate();
    const { jobId, value } = jobs.start(
      'demo-seed',
      async (job) => {
        job.setCancellable(false);
        await step.promise;
        return 'seeded';
      },
      { label: '载入演示数据', stopsAtOnce: false },
    );
    await until(jobId, (s) => !s.cancellable);
    expect(jobs.cancel(jobId).state).toBe('running');
    step.open();
    await expect(value).resolves.toBe('seeded');

    const backup = jobs.start('backup', async () => 'file', { label: '备份', cancellable: false });
    expect(jobs.cancel(backup.jobId).state).toBe('running');
    await backup.value;
    expect(jobs.status(backup.jobId).state).toBe('done');
  });

  it('fails with the AppError’s own words, or a Chinese sentence for anything else', async () => {
    const refused = jobs.start(
      'backup',
      () => Promise.reject(new AppError('DISK_FULL', '磁盘空间已满')),
      { label: '备份' },
    );
    await expect(refused.value).rejects.toMatchObject({
      code: 'DISK_FULL',
      message: '磁盘空间已满',
    });
    expect(jobs.status(refused.jobId)).toMatchObject({ state: 'failed', error: '磁盘空间已满' });

    const broken = jobs.start('backup', () => Promise.reject(new TypeError('x is undefined')), {
      label: '备份',
    });
    await expect(broken.value).rejects.toMatchObject({ code: 'INTERNAL' });
    const status = jobs.status(broken.jobId);
    expect(status.state).toBe('failed');
    expect(status.error).toMatch(/^任务没有完成，未保存任何记录/);
    expect(status.error).not.toContain('undefined');
  });

  it('forgets the oldest finished jobs beyond what a kind keeps, never a running one', async () => {
    const hold = gate();
    const held = jobs.start('roster-import-check', () => hold.promise, { label: '检查', keep: 4 });
    const finished: string[] = [];
    for (let i = 0; i < 7; i++) {
      const job = jobs.start('roster-import-check', async () => i, { label: `检查 ${i}`, keep: 4 });
      await job.value;
      finished.push(job.jobId);
    }
    // One more start prunes: the 4 newest finished stay, and the running one.
    const last = jobs.start('roster-import-check', async () => 7, { label: '检查 7', keep: 4 });
    await last.value;
    for (const old of finished.slice(0, 3)) {
      expect(() => jobs.status(old)).toThrow('找不到这个任务');
    }
    for (const kept of finished.slice(3)) expect(jobs.status(kept).state).toBe('done');
    expect(jobs.status(held.jobId).state).toBe('running');
    hold.open();
    await held.value;
  });

  it('refuses an id already used, and says an unknown id in Chinese', () => {
    const id = '0f8e1c3a-5b7d-4e2f-9a6b-1c2d3e4f5a6b';
    jobs.start('cards', async () => 1, { label: 'a', jobId: id });
    expect(() => jobs.start('cards', async () => 1, { label: 'b', jobId: id })).toThrow(
      '这个任务编号已经用过',
    );
    expect(() => jobs.status('6f8e1c3a-5b7d-4e2f-9a6b-1c2d3e4f5a6b')).toThrow(AppError);
  });

  it('checkpointed(): a for-of over the items stops between chunks and reports progress', () => {
    const seen: [number, number][] = [];
    let checks = 0;
    const hooks: WorkHooks = {
      progress: (done, total) => seen.push([done, total]),
      checkpoint: () => {
        checks++;
        if (checks === 3) throw new jobs.JobCancelled();
      },
      committed: () => undefined,
    };
    const items = checkpointed(
      Array.from({ length: 10 }, (_, i) => i),
      hooks,
      '写入',
      4,
    );
    const visited: number[] = [];
    expect(() => {
      for (const item of items) visited.push(item);
    }).toThrow(jobs.JobCancelled);
    expect(visited).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(seen).toEqual([
      [0, 10],
      [4, 10],
    ]);
    expect(items.length).toBe(10);
  });
});
