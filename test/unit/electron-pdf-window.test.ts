import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IpcMainInvokeEvent, MenuItemConstructorOptions, WebPreferences } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SHOW_PDF_CHANNEL } from '../../electron/api/bridge';
import { makeTempDir } from '../fixtures/temp-dir';

// The Electron binary does not exist here: stand-ins that record what the module asks for.
interface FakeWindow {
  options: { title: string; webPreferences: WebPreferences };
  menu: MenuItemConstructorOptions[] | null;
  loaded: string | null;
  printed: number;
  closed: boolean;
  handlers: Map<string, (...args: unknown[]) => void>;
  close(): void;
}
const windows: FakeWindow[] = [];
const handle = vi.fn();
const appHandlers = new Map<string, (...args: unknown[]) => void>();
let onHeaders:
  | ((
      d: { url?: string; responseHeaders: Record<string, string[]> },
      cb: (r: unknown) => void,
    ) => void)
  | undefined;

vi.mock('electron', () => {
  class BrowserWindow implements FakeWindow {
    menu: MenuItemConstructorOptions[] | null = null;
    loaded: string | null = null;
    printed = 0;
    closed = false;
    handlers = new Map<string, (...args: unknown[]) => void>();
    webContents = { print: () => this.printed++ };
    constructor(readonly options: FakeWindow['options']) {
      windows.push(this);
    }
    setMenu(menu: MenuItemConstructorOptions[]) {
      this.menu = menu;
    }
    on(name: string, fn: (...args: unknown[]) => void) {
      this.handlers.set(name, fn);
    }
    once(name: string, fn: (...args: unknown[]) => void) {
      this.handlers.set(name, fn);
    }
    loadFile(file: string) {
      this.loaded = file;
      return Promise.resolve();
    }
    show() {}
    close() {
      this.closed = true;
      this.handlers.get('closed')?.();
    }
  }
  return {
    BrowserWindow,
    // The template itself stands for the built menu, so the test can click its items.
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => template },
    ipcMain: { handle: (...args: unknown[]) => handle(...args) },
    app: {
      on: (name: string, fn: (...args: unknown[]) => void) => appHandlers.set(name, fn),
      whenReady: () => Promise.resolve(),
    },
    shell: { openExternal: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => undefined,
        setPermissionCheckHandler: () => undefined,
        webRequest: { onHeadersReceived: (fn: typeof onHeaders) => (onHeaders = fn) },
      },
    },
  };
});

const { createShowPdfHandler, isShownPdfUrl, PDF_PREVIEW_DIR, previewFileName, registerPdfWindow } =
  await import('../../electron/main/pdf-window');
const { hardenApp } = await import('../../electron/main/security');
const { APP_ENTRY_URL, isAppUrl } = await import('../../electron/main/app-protocol');

const rendererDir = path.resolve('/opt/village-ledger/out/renderer');
const appPage = APP_ENTRY_URL;
/** Where the app page was before app:// (issue 14 item 6): no longer the app. */
const oldFilePage = pathToFileURL(path.join(rendererDir, 'index.html')).href;

function eventFrom(url: string | null, parent: object | null = null): IpcMainInvokeEvent {
  return { senderFrame: url === null ? null : { url, parent } } as unknown as IpcMainInvokeEvent;
}

/** A small real PDF's bytes (the header is what the check looks at; the rest is opaque). */
const PDF = Buffer.from('%PDF-1.3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');

/** Every file under a folder, relative to it. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

/** The 打印 item of a window's menu. */
function menuItem(window: FakeWindow, label: string): MenuItemConstructorOptions {
  const items = (window.menu ?? []).flatMap(
    (top) => (top.submenu as MenuItemConstructorOptions[] | undefined) ?? [],
  );
  const item = items.find((i) => i.label === label);
  if (!item) throw new Error(`no menu item ${label}`);
  return item;
}

