import type { selfCheckContract } from '../../api/self-check-contract';
import type { HandlersOf } from '../handler-type';
import { inWorkerJob } from '../jobs/worker-run';
import { selfCheck } from './self-check';

/** Every method of the self-check contract, bound to its service function. */
export const selfCheckHandlers: HandlersOf<typeof selfCheckContract> = {
  'selfCheck.run': (ctx, input) => selfCheck(ctx, input),
  // In a worker thread on its own snapshot, as a job like the other exports: a county's report
  // (tens of thousands of findings) took ~6 s as xlsx and ~12 s as PDF.
  'selfCheck.export': (ctx, input) =>
    inWorkerJob(ctx, 'export', 'self-check-export', input, '导出迎检自查报告'),
};
