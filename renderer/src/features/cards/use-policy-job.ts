import type { CardJobStatus } from '../../../../electron/api/cards-types';
import type { PolicyScope } from '../../../../electron/api/policy-schemas';
import { call } from '../../api/client';
import { useBatchJob } from './use-batch-job';

const startSheets = (scope: PolicyScope) => call('policy.start', { scope });

/**
 * One batch of 申报政策明白纸 at a time (policy.start), followed and cancelled through the one
 * job status (jobs.status, jobs.cancel) by the same batch hook as the household cards (use-batch-job.ts).
 */
export function usePolicyJob(onFinished: (status: CardJobStatus) => void) {
  return useBatchJob(startSheets, onFinished);
}
