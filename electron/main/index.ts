import path from 'node:path';
import { app, BrowserWindow, dialog, type MessageBoxOptions } from 'electron';
import type { SessionStatus } from '../api/session-types';
import { DATA_DIR_ENV } from '../services/data-dir';
import { closeLog, log, openLog } from '../services/log/logger';
import { PRODUCT_NAME } from '../services/system/app-info';
import { registerFileDialogs } from './file-dialogs';
import { registerIpc } from './ipc';
import { launchUtilityProcess } from './launch-utility';
import { installMenu } from './menu';
import { isShownPdfUrl, registerPdfWindow } from './pdf-window';
import { APP_ENTRY_URL, isAppUrl } from './app-protocol';
import { hardenApp, registerAppProtocol, secureWebPreferences } from './security';
import { ServiceHost } from './service-host';
import { claimSingleInstance } from './single-instance';

/** Served as app://ledger/ (app-protocol.ts), never as file://. */
const rendererDir = path.join(import.meta.dirname, '..', 'renderer');
/** Built next to index.js (electron.vite.config.ts names it as an entry). */
const serviceEntry = path.join(import.meta.dirname, 'service-process.js');
let mainWindow: BrowserWindow | null = null;
let service: ServiceHost | null = null;
/** will-quit waits once for the service process to close the database. */
let serviceStopped = false;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    title: PRODUCT_NAME,
    show: false,
    webPreferences: secureWebPreferences(
      path.join(import.meta.dirname, '..', 'preload', 'index.cjs'),
    ),
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    mainWindow = null;
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/**
 * Tells the clerk that the service process ended and was restarted (issue 15 item 1). A
 * database with a password came back locked: after the notice the window reloads and asks for
 * the password again (the main process never keeps it).
 */
async function noticeRestart(outcome: { status: SessionStatus } | { failed: string }) {
  const window = mainWindow;
  const options: MessageBoxOptions =
    'failed' in outcome
      ? {
          type: 'error',
          title: PRODUCT_NAME,
          message: '后台服务意外退出，未能重新启动。',
          detail: `${outcome.failed}\n\n请再试一次；仍不行请关闭程序后重新打开。`,
        }
      : {
          type: 'warning',
          title: PRODUCT_NAME,
          message: '后台服务意外退出，已自动重新启动。',
          detail: outcome.status.locked
            ? '数据库完好。刚才正在做的操作没有完成；数据库已设密码，请重新输入数据库密码后再做一次。'
            : '数据库完好。刚才正在做的操作没有完成，请再做一次。',
        };
  if (window && !window.isDestroyed()) await dialog.showMessageBox(window, options);
  else await dialog.showMessageBox(options);
  if ('status' in outcome && outcome.status.locked && window && !window.isDestroyed()) {
    window.webContents.reload();
  }
}

// A second launch focuses the first window instead (single-instance.ts).
if (claimSingleInstance(() => mainWindow)) {
  registerAppProtocol(rendererDir);
  hardenApp(isAppUrl, isShownPdfUrl);

  app.whenReady().then(async () => {
    const dataDir = process.env[DATA_DIR_ENV]
      ? path.resolve(process.env[DATA_DIR_ENV])
      : app.getPath('userData');
    openLog(dataDir);
    // The session (database, services, jobs) runs in its own process: no call can freeze the
    // window (issue 15 item 1). Locked when the database has a password: the window asks.
    const host = new ServiceHost({
      launch: launchUtilityProcess(serviceEntry),
      dataDir,
      migrationsFolder: path.join(app.getAppPath(), 'db', 'migrations'),
      onCrashed: (code) => log.error(`后台服务意外退出（退出码 ${code ?? '无'}），正在重新启动`),
      onRestarted: (outcome) => {
        if ('failed' in outcome) log.error(`后台服务未能重新启动：${outcome.failed}`);
        else log.info('后台服务已重新启动');
        void noticeRestart(outcome);
      },
    });
    try {
      await host.start();
    } catch (error) {
      log.error('无法打开数据库', error);
      dialog.showErrorBox(
        `${PRODUCT_NAME} 无法打开数据库`,
        `${(error as Error).message}\n\n数据文件夹：${dataDir}`,
      );
      serviceStopped = true;
      app.quit();
      return;
    }
    service = host;
    log.info(`程序已启动，数据文件夹 ${dataDir}`);
    registerIpc(host, isAppUrl);
    registerPdfWindow(dataDir, isAppUrl);
    registerFileDialogs(isAppUrl);
    installMenu(dataDir);
    mainWindow = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // The service process closes the database (checkpointing its -wal) before the app ends.
  app.on('will-quit', (event) => {
    if (serviceStopped || !service) {
      closeLog();
      return;
    }
    event.preventDefault();
    void service.stop().finally(() => {
      serviceStopped = true;
      app.quit();
    });
  });
}