describe('PDF window (Electron print preview)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let previewDir: string;
  let handler: ReturnType<typeof createShowPdfHandler>;

  beforeEach(() => {
    temp = makeTempDir('vl-pdf-window-');
    previewDir = path.join(temp.dir, PDF_PREVIEW_DIR);
    windows.length = 0;
    handler = createShowPdfHandler(previewDir, isAppUrl);
  });
  afterEach(() => temp.cleanup());

  it('registers on its channel and empties the previews an earlier run left behind', () => {
    fs.mkdirSync(path.join(previewDir, 'p-old'), { recursive: true });
    fs.writeFileSync(path.join(previewDir, 'p-old', '旧.pdf'), PDF);
    registerPdfWindow(temp.dir, isAppUrl);
    expect(handle).toHaveBeenCalledWith(SHOW_PDF_CHANNEL, expect.any(Function));
    expect(filesUnder(previewDir)).toEqual([]);
  });

  it('writes the PDF under the data folder and opens it in a secure window with 打印', async () => {
    const result = await handler(eventFrom(appPage), '明白纸-一组.pdf', new Uint8Array(PDF));
    expect(result).toEqual({ ok: true, result: null });

    // One file, the clerk's name, the exact bytes, inside <data>/tmp/pdf-preview/<folder>/.
    const files = filesUnder(previewDir);
    expect(files).toHaveLength(1);
    expect(path.basename(files[0]!)).toBe('明白纸-一组.pdf');
    const file = path.join(previewDir, files[0]!);
    expect(fs.readFileSync(file).equals(PDF)).toBe(true);

    expect(windows).toHaveLength(1);
    const window = windows[0]!;
    expect(window.loaded).toBe(file);
    expect(window.options.title).toBe('明白纸-一组');
    // The app's hardening, no bridge into the viewer, and the viewer plugin on.
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      plugins: true,
    });
    expect(window.options.webPreferences).not.toHaveProperty('preload');

    // 打印 (Ctrl+P) opens the system print dialog: webContents.print() without options.
    const print = menuItem(window, '打印…');
    expect(print.accelerator).toBe('CmdOrCtrl+P');
    (print.click as () => void)();
    expect(window.printed).toBe(1);

    // The shown file is the one response without the app CSP, until its window closes.
    const url = pathToFileURL(file).href;
    expect(isShownPdfUrl(url)).toBe(true);
    // However the name is escaped (Node encodes the Chinese, a plain file:// path does not).
    expect(isShownPdfUrl(`file://${file}`)).toBe(true);
    expect(isShownPdfUrl(pathToFileURL(`${file}.other`).href)).toBe(false);
    expect(isShownPdfUrl('https://example.com/明白纸-一组.pdf')).toBe(false);
    (menuItem(window, '关闭').click as () => void)();
    expect(window.closed).toBe(true);
    expect(isShownPdfUrl(url)).toBe(false);
    expect(filesUnder(previewDir)).toEqual([]);
  });

  it('keeps the viewer’s own title out of the title bar', async () => {
    await handler(eventFrom(appPage), '公示.pdf', new Uint8Array(PDF));
    let prevented = false;
    windows[0]!.handlers.get('page-title-updated')?.({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it.each([
    ['a web page', 'https://evil.example/', null],
    ['another local file', pathToFileURL('/tmp/evil.html').href, null],
    ['the renderer opened as a file', oldFilePage, null],
    ['a subframe of the app page', appPage, { url: appPage }],
    ['a destroyed frame', null, null],
  ])('refuses %s and writes nothing', async (_what, url, parent) => {
    const result = await handler(eventFrom(url, parent), 'x.pdf', new Uint8Array(PDF));
    expect(result).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('拒绝访问') },
    });
    expect(filesUnder(previewDir)).toEqual([]);
    expect(windows).toHaveLength(0);
  });

  it.each([
    [
      'an HTML page posing as a PDF',
      'x.pdf',
      new Uint8Array(Buffer.from('<script>alert(1)</script>')),
      '不是 PDF',
    ],
    ['text instead of bytes', 'x.pdf', '%PDF-1.3 <text, not bytes>', '不完整'],
    ['a name that is not text', 42, new Uint8Array(PDF), '文件名'],
    ['no content', 'x.pdf', undefined, '不完整'],
  ])('refuses %s with a Chinese message and opens nothing', async (_what, name, data, words) => {
    const result = await handler(eventFrom(appPage), name, data);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.message).toContain(words);
    expect(filesUnder(previewDir)).toEqual([]);
    expect(windows).toHaveLength(0);
  });

  it('keeps a name with folders or odd characters inside its own preview folder', async () => {
    await handler(eventFrom(appPage), '..\\..\\..\\evil/../公示:第1号?#%.pdf', new Uint8Array(PDF));
    const files = filesUnder(previewDir);
    expect(files).toHaveLength(1);
    expect(files[0]!.split(path.sep)).toHaveLength(2);
    expect(path.basename(files[0]!)).toBe('公示第1号.pdf');
    expect(previewFileName('')).toBe('预览.pdf');
    expect(previewFileName('...')).toBe('预览.pdf');
  });

  it('leaves the app CSP off only for a PDF on screen', async () => {
    hardenApp(isAppUrl, isShownPdfUrl);
    await Promise.resolve();
    await handler(eventFrom(appPage), '公示.pdf', new Uint8Array(PDF));
    const shown = pathToFileURL(path.join(previewDir, filesUnder(previewDir)[0]!)).href;
    const headersOf = (url: string) => {
      let result: { responseHeaders?: Record<string, string[]> } | undefined;
      onHeaders?.({ url, responseHeaders: {} }, (r) => (result = r as typeof result));
      return result?.responseHeaders?.['Content-Security-Policy'];
    };
    expect(headersOf(shown)).toBeUndefined();
    expect(headersOf(appPage)?.[0]).toContain("object-src 'none'");
    // Another PDF in the same folder, not shown by this module, keeps the header.
    expect(headersOf(pathToFileURL(path.join(previewDir, 'p-x', 'other.pdf')).href)).toBeDefined();
    windows[0]!.close();
    expect(headersOf(shown)).toBeDefined();
  });
});
