import type { reviewContract } from '../../../api/review-contract';
import { asBuffer } from '../../files/bytes';
import type { HandlersOf } from '../../handler-type';
import { allReceivedNotes, importFeedback, receivedNotes } from './feedback-import';
import { feedbackPackage } from './feedback-package';
import {
  addReviewNote,
  deleteReviewNote,
  listReviewNotes,
  notesForRecord,
  reviewVillages,
} from './notes';

/** 审核意见 (docs/domain.md §11): township methods assert a roll-up, village ones a village. */
export const reviewHandlers: HandlersOf<typeof reviewContract> = {
  'review.add': (ctx, input) => addReviewNote(ctx, input),
  'review.list': (ctx, input) => listReviewNotes(ctx, input),
  'review.villages': (ctx) => reviewVillages(ctx),
  'review.delete': (ctx, input) => deleteReviewNote(ctx, input.id),
  'review.forRecord': (ctx, input) => notesForRecord(ctx, input),
  'review.feedbackPackage': (ctx, input) => feedbackPackage(ctx, input),
  'review.importFeedback': (ctx, input) =>
    importFeedback(ctx, { fileName: input.fileName, data: asBuffer(input.data) }),
  'review.received': (ctx, input) => receivedNotes(ctx, input),
  'review.receivedAll': (ctx) => allReceivedNotes(ctx),
};
