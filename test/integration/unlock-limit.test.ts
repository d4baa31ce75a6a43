import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppSession } from '../../electron/services/session';
import { dispatchSession } from '../../electron/services/session-dispatch';
import { UNLOCK_ATTEMPTS_FILE } from '../../electron/services/security/unlock-limit';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { VILLAGE } from '../fixtures/village';

/**
 * The attack (issue 14 item 6): guessing the database password at the unlock screen, as
 * fast as the door answers. Wrong passwords now slow down, across restarts; the clock is the
 * session's own (`now`), moved by the test, so nothing here sleeps.
 */
const PASSWORD = '村委会-2026';

describe('unlock attempts are rate-limited', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let dataDir: string;
  let clock: number;
  const sessions: AppSession[] = [];

  const open = (key: string | null = null) => {
    const session = new AppSession({
      dataDir,
      migrationsFolder: MIGRATIONS_FOLDER,
      operator: '李会计',
      key,
      now: () => new Date(clock),
    });
    sessions.push(session);
    return session.open();
  };
  const unlock = (session: AppSession, password: string) =>
    dispatchSession(session, 'session.unlock', { password });

  beforeEach(async () => {
    temp = makeTempDir('vl-unlock-');
    dataDir = path.join(temp.dir, 'data');
    clock = Date.parse('2026-05-06T08:00:00Z');
    const first = await open();
    for (const [method, input] of [
      ['setup.createVillage', VILLAGE],
      ['security.setPassword', { next: PASSWORD }],
    ] as const) {
      const envelope = await dispatchSession(first, method, input);
      if (!envelope.ok) throw new Error(envelope.error.message);
    }
    sessions.splice(0).forEach((s) => s.close());
  });
  afterEach(() => {
    sessions.splice(0).forEach((s) => s.close());
    temp.cleanup();
  });

  it('makes a guesser wait after five wrong passwords, even with the right one, then lets it in', async () => {
    const locked = await open();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await unlock(locked, `guess-${i}`));
    expect(answers.map((a) => (a.ok ? 'ok' : a.error.message))).toEqual([
      '数据库密码不对，请重新输入。',
      '数据库密码不对，请重新输入。',
      '数据库密码不对，请重新输入。再输错 2 次，需等 30 秒后才能再试。',
      '数据库密码不对，请重新输入。再输错 1 次，需等 30 秒后才能再试。',
      '数据库密码不对。已连续输错 5 次，请 30 秒后再试。',
    ]);
    // During the wait not even the right password is tried.
    clock += 12_000;
    expect(await unlock(locked, PASSWORD)).toEqual({
      ok: false,
      error: { code: 'LOCKED', message: '数据库密码已连续输错 5 次，请 18 秒后再试。' },
    });
    expect(locked.locked).toBe(true);

    // A restart does not clear the count.
    locked.close();
    const restarted = await open();
    expect(await unlock(restarted, PASSWORD)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('请 18 秒后再试') },
    });

    clock += 18_000;
    expect(await unlock(restarted, 'guess-5')).toMatchObject({
      ok: false,
      error: { message: '数据库密码不对。已连续输错 6 次，请 1 分钟后再试。' },
    });
    clock += 60_000;
    expect(await unlock(restarted, PASSWORD)).toMatchObject({
      ok: true,
      result: { locked: false },
    });
    // The right password clears the count (and its file).
    expect(fs.existsSync(path.join(dataDir, UNLOCK_ATTEMPTS_FILE))).toBe(false);
    const status = await dispatchSession(restarted, 'setup.status', {});
    expect(status).toMatchObject({ ok: true, result: { villageName: '杨柳村' } });
  });

  it('counts a wrong start password (the CLI’s) the same way', async () => {
    for (let i = 0; i < 5; i++) {
      await expect(open(`guess-${i}`)).rejects.toThrow(/数据库密码不对/);
    }
    await expect(open(PASSWORD)).rejects.toThrow('数据库密码已连续输错 5 次，请 30 秒后再试。');
    clock += 30_000;
    const session = await open(PASSWORD);
    expect(session.locked).toBe(false);
  });

  it('slows down guessing the current password in an open app, on the same count', async () => {
    const session = await open(PASSWORD);
    const change = (current: string) =>
      dispatchSession(session, 'security.setPassword', { current, next: '新密码-654321' });
    for (let i = 0; i < 4; i++) await change(`guess-${i}`);
    expect(await change('guess-4')).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: '数据库密码不对。已连续输错 5 次，请 30 秒后再试。' },
    });
    // The right one is not even compared during the wait, and nothing changes.
    expect(await change(PASSWORD)).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: '数据库密码已连续输错 5 次，请 30 秒后再试。' },
    });
    // The unlock screen of a second start shares the count.
    session.close();
    const locked = await open();
    expect(await unlock(locked, PASSWORD)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('请 30 秒后再试') },
    });
    clock += 30_000;
    expect(await unlock(locked, PASSWORD)).toMatchObject({ ok: true });
    expect(
      await dispatchSession(locked, 'security.setPassword', {
        current: PASSWORD,
        next: '新密码-654321',
      }),
    ).toMatchObject({ ok: true });
  });
});
