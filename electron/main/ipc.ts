import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNEL } from '../api/bridge';
import type { Envelope } from '../api/errors';
import type { AppSession } from '../services/session';
import { dispatchSession } from '../services/session-dispatch';

/**
 * The IPC door: one handler for every contract method. It accepts calls only from the app's
 * own top-level page (not from a subframe, a navigated-away page or any other origin), and
 * leaves input parsing to dispatch(), which runs the contract's zod schema.
 */
export function createIpcHandler(session: AppSession, isAppUrl: (url: string) => boolean) {
  return async (
    event: IpcMainInvokeEvent,
    method: unknown,
    input: unknown,
  ): Promise<Envelope<unknown>> => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !isAppUrl(frame.url)) {
      return {
        ok: false,
        error: { code: 'FORBIDDEN', message: '拒绝访问：调用不是来自本程序的页面。' },
      };
    }
    return dispatchSession(session, method, input);
  };
}

export function registerIpc(session: AppSession, isAppUrl: (url: string) => boolean): void {
  ipcMain.handle(IPC_CHANNEL, createIpcHandler(session, isAppUrl));
}
