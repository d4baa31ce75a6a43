import crypto from 'node:crypto';
import path from 'node:path';
import type { BackupJobStatus } from '../../api/backup-types';
import { AppError } from '../../api/errors';
import type { ServiceContext } from '../context';
import { toApiError } from '../dispatch';
import { log } from '../log/logger';
import { FOLDER_BACKUP_PREFIX, freeBackupPath } from './files';
import { assertNotRestoring, checkTargetFolder, wholeBackupOfKind, wholeBackupTo } from './write';

// ---- Jobs: 立即备份 and 备份到 U 盘 run in the background while the UI shows pages copied.

const jobs = new Map<string, BackupJobStatus>();
/** Finished jobs are small; the newest few are kept so a slow poll still sees the outcome. */
const MAX_JOBS = 20;

/** Why a backup failed, for the clerk: a full disk says so; anything else says nothing changed. */
function failureMessage(error: unknown): string {
  if (error instanceof AppError) return error.message;
  const shape = toApiError(error);
  if (shape.code === 'DISK_FULL') return shape.message;
  return '备份没有完成，没有留下不完整的备份文件，原有数据未受影响。请换一个文件夹或稍后再试。';
}

/**
 * Starts a whole backup into `folder` (村级网格台账备份-<time>.vlbak, every file inside) or,
 * without one, into <data>/backups (手动-<time>.vlbak, files in the store); the folder is checked before the job starts, so a wrong
 * path is an error of the call, not of the job.
 */
export function startBackupJob(ctx: ServiceContext, input: { folder?: string }): { jobId: string } {
  assertNotRestoring(ctx);
  const folder = input.folder === undefined ? null : checkTargetFolder(input.folder);
  const jobId = crypto.randomUUID();
  const status: BackupJobStatus = {
    jobId,
    state: 'running',
    done: 0,
    total: 0,
    file: null,
    message: null,
  };
  jobs.set(jobId, status);
  for (const old of [...jobs.keys()].slice(0, Math.max(0, jobs.size - MAX_JOBS))) {
    if (jobs.get(old)?.state !== 'running') jobs.delete(old);
  }
  const progress = (done: number, total: number) => {
    status.done = done;
    status.total = total;
  };
  const work = folder
    ? wholeBackupTo(ctx, freeBackupPath(folder, FOLDER_BACKUP_PREFIX, ctx.now()), {
        kind: 'U盘',
        store: false,
        onProgress: progress,
      })
    : wholeBackupOfKind(ctx, '手动', progress);
  work.then(
    (result) => {
      status.file = result.file;
      status.files = { count: result.files, bytes: result.filesBytes, missing: result.missing };
      status.state = 'done';
      log.info(
        `备份完成：${path.basename(result.file)}（文件 ${result.files} 个${result.missing.length > 0 ? `，备份时已缺少 ${result.missing.length} 个` : ''}）`,
      );
    },
    (error: unknown) => {
      status.state = 'failed';
      status.message = failureMessage(error);
      log.warn('备份失败', error);
    },
  );
  return { jobId };
}

export function backupJobStatus(jobId: string): BackupJobStatus {
  const status = jobs.get(jobId);
  if (!status) throw new AppError('NOT_FOUND', '找不到这次备份，请重新开始备份。');
  return { ...status };
}
