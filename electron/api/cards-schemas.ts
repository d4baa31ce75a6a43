import { z } from 'zod';
import { id } from './schemas';

/** Inputs of the 明白纸 methods; messages name the field as the clerk sees it. */

/**
 * The most cards one batch (one PDF) holds. A township (3,000-10,000 households, docs/domain.md
 * §8) fits; a county is printed township by township.
 */
export const MAX_CARDS_PER_BATCH = 10_000;

export const cardLayout = z.enum(['a4', 'a5x2'], {
  error: '版式只能是 a4（每张 A4 一份）或 a5x2（每张 A4 两份 A5，裁开使用）',
});

/**
 * Which households a batch prints: a grid and everything below it (a village, a group…), a
 * list of households, or only the cards whose content changed since they were last printed
 * (optionally within a grid). Exactly one of the three.
 */
export const cardScope = z
  .strictObject({
    gridId: id.optional(),
    householdIds: z
      .array(id, { error: '农户编号列表必须是数字列表' })
      .min(1, '请至少选择一户')
      .max(MAX_CARDS_PER_BATCH, `一次最多打印 ${MAX_CARDS_PER_BATCH} 户的明白纸`)
      .optional(),
    changedOnly: z.literal(true, { error: '「只打印有变化的」只能是 true' }).optional(),
  })
  .refine((s) => s.householdIds === undefined || s.gridId === undefined, {
    message: '打印范围只能是一个网格或选中的农户，不能两者都给',
  })
  .refine((s) => s.householdIds === undefined || s.changedOnly === undefined, {
    message: '选中的农户不能再加「只打印有变化的」',
  })
  .refine((s) => s.gridId !== undefined || s.householdIds !== undefined || s.changedOnly, {
    message: '请选择打印范围：网格、选中的农户或只打印有变化的',
  });
export type CardScope = z.output<typeof cardScope>;

export const cardPreviewInput = z.strictObject({
  householdId: id,
  layout: cardLayout.default('a4'),
});

export const cardStartInput = z.strictObject({
  scope: cardScope,
  layout: cardLayout.default('a4'),
});

export const cardJobInput = z.strictObject({
  jobId: z
    .string({ error: '缺少打印任务编号' })
    .max(36, { message: '打印任务编号不对', abort: true })
    .uuid('打印任务编号不对'),
});

export const cardDocumentInput = z.strictObject({ documentId: id });

export const cardChangedInput = z.strictObject({ gridId: id.optional() });
