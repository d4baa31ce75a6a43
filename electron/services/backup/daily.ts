import fs from 'node:fs';
import path from 'node:path';
import { stamp } from '../../../db/open';
import type { ServiceContext } from '../context';
import { log } from '../log/logger';
import { getSettings } from '../settings/settings';
import { backupsDir, parseBackupName } from './files';
import { pruneAutomaticBackups, pruneStore } from './retention';
import { backupOfKind, backupsRunning } from './write';

/** True when <data>/backups already holds an automatic backup of this local date. */
function hasAutomaticBackupOf(dir: string, day: string): boolean {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return false;
  }
  return names.some((name) => {
    const parsed = parseBackupName(name);
    return parsed?.kind === '自动' && parsed.day === day;
  });
}

/**
 * The first start of each day (by the office clock) writes 自动-<time>.vlbak into
 * <data>/backups, then prunes the automatic ones (the newest settings.backupKeep plus one per
 * month) and the store objects no backup uses any more. It starts after the opening call has
 * answered and runs in the background so the window opens at once, and never fails the start: a problem is
 * logged. The promise (the backup's path, or null when none was due or it failed) is for tests.
 */
export function scheduleDailyBackup(ctx: ServiceContext): Promise<string | null> {
  const dir = backupsDir(ctx);
  const day = stamp(ctx.now()).slice(0, 8);
  if (hasAutomaticBackupOf(dir, day)) return Promise.resolve(null);
  return (async () => {
    // After the call that opened the database has answered: the first unlock of an encrypted
    // database returns at once instead of waiting for the VACUUM INTO (issue 15 item 1).
    await new Promise((resolve) => setImmediate(resolve));
    try {
      const file = await backupOfKind(ctx, '自动');
      const pruned = pruneAutomaticBackups(dir, getSettings(ctx).backupKeep);
      // Files only the pruned backups carried leave the store too (not while another runs).
      const objects = backupsRunning(ctx) === 0 ? pruneStore(dir) : [];
      log.info(
        `每日自动备份完成：${path.basename(file)}${pruned.length > 0 ? `；删除旧的自动备份 ${pruned.length} 份` : ''}${objects.length > 0 ? `，不再需要的备份文件 ${objects.length} 个` : ''}`,
      );
      return file;
    } catch (error) {
      log.warn('每日自动备份没有完成', error);
      return null;
    }
  })();
}
