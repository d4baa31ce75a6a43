import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../db/open';
import { dispatch } from '../../electron/services/dispatch';
import { openRuntime, type Runtime } from '../../electron/services/runtime';
import { copyRealMigrations, realJournal } from '../fixtures/migrations';
import { count } from '../fixtures/sqlite';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';

describe('openRuntime', () => {
  let temp: ReturnType<typeof makeTempDir>;
  const opened: Runtime[] = [];
  const open = async (options: Partial<Parameters<typeof openRuntime>[0]> = {}) => {
    const runtime = await openRuntime({
      dataDir: path.join(temp.dir, 'data'),
      migrationsFolder: MIGRATIONS_FOLDER,
      now: () => new Date('2026-05-06T07:08:09Z'),
      ...options,
    });
    opened.push(runtime);
    return runtime;
  };

  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => {
    for (const runtime of opened.splice(0)) runtime.close();
    temp.cleanup();
  });

  it('keeps the database in the data folder and reports it through app.info', async () => {
    const runtime = await open();
    const dataDir = path.join(temp.dir, 'data');
    expect(runtime.ctx.databaseFile).toBe(path.join(dataDir, DATABASE_FILE_NAME));
    expect(fs.existsSync(runtime.ctx.databaseFile)).toBe(true);
    expect(await dispatch(runtime.ctx, 'app.info', {})).toEqual({
      ok: true,
      result: {
        productName: '村级网格台账',
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
        dataDir,
        databaseFile: path.join(dataDir, DATABASE_FILE_NAME),
        schemaVersion: realJournal().length,
      },
    });
  });

  it('records 未指定 as operator unless one is given', async () => {
    const anonymous = await open();
    await dispatch(anonymous.ctx, 'settings.update', { householdCap: 90 });
    const named = await open({ dataDir: path.join(temp.dir, 'other'), operator: '李会计' });
    await dispatch(named.ctx, 'settings.update', { householdCap: 90 });
    const operator = (runtime: Runtime) =>
      runtime.ctx.sqlite.prepare('SELECT operator FROM audit_log').get();
    expect(operator(anonymous)).toEqual({ operator: '未指定' });
    expect(operator(named)).toEqual({ operator: '李会计' });
  });

  it('refuses a second door on an open data folder, in Chinese, and lets it in once the first closes', async () => {
    const app = await open();
    await expect(open()).rejects.toThrow(/数据库正被另一个程序使用/);
    await dispatch(app.ctx, 'setup.createVillage', {
      county: '石门县',
      township: '柳湾镇',
      village: '杨柳村',
      groups: ['一组'],
    });
    app.close();
    const cli = await open();
    expect(await dispatch(cli.ctx, 'setup.status', {})).toEqual({
      ok: true,
      result: { initialized: true, rootId: 1, villageName: '杨柳村' },
    });
  });

  it('backs an old database up into <data>/backups before upgrading it, wherever the file is', async () => {
    const oldMigrations = path.join(temp.dir, 'old-migrations');
    copyRealMigrations(oldMigrations, 1);
    const databaseFile = path.join(temp.dir, 'elsewhere', 'ledger.db');
    const old = await open({ migrationsFolder: oldMigrations, databaseFile });
    old.ctx.sqlite.exec("INSERT INTO settings (key, value) VALUES ('villageName', '\"杨柳村\"')");
    old.close();
    opened.length = 0;

    const runtime = await open({ databaseFile });
    expect(runtime.ctx.schemaVersion).toBe(realJournal().length);
    expect(runtime.database.preMigrationBackup).toBe(
      path.join(temp.dir, 'data', 'backups', '升级前-20260506-070809-v1.vlbak'),
    );
    expect(fs.existsSync(runtime.database.preMigrationBackup!)).toBe(true);
    expect(count(runtime.ctx.sqlite, 'settings')).toBe(1);
  });
});
