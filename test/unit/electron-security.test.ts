import { beforeAll, describe, expect, it, vi } from 'vitest';

// The Electron binary does not exist here: record what the security module registers.
const appHandlers = new Map<string, (...args: unknown[]) => void>();
const session = {
  permissionRequest: undefined as
    undefined | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
  permissionCheck: undefined as undefined | (() => boolean),
  headers: undefined as
    | undefined
    | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void),
};
const openExternal = vi.fn();
vi.mock('electron', () => ({
  app: {
    on: (name: string, fn: (...args: unknown[]) => void) => appHandlers.set(name, fn),
    whenReady: () => Promise.resolve(),
  },
  shell: { openExternal: (url: string) => openExternal(url) },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: typeof session.permissionRequest) =>
        (session.permissionRequest = fn),
      setPermissionCheckHandler: (fn: typeof session.permissionCheck) =>
        (session.permissionCheck = fn),
      webRequest: { onHeadersReceived: (fn: typeof session.headers) => (session.headers = fn) },
    },
  },
}));

const { hardenApp, secureWebPreferences } = await import('../../electron/main/security');

/** A stand-in webContents that records its handlers. */
function fakeContents() {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  return {
    on: (name: string, fn: (...args: unknown[]) => void) => handlers.set(name, fn),
    setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
    emit(name: string, url?: string) {
      const event = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      handlers.get(name)?.(event, url);
      return event.prevented;
    },
    open: (url: string) => openHandler?.({ url }),
  };
}

describe('security module', () => {
  const appUrl = 'file:///opt/app/out/renderer/index.html';
  let contents: ReturnType<typeof fakeContents>;

  beforeAll(async () => {
    hardenApp((url) => url.startsWith('file:///opt/app/out/renderer/'));
    await Promise.resolve();
    contents = fakeContents();
    appHandlers.get('web-contents-created')?.({}, contents);
  });

  it('gives every window isolated, sandboxed, Node-free web preferences', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      // The PDF preview needs Chromium's viewer.
      plugins: true,
    });
  });

  it('denies window.open and sends only http(s) links to the system browser', () => {
    expect(contents.open('https://www.gov.cn/')).toEqual({ action: 'deny' });
    expect(contents.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
    expect(openExternal).toHaveBeenCalledWith('https://www.gov.cn/');
  });

  it('blocks navigation away from the app and webview attachment', () => {
    expect(contents.emit('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.emit('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.emit('will-navigate', appUrl)).toBe(false);
    expect(contents.emit('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.emit('will-attach-webview')).toBe(true);
  });

  it('denies every permission request and check', () => {
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      session.permissionRequest?.({}, permission, (ok) => answers.push(ok));
    }
    expect(answers).toEqual([false, false, false, false]);
    expect(session.permissionCheck?.()).toBe(false);
  });

  it('adds a strict Content-Security-Policy header to every response', () => {
    let result: { responseHeaders: Record<string, string[]> } | undefined;
    session.headers?.(
      { responseHeaders: { 'X-Other': ['1'] } },
      (r) => (result = r as typeof result),
    );
    const csp = result?.responseHeaders['Content-Security-Policy']?.[0] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval)/);
    expect(result?.responseHeaders['X-Other']).toEqual(['1']);
  });
});
