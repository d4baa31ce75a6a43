import type { reportPackageContract } from '../../../api/report-package-contract';
import type { HandlersOf } from '../../handler-type';
import * as jobs from '../../jobs/registry';
import { runInWorker } from '../../jobs/worker-run';
import { checkReportPackage } from './write';

/** The 上报包 method, bound to its service (docs/domain.md §11). */
export const reportPackageHandlers: HandlersOf<typeof reportPackageContract> = {
  // In a worker thread on its own snapshot, as a job like the other exports (inWorkerJob), under
  // the id the window chose, so it can show the progress: the window never waits on reading the
  // village's rows, the 月通报, the self-check and the zip.
  'report.package': (ctx, { followJobId, ...input }) => {
    // A wrong month or village is said at once, without starting a worker.
    checkReportPackage(ctx, input);
    return jobs.start('export', (job) => runInWorker(ctx, 'report-package', input, job), {
      label: '生成上报包',
      jobId: followJobId,
      phase: '正在生成',
      keep: 5,
    }).value;
  },
};
