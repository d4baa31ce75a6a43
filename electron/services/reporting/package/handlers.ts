import type { reportPackageContract } from '../../../api/report-package-contract';
import type { HandlersOf } from '../../handler-type';
import { inWorkerJob } from '../../jobs/worker-run';

/** The 上报包 method, bound to its service (docs/domain.md §11). */
export const reportPackageHandlers: HandlersOf<typeof reportPackageContract> = {
  // In a worker thread on its own snapshot, as a job like the other exports: the window never
  // waits on reading the village's rows, the 月通报, the self-check and the zip.
  'report.package': (ctx, input) =>
    inWorkerJob(ctx, 'export', 'report-package', input, '生成上报包'),
};
