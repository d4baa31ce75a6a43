import type { SelfCheckExportInput } from '../../api/self-check-schemas';
import type { FilePayload } from '../../api/roster-io-types';
import type { ServiceContext } from '../context';
import { safeFileName } from '../reports/xlsx-kit';
import { SELF_CHECK_TITLE, writeSelfCheckPdf, writeSelfCheckXlsx } from './files';
import { selfCheck } from './self-check';

/** The report as a file: 迎检自查报告-<scope>-<from>至<to>.xlsx / .pdf. */
export async function selfCheckFile(
  ctx: ServiceContext,
  input: SelfCheckExportInput,
): Promise<FilePayload> {
  const { format, ...scope } = input;
  const report = selfCheck(ctx, scope);
  const data =
    format === 'xlsx' ? await writeSelfCheckXlsx(report) : await writeSelfCheckPdf(ctx, report);
  return {
    fileName: safeFileName(
      `${SELF_CHECK_TITLE}-${report.scopeName}-${report.from}至${report.to}.${format}`,
    ),
    data,
  };
}
