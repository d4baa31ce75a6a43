/** 公示公告 (notices: drafts, preview, issue, list), merged into the one contract. */
export const noticesContract = {} as const;
