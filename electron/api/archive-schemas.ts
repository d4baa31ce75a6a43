import { z } from 'zod';
import { GENERATED_KINDS, SECRECY_LEVELS } from './archive-types';
import {
  absolutePath,
  ARCHIVAL_CODE_PRESETS,
  uploadFileFields,
  dateRangeIssue,
  dateRangeRule,
  id,
  isoDate,
  name,
  oneOf,
  retentionCode,
  text,
} from './schemas';

/**
 * Inputs of the archive methods (docs/domain.md §6). The category list and its retentions are
 * settings, so the service checks a category against them with its own message.
 */

/** 年度 of an archive item: scans of older papers are filed too. */
export const archiveYear = z
  .number({ error: '年度必须是数字' })
  .int('年度必须是整数')
  .min(1949, '年度不能早于 1949')
  .max(2100, '年度不能晚于 2100');

/**
 * 日期 of an item: 'YYYY-MM-DD' (what the date pickers send) or the catalogue's 8 digits
 * YYYYMMDD; kept as YYYYMMDD (docs/domain.md §6).
 */
export const archiveDate = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    // Bounded first: a megabyte-long "date" is refused by its length, not trimmed and matched.
    .max(40, { message: `${label}的格式应为 2024-01-31`, abort: true })
    .trim()
    .transform((value) =>
      /^\d{8}$/.test(value)
        ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`
        : value,
    )
    .pipe(isoDate(label))
    .transform((value) => value.replaceAll('-', ''));

const secrecy = oneOf('密级', SECRECY_LEVELS);

/** Catalogue fields the filer may give or change (anything left out keeps its default). */
const catalogueFields = {
  title: name('题名', 200).optional(),
  responsible: name('责任者', 60).optional(),
  docNo: text('文号', 60).optional(),
  secrecy: secrecy.optional(),
  note: text('备注', 200).optional(),
  category: name('归档类别', 20).optional(),
  retention: retentionCode.optional(),
};

/** archive.fileDocument: a kept document (notice, card batch, …) filed as one item. */
export const fileDocumentInput = z.strictObject({ documentId: id, ...catalogueFields });
export type FileDocumentInput = z.output<typeof fileDocumentInput>;

/**
 * archive.fileGenerated: the PDF is made first (the paper ledger of a year or a date range,
 * a 月通报, one meeting's minutes), kept as a document, then filed.
 */
export const fileGeneratedInput = z.discriminatedUnion(
  'kind',
  [
    z
      .strictObject({
        kind: z.literal('ledger'),
        /** A whole year (default: this year), or a 登记日期 range. */
        year: archiveYear.optional(),
        from: isoDate('开始日期').optional(),
        to: isoDate('结束日期').optional(),
        gridId: id.optional(),
        ...catalogueFields,
      })
      .refine(dateRangeRule, dateRangeIssue)
      .refine((input) => input.year === undefined || (!input.from && !input.to), {
        path: ['year'],
        message: '按年度或按日期范围归档台账，二者只能选一种',
      }),
    z.strictObject({
      kind: z.literal('monthlyReport'),
      month: z
        .string({ error: '请填写月份' })
        .max(20, { message: '月份的格式应为 2026-04', abort: true })
        .trim()
        .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份的格式应为 2026-04'),
      gridId: id.optional(),
      ...catalogueFields,
    }),
    z.strictObject({
      kind: z.literal('minutes'),
      meetingId: id,
      ...catalogueFields,
    }),
  ],
  {
    error:
      '归档的文件类型只能是：ledger（问题登记台账）、monthlyReport（月通报）、minutes（会商记录）',
  },
);
export type FileGeneratedInput = z.output<typeof fileGeneratedInput>;

/** 50 MB per scanned file. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * archive.fileUpload: a scan (PDF, JPG or PNG, checked by its bytes) of a signed form or a
 * household's papers (一户一档 with householdId). The title and date are the filer's.
 */
export const fileUploadInput = z.strictObject({
  ...uploadFileFields(MAX_UPLOAD_BYTES, '文件不能超过 50 MB'),
  ...catalogueFields,
  title: name('题名', 200),
  date: archiveDate('日期'),
  /** 年度, default the year of the date. */
  year: archiveYear.optional(),
  householdId: id.optional(),
});
export type FileUploadInput = z.output<typeof fileUploadInput>;

/** archive.update: catalogue fields only (never the file). year/retention move the item. */
export const archiveUpdateInput = z.strictObject({
  id,
  fields: z.strictObject({
    ...catalogueFields,
    date: archiveDate('日期').optional(),
    year: archiveYear.optional(),
    householdId: id.nullable().optional(),
  }),
});
export type ArchiveUpdateInput = z.output<typeof archiveUpdateInput>;

export const archiveListInput = z
  .strictObject({
    year: archiveYear.optional(),
    category: name('归档类别', 20).optional(),
    retention: retentionCode.optional(),
    /** Part of 题名, 档号, 文号, 责任者 or 备注. */
    query: text('查询内容', 50).optional(),
  })
  .optional();
export type ArchiveListInput = z.output<typeof archiveListInput>;

export const archiveById = z.strictObject({ id });

/** archive.delete: a handed-over item (fixed 件号) is deleted only with a reason (备考表). */
export const archiveDeleteInput = z.strictObject({
  id,
  reason: text('删除原因', 200).optional(),
});
export type ArchiveDeleteInput = z.output<typeof archiveDeleteInput>;

/** archive.filed: the generated records of one kind already filed (for the 已归档 badges). */
export const archiveFiledInput = z.strictObject({
  kind: z.enum(GENERATED_KINDS, { error: '文件类型只能是 ledger、monthlyReport 或 minutes' }),
});
export const archiveByYear = z.strictObject({ year: archiveYear });

export const archiveUnsealInput = z.strictObject({
  year: archiveYear,
  reason: name('解除封存的原因', 200),
});

/** archive.documents: generated documents to file (and whether each is filed already). */
export const archiveDocumentsInput = z
  .strictObject({
    year: archiveYear.optional(),
    kind: name('文件类型', 20).optional(),
    filed: z.boolean({ error: '是否已归档 只能是 是 或 否' }).optional(),
  })
  .optional();
export type ArchiveDocumentsInput = z.output<typeof archiveDocumentsInput>;

/** archive.codeExample: the settings page shows the 档号 a preset or pattern gives. */
export const codeExampleInput = z.strictObject({
  codePreset: z.enum(ARCHIVAL_CODE_PRESETS, {
    error: `档号格式只能是：${ARCHIVAL_CODE_PRESETS.join('、')}`,
  }),
  customPattern: z.string({ error: '自定义档号格式必须是文字' }).trim().max(80).optional(),
});

// R2's methods (export package, verify, import).

/** archive.export: the year's package as a folder (default <data>/exports/<年度>-<time>/). */
export const archiveExportInput = z.strictObject({
  year: archiveYear,
  zip: z.boolean({ error: '是否打包 只能是 是 或 否' }).optional(),
  /** A full path: a relative one would be resolved against the program's own folder. */
  folder: absolutePath('导出位置').optional(),
});
export type ArchiveExportInput = z.output<typeof archiveExportInput>;

/** A package folder or .zip on this computer (verify, import). */
export const archivePathInput = z.strictObject({ path: absolutePath('档案包的位置') });
