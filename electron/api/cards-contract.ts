/** 明白纸 (household cards: preview, batches, reprint changed), merged into the one contract. */
export const cardsContract = {} as const;
