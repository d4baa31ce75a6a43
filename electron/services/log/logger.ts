/**
 * The app's log. Placeholder until the rotating, scrubbed log file is written in this issue
 * (#7): same functions, console only for now.
 */
export function openLog(_dataDir: string): void {}

export const log = {
  info(message: string): void {
    console.log(message);
  },
  warn(message: string, error?: unknown): void {
    console.warn(message, error instanceof Error ? error.stack : (error ?? ''));
  },
  error(message: string, error?: unknown): void {
    console.error(message, error instanceof Error ? error.stack : (error ?? ''));
  },
};
