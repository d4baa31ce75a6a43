import { method } from './method';
import type { FilePayload } from './roster-io-types';
import { selfCheckExportInput, selfCheckRunInput } from './self-check-schemas';
import type { SelfCheckReport } from './self-check-types';

/** 迎检自查 (docs/domain.md §9), merged into the one contract. */
export const selfCheckContract = {
  /** Every check of §9 over a grid's subtree and a period, grouped and counted. */
  'selfCheck.run': method<SelfCheckReport>()(selfCheckRunInput),
  /** The same report as an xlsx or a PDF file (services/self-check/files.ts). */
  'selfCheck.export': method<FilePayload>()(selfCheckExportInput),
} as const;
