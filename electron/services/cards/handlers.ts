import type { cardsContract } from '../../api/cards-contract';
import type { HandlersOf } from '../handler-type';
import { cancelCardJob, cardJobStatus, startCardJob } from './batch';
import { changedCards } from './changed';
import { cardsPdf, previewCard } from './files';

/** Every method of the cards contract, bound to its service function. */
export const cardsHandlers: HandlersOf<typeof cardsContract> = {
  'cards.preview': (ctx, input) => previewCard(ctx, input),
  'cards.start': (ctx, input) => startCardJob(ctx, input),
  'cards.status': (_ctx, input) => cardJobStatus(input.jobId),
  'cards.cancel': (_ctx, input) => cancelCardJob(input.jobId),
  'cards.pdf': (ctx, input) => cardsPdf(ctx, input.documentId),
  'cards.changed': (ctx, input) => changedCards(ctx, input.gridId),
};
