/** 档案管理 (archive items, 档号, sealing, export packages, verify, import), merged into the one contract. */
export const archiveContract = {} as const;
