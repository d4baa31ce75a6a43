import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IpcMainInvokeEvent } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL } from '../../electron/api/bridge';
import { dispatchSession } from '../../electron/services/session-dispatch';
import { useTestRuntime } from '../fixtures/runtime';

// The Electron binary does not exist here: stand in for the one API the wrapper registers with.
const handle = vi.fn();
vi.mock('electron', () => ({ ipcMain: { handle: (...args: unknown[]) => handle(...args) } }));

const { createIpcHandler, registerIpc } = await import('../../electron/main/ipc');
const { APP_ENTRY_URL, isAppUrl } = await import('../../electron/main/app-protocol');

const rendererDir = path.resolve('/opt/village-ledger/out/renderer');
const appPage = APP_ENTRY_URL;
/** Where the app page was before app:// (issue 14 item 6): no longer the app. */
const oldFilePage = pathToFileURL(path.join(rendererDir, 'index.html')).href;

function eventFrom(url: string | null, parent: object | null = null): IpcMainInvokeEvent {
  return { senderFrame: url === null ? null : { url, parent } } as unknown as IpcMainInvokeEvent;
}

describe('IPC wrapper', () => {
  const current = useTestRuntime();
  let handler: ReturnType<typeof createIpcHandler>;
  /** What the service process does with a forwarded call (service-process/main.ts). */
  const service = {
    call: (method: unknown, input: unknown) => dispatchSession(current().session, method, input),
  };

  beforeEach(() => {
    handler = createIpcHandler(service, isAppUrl);
  });

  it('registers one handler on the app channel', () => {
    registerIpc(service, () => true);
    expect(handle).toHaveBeenCalledWith(IPC_CHANNEL, expect.any(Function));
  });

  it('serves a call from the app’s own page', async () => {
    const result = await handler(eventFrom(appPage), 'settings.get', {});
    expect(result).toMatchObject({ ok: true, result: { householdCap: 100 } });
  });

  it.each([
    ['a web page', 'https://evil.example/'],
    ['another local file', pathToFileURL('/tmp/evil.html').href],
    ['the renderer opened as a file (the app before app://)', oldFilePage],
    ['another host on the app scheme', 'app://evil/index.html'],
    ['a destroyed frame', null],
  ])('rejects a call from %s and writes nothing', async (_what, url) => {
    const result = await handler(eventFrom(url), 'setup.createVillage', {
      county: '石门县',
      township: '柳湾镇',
      village: '杨柳村',
      groups: ['一组'],
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('拒绝访问') },
    });
    expect(current().ctx.sqlite.prepare('select count(*) n from grids').get()).toEqual({ n: 0 });
  });

  it('rejects a call from a subframe of the app page', async () => {
    const result = await handler(eventFrom(appPage, { url: appPage }), 'settings.get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('rejects malformed input with a Chinese message before the service runs', async () => {
    const result = await handler(eventFrom(appPage), 'grids.create', {
      parentId: -1,
      level: 'planet',
      name: 42,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.message).toContain('编号必须大于 0');
    expect(result.error.message).toContain('层级只能是');
    expect(current().ctx.sqlite.prepare('select count(*) n from grids').get()).toEqual({ n: 0 });
  });

  it('rejects an unknown method and a non-string method name', async () => {
    expect(await handler(eventFrom(appPage), 'fs.readFile', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
    expect(await handler(eventFrom(appPage), { toString: 1 }, {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
  });
});
