import { method } from './method';
import {
  evaluationExportInput,
  evaluationListInput,
  evaluationSaveInput,
  monthlyExportInput,
  monthlyInput,
  screeningSheetInput,
} from './reports-schemas';
import type { EvaluationList, EvaluationRecord, MonthlyReport } from './reports-types';
import type { FilePayload } from './roster-io-types';

/** 月通报, 月度排查表 and 实绩评价 (monthly figures, sheets, evaluation), merged into the one contract. */
export const reportsContract = {
  /** The 月通报 figures of a month, for a grid's subtree or everything. */
  'reports.monthly': method<MonthlyReport>()(monthlyInput),
  /** The same as an .xlsx or .pdf file (no ID numbers or phones in either). */
  'reports.monthlyExport': method<FilePayload>()(monthlyExportInput),
  /** 村组网格长月度排查表 of one group grid and month (.xlsx, A4 landscape). */
  'reports.screeningSheet': method<FilePayload>()(screeningSheetInput),

  /** 实绩评价 of every worker with a role in the period (optionally within a grid). */
  'evaluations.list': method<EvaluationList>()(evaluationListInput),
  /** Stores the manual score and note of one worker for a period (audited). */
  'evaluations.save': method<EvaluationRecord>()(evaluationSaveInput),
  'evaluations.export': method<FilePayload>()(evaluationExportInput),
} as const;
