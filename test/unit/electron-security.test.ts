import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
/** The clerk's answer to the next link dialogs: 0 打开, 1 取消. */
const answers: number[] = [];
const prompts: { parent: unknown; options: { message: string; buttons: string[] } }[] = [];
const schemes: { scheme: string; privileges: Record<string, boolean> }[][] = [];
const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
const windowOf = { id: 'main window' };
vi.mock('electron', () => ({
  app: {
    on: (name: string, fn: (...args: unknown[]) => void) => appHandlers.set(name, fn),
    whenReady: () => Promise.resolve(),
  },
  BrowserWindow: { fromWebContents: () => windowOf },
  dialog: {
    showMessageBox: async (parent: unknown, options: (typeof prompts)[number]['options']) => {
      prompts.push({ parent, options });
      return { response: answers.shift() ?? 1 };
    },
  },
  protocol: {
    registerSchemesAsPrivileged: (list: (typeof schemes)[number]) => schemes.push(list),
    handle: (scheme: string, fn: (request: Request) => Promise<Response>) =>
      protocolHandlers.set(scheme, fn),
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

const { hardenApp, registerAppProtocol, secureWebPreferences } =
  await import('../../electron/main/security');
const { APP_ENTRY_URL, isAppUrl } = await import('../../electron/main/app-protocol');

/** Lets the dialog's promise and the openExternal after it run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

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
  const appUrl = APP_ENTRY_URL;
  let contents: ReturnType<typeof fakeContents>;

  beforeAll(async () => {
    hardenApp(isAppUrl);
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
      // No plugins in the main window: only the PDF window asks for them.
      plugins: false,
    });
    expect(secureWebPreferences(undefined, { plugins: true })).toMatchObject({
      plugins: true,
      sandbox: true,
      contextIsolation: true,
    });
    expect(secureWebPreferences(undefined, { plugins: true })).not.toHaveProperty('preload');
  });

  it('asks before a link opens in the system browser, naming the address', async () => {
    openExternal.mockClear();
    prompts.length = 0;
    answers.push(1, 0);
    // 取消: nothing opens.
    expect(contents.open('https://www.gov.cn/zhengce/')).toEqual({ action: 'deny' });
    await settle();
    expect(openExternal).not.toHaveBeenCalled();
    // 打开: the address the clerk saw opens.
    expect(contents.emit('will-navigate', 'https://www.gov.cn/zhengce/')).toBe(true);
    await settle();
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://www.gov.cn/zhengce/');
    expect(prompts).toHaveLength(2);
    expect(prompts[0]!.parent).toBe(windowOf);
    expect(prompts[0]!.options.message).toContain('https://www.gov.cn/zhengce/');
    expect(prompts[0]!.options.buttons).toEqual(['打开', '取消']);
  });

  it('refuses other schemes without asking, and asks one question at a time', async () => {
    openExternal.mockClear();
    prompts.length = 0;
    expect(contents.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(contents.emit('will-navigate', 'smb://server/share')).toBe(true);
    await settle();
    expect(prompts).toHaveLength(0);
    // A page opening links in a loop: one dialog, the rest dropped while it is up.
    answers.push(1);
    for (let i = 0; i < 20; i++) contents.open(`https://spam.example/${i}`);
    await settle();
    expect(prompts).toHaveLength(1);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('blocks navigation away from the app and webview attachment', () => {
    answers.push(1);
    expect(contents.emit('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.emit('will-navigate', 'file:///etc/passwd')).toBe(true);
    // The renderer as a file (how the app loaded before app://) is not the app any more.
    expect(contents.emit('will-navigate', 'file:///opt/app/out/renderer/index.html')).toBe(true);
    expect(contents.emit('will-navigate', 'app://other/index.html')).toBe(true);
    expect(contents.emit('will-navigate', appUrl)).toBe(false);
    expect(contents.emit('will-navigate', 'app://ledger/#/ledger')).toBe(false);
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

  it('registers app:// as a standard, secure scheme and serves the renderer through it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vl-app-scheme-'));
    try {
      fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>台账</title>');
      registerAppProtocol(dir);
      expect(schemes.at(-1)).toEqual([
        {
          scheme: 'app',
          privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
        },
      ]);
      await settle();
      const serve = protocolHandlers.get('app');
      const page = await serve!(new Request(APP_ENTRY_URL));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>台账</title>');
      expect(page.headers.get('content-security-policy')).toContain("object-src 'none'");
      const escape = await serve!(new Request('app://ledger/..%2f..%2fetc%2fpasswd'));
      expect(escape.status).toBe(403);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
