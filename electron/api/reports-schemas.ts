import { z } from 'zod';
import { id } from './schemas';

/** A report month 'YYYY-MM' (2015-01 … 2100-12). */
export const reportMonth = z
  .string({ error: '请选择月份' })
  // abort: a megabyte-long "month" is refused by its length, never matched.
  .max(20, { message: '月份的格式应为 2026-04', abort: true })
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份的格式应为 2026-04')
  .refine((value) => {
    const year = Number(value.slice(0, 4));
    return year >= 2015 && year <= 2100;
  }, '月份应在 2015 年到 2100 年之间');

/**
 * A 实绩评价 period: a year (2026), a half (2026-H1, 2026-H2), a quarter (2026-Q1 … Q4) or a
 * month (2026-04) — the periods townships evaluate grid workers by.
 */
export const PERIOD_PATTERN = /^(\d{4})(?:-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/;
export const evaluationPeriod = z
  .string({ error: '请选择评价期间' })
  .max(20, {
    message: '评价期间应为 2026、2026-H1、2026-Q2 或 2026-04 这样的写法',
    abort: true,
  })
  .trim()
  .toUpperCase()
  .regex(PERIOD_PATTERN, '评价期间应为 2026、2026-H1、2026-Q2 或 2026-04 这样的写法')
  .refine((value) => {
    const year = Number(value.slice(0, 4));
    return year >= 2015 && year <= 2100;
  }, '评价期间应在 2015 年到 2100 年之间');

export const reportFormat = z.enum(['xlsx', 'pdf'], { error: '文件格式只能是 xlsx 或 pdf' });

export const monthlyInput = z.strictObject({ month: reportMonth, gridId: id.optional() });

export const monthlyExportInput = monthlyInput.extend({ format: reportFormat });

export const screeningSheetInput = z.strictObject({ gridId: id, month: reportMonth });

export const evaluationListInput = z.strictObject({
  period: evaluationPeriod,
  gridId: id.optional(),
});

export const evaluationSaveInput = z.strictObject({
  workerId: id,
  period: evaluationPeriod,
  /** null clears the score. */
  manualScore: z
    .number({ error: '评分必须是数字' })
    .min(0, '评分不能小于 0')
    .max(100, '评分不能大于 100')
    .refine((n) => Math.round(n * 10) === n * 10, '评分最多保留 1 位小数')
    .nullable(),
  note: z
    .string({ error: '评价说明必须是文字' })
    .trim()
    .max(500, '评价说明不能超过 500 个字')
    .default(''),
});
export type EvaluationSaveInput = z.output<typeof evaluationSaveInput>;

export const evaluationExportInput = z.strictObject({
  period: evaluationPeriod,
  gridId: id.optional(),
});
