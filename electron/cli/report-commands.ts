import type { Command } from './cli-kit';

/** 月通报与评价: monthly-report. */
export const reportCommands: Record<string, Command> = {};
