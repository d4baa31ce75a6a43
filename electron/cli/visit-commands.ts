import type { Command } from './cli-kit';

/** 走访: visits-due. */
export const visitCommands: Record<string, Command> = {};
