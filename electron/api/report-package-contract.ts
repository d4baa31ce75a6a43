import { method } from './method';
import { reportPackageInput } from './report-package-schemas';
import type { FilePayload } from './roster-io-types';

/**
 * The internal-use sentence as the screen shows it: the same words as the manifest's
 * (services/reporting/format.ts PACKAGE_PRIVACY_NOTE; a test holds them equal), here so the
 * window need not import the services.
 */
export const REPORT_PACKAGE_PRIVACY =
  '内部资料：含身份证号、电话、银行账号、健康状况等个人信息，仅供乡镇审核汇总使用，不得公开张贴或外传。';

/** What `report.package` gives: the file, and what it holds (for the CLI and the screen). */
export interface ReportPackageFile extends FilePayload {
  /** 上报包_<村>_<YYYY-MM>.zip, or .vlrp when encrypted. */
  fileName: string;
  encrypted: boolean;
  village: string;
  period: string;
  /** Rows per table, by the table's label (网格, 农户, 问题 …), in the package's order. */
  counts: { label: string; count: number }[];
  /** The package's internal-use sentence (format.ts PACKAGE_PRIVACY_NOTE). */
  privacy: string;
}

/** The village 上报包 (docs/domain.md §11), merged into the one contract. */
export const reportPackageContract = {
  /** One village's month as a 上报包, written in a worker thread as a background job. */
  'report.package': method<ReportPackageFile>()(reportPackageInput),
} as const;
