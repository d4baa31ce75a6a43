import os from 'node:os';
import path from 'node:path';
import { PRODUCT_NAME } from './system/app-info';

export const DATA_DIR_ENV = 'VILLAGE_LEDGER_DATA_DIR';

/**
 * The data folder for the CLI and the web host: $VILLAGE_LEDGER_DATA_DIR, else the same folder
 * Electron's app.getPath('userData') gives, so all three doors share one database.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env[DATA_DIR_ENV]) return path.resolve(env[DATA_DIR_ENV]);
  const home = os.homedir();
  const appData =
    process.platform === 'win32'
      ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  return path.join(appData, PRODUCT_NAME);
}
