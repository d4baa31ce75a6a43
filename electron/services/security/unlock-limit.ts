import fs from 'node:fs';
import path from 'node:path';
import { AppError, type ErrorCode } from '../../api/errors';
import { log } from '../log/logger';

/**
 * Wrong database passwords slow down (issue 14 item 6): after FREE_ATTEMPTS wrong ones in a
 * row, each further try waits 30 s, then 1, 2, 4, 8 minutes, and at most 15 minutes, so
 * guessing a password at the unlock screen (or the web host's, or the CLI) takes years instead
 * of an afternoon. The right password clears the count.
 *
 * The count is kept in memory and in <data>/unlock-attempts.json (a number and a time, nothing
 * secret), so closing and restarting the app does not start the count again; the larger of the
 * two wins, so deleting the file while the app runs does not either.
 */

export const UNLOCK_ATTEMPTS_FILE = 'unlock-attempts.json';
/** Wrong passwords allowed before the first wait (a typo or two, a Caps Lock). */
export const FREE_ATTEMPTS = 5;
export const FIRST_WAIT_MS = 30_000;
export const MAX_WAIT_MS = 15 * 60_000;

interface Attempts {
  /** Wrong passwords in a row. */
  failures: number;
  /** No password is tried before this moment (ms since 1970). */
  lockedUntil: number;
}

/** The wait after `failures` wrong passwords in a row: none, then 30 s doubling up to 15 min. */
export function waitAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  const doublings = Math.min(failures - FREE_ATTEMPTS, 20);
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** doublings);
}

/** A wait in words, rounded up to the second: 30 秒, 2 分钟, 1 分 30 秒. */
export function waitText(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest} 秒`;
  return rest === 0 ? `${minutes} 分钟` : `${minutes} 分 ${rest} 秒`;
}

function readAttempts(file: string): Attempts | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Attempts>;
    const failures = Number(parsed.failures);
    const lockedUntil = Number(parsed.lockedUntil);
    if (!Number.isSafeInteger(failures) || failures < 0) return null;
    return { failures, lockedUntil: Number.isFinite(lockedUntil) ? lockedUntil : 0 };
  } catch {
    return null;
  }
}

/** The counter of one data folder's wrong passwords; `now` is the session's clock. */
export class UnlockLimiter {
  private attempts: Attempts = { failures: 0, lockedUntil: 0 };

  constructor(
    /** <data>/unlock-attempts.json; null keeps the count in memory only. */
    private readonly file: string | null,
    private readonly now: () => Date,
  ) {}

  static forDataDir(dataDir: string, now: () => Date): UnlockLimiter {
    return new UnlockLimiter(path.join(dataDir, UNLOCK_ATTEMPTS_FILE), now);
  }

  /** Wrong passwords in a row so far. */
  get failures(): number {
    this.load();
    return this.attempts.failures;
  }

  /**
   * Before a password is tried: throws a Chinese LOCKED error saying how long to wait while a
   * wait runs (the password is then not tried at all, and the try does not count). `code`
   * VALIDATION for the current password asked in an open app (LOCKED there would mislead).
   */
  check(code: ErrorCode = 'LOCKED'): void {
    this.load();
    const left = this.remaining();
    if (left > 0) {
      throw new AppError(
        code,
        `数据库密码已连续输错 ${this.attempts.failures} 次，请 ${waitText(left)}后再试。`,
      );
    }
  }

  /**
   * After a wrong password: counts it and returns the sentence to show, `message` (the plain
   * 密码不对) with the wait it starts or, near the limit, how many tries are left before one.
   */
  failed(message: string): string {
    this.load();
    const failures = this.attempts.failures + 1;
    const wait = waitAfter(failures);
    this.attempts = { failures, lockedUntil: this.now().getTime() + wait };
    this.save();
    log.fileOnly(`数据库密码输错，连续第 ${failures} 次`);
    if (wait > 0) {
      return `数据库密码不对。已连续输错 ${failures} 次，请 ${waitText(wait)}后再试。`;
    }
    const left = FREE_ATTEMPTS - failures;
    return left <= 2
      ? `${message}再输错 ${left} 次，需等 ${waitText(FIRST_WAIT_MS)}后才能再试。`
      : message;
  }

  /** After the right password: the count starts again from nothing. */
  succeeded(): void {
    this.attempts = { failures: 0, lockedUntil: 0 };
    if (!this.file) return;
    try {
      fs.rmSync(this.file, { force: true });
    } catch (error) {
      log.warn('无法清除密码错误次数记录', error);
    }
  }

  /**
   * Milliseconds left of the current wait. A clock set back cannot make a wait longer than its
   * step: the wait then restarts from now, once.
   */
  private remaining(): number {
    const now = this.now().getTime();
    const step = waitAfter(this.attempts.failures);
    const left = this.attempts.lockedUntil - now;
    if (left > step) {
      this.attempts.lockedUntil = now + step;
      this.save();
      return step;
    }
    return Math.max(0, left);
  }

  /** Takes the file's count when it is higher (another process, the app before a restart). */
  private load(): void {
    if (!this.file) return;
    const stored = readAttempts(this.file);
    if (!stored) return;
    if (stored.failures > this.attempts.failures) this.attempts = stored;
    else if (stored.failures === this.attempts.failures) {
      this.attempts.lockedUntil = Math.max(this.attempts.lockedUntil, stored.lockedUntil);
    }
  }

  /** Written whole then renamed, readable by the user only; a failed write keeps memory's count. */
  private save(): void {
    if (!this.file) return;
    const partial = `${this.file}.partial`;
    try {
      fs.writeFileSync(partial, `${JSON.stringify(this.attempts)}\n`, { mode: 0o600 });
      fs.renameSync(partial, this.file);
    } catch (error) {
      log.warn('无法记录密码错误次数（仍在本次运行中计数）', error);
    }
  }
}
