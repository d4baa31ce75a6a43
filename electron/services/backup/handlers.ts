import type { backupContract } from '../../api/backup-contract';
import type { HandlersOf } from '../handler-type';
import { checkBackup } from './check';
import { listBackups } from './files';
import { backupJobStatus, startBackupJob } from './jobs';
import { restoreBackup } from './restore';

export const backupHandlers: HandlersOf<typeof backupContract> = {
  'backup.list': (ctx) => listBackups(ctx),
  'backup.start': (ctx, input) => startBackupJob(ctx, input),
  'backup.status': (_ctx, input) => backupJobStatus(input.jobId),
  'backup.check': (ctx, input) => checkBackup(ctx, input),
  'backup.restore': (ctx, input) => restoreBackup(ctx, input),
};
