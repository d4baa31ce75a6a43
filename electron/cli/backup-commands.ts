import fs from 'node:fs';
import path from 'node:path';
import type { BackupCheck } from '../api/backup-types';
import { CliError, invoke, invokeSession, requireOut, type CliIo, type Command } from './cli-kit';
import {
  BACKUP_EXTENSION,
  localDateTime,
  losesAnything,
  wholeBackupToFile,
} from './outside-contract';

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
  if (check.whole) {
    io.out(
      `文件：${check.files.count} 个（${megabytes(check.files.bytes)}），与备份清单逐一核对无误${check.createdAt ? `；备份时间：${localDateTime(check.createdAt, true)}` : ''}`,
    );
  }
  for (const note of check.notes) io.out(`注意：${note}`);
  const loss = check.loss;
  if (losesAnything(loss)) {
    const parts = [
      loss.notices.total > 0
        ? `公示 ${loss.notices.total} 份（${loss.notices.items.map((n) => `${n.number}${n.title}`).join('，')}${loss.notices.total > loss.notices.items.length ? '…' : ''}）`
        : '',
      loss.archiveItems.total > 0
        ? `归档文件 ${loss.archiveItems.total} 件（${loss.archiveItems.items.map((i) => i.archivalCode).join('，')}${loss.archiveItems.total > loss.archiveItems.items.length ? '…' : ''}）`
        : '',
      loss.households.total > 0
        ? `农户 ${loss.households.total} 户（${loss.households.items.map((h) => (h.code ? `${h.code} ${h.headName}` : h.headName)).join('，')}${loss.households.total > loss.households.items.length ? '…' : ''}）`
        : '',
      loss.problems.total > 0 ? `问题 ${loss.problems.total} 条` : '',
      loss.visits.total > 0 ? `走访 ${loss.visits.total} 次` : '',
    ].filter(Boolean);
    io.out(`恢复后将不再有（现在的数据有、这份备份没有）：${parts.join('；')}`);
    if (loss.notices.total > 0) io.out('已发过的公示编号不会再用，新公示接着最大的编号往下编。');
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

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
    summary:
      '整份备份到一个文件（如 U 盘上）：数据库和它用到的全部照片、附件、文件、归档原件，显示进度',
    usage: `backup --out 备份文件${BACKUP_EXTENSION}`,
    options: { out: { type: 'string' } },
    async run(runtime, args, io) {
      let out = requireOut(args);
      if (!out.endsWith(BACKUP_EXTENSION)) out += BACKUP_EXTENSION;
      if (fs.existsSync(out)) throw new CliError(`文件已存在：${out}，请换一个文件名。`);
      let shown = -1;
      const result = await wholeBackupToFile(runtime, out, (done, total) => {
        const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
        if (percent !== shown) io.err(`备份中 ${percent}%`);
        shown = percent;
      });
      io.out(`备份完成：${out}`);
      io.out(
        `含数据库和文件 ${result.files} 个（${megabytes(result.filesBytes)}），备份文件 ${megabytes(result.size)}`,
      );
      if (result.missing.length > 0) {
        io.out(
          `注意：数据文件夹里已缺少 ${result.missing.length} 个文件（如「${result.missing[0]}」），备份里也没有它们。`,
        );
      }
    },
  },
  restore: {
    summary:
      '从备份文件恢复：先逐一核对备份里的数据库和文件，再把现在的数据另存一份，然后换成备份的数据和文件（新电脑上的空数据文件夹也可以）',
    usage: `restore 备份文件${BACKUP_EXTENSION}   （备份的密码与数据库不同时，用环境变量 ${BACKUP_PASSWORD_ENV} 给出）`,
    async run(runtime, args, io, session) {
      if (args.positionals.length !== 1) throw new CliError('请给出一个备份文件');
      const file = backupArgument(args.positionals[0]!);
      const password = process.env[BACKUP_PASSWORD_ENV] || undefined;
      const check = await invoke(runtime, 'backup.check', { file, password });
      printCheck(check, io);
      // Through the session: restore closes the database and opens the restored one.
      const result = await invokeSession(session, 'backup.restore', { file, password });
      if (check.whole) {
        io.out(`写入文件 ${result.files.written} 个，原有相同文件 ${result.files.kept} 个`);
      }
      io.out(`已恢复：${check.file}；恢复前的数据已备份到：${result.safetyBackup}`);
    },
  },
};
