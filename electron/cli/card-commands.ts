import type { Command } from './cli-kit';

/** 明白纸: cards. */
export const cardCommands: Record<string, Command> = {};
