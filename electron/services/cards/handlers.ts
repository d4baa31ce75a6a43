import type { cardsContract } from '../../api/cards-contract';
import type { HandlersOf } from '../handler-type';

/** Every method of the cards contract, bound to its service function. */
export const cardsHandlers: HandlersOf<typeof cardsContract> = {};
