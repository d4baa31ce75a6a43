import type { noticesContract } from '../../api/notices-contract';
import type { HandlersOf } from '../handler-type';

/** Every method of the notices contract, bound to its service function. */
export const noticesHandlers: HandlersOf<typeof noticesContract> = {};
