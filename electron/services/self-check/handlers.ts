import type { selfCheckContract } from '../../api/self-check-contract';
import type { HandlersOf } from '../handler-type';
import { selfCheckFile } from './export';
import { selfCheck } from './self-check';

/** Every method of the self-check contract, bound to its service function. */
export const selfCheckHandlers: HandlersOf<typeof selfCheckContract> = {
  'selfCheck.run': (ctx, input) => selfCheck(ctx, input),
  'selfCheck.export': (ctx, input) => selfCheckFile(ctx, input),
};
