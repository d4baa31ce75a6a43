import type { warningsContract } from '../../api/warnings-contract';
import type { HandlersOf } from '../handler-type';
import { importWarnings, previewWarnings } from './import';
import { getBatch, listBatches } from './lists';
import { replyFile } from './reply';

export const warningsHandlers: HandlersOf<typeof warningsContract> = {
  'warnings.preview': (ctx, input) => previewWarnings(ctx, input),
  'warnings.import': (ctx, input) => importWarnings(ctx, input),
  'warnings.batches': (ctx) => listBatches(ctx),
  'warnings.batch': (ctx, input) => getBatch(ctx, input.id),
  'warnings.reply': (ctx, input) => replyFile(ctx, input.batchId),
};
