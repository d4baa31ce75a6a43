import fs from 'node:fs';
import path from 'node:path';
import type { BackupCheck, RestoreResult } from '../api/backup-types';
import { AppError } from '../api/errors';
import { toApiError } from '../services/dispatch';
import { checkTargetFolder, backupTo } from '../services/backup/write';
import { dispatchSession } from '../services/session-dispatch';
import { CliError, invoke, requireOut, type CliIo, type Command } from './cli-kit';
import { localDateTime } from '../services/system/local-time';

/**
 * The password of a backup that differs from the database's own. From the environment, never
 * an option: a command line shows in the process list.
 */
export const BACKUP_PASSWORD_ENV = 'VILLAGE_LEDGER_BACKUP_PASSWORD';

/** What a checked backup holds, as the restore confirmation in the app shows it. */
export function printCheck(check: BackupCheck, io: CliIo): void {
  const c = check.counts;
  io.out(`备份文件：${check.file}${check.encrypted ? '（已加密）' : ''}`);
  io.out(`数据库结构版本：${check.schemaVersion}（本程序：${check.appSchemaVersion}）`);
  io.out(
    `网格 ${c.grids}，农户 ${c.households}，成员 ${c.members}，网格员 ${c.workers}，问题 ${c.problems}，走访 ${c.visits}，归档文件 ${c.archiveItems}`,
  );
  io.out(`最后修改：${check.lastChange ? localDateTime(check.lastChange, true) : '没有操作记录'}`);
}

/**
 * A bare name is a file in <data>/backups (as backup.list names it) unless such a file is in
 * the current folder; anything with a folder part is a path from here.
 */
function backupArgument(file: string): string {
  if (path.isAbsolute(file) || /[\\/]/.test(file) || fs.existsSync(file)) {
    return path.resolve(file);
  }
  return file;
}

/** 备份与恢复: backup, restore. */
export const backupCommands: Record<string, Command> = {
  backup: {
    summary: '把数据库备份到一个文件（如 U 盘上），显示进度',
    usage: 'backup --out 备份文件.db',
    options: { out: { type: 'string' } },
    async run(runtime, args, io) {
      const out = requireOut(args);
      if (fs.existsSync(out)) throw new CliError(`文件已存在：${out}，请换一个文件名。`);
      try {
        checkTargetFolder(path.dirname(out));
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      let shown = -1;
      try {
        await backupTo(runtime.ctx, out, (done, total) => {
          const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
          if (percent !== shown) io.err(`备份中 ${percent}%`);
          shown = percent;
        });
      } catch (error) {
        const shape = toApiError(error);
        throw new CliError(
          error instanceof AppError || shape.code === 'DISK_FULL'
            ? shape.message
            : `备份没有完成：${(error as Error).message}`,
        );
      }
      io.out(`备份完成：${out}`);
    },
  },
  restore: {
    summary: '从备份文件恢复：先检查备份，再把现在的数据另存一份，然后换成备份的数据',
    usage: `restore 备份文件.db   （备份的密码与数据库不同时，用环境变量 ${BACKUP_PASSWORD_ENV} 给出）`,
    async run(runtime, args, io, session) {
      if (args.positionals.length !== 1) throw new CliError('请给出一个备份文件');
      const file = backupArgument(args.positionals[0]!);
      const password = process.env[BACKUP_PASSWORD_ENV] || undefined;
      const check = await invoke<BackupCheck>(runtime, 'backup.check', { file, password });
      printCheck(check, io);
      const envelope = await dispatchSession(session, 'backup.restore', { file, password });
      if (!envelope.ok) throw new CliError(envelope.error.message);
      const result = envelope.result as RestoreResult;
      io.out(`已恢复：${check.file}；恢复前的数据已备份到：${result.safetyBackup}`);
    },
  },
};
