import path from 'node:path';
import type { ExportResult } from '../api/archive-types';
import { AppError } from '../api/errors';
import { exportPackage } from '../services/archive/package';
import { toApiError } from '../services/dispatch';
import type { WholeBackupResult } from '../services/backup/whole';
import { checkTargetFolder, wholeBackupTo } from '../services/backup/write';
import { defaultDataDir } from '../services/data-dir';
import { closeLog, log, logDataDir, openLog } from '../services/log/logger';
import type { Runtime } from '../services/runtime';
import { AppSession } from '../services/session';
import { CliError } from './cli-kit';

/**
 * The CLI's only reach into the services besides dispatch() (cli-kit.ts): what the contract
 * does not carry and should not. Every command file calls methods through invoke() and imports
 * nothing from '../services' (test/unit/cli-contract.test.ts keeps it so).
 */

// Pure text and constants shared with the services (no database behind them).
export { localDateTime } from '../services/system/local-time';
export { actionLabel, entityLabel } from '../services/audit/labels';
export { losesAnything } from '../services/backup/compare';
export { BACKUP_EXTENSION } from '../services/backup/container';

/** The database password for the CLI. */
export const PASSWORD_ENV = 'VILLAGE_LEDGER_DB_PASSWORD';

/**
 * Opening the data folder's log and the session is what a door does before any method can run
 * (the app's main process and the web host do the same); then `work`, then closing both.
 */
export async function runInSession(
  command: string,
  where: { db: string | undefined; data: string | undefined },
  env: NodeJS.ProcessEnv,
  work: (runtime: Runtime, session: AppSession) => Promise<void>,
): Promise<void> {
  const dataDir = where.db
    ? path.dirname(path.resolve(where.db))
    : path.resolve(where.data ?? defaultDataDir(env));
  // The command's log lines go to the data folder's log (not stdout, which scripts read),
  // unless the caller (a test, the app) already keeps a log of its own.
  const ownLog = logDataDir() === null;
  if (ownLog) openLog(dataDir, { console: false });
  const session = new AppSession({
    dataDir,
    databaseFile: where.db ? path.resolve(where.db) : undefined,
    migrationsFolder: path.resolve(import.meta.dirname, '..', '..', 'db', 'migrations'),
    operator: env.VILLAGE_LEDGER_OPERATOR || '命令行',
    // From the environment, never an option: a command line shows in the process list.
    key: env[PASSWORD_ENV] || null,
  });
  try {
    await session.open();
    if (!session.runtime) {
      throw new CliError(`数据库已设密码：请用环境变量 ${PASSWORD_ENV} 给出密码后再运行。`);
    }
    log.fileOnly(`命令行：${command}`);
    await work(session.runtime, session);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.fileOnly(`命令行 ${command} 未完成：${message}`);
    throw error;
  } finally {
    session.close();
    if (ownLog) closeLog();
  }
}

/**
 * A whole backup into the file the clerk named (`backup --out`), with progress: backup.start
 * only takes a folder and picks the file name itself, as the app's dialog wants.
 */
export async function wholeBackupToFile(
  runtime: Runtime,
  out: string,
  onProgress: (done: number, total: number) => void,
): Promise<WholeBackupResult> {
  try {
    checkTargetFolder(path.dirname(out));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  try {
    return await wholeBackupTo(runtime.ctx, out, { kind: 'U盘', store: false, onProgress });
  } catch (error) {
    const shape = toApiError(error);
    throw new CliError(
      error instanceof AppError || shape.code === 'DISK_FULL'
        ? shape.message
        : `备份没有完成：${(error as Error).message}`,
    );
  }
}

/**
 * A year's archive package with progress on stderr and --per-box: archive.export runs in one
 * go for the app's dialog and takes neither.
 */
export function exportArchivePackage(
  runtime: Runtime,
  input: {
    year: number;
    folder: string;
    zip: boolean;
    perBox: number | undefined;
    onProgress: (done: number, total: number) => void;
  },
): Promise<ExportResult> {
  return exportPackage(runtime.ctx, input);
}
