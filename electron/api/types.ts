import type { DemoSize, GridLevel, Settings } from './schemas';

export interface AppInfo {
  productName: string;
  version: string;
  dataDir: string;
  databaseFile: string;
  schemaVersion: number;
}

export interface SetupStatus {
  initialized: boolean;
  rootId: number | null;
  villageName: string;
}

export interface GridRecord {
  id: number;
  parentId: number | null;
  level: GridLevel;
  name: string;
  code: string | null;
  sortOrder: number;
  /** Set when the grid was withdrawn but kept for its history. */
  archivedAt: string | null;
}

export interface GridNode extends GridRecord {
  children: GridNode[];
}

export interface AuditEntry {
  id: number;
  at: string;
  operator: string;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface DemoSummary {
  size: DemoSize;
  seed: number;
  grids: Record<GridLevel, number>;
  workers: number;
  households: number;
  members: number;
  monitored: number;
  measures: number;
  /** The ledger's demo year: 问题登记, 走访 and 月度会商 records. */
  problems: number;
  visits: number;
  meetings: number;
  /** 归档文件 of the first village, current and previous year (the previous one sealed). */
  archiveItems: number;
  millis: number;
}

export type { Settings };
