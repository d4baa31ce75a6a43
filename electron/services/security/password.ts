import fs from 'node:fs';
import path from 'node:path';
import { applyKey, changeKey, isEncryptedFile } from '../../../db/cipher';
import { openSqlite } from '../../../db/sqlite';
import { AppError } from '../../api/errors';
import type { SessionStatus } from '../../api/session-types';
import { audit } from '../audit/audit';
import { backupsDir } from '../backup/files';
import { rekeyWholeBackups } from '../backup/rekey';
import { backupsRunning } from '../backup/write';
import { inTransaction, type ServiceContext, type SessionControl } from '../context';
import { log } from '../log/logger';
import { prepareFileRekey } from './files';
import { UnlockLimiter } from './unlock-limit';

function sessionOf(ctx: ServiceContext): SessionControl {
  if (!ctx.session) throw new AppError('INTERNAL', '数据库密码只能在程序打开数据库后修改。');
  // A backup under way copies pages through this connection: re-keyed half-way, its copy
  // would keep the old key (or none) and land in the backups folder after the rekey below.
  if (backupsRunning(ctx) > 0) {
    throw new AppError('CONFLICT', '正在备份，请等备份完成后再设置或修改密码。');
  }
  return ctx.session;
}

/**
 * The current password, asked before a change: guessed wrong, it counts with the unlock
 * screen's wrong passwords and slows down the same way (unlock-limit.ts), so an unlocked
 * screen left alone is no faster way to find the password that also opens the backups.
 */
function checkCurrent(
  ctx: ServiceContext,
  session: SessionControl,
  current: string | undefined,
): void {
  if (session.key === null) return;
  if (current === undefined) throw new AppError('VALIDATION', '请填写当前密码');
  const attempts = UnlockLimiter.forDataDir(ctx.dataDir, ctx.now);
  attempts.check('VALIDATION');
  if (current !== session.key) {
    throw new AppError('VALIDATION', attempts.failed('当前密码不对，密码没有修改。'));
  }
  attempts.succeeded();
}

/**
 * Gives the backups in <data>/backups the live database's new key, so a backup is never
 * readable without the password the database has now (and a removed password leaves none
 * that needs the old one). A backup with some other key (copied in by hand) is left as is.
 */
function rekeyBackups(ctx: ServiceContext, from: string | null, to: string | null): number {
  const dir = backupsDir(ctx);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.db'));
  } catch {
    return 0;
  }
  let changed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    if (isEncryptedFile(file) !== (from !== null)) continue;
    try {
      const copy = openSqlite(file, { fileMustExist: true });
      try {
        if (from !== null) applyKey(copy, from);
        copy.prepare('SELECT count(*) FROM sqlite_master').get();
        changeKey(copy, to);
        changed += 1;
      } finally {
        copy.close();
      }
    } catch (error) {
      log.warn(`备份 ${name} 未能换用新密码`, error);
    }
  }
  return changed;
}

function record(ctx: ServiceContext, action: string, backups: number, files: number): void {
  // The trail says that the password changed and who changed it, never the password.
  inTransaction(ctx, () =>
    audit(ctx, { entity: 'database', entityId: 'password', action, after: { backups, files } }),
  );
  log.fileOnly(`数据库密码：${action}，备份 ${backups} 份、数据文件 ${files} 个已随之更新`);
}

/**
 * Rekeys the database and, around it, the data folder's files (security/files.ts): their new
 * contents are ready before the database changes, and renamed in right after it. Synchronous
 * on purpose: no other call can store a file under the old password half-way (test/bench
 * vault.bench.ts: the village demo's 97 files, 5.5 MiB, in about a third of a second).
 */
function rekeyDatabaseAndFiles(
  ctx: ServiceContext,
  session: SessionControl,
  from: string | null,
  to: string | null,
): number {
  const files = prepareFileRekey(ctx.dataDir, from, to);
  try {
    changeKey(ctx.sqlite, to);
  } catch (error) {
    files.abort();
    throw error;
  }
  session.setKey(to);
  files.commit();
  return files.files;
}

/** Sets a password on a plain database, or changes the password of an encrypted one. */
export async function setPassword(
  ctx: ServiceContext,
  input: { current?: string; next: string },
): Promise<SessionStatus> {
  const session = sessionOf(ctx);
  checkCurrent(ctx, session, input.current);
  const previous = session.key;
  const files = rekeyDatabaseAndFiles(ctx, session, previous, input.next);
  const whole = await rekeyWholeBackups(ctx.dataDir, previous, input.next);
  record(
    ctx,
    previous === null ? '设置密码' : '修改密码',
    rekeyBackups(ctx, previous, input.next) + whole,
    files,
  );
  return session.status();
}

/** Removes the password: the file (and the backups in <data>/backups) become plain SQLite. */
export async function removePassword(
  ctx: ServiceContext,
  input: { current: string },
): Promise<SessionStatus> {
  const session = sessionOf(ctx);
  if (session.key === null) throw new AppError('CONFLICT', '数据库没有设密码。');
  checkCurrent(ctx, session, input.current);
  const previous = session.key;
  const files = rekeyDatabaseAndFiles(ctx, session, previous, null);
  const whole = await rekeyWholeBackups(ctx.dataDir, previous, null);
  record(ctx, '取消密码', rekeyBackups(ctx, previous, null) + whole, files);
  return session.status();
}
