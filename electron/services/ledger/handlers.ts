import type { ledgerContract } from '../../api/ledger-contract';
import type { HandlersOf } from '../handler-type';

/** Every method of the ledger contract, bound to its service function. */
export const ledgerHandlers: HandlersOf<typeof ledgerContract> = {};
