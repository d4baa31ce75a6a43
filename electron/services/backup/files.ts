import fs from 'node:fs';
import path from 'node:path';
import { isEncryptedFile } from '../../../db/cipher';
import { stamp } from '../../../db/open';
import type { BackupFile, BackupKind } from '../../api/backup-types';
import type { ServiceContext } from '../context';
import { BACKUP_EXTENSION, FORMAT, MAX_HEADER, type ContainerHeader } from './container';

/** <data>/backups: automatic, manual, before-migration and before-restore copies. */
export const backupsDir = (ctx: Pick<ServiceContext, 'dataDir'>): string =>
  path.join(ctx.dataDir, 'backups');

/** A backup written into a folder the clerk chose (a USB stick): says what it is by its name. */
export const FOLDER_BACKUP_PREFIX = '村级网格台账备份';

/** The kinds this service writes itself; 升级前 copies are named by db/open.ts. */
export type WrittenKind = Exclude<BackupKind, '升级前'>;

// 自动-20260506-150809.vlbak, or 自动-20260506-150809-2.vlbak when two are written in one
// second; 升级前-20260506-150809-v4.vlbak (db/open.ts). Backups of earlier versions end in .db
// (the database alone) and are listed and restorable as such.
const NAME = /^(自动|手动|恢复前)-(\d{8})-(\d{6})(?:-(\d+))?\.(?:db|vlbak)$/;
const MIGRATION_NAME = /^(升级前)-(\d{8})-(\d{6})-v\d+\.(?:db|vlbak)$/;

/** True for a whole backup by its name (.vlbak); .db files hold the database only. */
export const isWholeName = (name: string): boolean => name.endsWith(BACKUP_EXTENSION);

/**
 * The header of a .vlbak read synchronously (for the list): null when it is not one. Only
 * the first bytes are read.
 */
export function readHeaderSync(file: string): ContainerHeader | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const head = Buffer.alloc(12);
    if (fs.readSync(fd, head, 0, 12, 0) !== 12 || head.toString('latin1', 0, 8) !== 'VLBAK01\n') {
      return null;
    }
    const length = head.readUInt32LE(8);
    if (length > MAX_HEADER) return null;
    const json = Buffer.alloc(length);
    if (fs.readSync(fd, json, 0, length, 12) !== length) return null;
    const header = JSON.parse(json.toString('utf8')) as ContainerHeader;
    if (header?.format !== FORMAT) return null;
    // Pruning walks storeObjects: a header that is not ours in shape is not a backup of ours.
    const objects: unknown = header.storeObjects;
    if (
      objects !== undefined &&
      !(Array.isArray(objects) && objects.every((o) => typeof o === 'string'))
    ) {
      return null;
    }
    return header;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

export interface ParsedName {
  kind: BackupKind;
  /** YYYYMMDD, the office clock's date when it was written. */
  day: string;
  /** YYYYMMDD-HHMMSS plus the same-second counter, for ordering. */
  order: string;
  at: Date;
}

/** What a file name in <data>/backups says; null for anything this app did not name. */
export function parseBackupName(name: string): ParsedName | null {
  const match = NAME.exec(name) ?? MIGRATION_NAME.exec(name);
  if (!match) return null;
  const [, kind, day, time, counter] = match as unknown as [
    string,
    BackupKind,
    string,
    string,
    string?,
  ];
  const n = (text: string, from: number, to: number) => Number(text.slice(from, to));
  const at = new Date(
    n(day, 0, 4),
    n(day, 4, 6) - 1,
    n(day, 6, 8),
    n(time, 0, 2),
    n(time, 2, 4),
    n(time, 4, 6),
  );
  if (Number.isNaN(at.getTime())) return null;
  return { kind, day, order: `${day}-${time}-${(counter ?? '1').padStart(4, '0')}`, at };
}

/**
 * A free path `<dir>/<prefix>-<stamp>.vlbak`: a second backup within the same second gets -2,
 * -3 … instead of replacing the first (the writer renames over an existing file).
 */
export function freeBackupPath(
  dir: string,
  prefix: string,
  date: Date,
  extension = BACKUP_EXTENSION,
): string {
  const base = `${prefix}-${stamp(date)}`;
  for (let n = 1; ; n += 1) {
    const file = path.join(dir, n === 1 ? `${base}${extension}` : `${base}-${n}${extension}`);
    if (!fs.existsSync(file) && !fs.existsSync(`${file}.partial`)) return file;
  }
}

/** The backups in <data>/backups, newest first; unfinished (.partial) and foreign files are left out. */
export function listBackups(ctx: Pick<ServiceContext, 'dataDir'>): BackupFile[] {
  const dir = backupsDir(ctx);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const found: (BackupFile & { order: string })[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    const file = path.join(dir, name);
    let size: number;
    try {
      const stat = fs.statSync(file);
      if (!stat.isFile()) continue;
      size = stat.size;
    } catch {
      continue; // removed meanwhile (pruned)
    }
    const whole = isWholeName(name);
    const header = whole ? readHeaderSync(file) : null;
    if (whole && !header) continue; // not (yet) a backup of ours
    found.push({
      name,
      kind: parsed.kind,
      at: parsed.at.toISOString(),
      size,
      encrypted: header ? header.encrypted : isEncryptedFile(file),
      whole,
      order: parsed.order,
    });
  }
  found.sort((a, b) => (a.order === b.order ? 0 : a.order < b.order ? 1 : -1));
  return found.map(({ order: _order, ...file }) => file);
}
