import type { Command } from './cli-kit';

/** 公示: notice. */
export const noticeCommands: Record<string, Command> = {};
