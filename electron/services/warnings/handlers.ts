import type { warningsContract } from '../../api/warnings-contract';
import type { HandlersOf } from '../handler-type';
import { inWorkerJob } from '../jobs/worker-run';
import { assertVillageDatabase } from '../reporting/workspace';
import { prepareWarnings, previewWarnings, writeWarnings } from './import';
import { batchRecord, getBatch, listBatches } from './lists';
import { replyFile } from './reply';

/** Rows handled in the calling thread: about 3 ms a matched row, so well under a second. */
export const IN_THREAD_ROWS = 200;

/**
 * 部门筛查预警 (docs/domain.md §11). A long list's import and its reply run as jobs in a worker
 * thread on their own connection (jobs/tasks.ts), so the window never waits on them; the usual
 * list of a few dozen rows is done at once.
 */
export const warningsHandlers: HandlersOf<typeof warningsContract> = {
  'warnings.preview': (ctx, input) => previewWarnings(ctx, input),
  'warnings.import': async (ctx, input) => {
    assertVillageDatabase(ctx, '导入部门预警名单');
    const prepared = await prepareWarnings(ctx, input);
    if (prepared.rows.length <= IN_THREAD_ROWS) return writeWarnings(ctx, prepared, input);
    return inWorkerJob(ctx, 'export', 'warning-import', input, `导入预警名单「${input.fileName}」`);
  },
  'warnings.batches': (ctx) => listBatches(ctx),
  'warnings.batch': (ctx, input) => getBatch(ctx, input.id),
  'warnings.reply': (ctx, input) =>
    batchRecord(ctx, input.batchId).rowCount <= IN_THREAD_ROWS
      ? replyFile(ctx, input.batchId)
      : inWorkerJob(ctx, 'export', 'warning-reply', input, '生成核查反馈表'),
};
