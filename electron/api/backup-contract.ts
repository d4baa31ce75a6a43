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
      .regex(/^[^/\\\0]+\.(?:db|vlbak)$/, '备份文件名不对')
      .refine((n) => n !== '.db' && n !== '.vlbak' && !n.startsWith('..'), '备份文件名不对'),
    absolutePath('备份文件'),
  ],
  { error: '请选择备份文件（备份列表中的文件名，或完整路径）' },
);

const jobId = z.string().max(36, { message: '备份编号不对', abort: true }).uuid('备份编号不对');

/** Backups into <data>/backups or a chosen folder, with progress; checked restore. */
export const backupContract = {
  'backup.list': method<BackupFile[]>()(z.strictObject({}).optional()),
  /**
   * Starts a whole backup (database and every file it refers to, one .vlbak): into `folder`
   * (a USB stick, every file inside) or, without it, into <data>/backups (files in its store).
   */
  'backup.start': method<{ jobId: string }>()(
    z.strictObject({ folder: absolutePath('备份文件夹').optional() }),
  ),
  'backup.status': method<BackupJobStatus>()(z.strictObject({ jobId })),
  /**
   * Checks a backup without changing anything: every file and the database against its
   * manifest, integrity, schema version, what it holds and what restoring it would lose.
   */
  'backup.check': method<BackupCheck>()(
    z.strictObject({ file: backupFile, password: password('备份的数据库密码').optional() }),
  ),
  /**
   * Checks the backup, backs up the current state (恢复前), writes the backup's files into the
   * data folder, then replaces the database; on failure the state before is put back.
   */
  'backup.restore': method<RestoreResult>()(
    z.strictObject({ file: backupFile, password: password('备份的数据库密码').optional() }),
  ),
} as const;
