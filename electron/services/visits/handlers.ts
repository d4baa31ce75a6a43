import type { visitsContract } from '../../api/visits-contract';
import type { HandlersOf } from '../handler-type';

/** Every method of the visits contract, bound to its service function. */
export const visitsHandlers: HandlersOf<typeof visitsContract> = {};
