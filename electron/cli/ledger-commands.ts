import type { Command } from './cli-kit';

/** 问题登记台账: export-ledger. */
export const ledgerCommands: Record<string, Command> = {};
