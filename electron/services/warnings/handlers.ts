import type { warningsContract } from '../../api/warnings-contract';
import type { HandlersOf } from '../handler-type';
import { inWorkerJob } from '../jobs/worker-run';
import { assertVillageDatabase } from '../reporting/workspace';
import { previewWarnings } from './import';
import { getBatch, listBatches } from './lists';

/**
 * 部门筛查预警 (docs/domain.md §11). The import and the reply run as jobs in a worker thread on
 * their own connection (jobs/tasks.ts), so the window never waits on them.
 */
export const warningsHandlers: HandlersOf<typeof warningsContract> = {
  'warnings.preview': (ctx, input) => previewWarnings(ctx, input),
  'warnings.import': (ctx, input) => {
    assertVillageDatabase(ctx, '导入部门预警名单');
    return inWorkerJob(ctx, 'export', 'warning-import', input, `导入预警名单「${input.fileName}」`);
  },
  'warnings.batches': (ctx) => listBatches(ctx),
  'warnings.batch': (ctx, input) => getBatch(ctx, input.id),
  'warnings.reply': (ctx, input) =>
    inWorkerJob(ctx, 'export', 'warning-reply', input, '生成核查反馈表'),
};
