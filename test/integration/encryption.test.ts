import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeBackup } from '../../db/backup';
import { isEncryptedFile } from '../../db/cipher';
import { DATABASE_FILE_NAME } from '../../db/open';
import { runCli } from '../../electron/cli/commands';
import { backupTo } from '../../electron/services/backup/write';
import { AppSession } from '../../electron/services/session';
import { dispatchSession } from '../../electron/services/session-dispatch';
import { databaseInBackup } from '../fixtures/backup';
import { copyRealMigrations } from '../fixtures/migrations';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { VILLAGE } from '../fixtures/village';

/** A password with everything that could break a PRAGMA: quotes, backslash, CJK, spaces. */
const PASSWORD = `村委'会"\\ 2026`;
const NEW_PASSWORD = '新密码-654321';

describe('database password (encryption at rest)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let dataDir: string;
  let file: string;
  const sessions: AppSession[] = [];

  const open = async (key: string | null = null, migrationsFolder = MIGRATIONS_FOLDER) => {
    const session = new AppSession({
      dataDir,
      migrationsFolder,
      operator: '李会计',
      key,
      now: () => new Date('2026-05-06T07:08:09Z'),
    });
    sessions.push(session);
    return session.open();
  };
  const ask = async (session: AppSession, method: string, input: unknown = {}) =>
    dispatchSession(session, method, input);
  const ok = async <T>(session: AppSession, method: string, input: unknown = {}): Promise<T> => {
    const envelope = await ask(session, method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.result as T;
  };
  const closeAll = () => sessions.splice(0).forEach((s) => s.close());

  /** Reads the grid names straight from the file with a given key (null: no key). */
  const gridNames = (target: string, key: string | null): string[] => {
    const sqlite = new Database(target, { readonly: true, fileMustExist: true });
    try {
      if (key !== null) {
        sqlite.pragma(`cipher = 'sqlcipher'`);
        sqlite.pragma('legacy = 4');
        sqlite.pragma(`hexkey = '${Buffer.from(key).toString('hex')}'`);
      }
      return sqlite.prepare('SELECT name FROM grids ORDER BY id').pluck().all() as string[];
    } finally {
      sqlite.close();
    }
  };

  beforeEach(async () => {
    temp = makeTempDir();
    dataDir = path.join(temp.dir, 'data');
    file = path.join(dataDir, DATABASE_FILE_NAME);
    const session = await open();
    await ok(session, 'setup.createVillage', VILLAGE);
  });
  afterEach(() => {
    closeAll();
    temp.cleanup();
  });

  it('encrypts the file; without the password it stays locked and says so in Chinese', async () => {
    const session = sessions[0]!;
    expect(isEncryptedFile(file)).toBe(false);
    const status = await ok(session, 'security.setPassword', { next: PASSWORD });
    expect(status).toEqual({ locked: false, encrypted: true, operator: '李会计', operators: [] });
    // The live session keeps working on the encrypted file.
    expect(await ok(session, 'setup.status')).toMatchObject({ villageName: '杨柳村' });
    closeAll();

    expect(isEncryptedFile(file)).toBe(true);
    expect(fs.readFileSync(file).includes(Buffer.from('杨柳村'))).toBe(false);
    expect(() => gridNames(file, null)).toThrow(/file is not a database/);

    const locked = await open();
    expect(await ok(locked, 'session.status')).toEqual({
      locked: true,
      encrypted: true,
      operator: '李会计',
      operators: [],
    });
    expect(await ask(locked, 'grids.tree')).toEqual({
      ok: false,
      error: { code: 'LOCKED', message: '数据库已设密码，请先输入数据库密码。' },
    });
    expect(await ask(locked, 'session.unlock', { password: 'wrong-password' })).toEqual({
      ok: false,
      error: { code: 'LOCKED', message: '数据库密码不对，请重新输入。' },
    });
    expect(locked.locked).toBe(true);
    const unlocked = await ok(locked, 'session.unlock', { password: PASSWORD });
    expect(unlocked).toMatchObject({ locked: false, encrypted: true });
    expect(await ok(locked, 'setup.status')).toMatchObject({ villageName: '杨柳村' });
  });

  it('changes the password only with the current one, and the old one stops working', async () => {
    const session = sessions[0]!;
    await ok(session, 'security.setPassword', { next: PASSWORD });
    expect(await ask(session, 'security.setPassword', { next: NEW_PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '请填写当前密码' },
    });
    expect(
      await ask(session, 'security.setPassword', { current: 'guess-123', next: NEW_PASSWORD }),
    ).toMatchObject({ ok: false, error: { message: '当前密码不对，密码没有修改。' } });
    await ok(session, 'security.setPassword', { current: PASSWORD, next: NEW_PASSWORD });
    closeAll();

    expect(() => gridNames(file, PASSWORD)).toThrow(/file is not a database/);
    expect(gridNames(file, NEW_PASSWORD)).toEqual(['石门县', '柳湾镇', '杨柳村', '一组', '二组']);
    await expect(open(PASSWORD)).rejects.toThrow('数据库密码不对，请重新输入。');
    expect((await open(NEW_PASSWORD)).locked).toBe(false);
  });

  it('refuses a new password shorter than 6 characters, naming the field', async () => {
    expect(await ask(sessions[0]!, 'security.setPassword', { next: '12345' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('新密码至少 6 个字符') },
    });
    expect(isEncryptedFile(file)).toBe(false);
  });

  it('removes the password: the file is plain SQLite again', async () => {
    const session = sessions[0]!;
    expect(await ask(session, 'security.removePassword', { current: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: '数据库没有设密码。' },
    });
    await ok(session, 'security.setPassword', { next: PASSWORD });
    expect(await ask(session, 'security.removePassword', { current: 'nope' })).toMatchObject({
      ok: false,
      error: { message: '当前密码不对，密码没有修改。' },
    });
    const status = await ok(session, 'security.removePassword', { current: PASSWORD });
    expect(status).toMatchObject({ encrypted: false });
    closeAll();
    expect(isEncryptedFile(file)).toBe(false);
    expect(gridNames(file, null)).toHaveLength(5);
  });

  it('takes the backups in the data folder along: encrypted, re-keyed, decrypted', async () => {
    const session = sessions[0]!;
    const backup = path.join(dataDir, 'backups', '手动-20260506-070000.db');
    await writeBackup(session.ctx.sqlite, backup);
    expect(isEncryptedFile(backup)).toBe(false);

    await ok(session, 'security.setPassword', { next: PASSWORD });
    expect(isEncryptedFile(backup)).toBe(true);
    expect(gridNames(backup, PASSWORD)).toHaveLength(5);

    // A backup written while encrypted is encrypted with the same key (VACUUM INTO).
    const second = path.join(dataDir, 'backups', '手动-20260506-080000.db');
    await writeBackup(session.ctx.sqlite, second, { key: session.key });
    expect(isEncryptedFile(second)).toBe(true);
    expect(fs.existsSync(`${second}.partial`)).toBe(false);
    expect(gridNames(second, PASSWORD)).toHaveLength(5);

    await ok(session, 'security.setPassword', { current: PASSWORD, next: NEW_PASSWORD });
    for (const b of [backup, second]) expect(gridNames(b, NEW_PASSWORD)).toHaveLength(5);

    await ok(session, 'security.removePassword', { current: NEW_PASSWORD });
    for (const b of [backup, second]) expect(gridNames(b, null)).toHaveLength(5);
  });

  it('waits for a backup under way: no password change half-way through its copy', async () => {
    const session = sessions[0]!;
    const target = path.join(dataDir, 'backups', '手动-20260506-090000.vlbak');
    const copying = backupTo(session.ctx, target);
    expect(await ask(session, 'security.setPassword', { next: PASSWORD })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: '正在备份，请等备份完成后再设置或修改密码。' },
    });
    await copying;
    expect(isEncryptedFile(file)).toBe(false);
    await ok(session, 'security.setPassword', { next: PASSWORD });
    // The finished backup (a whole one, docs/domain.md §6) was re-keyed with the others.
    expect(gridNames(await databaseInBackup(target, temp.dir, PASSWORD), PASSWORD)).toHaveLength(5);
  });

  it('records who changed the password in the audit trail, never the password', async () => {
    const session = sessions[0]!;
    await ok(session, 'security.setPassword', { next: PASSWORD });
    await ok(session, 'security.setPassword', { current: PASSWORD, next: NEW_PASSWORD });
    const rows = session.ctx.sqlite
      .prepare(
        "SELECT operator, action, before, after FROM audit_log WHERE entity = 'database' ORDER BY id",
      )
      .all() as { operator: string; action: string; before: string | null; after: string }[];
    expect(rows.map((r) => [r.operator, r.action])).toEqual([
      ['李会计', '设置密码'],
      ['李会计', '修改密码'],
    ]);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(NEW_PASSWORD);
  });

  it('backs an encrypted database up encrypted before a migration', async () => {
    closeAll();
    fs.rmSync(dataDir, { recursive: true });
    const oldMigrations = path.join(temp.dir, 'old-migrations');
    copyRealMigrations(oldMigrations, 1);
    const old = await open(null, oldMigrations);
    await ok(old, 'security.setPassword', { next: PASSWORD });
    closeAll();

    const upgraded = await open(PASSWORD);
    const backup = upgraded.runtime!.database.preMigrationBackup!;
    expect(path.basename(backup)).toMatch(/^升级前-.*-v1\.vlbak$/);
    await expect(databaseInBackup(backup, temp.dir)).rejects.toThrow(/备份文件已加密/);
    const inner = await databaseInBackup(backup, temp.dir, PASSWORD);
    expect(isEncryptedFile(inner)).toBe(true);
    expect(() => gridNames(inner, null)).toThrow(/file is not a database/);
  });

  it('lets the command line in with VILLAGE_LEDGER_DB_PASSWORD, and says how when it is missing', async () => {
    await ok(sessions[0]!, 'security.setPassword', { next: PASSWORD });
    closeAll();
    const run = async (env: Record<string, string>) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(
        ['grids', '--db', file],
        { out: (l) => out.push(l), err: (l) => err.push(l) },
        env,
      );
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const missing = await run({});
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(
      '数据库已设密码：请用环境变量 VILLAGE_LEDGER_DB_PASSWORD 给出密码后再运行。',
    );
    const wrong = await run({ VILLAGE_LEDGER_DB_PASSWORD: 'wrong-one' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toBe('数据库密码不对，请重新输入。');
    const right = await run({ VILLAGE_LEDGER_DB_PASSWORD: PASSWORD });
    expect(right.err).toBe('');
    expect(right.code).toBe(0);
    expect(right.out).toContain('杨柳村（村，编号 3）');
  });
});
