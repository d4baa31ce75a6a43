import { z } from 'zod';
import { method } from './method';
import type { FilePayload } from './roster-io-types';
import type { FeedbackImportResult, ReceivedNote, ReviewNote, ReviewVillage } from './review-types';
import { fileBytes, id } from './schemas';

/** A 审核反馈包 is a few KB; 5 MB is thousands of notes. */
export const MAX_FEEDBACK_BYTES = 5 * 1024 * 1024;
/** One note, in 字 (docs/domain.md §11). */
export const MAX_NOTE_CHARS = 500;

const entity = z.enum(['problem', 'household'], { error: '只能对问题或农户填写审核意见' });

const noteText = z
  .string({ error: '请填写审核意见' })
  // abort: a megabyte of text is refused by its length, never trimmed.
  .max(MAX_NOTE_CHARS * 4, { message: `审核意见不能超过 ${MAX_NOTE_CHARS} 个字`, abort: true })
  .trim()
  .min(1, '请填写审核意见')
  .max(MAX_NOTE_CHARS, `审核意见不能超过 ${MAX_NOTE_CHARS} 个字`);

const villageKey = z
  .string({ error: '请选择村' })
  .trim()
  .min(1, '请选择村')
  .max(200, { message: '村的标识不对', abort: true });

/** 审核意见 (docs/domain.md §11): written in a 乡镇汇总库, carried down, shown in the village. */
export const reviewContract = {
  /** Township: a note on a village's problem or proposed household (by this workspace's id). */
  'review.add': method<ReviewNote>()(z.strictObject({ entity, localId: id, note: noteText })),
  /** Township: the notes, of one village or all, sent or not. */
  'review.list': method<ReviewNote[]>()(z.strictObject({ villageKey: villageKey.optional() })),
  /** Township: the loaded villages with how many notes each has (and how many unsent). */
  'review.villages': method<ReviewVillage[]>()(z.strictObject({})),
  /** Township: deletes a note not yet carried down. */
  'review.delete': method<{ id: number }>()(z.strictObject({ id })),
  /** Township: the notes on one record of a loaded village (the problem drawer, the household). */
  'review.forRecord': method<ReviewNote[]>()(z.strictObject({ entity, localId: id })),
  /** Township: the 审核反馈包 of one village (its notes; unsent ones are marked sent). */
  'review.feedbackPackage': method<FilePayload>()(z.strictObject({ villageKey })),
  /** Village: reads a 审核反馈包 from the township. */
  'review.importFeedback': method<FeedbackImportResult>()(
    z.strictObject({
      fileName: z
        .string({ error: '缺少文件名' })
        .max(200, { message: '文件名太长', abort: true })
        .trim()
        .min(1, '缺少文件名')
        .regex(/\.zip$/i, '审核反馈包是 .zip 文件'),
      data: fileBytes(MAX_FEEDBACK_BYTES, '文件超过 5 MB，不是审核反馈包'),
    }),
  ),
  /** Village: the township's notes received on one record. */
  'review.received': method<ReceivedNote[]>()(z.strictObject({ entity, recordId: id })),
  /** Village: every note received, newest first. */
  'review.receivedAll': method<ReceivedNote[]>()(z.strictObject({})),
} as const;
