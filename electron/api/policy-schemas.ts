import { z } from 'zod';
import { MAX_CARDS_PER_BATCH } from './cards-schemas';
import { id, isoDate, personName } from './schemas';

/**
 * Inputs of the 监测对象申报政策明白纸 methods (docs/domain.md §9 「Publicity」); messages name the
 * field as the clerk sees it.
 */

/** Which households a batch prints: a grid and everything below it, or chosen households. */
export const policyScope = z
  .strictObject({
    gridId: id.optional(),
    householdIds: z
      .array(id, { error: '农户编号列表必须是数字列表' })
      .min(1, '请至少选择一户')
      .max(MAX_CARDS_PER_BATCH, `一次最多打印 ${MAX_CARDS_PER_BATCH} 户的政策明白纸`)
      .optional(),
  })
  .refine((s) => (s.gridId === undefined) !== (s.householdIds === undefined), {
    message: '请选择打印范围：一个网格或选中的农户（只能选一种）',
  });
export type PolicyScope = z.output<typeof policyScope>;

export const policyPreviewInput = z.strictObject({ householdId: id });

export const policyStartInput = z.strictObject({ scope: policyScope });

export const policyDocumentInput = z.strictObject({ documentId: id });

export const policyBatchesInput = z.strictObject({}).optional();

/**
 * 「已发放」: a whole printed batch (documentId alone: every household it holds) or single
 * households (householdIds, with the batch they came from when known). The date as the clerk
 * types it (2026/3/1, 2026年3月1日 …), by whom.
 */
export const policyRecordInput = z
  .strictObject({
    documentId: id.optional(),
    householdIds: z
      .array(id, { error: '农户编号列表必须是数字列表' })
      .min(1, '请至少选择一户')
      .max(MAX_CARDS_PER_BATCH, `一次最多记录 ${MAX_CARDS_PER_BATCH} 户`)
      .optional(),
    handedDate: isoDate('发放日期'),
    handedBy: personName('发放人'),
  })
  .refine((s) => s.documentId !== undefined || s.householdIds !== undefined, {
    message: '请选择一批已打印的政策明白纸，或选择农户',
  });

export const policyCoverageInput = z.strictObject({ gridId: id.optional() });

export const policyHouseholdInput = z.strictObject({ householdId: id });
