import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNEL } from '../api/bridge';
import type { Envelope } from '../api/errors';

/** Where a checked call goes: the service process (service-host.ts), or a session in tests. */
export interface CallTarget {
  call(method: unknown, input: unknown): Promise<Envelope<unknown>>;
}

/**
 * The IPC door: one handler for every contract method. It accepts calls only from the app's
 * own top-level page (not from a subframe, a navigated-away page or any other origin), and
 * forwards the rest to the service process, whose dispatch() runs the contract's zod schema.
 */
export function createIpcHandler(target: CallTarget, isAppUrl: (url: string) => boolean) {
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
    return target.call(method, input);
  };
}

export function registerIpc(target: CallTarget, isAppUrl: (url: string) => boolean): void {
  ipcMain.handle(IPC_CHANNEL, createIpcHandler(target, isAppUrl));
}
