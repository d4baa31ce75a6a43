import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FIRST_WAIT_MS,
  FREE_ATTEMPTS,
  MAX_WAIT_MS,
  UNLOCK_ATTEMPTS_FILE,
  UnlockLimiter,
  waitAfter,
  waitText,
} from '../../electron/services/security/unlock-limit';
import { makeTempDir } from '../fixtures/temp-dir';

const WRONG = '数据库密码不对，请重新输入。';

/** A clock the test moves by hand: no test here sleeps. */
function fakeClock(start = Date.parse('2026-05-06T08:00:00Z')) {
  let ms = start;
  return {
    now: () => new Date(ms),
    advance: (by: number) => (ms += by),
    set: (to: number) => (ms = to),
  };
}

describe('wait after wrong passwords', () => {
  it('lets the first five go, then waits 30 s doubling up to 15 minutes', () => {
    const waits = Array.from({ length: 14 }, (_, i) => waitAfter(i + 1));
    expect(waits).toEqual([
      0, 0, 0, 0, 30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000, 900_000,
      900_000,
    ]);
    expect(waitAfter(10_000)).toBe(MAX_WAIT_MS);
  });

  it('says the wait in Chinese', () => {
    expect(waitText(30_000)).toBe('30 秒');
    expect(waitText(29_001)).toBe('30 秒');
    expect(waitText(120_000)).toBe('2 分钟');
    expect(waitText(90_000)).toBe('1 分 30 秒');
    expect(waitText(MAX_WAIT_MS)).toBe('15 分钟');
    expect(waitText(1)).toBe('1 秒');
  });
});

describe('unlock limiter', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    temp = makeTempDir('vl-unlock-limit-');
    file = path.join(temp.dir, UNLOCK_ATTEMPTS_FILE);
  });
  afterEach(() => temp.cleanup());

  it('refuses tries during the wait with how long is left, and lets one through after it', () => {
    const clock = fakeClock();
    const limiter = UnlockLimiter.forDataDir(temp.dir, clock.now);
    const messages: string[] = [];
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      expect(() => limiter.check()).not.toThrow();
      messages.push(limiter.failed(WRONG));
    }
    expect(messages.slice(0, 2)).toEqual([WRONG, WRONG]);
    expect(messages[2]).toBe(`${WRONG}再输错 2 次，需等 30 秒后才能再试。`);
    expect(messages[3]).toBe(`${WRONG}再输错 1 次，需等 30 秒后才能再试。`);
    expect(messages[4]).toBe('数据库密码不对。已连续输错 5 次，请 30 秒后再试。');

    expect(() => limiter.check()).toThrow('数据库密码已连续输错 5 次，请 30 秒后再试。');
    clock.advance(10_000);
    expect(() => limiter.check()).toThrow('请 20 秒后再试');
    clock.advance(FIRST_WAIT_MS - 10_000);
    expect(() => limiter.check()).not.toThrow();
    // The sixth wrong one doubles the wait.
    expect(limiter.failed(WRONG)).toBe('数据库密码不对。已连续输错 6 次，请 1 分钟后再试。');
    expect(() => limiter.check()).toThrow(expect.objectContaining({ code: 'LOCKED' }));
  });

  it('never waits more than 15 minutes, however many wrong passwords', () => {
    const clock = fakeClock();
    const limiter = new UnlockLimiter(null, clock.now);
    for (let i = 0; i < 40; i++) {
      clock.advance(MAX_WAIT_MS);
      limiter.check();
      limiter.failed(WRONG);
    }
    expect(() => limiter.check()).toThrow('请 15 分钟后再试');
    clock.advance(MAX_WAIT_MS);
    expect(() => limiter.check()).not.toThrow();
  });

  it('keeps the count across a restart (a new limiter on the same folder)', () => {
    const clock = fakeClock();
    const first = UnlockLimiter.forDataDir(temp.dir, clock.now);
    for (let i = 0; i < FREE_ATTEMPTS; i++) first.failed(WRONG);
    // The file holds a count and a time, nothing of the password.
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['failures', 'lockedUntil']);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const restarted = UnlockLimiter.forDataDir(temp.dir, clock.now);
    expect(() => restarted.check()).toThrow('请 30 秒后再试');
    expect(restarted.failures).toBe(FREE_ATTEMPTS);
  });

  it('keeps counting in memory when the file is deleted while the app runs', () => {
    const clock = fakeClock();
    const limiter = UnlockLimiter.forDataDir(temp.dir, clock.now);
    for (let i = 0; i < FREE_ATTEMPTS; i++) limiter.failed(WRONG);
    fs.rmSync(file);
    expect(() => limiter.check()).toThrow('请 30 秒后再试');
  });

  it('takes a damaged file as no record, not as a reason to fail', () => {
    fs.writeFileSync(file, '{"failures":"lots"');
    const limiter = UnlockLimiter.forDataDir(temp.dir, fakeClock().now);
    expect(() => limiter.check()).not.toThrow();
    expect(limiter.failed(WRONG)).toBe(WRONG);
    expect(limiter.failures).toBe(1);
  });

  it('cannot be made to wait longer by setting the clock back', () => {
    const clock = fakeClock();
    const limiter = UnlockLimiter.forDataDir(temp.dir, clock.now);
    for (let i = 0; i < FREE_ATTEMPTS; i++) limiter.failed(WRONG);
    clock.advance(-24 * 3600_000);
    expect(() => limiter.check()).toThrow('请 30 秒后再试');
    clock.advance(FIRST_WAIT_MS);
    expect(() => limiter.check()).not.toThrow();
  });

  it('starts again from nothing after the right password, and removes its file', () => {
    const clock = fakeClock();
    const limiter = UnlockLimiter.forDataDir(temp.dir, clock.now);
    for (let i = 0; i < FREE_ATTEMPTS + 2; i++) {
      clock.advance(MAX_WAIT_MS);
      limiter.failed(WRONG);
    }
    clock.advance(MAX_WAIT_MS);
    limiter.check();
    limiter.succeeded();
    expect(fs.existsSync(file)).toBe(false);
    expect(limiter.failures).toBe(0);
    expect(limiter.failed(WRONG)).toBe(WRONG);
  });
});
