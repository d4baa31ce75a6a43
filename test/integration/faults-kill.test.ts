import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fileSize,
  inspectDatabase,
  killLeftovers,
  LARGE_HOUSEHOLDS,
  largeRosterFile,
  runCliProcess,
  spawnCli,
  villageDatabase,
  whenTrue,
} from '../fixtures/faults';
import { makeTempDir } from '../fixtures/temp-dir';

// Issue 7: a CLI killed with SIGKILL in the middle of a large import leaves the database whole,
// with the import either absent or complete. Real processes, real files, no hooks in the product.

describe('kill -9 during a large roster import', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let roster: string;
  /** A database with the grids only, copied for each run (no -wal: it was closed cleanly). */
  let clean: string;
  let runs = 0;

  beforeAll(async () => {
    temp = makeTempDir('vl-faults-kill-');
    roster = await largeRosterFile();
    clean = await villageDatabase(path.join(temp.dir, 'clean'));
  });
  afterAll(() => {
    killLeftovers();
    temp.cleanup();
  });

  function freshDatabase(): string {
    const dir = path.join(temp.dir, `run-${++runs}`);
    fs.mkdirSync(dir);
    const file = path.join(dir, path.basename(clean));
    fs.copyFileSync(clean, file);
    return file;
  }

  const importArgs = (db: string) => ['import-roster', roster, '--db', db];

  /** Every household with both of its members, or none at all. */
  function expectAllOrNothing(db: string): number {
    const state = inspectDatabase(db);
    expect(state.integrity).toBe('ok');
    expect([0, LARGE_HOUSEHOLDS]).toContain(state.households);
    expect(state.members).toBe(state.households * 2);
    return state.households;
  }

  async function rerunSucceeds(db: string): Promise<void> {
    const rerun = await runCliProcess(importArgs(db));
    expect(rerun.stderr).not.toMatch(/错误|失败/);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/导入完成/);
    const state = inspectDatabase(db);
    expect(state).toMatchObject({
      integrity: 'ok',
      households: LARGE_HOUSEHOLDS,
      members: 2 * LARGE_HOUSEHOLDS,
    });
  }

  it('killed while checking: nothing was written', async () => {
    const db = freshDatabase();
    const child = spawnCli(importArgs(db));
    await child.waitForStderr(/检查中/);
    child.kill();
    // Still checking: the write transaction had not put anything into the -wal yet.
    expect(fileSize(`${db}-wal`)).toBeLessThanOrEqual(0);
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(child.stdout()).not.toMatch(/导入完成/);
    expect(expectAllOrNothing(db)).toBe(0);
  });

  it('killed during the write transaction, at two moments: all or nothing, then a rerun imports', async () => {
    const outcomes: { walAtKill: number; households: number }[] = [];
    let db = '';
    // The -wal grows only once the one write transaction starts (checking only reads): its
    // size is the signal of the write phase, and a later threshold kills later in it.
    for (const threshold of [1, 4].map((mb) => mb * 1024 * 1024)) {
      db = freshDatabase();
      const wal = `${db}-wal`;
      const child = spawnCli(importArgs(db));
      await whenTrue(() => fileSize(wal) > threshold, child, '写入阶段', 110_000);
      child.kill();
      const walAtKill = fileSize(wal);
      expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
      outcomes.push({ walAtKill, households: expectAllOrNothing(db) });
    }
    console.log(
      `kill -9 在写入中：${outcomes.map((o) => `-wal ${(o.walAtKill / 1048576).toFixed(1)} MB → ${o.households} 户`).join('；')}`,
    );
    // The import writes ≈10 MB of -wal before COMMIT: at least one kill lands before it, so
    // the rollback path really ran (a kill after COMMIT is allowed and gives all 10,000).
    expect(outcomes.some((o) => o.households === 0)).toBe(true);
    await rerunSucceeds(db);
  }, 300_000);
});
