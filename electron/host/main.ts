import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../services/data-dir';
import { scheduleDailyBackup } from '../services/backup/daily';
import { openLog, log } from '../services/log/logger';
import { AppSession } from '../services/session';
import { PRODUCT_NAME } from '../services/system/app-info';
import { startHost } from './server';

/** The automation token of the running host (0600): {url, port, token, pid}. */
const HOST_TOKEN_FILE = 'web-host-token.json';
/** The page that sends the browser on to the one-time link (0600). */
const LAUNCH_PAGE_FILE = 'web-host-launch.html';

/**
 * Opens the launch link in the system browser through a 0600 page that forwards to it: the
 * link itself on a command line would be readable by every local account (ps, /proc/…/cmdline)
 * until the browser has used it. A failure to open is not an error: the link is printed.
 */
function openInBrowser(file: string, url: string): void {
  try {
    fs.rmSync(file, { force: true });
    fs.writeFileSync(
      file,
      `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${url}">` +
        `<title>${PRODUCT_NAME}</title><a href="${url}">打开${PRODUCT_NAME}</a>\n`,
      { mode: 0o600, flag: 'wx' },
    );
    const [command, args] =
      process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', file]]
        : [process.platform === 'darwin' ? 'open' : 'xdg-open', [file]];
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // The printed link still works.
  }
}

/**
 * `npm run web [-- --port N --data DIR --no-open]`: the loopback web host over the app's data
 * folder. It prints a one-time launch link (and opens it in the browser when run at a
 * terminal); Enter prints a new one.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      'no-open': { type: 'boolean' },
    },
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
    // VL_RENDERER_DIR: another build's renderer (start.mjs's VL_OUT_DIR, the browser tests).
    rendererDir: process.env.VL_RENDERER_DIR ?? path.join(root, 'out', 'renderer'),
    port,
    tokenFile: path.join(dataDir, HOST_TOKEN_FILE),
  });
  const launchFile = path.join(dataDir, LAUNCH_PAGE_FILE);
  console.log(`${PRODUCT_NAME} 网页版已启动：${host.url}`);
  console.log('（这个链接只能打开一次；按回车可取得新的链接）');
  console.log(`数据文件夹：${dataDir}（按 Ctrl+C 退出）`);
  log.info(`网页版已启动，端口 ${host.port}`);
  // Only a person at a terminal gets a browser opened for them: a script that reads the link
  // from the output (the tests) opens it itself, and the link works once.
  if (process.stdout.isTTY && !values['no-open']) openInBrowser(launchFile, host.url);
  if (process.stdin.isTTY) {
    process.stdin.on('data', () => {
      console.log(`新的一次性链接：${host.newLaunchUrl()}`);
    });
  }
  const stop = () => {
    fs.rmSync(launchFile, { force: true });
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
