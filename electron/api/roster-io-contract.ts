import { z } from 'zod';
import { method } from './method';
import type { FilePayload, ImportJobStatus, ImportSummary } from './roster-io-types';
import { followJobId } from './jobs-contract';
import { fileBytes, id } from './schemas';

const kind = z.enum(['households', 'workers'], {
  error: '只能是 households（农户与成员）或 workers（网格员）',
});
const jobId = z.string().max(36, { message: '导入编号不对', abort: true }).uuid('导入编号不对');

/** 20 MB of file; base64 adds a third. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** Templates, import (a background job with progress) and export of the roster. */
export const rosterIoContract = {
  'rosterIo.template': method<FilePayload>()(z.strictObject({ kind })),
  'rosterIo.export': method<FilePayload>()(
    z.strictObject({ gridId: id.optional(), monitorOnly: z.boolean().optional() }),
  ),
  'rosterIo.importStart': method<{ jobId: string }>()(
    z.strictObject({
      kind,
      // A bare file name: no folders, nothing a file system would treat specially.
      fileName: z
        .string()
        .min(1, '缺少文件名')
        .max(200, '文件名太长')
        // Control characters are refused on purpose: they have no place in a file name.
        // eslint-disable-next-line no-control-regex
        .regex(/^[^\\/:*?"<>|\u0000-\u001f]+$/, '文件名不能包含 \\ / : * ? " < > |')
        .regex(/\.(xlsx|xls|csv)$/i, '只能导入 .xlsx 或 .csv 文件'),
      data: fileBytes(MAX_IMPORT_BYTES, '文件超过 20 MB，请分成几个文件导入'),
    }),
  ),
  'rosterIo.importStatus': method<ImportJobStatus>()(z.strictObject({ jobId })),
  // followJobId: an id the caller chooses for the write's own job, to follow it with jobs.status
  // and stop it with jobs.cancel while this call waits for its end (services/jobs/registry.ts).
  'rosterIo.importCommit': method<ImportSummary>()(
    z.strictObject({ jobId, validOnly: z.boolean().default(false), followJobId }),
  ),
  'rosterIo.importProblems': method<FilePayload>()(z.strictObject({ jobId })),
} as const;
