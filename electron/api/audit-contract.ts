import { z } from 'zod';
import { HISTORY_SUBJECTS, type HistoryPage } from './audit-types';
import { method } from './method';
import { dateRangeIssue, dateRangeRule, id, isoDate } from './schemas';
import type { AuditEntry } from './types';

/** Rows per page of the history view; more is one more page, not one huge answer. */
export const HISTORY_LIMIT_MAX = 500;

/** The audit trail: every write with who, when, before and after. */
export const auditContract = {
  'audit.list': method<AuditEntry[]>()(
    z.strictObject({
      entity: z.string().max(40).optional(),
      entityId: z.string().max(40).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
  ),
  /**
   * 修改记录 of one household, worker, grid, problem or archive item (with what hangs on it:
   * a household's members, measures, contacts…), or the whole 操作记录 when `entity` is
   * left out; `entity` alone gives every record of that kind. Newest first.
   */
  'audit.history': method<HistoryPage>()(
    z
      .strictObject({
        entity: z
          .enum(HISTORY_SUBJECTS, {
            error: '记录类型只能是：农户、网格员、网格、问题登记、归档文件',
          })
          .optional(),
        entityId: id.optional(),
        operator: z
          .string({ error: '操作员必须是文字' })
          .trim()
          .max(20, '操作员姓名不能超过 20 个字')
          .optional(),
        from: isoDate('开始日期').optional(),
        to: isoDate('结束日期').optional(),
        limit: z
          .number({ error: '每页条数必须是数字' })
          .int('每页条数必须是整数')
          .min(1, '每页至少 1 条')
          .max(HISTORY_LIMIT_MAX, `每页最多 ${HISTORY_LIMIT_MAX} 条`)
          .optional(),
        offset: z
          .number({ error: '起始位置必须是数字' })
          .int('起始位置必须是整数')
          .min(0, '起始位置不能为负数')
          .max(10_000_000, '起始位置过大')
          .optional(),
      })
      .refine(dateRangeRule, dateRangeIssue)
      .refine((input) => input.entityId === undefined || input.entity !== undefined, {
        path: ['entity'],
        message: '按编号查看修改记录时，请同时说明记录类型',
      }),
  ),
  /** Names that appear in the trail, for the 操作员 filter (also names no longer in 设置). */
  'audit.operators': method<string[]>()(z.strictObject({}).optional()),
} as const;
