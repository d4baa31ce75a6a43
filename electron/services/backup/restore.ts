import fs from 'node:fs';
import path from 'node:path';
import type { RestoreResult } from '../../api/backup-types';
import { AppError } from '../../api/errors';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext, type SessionControl } from '../context';
import { cardJobsRunning } from '../cards/batch';
import { toApiError } from '../dispatch';
import { forgetImportJobs } from '../roster-io/import';
import { log } from '../log/logger';
import {
  countsOf,
  inspectBackup,
  removeDatabaseFiles,
  removeJournalFiles,
  resolveBackupFile,
  stageCopy,
} from './check';
import { backupOfKind, backupsRunning, markRestoring } from './write';

/**
 * Puts a staged file in place of the (closed) database. Stale -wal/-shm files go first: SQLite
 * would otherwise replay the old database's log into the restored file. The rename is the one
 * step that changes the live file, so anything failing before it leaves the database as it was.
 */
function putInPlace(staged: string, live: string): void {
  removeJournalFiles(live);
  fs.renameSync(staged, live);
  // The rename itself survives a power cut only once its folder is flushed (not on Windows,
  // where a folder cannot be opened and NTFS journals the rename).
  let fd: number | undefined;
  try {
    fd = fs.openSync(path.dirname(live), 'r');
    fs.fsyncSync(fd);
  } catch {
    /* best effort */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * backup.restore: check the backup (a copy staged beside the database, so what is checked is
 * what goes in), back up the current state as 恢复前-<time>.db, then close the database, swap
 * the file and open it again (an older backup is migrated by openDatabase, after its own
 * 升级前 copy). The session's key becomes the backup's. Should the restored file not open, the
 * state from before is put back, so the clerk is never left without a database.
 */
export async function restoreBackup(
  ctx: ServiceContext,
  input: { file: string; password?: string },
): Promise<RestoreResult> {
  const session: SessionControl | undefined = ctx.session;
  if (!session) throw new AppError('INTERNAL', '只能在程序打开数据库后恢复备份。');
  if (backupsRunning(ctx) > 0) {
    throw new AppError('CONFLICT', '正在备份，请等备份完成后再恢复。');
  }
  if (cardJobsRunning()) {
    throw new AppError('CONFLICT', '正在生成明白纸，请等生成完成后再恢复。');
  }
  const source = resolveBackupFile(ctx, input.file);
  const live = ctx.databaseFile;
  const staged = `${live}.restoring`;
  stageCopy(source, staged);
  let safetyBackup: string;
  let key: string | null;
  try {
    ({ key } = inspectBackup(ctx, staged, source, input.password));
    // Opening the staged copy may have left journal files beside it: only the file moves.
    removeJournalFiles(staged);
    safetyBackup = await backupOfKind(ctx, '恢复前');
    // A backup started while the safety copy was written would lose its connection.
    if (backupsRunning(ctx) > 0) {
      throw new AppError('CONFLICT', '正在备份，请等备份完成后再恢复。');
    }
  } catch (error) {
    removeDatabaseFiles(staged);
    throw error;
  }

  const previousKey = session.key;
  const from = path.basename(source);
  let swapped = false;
  markRestoring(ctx, true);
  try {
    await session.replaceDatabase(() => {
      putInPlace(staged, live);
      swapped = true;
      session.setKey(key);
    });
  } catch (error) {
    removeDatabaseFiles(staged);
    if (!swapped) throw error;
    // The backup passed every check but did not open (its migration failed, say): the
    // 恢复前 copy goes back with the key it was written with.
    log.warn(`恢复 ${from} 后数据库打不开，已换回恢复前的数据`, error);
    await session.replaceDatabase(() => {
      const back = `${live}.restoring`;
      stageCopy(safetyBackup, back);
      putInPlace(back, live);
      session.setKey(previousKey);
    });
    throw new AppError(
      'MIGRATION',
      `这份备份恢复后打不开（${toApiError(error).message}），已换回恢复前的数据，没有改动。`,
    );
  } finally {
    markRestoring(ctx, false);
  }

  // Imports checked against the data from before must be chosen again.
  forgetImportJobs();
  // The context from before is closed: everything after the swap uses the session's new one.
  const fresh = session.ctx;
  inTransaction(fresh, () =>
    audit(fresh, {
      entity: 'database',
      entityId: 'restore',
      action: '恢复备份',
      after: { from, safetyBackup: path.basename(safetyBackup) },
    }),
  );
  log.info(`已从备份恢复：${from}；恢复前的数据已备份为 ${path.basename(safetyBackup)}`);
  return {
    safetyBackup,
    schemaVersion: fresh.schemaVersion,
    counts: countsOf(fresh.sqlite),
  };
}
