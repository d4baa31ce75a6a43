import type { archiveContract } from '../../api/archive-contract';
import type { HandlersOf } from '../handler-type';

/** Every method of the archive contract, bound to its service function. */
export const archiveHandlers: HandlersOf<typeof archiveContract> = {};
