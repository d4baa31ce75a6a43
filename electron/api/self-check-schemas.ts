import { z } from 'zod';
import { dateRangeIssue, dateRangeRule, id, isoDate } from './schemas';

/**
 * Inputs of 迎检自查 (docs/domain.md §9): a grid's subtree (or everything) and a period, both
 * days included. Left out, the period is the 12 months ending today (self-check/period.ts).
 */
export const selfCheckRunInput = z
  .strictObject({
    gridId: id.optional(),
    from: isoDate('开始日期').optional(),
    to: isoDate('结束日期').optional(),
  })
  .refine(dateRangeRule, dateRangeIssue);
export type SelfCheckRunInput = z.output<typeof selfCheckRunInput>;

export const selfCheckFormat = z.enum(['xlsx', 'pdf'], {
  error: '导出格式只能是 xlsx（表格）或 pdf',
});

export const selfCheckExportInput = z
  .strictObject({
    format: selfCheckFormat,
    gridId: id.optional(),
    from: isoDate('开始日期').optional(),
    to: isoDate('结束日期').optional(),
  })
  .refine(dateRangeRule, dateRangeIssue);
export type SelfCheckExportInput = z.output<typeof selfCheckExportInput>;
