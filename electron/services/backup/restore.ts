import fs from 'node:fs';
import path from 'node:path';
import type { RestoreResult } from '../../api/backup-types';
import { AppError } from '../../api/errors';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext, type SessionControl } from '../context';
import { cardJobsRunning } from '../cards/batch';
import { running as jobsRunning } from '../jobs/registry';
import { toApiError } from '../dispatch';
import { forgetImportJobs } from '../roster-io/import';
import { log } from '../log/logger';
import { marksOfDatabase, mergeIssued } from '../sequences/issued';
import {
  countsOf,
  keepCurrentKey,
  prepareBackup,
  removeDatabaseFiles,
  removeJournalFiles,
  resolveBackupFile,
} from './check';
import { FileVault } from '../../documents/vault';
import { extractDatabase, openWholeBackup, writeFilesInto, type OpenedBackup } from './whole-read';
import { filesUnder } from './referenced';
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
 * backup.restore (docs/domain.md §6 备份): check the backup completely (every file and the
 * database against the manifest, on a copy staged beside the database, so what is checked is
 * what goes in), back up the current state as a whole 恢复前 backup, write the backup's files
 * into the data folder, keep the numbers the current data issued (issued-numbers.json), then
 * close the database, swap the file and open it again (an older backup is migrated by
 * openDatabase, after its own 升级前 copy). The session's key becomes the backup's. Should
 * anything fail after the first file is written, the 恢复前 state goes back, files and
 * database, so the clerk is never left with half of each.
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
  // A worker thread holds its own connection to the live file (services/jobs/worker-run.ts).
  if (jobsRunning('roster-import-write', 'demo-seed')) {
    throw new AppError('CONFLICT', '正在导入名册（或载入演示数据），请等它完成后再恢复。');
  }
  const source = resolveBackupFile(ctx, input.file);
  const live = ctx.databaseFile;
  const staged = `${live}.restoring`;
  let safetyBackup: string;
  let key: string | null;
  let backup: OpenedBackup | null = null;
  try {
    ({ key, backup } = await prepareBackup(ctx, source, staged, input.password));
    // A restore never takes the password away (issue 14 item 4): re-keyed with the current one.
    key = keepCurrentKey(staged, key, session.key);
  } catch (error) {
    await backup?.reader.close();
    removeDatabaseFiles(staged);
    throw error;
  }
  try {
    // Opening the staged copy may have left journal files beside it: only the file moves.
    removeJournalFiles(staged);
    safetyBackup = await backupOfKind(ctx, '恢复前');
    // A backup started while the safety copy was written would lose its connection.
    if (backupsRunning(ctx) > 0) {
      throw new AppError('CONFLICT', '正在备份，请等备份完成后再恢复。');
    }
  } catch (error) {
    await backup?.reader.close();
    removeDatabaseFiles(staged);
    throw error;
  }

  const previousKey = session.key;
  const from = path.basename(source);
  let swapped = false;
  let files = { written: 0, kept: 0 };
  markRestoring(ctx, true);
  try {
    try {
      // Sealed with the password the restored database will have (documents/vault.ts).
      if (backup)
        files = await writeFilesInto(backup, ctx.dataDir, new FileVault(ctx.dataDir, key));
      // Numbers the current data issued, and those the backup knew, are never issued again
      // (docs/domain.md §4 and §6): merged into the marks kept outside the database.
      mergeIssued(ctx.dataDir, marksOfDatabase(ctx.sqlite));
      if (backup) mergeIssued(ctx.dataDir, backup.manifest.issued);
      await session.replaceDatabase(() => {
        putInPlace(staged, live);
        swapped = true;
        session.setKey(key);
      });
    } catch (error) {
      removeDatabaseFiles(staged);
      // The backup passed every check but did not go in (its migration failed, a full disk
      // while writing files): the 恢复前 state goes back, its files and its database with
      // the key it was written with.
      log.warn(`恢复 ${from} 没有完成，正在换回恢复前的数据`, error);
      await putBack(ctx, session, safetyBackup, previousKey, swapped);
      const shape = toApiError(error);
      if (shape.code === 'DISK_FULL') throw error;
      if (!swapped) throw error;
      throw new AppError(
        'MIGRATION',
        `这份备份恢复后打不开（${shape.message}），已换回恢复前的数据，没有改动。`,
      );
    }
  } finally {
    await backup?.reader.close();
    markRestoring(ctx, false);
  }

  if (backup)
    tidyImportFolders(
      ctx.dataDir,
      backup.manifest.files.map((f) => f.path),
    );
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
  log.info(
    `已从备份恢复：${from}（写入文件 ${files.written} 个，原有相同文件 ${files.kept} 个）；恢复前的数据已备份为 ${path.basename(safetyBackup)}`,
  );
  return {
    safetyBackup,
    schemaVersion: fresh.schemaVersion,
    counts: countsOf(fresh.sqlite),
    files,
  };
}

/**
 * An imported package's folder (imports/<id>) is the backup's exactly: files the replaced data
 * kept under the same id (another package, now only in the 恢复前 backup) are removed, so the
 * package's own check does not find extra files.
 */
function tidyImportFolders(dataDir: string, restored: string[]): void {
  const keep = new Set(restored);
  const folders = new Set(
    restored.filter((f) => f.startsWith('imports/')).map((f) => f.split('/').slice(0, 2).join('/')),
  );
  for (const folder of folders) {
    for (const file of filesUnder(dataDir, folder)) {
      if (!keep.has(file)) fs.rmSync(path.join(dataDir, ...file.split('/')), { force: true });
    }
  }
}

/**
 * Puts the 恢复前 backup back: its files (those the restore replaced get their old content),
 * and its database when the swap had happened (else the live file never changed).
 */
async function putBack(
  ctx: ServiceContext,
  session: SessionControl,
  safetyBackup: string,
  previousKey: string | null,
  swapped: boolean,
): Promise<void> {
  const safety = await openWholeBackup(safetyBackup, previousKey);
  try {
    await writeFilesInto(safety, ctx.dataDir, new FileVault(ctx.dataDir, previousKey));
    if (!swapped) return;
    const back = `${ctx.databaseFile}.restoring`;
    await extractDatabase(safety, back);
    await session.replaceDatabase(() => {
      putInPlace(back, ctx.databaseFile);
      session.setKey(previousKey);
    });
  } finally {
    await safety.reader.close();
  }
}
