import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { DATA_DIR_ENV } from '../services/data-dir';
import { scheduleDailyBackup } from '../services/backup/daily';
import { log, openLog } from '../services/log/logger';
import { AppSession } from '../services/session';
import { PRODUCT_NAME } from '../services/system/app-info';
import { registerFileDialogs } from './file-dialogs';
import { registerIpc } from './ipc';
import { installMenu } from './menu';
import { isShownPdfUrl, registerPdfWindow } from './pdf-window';
import { APP_ENTRY_URL, isAppUrl } from './app-protocol';
import { hardenApp, registerAppProtocol, secureWebPreferences } from './security';
import { claimSingleInstance } from './single-instance';

/** Served as app://ledger/ (app-protocol.ts), never as file://. */
const rendererDir = path.join(import.meta.dirname, '..', 'renderer');
let mainWindow: BrowserWindow | null = null;
let session: AppSession | null = null;

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

// A second launch focuses the first window instead (single-instance.ts).
if (claimSingleInstance(() => mainWindow)) {
  registerAppProtocol(rendererDir);
  hardenApp(isAppUrl, isShownPdfUrl);

  app.whenReady().then(async () => {
    const dataDir = process.env[DATA_DIR_ENV]
      ? path.resolve(process.env[DATA_DIR_ENV])
      : app.getPath('userData');
    openLog(dataDir);
    try {
      // Locked when the database has a password: the window asks for it first.
      session = await new AppSession({
        dataDir,
        migrationsFolder: path.join(app.getAppPath(), 'db', 'migrations'),
        onOpened: scheduleDailyBackup,
      }).open();
    } catch (error) {
      log.error('无法打开数据库', error);
      dialog.showErrorBox(
        `${PRODUCT_NAME} 无法打开数据库`,
        `${(error as Error).message}\n\n数据文件夹：${dataDir}`,
      );
      app.quit();
      return;
    }
    log.info(`程序已启动，数据文件夹 ${dataDir}`);
    registerIpc(session, isAppUrl);
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
  app.on('will-quit', () => session?.close());
}
