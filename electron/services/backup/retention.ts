import fs from 'node:fs';
import path from 'node:path';
import { log } from '../log/logger';
import { BACKUP_EXTENSION } from './container';
import { parseBackupName, readHeaderSync } from './files';
import { collectGarbage } from './store';

/**
 * Which automatic backups to delete: all but the newest `keep`, and among the older ones all
 * but the newest of each calendar month (issue #7: "keep the last N plus one per month"), so
 * a mistake noticed months later can still be undone from that month's copy. Only 自动-
 * names count: 手动, 升级前 and 恢复前 copies and foreign files are never candidates.
 */
export function prunableBackups(names: readonly string[], keep: number): string[] {
  const automatic = names
    .map((name) => ({ name, parsed: parseBackupName(name) }))
    .filter((entry) => entry.parsed?.kind === '自动')
    .sort((a, b) => (a.parsed!.order < b.parsed!.order ? 1 : -1));
  const monthsKept = new Set<string>();
  const prune: string[] = [];
  for (const [index, entry] of automatic.entries()) {
    if (index < keep) continue;
    const month = entry.parsed!.day.slice(0, 6);
    if (monthsKept.has(month)) prune.push(entry.name);
    else monthsKept.add(month);
  }
  return prune;
}

/** Deletes the automatic backups prunableBackups() names; returns the names deleted. */
export function pruneAutomaticBackups(dir: string, keep: number): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const deleted: string[] = [];
  for (const name of prunableBackups(names, keep)) {
    try {
      fs.rmSync(path.join(dir, name));
      deleted.push(name);
    } catch (error) {
      log.warn(`旧的自动备份 ${name} 未能删除`, error);
    }
  }
  return deleted;
}

/**
 * Removes the store objects (backups/files/<sha256>) that no backup left in `dir` uses. A
 * .vlbak whose header cannot be read might use any of them: then nothing is removed.
 */
export function pruneStore(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const used = new Set<string>();
  for (const name of names) {
    if (!name.endsWith(BACKUP_EXTENSION) && !name.endsWith(`${BACKUP_EXTENSION}.partial`)) continue;
    if (name.endsWith('.partial')) return []; // a backup being written: its objects are not listed yet
    const header = readHeaderSync(path.join(dir, name));
    if (!header) {
      log.warn(`备份 ${name} 读不出内容清单，备份文件库暂不清理`);
      return [];
    }
    for (const sha of header.storeObjects ?? []) used.add(sha);
  }
  return collectGarbage(dir, used);
}
