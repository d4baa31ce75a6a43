import { z } from 'zod';
import { method } from './method';
import { absolutePath } from './schemas';
import { password } from './session-contract';
import type { BackupCheck, BackupFile, BackupJobStatus, RestoreResult } from './backup-types';

/** A backup named as backup.list gives it (no folder part), or a full path to a backup file. */
const backupFile = z.union(
  [
    z
      .string()
      .trim()
      .min(1)
      .max(200, { message: '备份文件名不对', abort: true })
      .regex(/^[^/\\\0]+\.db$/, '备份文件名不对')
      .refine((n) => n !== '.db' && !n.startsWith('..'), '备份文件名不对'),
    absolutePath('备份文件'),
  ],
  { error: '请选择备份文件（备份列表中的文件名，或完整路径）' },
);

const jobId = z.string().max(36, { message: '备份编号不对', abort: true }).uuid('备份编号不对');

/** Backups into <data>/backups or a chosen folder, with progress; checked restore. */
export const backupContract = {
  'backup.list': method<BackupFile[]>()(z.strictObject({}).optional()),
  /** Starts a backup: into `folder` (a USB stick) or, without it, into <data>/backups. */
  'backup.start': method<{ jobId: string }>()(
    z.strictObject({ folder: absolutePath('备份文件夹').optional() }),
  ),
  'backup.status': method<BackupJobStatus>()(z.strictObject({ jobId })),
  /** Opens a backup read-only and checks it: integrity, schema version, what it holds. */
  'backup.check': method<BackupCheck>()(
    z.strictObject({ file: backupFile, password: password('备份的数据库密码').optional() }),
  ),
  /** Backs up the current state, then replaces the database with the checked backup. */
  'backup.restore': method<RestoreResult>()(
    z.strictObject({ file: backupFile, password: password('备份的数据库密码').optional() }),
  ),
} as const;
