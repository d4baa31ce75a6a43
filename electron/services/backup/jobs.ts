import path from 'node:path';
import type { BackupJobStatus } from '../../api/backup-types';
import { AppError } from '../../api/errors';
import type { ServiceContext } from '../context';
import * as jobs from '../jobs/registry';
import { toApiError } from '../dispatch';
import { log } from '../log/logger';
import { FOLDER_BACKUP_PREFIX, freeBackupPath } from './files';
import { assertNotRestoring, checkTargetFolder, wholeBackupOfKind, wholeBackupTo } from './write';

// ---- Jobs: 立即备份 and 备份到 U 盘 run in the background while the UI shows pages copied, as
// jobs of the one registry (services/jobs/registry.ts, kind 'backup'). A backup is not cancelled
// half-way: it writes to a temporary file and renames it at the end (write.ts).

const NOT_FOUND = '找不到这次备份，请重新开始备份。';

interface BackupJobResult {
  file: string;
  files: { count: number; bytes: number; missing: string[] };
}

/** Why a backup failed, for the clerk: a full disk says so; anything else says nothing changed. */
function failureMessage(error: unknown): string {
  log.warn('备份失败', error);
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
  const { jobId } = jobs.start(
    'backup',
    async (job): Promise<BackupJobResult> => {
      const progress = (done: number, total: number) => job.progress(done, total);
      const result = await (folder
        ? wholeBackupTo(ctx, freeBackupPath(folder, FOLDER_BACKUP_PREFIX, ctx.now()), {
            kind: 'U盘',
            store: false,
            onProgress: progress,
          })
        : wholeBackupOfKind(ctx, '手动', progress));
      log.info(
        `备份完成：${path.basename(result.file)}（文件 ${result.files} 个${result.missing.length > 0 ? `，备份时已缺少 ${result.missing.length} 个` : ''}）`,
      );
      return {
        file: result.file,
        files: { count: result.files, bytes: result.filesBytes, missing: result.missing },
      };
    },
    {
      label: folder ? '备份到 U 盘或其他文件夹' : '立即备份',
      phase: '复制数据库和文件',
      cancellable: false,
      publicResult: (result) => result,
      failure: failureMessage,
    },
  );
  return { jobId };
}

/** The registry's status in the backup's own shape (backup.status). */
export function backupJobStatus(jobId: string): BackupJobStatus {
  const status = jobs.statusOfKind(jobId, 'backup', NOT_FOUND);
  const result = status.result as BackupJobResult | undefined;
  return {
    jobId,
    state: status.state === 'running' || status.state === 'done' ? status.state : 'failed',
    done: status.progress.done,
    total: status.progress.total,
    file: result?.file ?? null,
    message: status.state === 'done' ? null : (status.error ?? status.message ?? null),
    ...(result ? { files: result.files } : {}),
  };
}
