import type { jobsContract } from '../../api/jobs-contract';
import type { HandlersOf } from '../handler-type';
import { cancel, status } from './registry';

export const jobsHandlers: HandlersOf<typeof jobsContract> = {
  'jobs.status': (_ctx, input) => status(input.jobId),
  'jobs.cancel': (_ctx, input) => cancel(input.jobId),
};
