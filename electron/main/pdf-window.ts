import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BrowserWindow,
  ipcMain,
  Menu,
  type IpcMainInvokeEvent,
  type MenuItemConstructorOptions,
} from 'electron';
import { SHOW_PDF_CHANNEL } from '../api/bridge';
import type { Envelope, ErrorCode } from '../api/errors';
import { secureWebPreferences } from './security';

/**
 * The PDF window (issue 5 part 4): a PDF the services made (a notice, a batch of 明白纸, a
 * report) is written to <data>/tmp/pdf-preview/<one folder per preview>/<its name>.pdf and
 * shown in an app window by Chromium's own PDF viewer, whose 打印 menu item opens the system
 * print dialog. The file carries the clerk-facing name because the viewer's 下载 saves under
 * the URL's name. The folder goes when the window closes, and the whole preview folder is
 * emptied at start-up (a crash leaves no PDFs behind for long).
 */

/** Under the data folder. */
export const PDF_PREVIEW_DIR = path.join('tmp', 'pdf-preview');
/** A township's cards (10,000 households) stay well below this. */
export const MAX_PDF_BYTES = 300 * 1024 * 1024;

/** Paths of the previews on screen now: the only responses without the app CSP. */
const shownFiles = new Set<string>();

/**
 * True for the file:// URL of a PDF this module wrote and is showing (security.ts leaves its
 * CSP off). Compared as paths: Chromium and Node percent-encode a Chinese name differently.
 */
export function isShownPdfUrl(url: string | undefined): boolean {
  if (!url?.startsWith('file:')) return false;
  try {
    return shownFiles.has(path.resolve(fileURLToPath(url)));
  } catch {
    return false;
  }
}

/** A plain file name on Windows and Linux, ending in .pdf, from whatever the page sent. */
export function previewFileName(name: string): string {
  const base = name
    .split(/[\\/]/)
    .pop()!
    // Also # and %, which a file:// URL would read as a fragment or an escape.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*#%]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .replace(/\.pdf$/i, '')
    .slice(0, 120);
  return `${base || '预览'}.pdf`;
}

/**
 * Writes the PDF into a new folder of its own under `previewDir`: first as <name>.partial,
 * then renamed, so the viewer never opens half a file. Returns the file's path.
 */
export function writePreviewFile(previewDir: string, fileName: string, bytes: Buffer): string {
  fs.mkdirSync(previewDir, { recursive: true });
  const folder = fs.mkdtempSync(path.join(previewDir, 'p-'));
  const target = path.join(folder, previewFileName(fileName));
  const partial = `${target}.partial`;
  fs.writeFileSync(partial, bytes);
  fs.renameSync(partial, target);
  return target;
}

/**
 * Removes a preview's folder (its one file); never anything outside `previewDir`. A file
 * another program still holds (Windows) stays until the next start empties the folder.
 */
export function removePreviewFile(previewDir: string, file: string): void {
  const folder = path.dirname(path.resolve(file));
  if (path.dirname(folder) !== path.resolve(previewDir)) return;
  try {
    fs.rmSync(folder, { recursive: true, force: true });
  } catch {
    // Left for clearPreviewDir at the next start.
  }
}

/** Empties the preview folder: at start-up no window shows any of it. */
export function clearPreviewDir(previewDir: string): void {
  fs.rmSync(previewDir, { recursive: true, force: true });
}

type Checked = { ok: true; bytes: Buffer; fileName: string } | { ok: false; error: Failure };
type Failure = { code: ErrorCode; message: string };

/** The page's input is `unknown` until checked: a name, and the bytes of a real PDF. */
export function checkPdfInput(fileName: unknown, data: unknown): Checked {
  if (typeof fileName !== 'string' || fileName.length > 500) {
    return { ok: false, error: { code: 'VALIDATION', message: '文件名不对，无法打开预览。' } };
  }
  // Bytes cross IPC by structured clone as a Uint8Array (issue 15 item 4: no base64).
  if (!(data instanceof Uint8Array)) {
    return { ok: false, error: { code: 'VALIDATION', message: 'PDF 内容不完整，无法打开预览。' } };
  }
  if (data.byteLength > MAX_PDF_BYTES) {
    return {
      ok: false,
      error: { code: 'VALIDATION', message: 'PDF 超过 300 MB，请分批打印后再预览。' },
    };
  }
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // Only a PDF goes to the viewer: anything else could be a page with scripts.
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    return { ok: false, error: { code: 'VALIDATION', message: '这不是 PDF 文件，无法打开预览。' } };
  }
  return { ok: true, bytes, fileName };
}

