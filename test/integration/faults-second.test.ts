import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppSession } from '../../electron/services/session';
import { dispatchSession } from '../../electron/services/session-dispatch';
import { killLeftovers, runCliProcess, spawnTsx } from '../fixtures/faults';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { VILLAGE } from '../fixtures/village';

// Issue 7: a second process opening the same database for writing (a second CLI or web host)
// is refused with a clear message (db/open.ts: EXCLUSIVE locking mode); the first keeps it.

const IN_USE = '数据库正被另一个程序使用';

describe('a second process on an open database', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let session: AppSession;
  let db: string;

  const openSession = () =>
    new AppSession({
      dataDir: temp.dir,
      migrationsFolder: MIGRATIONS_FOLDER,
      operator: '测试员',
    }).open();

  beforeEach(async () => {
    temp = makeTempDir('vl-faults-second-');
    session = await openSession();
    db = session.ctx.databaseFile;
    const created = await dispatchSession(session, 'setup.createVillage', VILLAGE);
    expect(created.ok).toBe(true);
  });
  afterEach(() => {
    killLeftovers();
    session.close();
    temp.cleanup();
  });

  it('refuses the CLI while the app holds the file, and lets it in once the app closes', async () => {
    const refused = await runCliProcess(['info', '--db', db]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(IN_USE);
    expect(refused.stderr).toContain(db);
    // The refused process changed nothing: the app still reads and writes its data.
    const changed = await dispatchSession(session, 'settings.update', { householdCap: 90 });
    expect(changed).toMatchObject({ ok: true, result: { householdCap: 90 } });

    session.close();
    const admitted = await runCliProcess(['grids', '--db', db]);
    expect(admitted.code).toBe(0);
    expect(admitted.stdout).toContain('杨柳村（村，编号 3）');
  });

  it('refuses the web host: it exits 1 with the same message and serves nothing', async () => {
    const host = spawnTsx('electron/host/main.ts', ['--data', temp.dir]);
    const { code } = await host.exited;
    expect(code).toBe(1);
    expect(host.stderr()).toContain(IN_USE);
    expect(host.stdout()).not.toContain('网页版已启动');
    expect((await dispatchSession(session, 'setup.status', {})).ok).toBe(true);
  });

  it('refuses a second session in the same process, in Chinese', async () => {
    await expect(openSession()).rejects.toThrow(IN_USE);
    const other = new AppSession({
      dataDir: path.join(temp.dir, 'elsewhere'),
      databaseFile: db,
      migrationsFolder: MIGRATIONS_FOLDER,
    });
    await expect(other.open()).rejects.toMatchObject({ problem: 'IN_USE' });
    expect(await dispatchSession(session, 'setup.status', {})).toMatchObject({
      ok: true,
      result: { initialized: true, villageName: '杨柳村' },
    });
  });
});
