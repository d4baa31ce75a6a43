import { z } from 'zod';
import { method } from './method';
import type { JobStatus } from './jobs-types';

const jobId = z.string().max(36, { message: '任务编号不对', abort: true }).uuid('任务编号不对');

/** Any background job, followed and stopped the same way (services/jobs/registry.ts). */
export const jobsContract = {
  'jobs.status': method<JobStatus>()(z.strictObject({ jobId })),
  'jobs.cancel': method<JobStatus>()(z.strictObject({ jobId })),
};

/** A job id the caller chooses, so it can follow a call that waits for its job's end. */
export const followJobId = jobId.optional();
