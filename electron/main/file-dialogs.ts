import {
  BrowserWindow,
  dialog,
  ipcMain,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
} from 'electron';
import { CHOOSE_PATH_CHANNEL, type ChoosePathKind } from '../api/bridge';
import type { Envelope } from '../api/errors';

const OPTIONS: Record<ChoosePathKind, OpenDialogOptions> = {
  folder: {
    title: '选择备份存放的文件夹（如 U 盘）',
    buttonLabel: '备份到这里',
    properties: ['openDirectory', 'createDirectory'],
  },
  backup: {
    title: '选择要恢复的备份文件',
    buttonLabel: '选择',
    properties: ['openFile'],
    filters: [
      { name: '台账备份（*.vlbak，旧版 *.db）', extensions: ['vlbak', 'db'] },
      { name: '所有文件', extensions: ['*'] },
    ],
  },
};

type ShowDialog = (
  window: BrowserWindow | null,
  options: OpenDialogOptions,
) => Promise<{ canceled: boolean; filePaths: string[] }>;

const showDialog: ShowDialog = (window, options) =>
  window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);

/**
 * The handler of CHOOSE_PATH_CHANNEL: the system's open dialog, for the app's own top-level
 * page only. It returns a path and nothing else: what is done with it goes through the
 * contract, where the path is checked again like any typed one.
 */
export function createChoosePathHandler(
  isAppUrl: (url: string) => boolean,
  show: ShowDialog = showDialog,
) {
  return async (event: IpcMainInvokeEvent, kind: unknown): Promise<Envelope<string | null>> => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !isAppUrl(frame.url)) {
      return {
        ok: false,
        error: { code: 'FORBIDDEN', message: '拒绝访问：请求不是来自本程序的页面。' },
      };
    }
    if (kind !== 'folder' && kind !== 'backup') {
      return { ok: false, error: { code: 'VALIDATION', message: '选择的类型不对' } };
    }
    const result = await show(BrowserWindow.fromWebContents(event.sender), OPTIONS[kind]);
    return { ok: true, result: result.canceled ? null : (result.filePaths[0] ?? null) };
  };
}

export function registerFileDialogs(isAppUrl: (url: string) => boolean): void {
  ipcMain.handle(CHOOSE_PATH_CHANNEL, createChoosePathHandler(isAppUrl));
}
