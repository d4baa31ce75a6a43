import { z } from 'zod';
import { method } from './method';
import { importPackagesInput, importsListInput } from './report-import-schemas';
import type {
  LoadedVillage,
  ReportImportFileResult,
  ReportImportRecord,
} from './report-import-types';

/** The township workspace's import of village 上报包 (docs/domain.md §11), merged into the contract. */
export const reportImportContract = {
  /**
   * Verifies and loads several packages as one background job (follow it with jobs.status
   * through `followJobId`); answers each file's outcome once all are done.
   */
  'township.importPackages': method<ReportImportFileResult[]>()(importPackagesInput),
  /** The villages loaded now, with the period and data time of their package. */
  'township.villages': method<LoadedVillage[]>()(z.strictObject({}).optional()),
  /** 导入记录: every attempt, newest first. */
  'township.imports': method<ReportImportRecord[]>()(importsListInput),
} as const;
