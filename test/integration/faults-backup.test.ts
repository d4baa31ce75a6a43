import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/services/dispatch';
import { openRuntime } from '../../electron/services/runtime';
import {
  inspectDatabase,
  killLeftovers,
  runCliProcess,
  spawnCli,
  stateOf,
  whenTrue,
} from '../fixtures/faults';
import { databaseInBackup } from '../fixtures/backup';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';

// Issue 7: a CLI backup killed with SIGKILL leaves no file that looks whole (db/backup.ts writes
// FILE.partial and renames it at the end) and the source database as it was.

describe('kill -9 during a backup', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: string;

  beforeAll(async () => {
    temp = makeTempDir('vl-faults-backup-');
    const runtime = await openRuntime({
      dataDir: temp.dir,
      migrationsFolder: MIGRATIONS_FOLDER,
      operator: '测试员',
    });
    try {
      const seeded = await dispatch(runtime.ctx, 'demo.seed', { size: 'village', seed: 7 });
      expect(seeded.ok).toBe(true);
      // Years of change history in bulk, so the copy runs long enough (≈0.5 s) to be killed.
      runtime.ctx.sqlite.exec(`
        INSERT INTO audit_log (at, operator, entity, entity_id, action, before, after)
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
        SELECT '2025-06-01T08:00:00.000Z', '测试员', 'household', i % 400 + 1, 'update',
          json_object('note', hex(randomblob(150))), json_object('note', hex(randomblob(150)))
        FROM n`);
      db = runtime.ctx.databaseFile;
    } finally {
      runtime.close();
    }
    expect(fs.statSync(db).size).toBeGreaterThan(50 * 1024 * 1024);
  });
  afterAll(() => {
    killLeftovers();
    temp.cleanup();
  });

  it('leaves no file that looks whole, the source intact, and a second backup works', async () => {
    const before = inspectDatabase(db);
    expect(before.integrity).toBe('ok');
    const out = path.join(temp.dir, 'U盘', '台账备份.vlbak');
    fs.mkdirSync(path.dirname(out));
    const child = spawnCli(['backup', '--out', out, '--db', db]);
    await whenTrue(() => fs.existsSync(`${out}.partial`), child, '备份写入');
    child.kill();
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(child.stderr()).not.toContain('备份中 100%');
    expect(fs.existsSync(out)).toBe(false);
    expect(inspectDatabase(db)).toEqual(before);

    const again = await runCliProcess(['backup', '--out', out, '--db', db]);
    expect(again.stderr).toContain('备份中 100%');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`备份完成：${out}`);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
    // A whole backup (docs/domain.md §6): the database copy inside it.
    const copy = new Database(await databaseInBackup(out, temp.dir), { readonly: true });
    try {
      expect(stateOf(copy)).toEqual(before);
    } finally {
      copy.close();
    }
  });
});