/** The PDF window's menu: 打印 (Ctrl+P, the system print dialog), zoom, 关闭. */
export function pdfWindowMenu(actions: {
  print: () => void;
  close: () => void;
}): MenuItemConstructorOptions[] {
  return [
    {
      label: '文件',
      submenu: [
        { label: '打印…', accelerator: 'CmdOrCtrl+P', click: actions.print },
        { type: 'separator' },
        { label: '关闭', accelerator: 'CmdOrCtrl+W', click: actions.close },
      ],
    },
    {
      label: '视图',
      submenu: [
        { role: 'resetZoom', label: '实际大小' },
        { role: 'zoomIn', label: '放大' },
        { role: 'zoomOut', label: '缩小' },
      ],
    },
  ];
}

/**
 * Opens one PDF window: the app's secure preferences without a preload (the viewer needs no
 * bridge; plugins on for Chromium's PDF viewer, the only window with them), titled with the file's name rather than
 * the viewer's. `onClosed` runs once the window is gone.
 */
export function openPdfWindow(file: string, title: string, onClosed: () => void): BrowserWindow {
  const window = new BrowserWindow({
    width: 1000,
    height: 860,
    minWidth: 640,
    minHeight: 480,
    title,
    show: false,
    // The one window with plugins: Chromium's PDF viewer is one.
    webPreferences: secureWebPreferences(undefined, { plugins: true }),
  });
  window.setMenu(
    Menu.buildFromTemplate(
      pdfWindowMenu({
        // No options: the system print dialog, where the clerk picks printer, copies, pages.
        print: () => window.webContents.print(),
        close: () => window.close(),
      }),
    ),
  );
  // The viewer would put the temp file's name in the title bar.
  window.on('page-title-updated', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  window.on('closed', onClosed);
  void window.loadFile(file);
  return window;
}

type OpenWindow = (file: string, title: string, onClosed: () => void) => unknown;

/**
 * The handler of SHOW_PDF_CHANNEL. Like the contract's IPC door (ipc.ts) it answers only the
 * app's own top-level page; it checks the input, writes the file and opens the window, and
 * answers with an envelope whose message the page shows as is.
 */
export function createShowPdfHandler(
  previewDir: string,
  isAppUrl: (url: string) => boolean,
  open: OpenWindow = openPdfWindow,
) {
  return async (
    event: IpcMainInvokeEvent,
    fileName: unknown,
    data: unknown,
  ): Promise<Envelope<null>> => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !isAppUrl(frame.url)) {
      return {
        ok: false,
        error: { code: 'FORBIDDEN', message: '拒绝访问：请求不是来自本程序的页面。' },
      };
    }
    const checked = checkPdfInput(fileName, data);
    if (!checked.ok) return { ok: false, error: checked.error };
    let file: string;
    try {
      file = writePreviewFile(previewDir, checked.fileName, checked.bytes);
    } catch (error) {
      const full = (error as NodeJS.ErrnoException).code === 'ENOSPC';
      return {
        ok: false,
        error: full
          ? { code: 'DISK_FULL', message: '磁盘空间不足，无法打开 PDF 预览。' }
          : { code: 'INTERNAL', message: `无法写入 PDF 预览文件：${(error as Error).message}` },
      };
    }
    const shown = path.resolve(file);
    shownFiles.add(shown);
    open(file, previewFileName(checked.fileName).replace(/\.pdf$/, ''), () => {
      shownFiles.delete(shown);
      removePreviewFile(previewDir, file);
    });
    return { ok: true, result: null };
  };
}

/** Empties the preview folder left by an earlier run and answers SHOW_PDF_CHANNEL. */
export function registerPdfWindow(dataDir: string, isAppUrl: (url: string) => boolean): void {
  const previewDir = path.join(dataDir, PDF_PREVIEW_DIR);
  try {
    clearPreviewDir(previewDir);
  } catch {
    // A file still held open by another program: its folder is retried at the next start.
  }
  ipcMain.handle(SHOW_PDF_CHANNEL, createShowPdfHandler(previewDir, isAppUrl));
}
