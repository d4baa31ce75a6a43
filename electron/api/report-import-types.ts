/** What the township's import of village 上报包 reports (docs/domain.md §11). */

export type ReportImportOutcome = 'loaded' | 'unchanged' | 'refused';

/** One file's outcome: loaded, the very same package again, or refused (with why). */
export interface ReportImportFileResult {
  fileName: string;
  outcome: ReportImportOutcome;
  /** The Chinese sentence for the clerk (what was loaded, or why it was refused). */
  message: string;
  /** 乡镇 + 村 name when the manifest could be read. */
  village: string;
  period: string;
}

/** A village loaded in this workspace now (its newest package). */
export interface LoadedVillage {
  id: number;
  villageKey: string;
  villageName: string;
  villageCode: string;
  townshipName: string;
  countyName: string;
  /** The village's grid node in this workspace. */
  gridId: number | null;
  period: string;
  /** When the package's data was last changed (数据时间). */
  dataTime: string;
  counts: Record<string, number>;
  importedAt: string;
  importedBy: string;
}

/** One entry of the 导入记录 (every attempt, loaded or refused). */
export interface ReportImportRecord {
  id: number;
  fileName: string;
  villageName: string;
  period: string;
  dataTime: string;
  outcome: ReportImportOutcome;
  message: string;
  importedBy: string;
  importedAt: string;
}
