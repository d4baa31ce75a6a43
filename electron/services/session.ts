import { DatabaseOpenError } from '../../db/open';
import { AppError } from '../api/errors';
import { log } from './log/logger';
import type { SessionStatus } from '../api/session-types';
import type { ServiceContext, SessionControl } from './context';
import { openRuntime, type Runtime, type RuntimeOptions } from './runtime';
import { UnlockLimiter } from './security/unlock-limit';
import { getSettings } from './settings/settings';

export interface SessionOptions extends Omit<RuntimeOptions, 'operator' | 'key'> {
  /** Who is working, when the door already knows (CLI: env or '命令行'); else the app asks. */
  operator?: string | null;
  /** The database password, when known at start (CLI: VILLAGE_LEDGER_DB_PASSWORD). */
  key?: string | null;
  /** Runs after every successful open (the app's daily backup); errors are the hook's own. */
  onOpened?: (ctx: ServiceContext) => void;
}

/** Shown in audit entries written before the clerk has said who is working. */
export const UNNAMED_OPERATOR = '未指定';

/**
 * The open database of one running app (Electron, web host or CLI) and who is using it.
 * Every door dispatches through a session: it can be locked (an encrypted file whose password
 * was not given yet), it can close and reopen the file (restore), and it remembers the
 * operator the clerk chose at start for every audit entry.
 */
export class AppSession implements SessionControl {
  private current: Runtime | null = null;
  private password: string | null;
  private chosenOperator: string | null;
  /** Wrong passwords slow down (security/unlock-limit.ts). */
  private readonly attempts: UnlockLimiter;
  /** The next open() tries a password someone typed: the start key, or unlock()'s. */
  private tryingPassword: boolean;

  constructor(private readonly options: SessionOptions) {
    this.password = options.key ?? null;
    this.chosenOperator = options.operator ?? null;
    this.attempts = UnlockLimiter.forDataDir(options.dataDir, options.now ?? (() => new Date()));
    this.tryingPassword = this.password !== null;
  }

  /** The open runtime, or null while locked. */
  get runtime(): Runtime | null {
    return this.current;
  }

  get key(): string | null {
    return this.password;
  }

  get operator(): string | null {
    return this.chosenOperator;
  }

  get locked(): boolean {
    return this.current === null;
  }

  /** The context of the open database; a locked session says how to unlock it. */
  get ctx(): ServiceContext {
    if (!this.current) throw new AppError('LOCKED', '数据库已设密码，请先输入数据库密码。');
    return this.current.ctx;
  }

  /**
   * Opens the database. An encrypted file without its password leaves the session locked
   * (the app then asks for it); every other failure (in use, wrong password, not a database,
   * a newer schema) is thrown with its Chinese message.
   */
  async open(): Promise<this> {
    if (this.current) return this;
    // Only a typed password counts (not the reopen after a restore, with the key in use).
    const limited = this.tryingPassword && this.password !== null;
    this.tryingPassword = false;
    if (limited) this.attempts.check();
    try {
      this.current = await openRuntime({
        ...this.options,
        key: this.password,
        operator: this.chosenOperator ?? UNNAMED_OPERATOR,
      });
    } catch (error) {
      if (error instanceof DatabaseOpenError && error.problem === 'LOCKED') {
        log.fileOnly('数据库已设密码，等待输入密码');
        return this;
      }
      if (limited && error instanceof DatabaseOpenError && error.problem === 'WRONG_PASSWORD') {
        log.fileOnly('数据库未能打开（WRONG_PASSWORD）');
        throw new DatabaseOpenError('WRONG_PASSWORD', this.attempts.failed(error.message));
      }
      // The kind of failure only (the caller shows or logs the error itself); never the key.
      const problem = error instanceof DatabaseOpenError ? error.problem : (error as Error).name;
      log.fileOnly(`数据库未能打开（${problem}）`);
      throw error;
    }
    if (limited) this.attempts.succeeded();
    const { database } = this.current;
    log.fileOnly(
      `数据库已打开：结构版本 ${database.schemaVersion}，${this.password === null ? '未加密' : '已加密'}` +
        (database.preMigrationBackup ? '，升级前已备份' : ''),
    );
    // docs/domain.md §10: what a data upgrade changed, as a count (数据升级：清理姓名中的空格 12 处).
    for (const note of database.migrationNotes) log.fileOnly(`数据升级：${note}`);
    this.current.ctx.session = this;
    this.options.onOpened?.(this.current.ctx);
    return this;
  }

  /** Tries a password on a locked session; a wrong one leaves it locked and says so. */
  async unlock(password: string): Promise<void> {
    if (this.current) return;
    this.password = password;
    this.tryingPassword = true;
    try {
      await this.open();
    } catch (error) {
      this.password = null;
      log.fileOnly('解锁失败，数据库仍锁定');
      if (error instanceof DatabaseOpenError) throw new AppError('LOCKED', error.message);
      throw error;
    }
  }

  setOperator(name: string): void {
    this.chosenOperator = name;
    if (this.current) this.current.ctx.operator = name;
  }

  setKey(key: string | null): void {
    this.password = key;
  }

  async replaceDatabase(work: () => Promise<void> | void): Promise<void> {
    this.close();
    try {
      await work();
    } finally {
      await this.open();
    }
  }

  status(): SessionStatus {
    const operators = this.current ? getSettings(this.current.ctx).operators : [];
    return {
      locked: this.locked,
      encrypted: this.locked || this.password !== null,
      operator: this.chosenOperator,
      operators,
    };
  }

  close(): void {
    this.current?.close();
    this.current = null;
  }
}
