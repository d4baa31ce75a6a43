import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../api/errors';
import type { ServiceContext } from '../context';
import { backupsDir, freeBackupPath, type WrittenKind } from './files';
import { writeWholeBackup, type WholeBackupResult } from './whole';

/**
 * Backups under way per database file. A restore closes the connection a backup copies from,
 * so it waits for them (refuses while any runs); a backup is not started during a restore.
 */
const running = new Map<string, number>();
const restoring = new Set<string>();

export function backupsRunning(ctx: ServiceContext): number {
  return running.get(ctx.databaseFile) ?? 0;
}

export function markRestoring(ctx: ServiceContext, on: boolean): void {
  if (on) restoring.add(ctx.databaseFile);
  else restoring.delete(ctx.databaseFile);
}

export function assertNotRestoring(ctx: ServiceContext): void {
  if (restoring.has(ctx.databaseFile)) {
    throw new AppError('CONFLICT', '正在恢复数据，请等恢复完成后再备份。');
  }
}

/**
 * A whole backup of the open data (docs/domain.md §6 备份) at `target`: the database and every
 * file it refers to, in one .vlbak, encrypted with the session's key when the database has one,
 * so a backup is never readable without the database's password. `store` (for backups inside
 * <data>/backups) keeps the files in the shared store instead of inside the file.
 */
export async function wholeBackupTo(
  ctx: ServiceContext,
  target: string,
  options: {
    kind: string;
    store: boolean;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<WholeBackupResult> {
  assertNotRestoring(ctx);
  const file = ctx.databaseFile;
  running.set(file, (running.get(file) ?? 0) + 1);
  try {
    return await writeWholeBackup({
      sqlite: ctx.sqlite,
      key: ctx.session?.key ?? null,
      dataDir: ctx.dataDir,
      target,
      kind: options.kind,
      now: ctx.now(),
      store: options.store ? backupsDir(ctx) : null,
      onProgress: options.onProgress,
    });
  } finally {
    const left = (running.get(file) ?? 1) - 1;
    if (left > 0) running.set(file, left);
    else running.delete(file);
  }
}

/** A self-contained whole backup at `target` (a USB stick): every file inside it. */
export async function backupTo(
  ctx: ServiceContext,
  target: string,
  onProgress?: (done: number, total: number) => void,
): Promise<string> {
  return (await wholeBackupTo(ctx, target, { kind: 'U盘', store: false, onProgress })).file;
}

/** A backup into <data>/backups named by its kind and the office clock: 手动-20260506-150809.vlbak. */
export async function wholeBackupOfKind(
  ctx: ServiceContext,
  kind: WrittenKind,
  onProgress?: (done: number, total: number) => void,
): Promise<WholeBackupResult> {
  const dir = backupsDir(ctx);
  fs.mkdirSync(dir, { recursive: true });
  return wholeBackupTo(ctx, freeBackupPath(dir, kind, ctx.now()), {
    kind,
    store: true,
    onProgress,
  });
}

export async function backupOfKind(
  ctx: ServiceContext,
  kind: WrittenKind,
  onProgress?: (done: number, total: number) => void,
): Promise<string> {
  return (await wholeBackupOfKind(ctx, kind, onProgress)).file;
}

/**
 * A folder the clerk typed (a USB stick): it must exist, be a folder and take a file. Trying
 * a small file is the only test that tells a write-protected stick on every system
 * (fs.access on Windows folders ignores the read-only switch).
 */
export function checkTargetFolder(folder: string): string {
  const resolved = path.resolve(folder);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    throw new AppError(
      'VALIDATION',
      `备份文件夹不存在：${resolved}。请确认 U 盘已插好、路径没有写错。`,
    );
  }
  if (!stat.isDirectory()) {
    throw new AppError('VALIDATION', `备份文件夹填的是一个文件，不是文件夹：${resolved}`);
  }
  const probe = path.join(resolved, `.village-ledger-write-test-${process.pid}-${Date.now()}`);
  try {
    fs.writeFileSync(probe, '');
  } catch {
    throw new AppError(
      'VALIDATION',
      `备份文件夹不能写入：${resolved}。U 盘可能打开了写保护，或没有写入权限。`,
    );
  } finally {
    fs.rmSync(probe, { force: true });
  }
  return resolved;
}
