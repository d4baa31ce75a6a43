import type { ServiceContext } from '../context';

/**
 * The first start of each day writes an automatic backup into <data>/backups and prunes the
 * old ones. Placeholder until the backup service is written in this issue (#7).
 */
export function scheduleDailyBackup(_ctx: ServiceContext): void {}
