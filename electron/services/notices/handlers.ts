import type { noticesContract } from '../../api/notices-contract';
import type { HandlersOf } from '../handler-type';
import { noticeDraft } from './draft';
import { getNotice, issueNotice, listNotices, noticePdf, previewNotice } from './notices';

/** Every method of the notices contract, bound to its service function. */
export const noticesHandlers: HandlersOf<typeof noticesContract> = {
  'notices.draft': (ctx, input) => noticeDraft(ctx, input),
  'notices.preview': (ctx, input) => previewNotice(ctx, input),
  'notices.issue': (ctx, input) => issueNotice(ctx, input),
  'notices.list': (ctx, input) => listNotices(ctx, input),
  'notices.get': (ctx, input) => getNotice(ctx, input.id),
  'notices.pdf': (ctx, input) => noticePdf(ctx, input.id),
};
