import { z } from 'zod';
import { method } from './method';
import type { FilePayload } from './roster-io-types';
import { fileBytes, id, text } from './schemas';
import type {
  WarningBatchDetail,
  WarningBatchSummary,
  WarningImportResult,
  WarningPreview,
} from './warnings-types';

/** A department's 预警名单 is a few hundred rows: 10 MB is far beyond any real one. */
export const MAX_WARNING_BYTES = 10 * 1024 * 1024;

const fileName = z
  .string({ error: '缺少文件名' })
  .min(1, '缺少文件名')
  .max(200, '文件名太长')
  // A bare file name: no folders, no control characters.
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\\/:*?"<>|\u0000-\u001f]+$/, '文件名不能包含 \\ / : * ? " < > |')
  .regex(/\.(xlsx|xls|csv)$/i, '只能导入 .xlsx 或 .csv 文件');

const file = {
  fileName,
  data: fileBytes(MAX_WARNING_BYTES, '预警名单文件超过 10 MB，请核对是否选错了文件'),
};

const column = (label: string) =>
  z
    .number({ error: `「${label}」对应的列应为列序号` })
    .int(`「${label}」对应的列应为列序号`)
    .min(0, `「${label}」对应的列应为列序号`)
    .max(16_383, `「${label}」对应的列超出了表格范围`)
    .nullable()
    .default(null);

/** Field → the file's column (0-based) or null; at least 身份证号 or 姓名. */
export const warningMapping = z
  .strictObject({
    idNumber: column('身份证号'),
    name: column('姓名'),
    village: column('村'),
    warningType: column('预警类型'),
    warningDate: column('预警日期'),
    department: column('预警部门'),
  })
  .refine((m) => m.idNumber !== null || m.name !== null, {
    message: '请至少为「身份证号」或「姓名」选择一列',
    path: ['idNumber'],
  });

/** 部门筛查预警 (docs/domain.md §11): 预警名单 in, 核查反馈表 out. */
export const warningsContract = {
  'warnings.preview': method<WarningPreview>()(z.strictObject(file)),
  'warnings.import': method<WarningImportResult>()(
    z.strictObject({
      ...file,
      mapping: warningMapping,
      /** The sending department, when the list has no such column. */
      department: text('预警部门', 50).optional(),
      /** Who registers the problems of households whose grid has no 网格员 or 网格长 in role. */
      defaultWorkerId: id.optional(),
    }),
  ),
  'warnings.batches': method<WarningBatchSummary[]>()(z.strictObject({})),
  'warnings.batch': method<WarningBatchDetail>()(z.strictObject({ id })),
  'warnings.reply': method<FilePayload>()(z.strictObject({ batchId: id })),
} as const;
