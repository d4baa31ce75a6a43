import type { Command } from './cli-kit';

/** 档案: archive-export, archive-verify, archive-import. */
export const archiveCommands: Record<string, Command> = {};
