/** 问题登记台账 (problems, steps, attachments, deadlines), merged into the one contract. */
export const ledgerContract = {} as const;
