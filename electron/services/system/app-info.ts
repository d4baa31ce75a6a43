import pkg from '../../../package.json' with { type: 'json' };
import type { AppInfo } from '../../api/types';
import type { ServiceContext } from '../context';

export const PRODUCT_NAME = pkg.productName;
export const APP_VERSION = pkg.version;

export function appInfo(ctx: ServiceContext): AppInfo {
  return {
    productName: PRODUCT_NAME,
    version: APP_VERSION,
    dataDir: ctx.dataDir,
    databaseFile: ctx.databaseFile,
    schemaVersion: ctx.schemaVersion,
  };
}
