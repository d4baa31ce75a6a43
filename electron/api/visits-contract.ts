/** 走访 and 月度会商 (visits, due lists, meeting minutes), merged into the one contract. */
export const visitsContract = {} as const;
