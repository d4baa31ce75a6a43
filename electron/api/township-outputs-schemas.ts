import { z } from 'zod';
import { id } from './schemas';
import { reportFormat, reportMonth } from './reports-schemas';

/** Inputs of the township outputs (docs/domain.md §11), each checked before any service runs. */

export const townshipMonthInput = z.strictObject({ month: reportMonth });

const sectionText = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .max(20_000, { message: `${label}最多 20000 字`, abort: true });

export const bulletinSectionsInput = z.strictObject({
  basic: sectionText('基本情况'),
  problems: sectionText('存在问题'),
  nextSteps: sectionText('下步工作'),
});

export const bulletinCreateInput = z.strictObject({ month: reportMonth });

export const bulletinSaveInput = z.strictObject({
  id,
  title: z
    .string({ error: '请填写通报标题' })
    .max(200, { message: '通报标题最多 200 字', abort: true })
    .trim()
    .min(1, '请填写通报标题'),
  sections: bulletinSectionsInput,
});

export const bulletinIdInput = z.strictObject({ id });

export const bulletinExportInput = z.strictObject({ id, format: reportFormat });

/** Lists over every loaded village: no input. */
export const townshipNoInput = z.strictObject({});

export type BulletinExportInput = z.infer<typeof bulletinExportInput>;
