/** Where a backup file came from, read from its name in <data>/backups. */
export type BackupKind = '自动' | '手动' | '升级前' | '恢复前';

export interface BackupFile {
  /** File name inside <data>/backups (what backup.check / backup.restore take). */
  name: string;
  kind: BackupKind;
  /** When it was written (ISO 8601). */
  at: string;
  size: number;
  encrypted: boolean;
  /**
   * A whole backup (.vlbak: database and every file it refers to); false for a backup of an
   * earlier version (.db), which holds the database only.
   */
  whole: boolean;
}

export interface BackupJobStatus {
  jobId: string;
  state: 'running' | 'done' | 'failed';
  /** Bytes copied so far and in all (database pages, then files; 0/0 before the copy starts). */
  done: number;
  total: number;
  /** The finished backup's full path. */
  file: string | null;
  /** Why it failed, in Chinese. */
  message: string | null;
  /** When done: how many files it carries, and those the data named but the folder lacked. */
  files?: { count: number; bytes: number; missing: string[] };
}

/** Record counts shown before a restore, so the clerk sees what the backup holds. */
export interface BackupCounts {
  grids: number;
  households: number;
  members: number;
  workers: number;
  problems: number;
  visits: number;
  archiveItems: number;
}

export interface BackupCheck {
  file: string;
  /** PRAGMA integrity_check said ok. */
  ok: true;
  encrypted: boolean;
  schemaVersion: number;
  appSchemaVersion: number;
  counts: BackupCounts;
  /** The newest audit entry in the backup (its last change), or null when it has none. */
  lastChange: string | null;
  /**
   * A whole backup (.vlbak): every file and the database matched the manifest. False for a
   * backup of an earlier version (.db): the database only.
   */
  whole: boolean;
  /** When the backup was made (from its manifest; null for a .db). */
  createdAt: string | null;
  /** The files it carries (photos, attachments, documents, archive originals, imports). */
  files: {
    count: number;
    bytes: number;
    /** Files the data named that were already missing when the backup was made. */
    missingAtBackup: string[];
  };
  /** Plain words for the clerk, e.g. that a .db backup holds no photos or originals. */
  notes: string[];
  /** What the current data has that the backup lacks (lost by restoring it). */
  loss: RestoreLoss;
}

export interface RestoreResult {
  /** The copy of the state before the restore, in <data>/backups (恢复前-…). */
  safetyBackup: string;
  schemaVersion: number;
  counts: BackupCounts;
  /** Files written into the data folder, and those already there with the same content. */
  files: { written: number; kept: number };
}

/**
 * What the current data has that a backup lacks, shown before a restore replaces anything
 * (docs/domain.md §6 and §4: numbers once issued are never issued again). Each list holds at
 * most `limit` entries, newest first; `total` counts all of them.
 */
export interface RestoreLoss {
  /** Notices issued in the current data and not in the backup: 〔2026〕3号 and title. */
  notices: { total: number; items: { number: string; title: string; issueDate: string }[] };
  /** Archive items filed in the current data and not in the backup: 档号 and 题名. */
  archiveItems: { total: number; items: { archivalCode: string; title: string }[] };
  /** Households in the current data and not in the backup: 户编号 (or none) and 户主. */
  households: { total: number; items: { code: string | null; headName: string }[] };
  /** Problems registered in the current data and not in the backup. */
  problems: { total: number };
  /** Visits recorded in the current data and not in the backup. */
  visits: { total: number };
  /** Entries in the list fields above are cut to this many. */
  limit: number;
}
