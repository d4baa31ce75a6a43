/** 月通报, 月度排查表 and 实绩评价 (monthly figures, sheets, evaluation), merged into the one contract. */
export const reportsContract = {} as const;
