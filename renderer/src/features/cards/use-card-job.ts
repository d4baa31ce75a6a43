import type { CardScope } from '../../../../electron/api/cards-schemas';
import type { CardJobStatus, CardLayout } from '../../../../electron/api/cards-types';
import { call } from '../../api/client';
import { useBatchJob } from './use-batch-job';

const startCards = (scope: CardScope, layout: CardLayout) => call('cards.start', { scope, layout });

/**
 * One 明白纸 batch at a time: start (cards.start), its progress read every 300 ms
 * (jobs.status, the one status of every background job) until it is done, cancelled or
 * failed, and cancel (jobs.cancel) — the batch plumbing shared with 申报政策明白纸 (use-batch-job.ts).
 * `onFinished` runs once when a batch ends, with its last status.
 */
export function useCardJob(onFinished: (status: CardJobStatus) => void) {
  return useBatchJob(startCards, onFinished);
}
