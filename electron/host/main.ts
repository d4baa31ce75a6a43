import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../services/data-dir';
import { scheduleDailyBackup } from '../services/backup/daily';
import { openLog, log } from '../services/log/logger';
import { AppSession } from '../services/session';
import { PRODUCT_NAME } from '../services/system/app-info';
import { startHost } from './server';

/** `npm run web [-- --port N --data DIR]`: the loopback web host over the app's data folder. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, data: { type: 'string' } },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`端口号「${values.port}」无效，应为 0-65535 的整数`);
  }
  const root = path.resolve(import.meta.dirname, '..', '..');
  const dataDir = values.data ? path.resolve(values.data) : defaultDataDir();
  openLog(dataDir);
  // Locked when the database has a password: the page asks for it.
  const session = await new AppSession({
    dataDir,
    migrationsFolder: path.join(root, 'db', 'migrations'),
    onOpened: scheduleDailyBackup,
  }).open();
  const host = await startHost({
    session,
    rendererDir: path.join(root, 'out', 'renderer'),
    port,
  });
  console.log(`${PRODUCT_NAME} 网页版已启动：${host.url}`);
  console.log(`数据文件夹：${dataDir}（按 Ctrl+C 退出）`);
  log.info(`网页版已启动，端口 ${host.port}`);
  const stop = () => {
    void host.close().then(() => {
      session.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
