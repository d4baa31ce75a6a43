/** Results of the department warning lists (部门筛查预警, docs/domain.md §11). */

/** The fields a 预警名单's columns are mapped to, in the order the preview shows them. */
export const WARNING_FIELDS = [
  'idNumber',
  'name',
  'village',
  'warningType',
  'warningDate',
  'department',
] as const;
export type WarningField = (typeof WARNING_FIELDS)[number];

export const WARNING_FIELD_LABELS: Record<WarningField, string> = {
  idNumber: '身份证号',
  name: '姓名',
  village: '村（所在村）',
  warningType: '预警类型',
  warningDate: '预警日期',
  department: '预警部门',
};

/** Field → the file's column (0-based), or null when the file has no such column. */
export type WarningMapping = Record<WarningField, number | null>;

export interface WarningRowProblem {
  /** 1-based row number in the file, as Excel shows it. */
  row: number;
  column: string;
  reason: string;
}

export interface WarningPreview {
  fileName: string;
  sheet: string;
  /** The row the header was found in (1-based). */
  headerRow: number;
  /** The header's cells, in file order (the mapping's choices). */
  columns: string[];
  /** The mapping proposed from the header's words. */
  mapping: WarningMapping;
  /** False when no header word was recognised: the clerk maps every column. */
  recognised: boolean;
  /** Data rows in the file. */
  rowCount: number;
  /** The first rows as read (ID numbers masked 前6后4). */
  sample: { row: number; cells: string[] }[];
  problemCount: number;
  /** The first 500 problems, by row. */
  problems: WarningRowProblem[];
}

export type WarningOutcome = 'matched' | 'unmatched' | 'duplicate';

export interface WarningUnmatched {
  row: number;
  name: string;
  /** 前6后4. */
  idNumber: string;
  village: string;
  reason: string;
}

export interface WarningImportResult {
  batchId: number;
  rowCount: number;
  matched: number;
  unmatched: number;
  duplicates: number;
  /** Matched rows whose household already had an open problem of the same warning type. */
  linked: number;
  /** Problems registered by this import. */
  registered: number;
  unmatchedRows: WarningUnmatched[];
}

export interface WarningBatchSummary {
  id: number;
  fileName: string;
  department: string;
  importedBy: string;
  createdAt: string;
  rowCount: number;
  matched: number;
  unmatched: number;
  duplicates: number;
  /** Matched rows whose 核查 (the 核实评议 step) is not recorded and is past its due day. */
  overdue: number;
}

export interface WarningBatchRow {
  id: number;
  row: number;
  name: string;
  /** 前6后4. */
  idNumber: string;
  village: string;
  warningType: string;
  warningDate: string;
  department: string;
  outcome: WarningOutcome;
  reason: string;
  householdId: number | null;
  headName: string | null;
  problemId: number | null;
  checkDue: string | null;
  /** The 核实评议 step's date, once recorded. */
  checkedDate: string | null;
  overdue: boolean;
}

export interface WarningBatchDetail extends WarningBatchSummary {
  rows: WarningBatchRow[];
}
