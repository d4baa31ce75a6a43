/** Results of the roster's Excel door (templates, import, export). */

export type RosterKind = 'households' | 'workers';

/**
 * A file crossing the API (an export, a PDF, a stored scan): its name and its bytes, which
 * structured clone and the web host's frame carry as is (api/frame.ts); the renderer turns it
 * into a download, the CLI writes it to --out.
 */
export interface FilePayload {
  fileName: string;
  data: Uint8Array;
}

export interface Problem {
  sheet: string;
  /** 1-based row number in the sheet (1 = the header row). */
  row: number;
  column: string;
  reason: string;
}

export interface ImportPreview {
  kind: RosterKind;
  fileName: string;
  sheet: string;
  /** Data rows in the file. */
  rows: number;
  /** Households (or worker rows) in the file, and how many have no problem. */
  units: number;
  validUnits: number;
  /** Of the valid households: new ones and ones matched by the head's ID number. */
  creates: number;
  updates: number;
  problemCount: number;
  /** The first 1,000 problems, by row; the problems workbook has all of them. */
  problems: Problem[];
}

export interface ImportJobStatus {
  jobId: string;
  phase: 'reading' | 'checking' | 'ready' | 'failed';
  done: number;
  total: number;
  preview: ImportPreview | null;
  error: string | null;
}

export interface ImportSummary {
  created: number;
  updated: number;
  skipped: number;
  members: number;
}
