import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IpcMainInvokeEvent, OpenDialogOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';

// The Electron binary does not exist here: stand-ins for what the module imports.
vi.mock('electron', () => ({
  BrowserWindow: { fromWebContents: () => null },
  dialog: { showOpenDialog: vi.fn() },
  ipcMain: { handle: vi.fn() },
}));

const { createChoosePathHandler } = await import('../../electron/main/file-dialogs');
const { APP_ENTRY_URL, isAppUrl } = await import('../../electron/main/app-protocol');

const rendererDir = path.resolve('/opt/village-ledger/out/renderer');
const appPage = APP_ENTRY_URL;
/** Where the app page was before app:// (issue 14 item 6): no longer the app. */
const oldFilePage = pathToFileURL(path.join(rendererDir, 'index.html')).href;
const event = (url: string, parent: object | null = null) =>
  ({ senderFrame: { url, parent }, sender: {} }) as unknown as IpcMainInvokeEvent;

describe('the open dialog for backups', () => {
  it('returns the chosen folder, or null when the clerk cancels', async () => {
    const seen: OpenDialogOptions[] = [];
    const answers = [
      { canceled: false, filePaths: ['/media/U盘/台账备份'] },
      { canceled: true, filePaths: [] },
    ];
    const handler = createChoosePathHandler(isAppUrl, async (_w, options) => {
      seen.push(options);
      return answers.shift()!;
    });
    expect(await handler(event(appPage), 'folder')).toEqual({
      ok: true,
      result: '/media/U盘/台账备份',
    });
    expect(await handler(event(appPage), 'backup')).toEqual({ ok: true, result: null });
    expect(seen[0]!.properties).toContain('openDirectory');
    expect(seen[1]!.properties).toEqual(['openFile']);
    expect(seen[1]!.filters![0]!.extensions).toEqual(['vlbak', 'db']);
  });

  it('answers only the app’s own top-level page, and only the two kinds', async () => {
    const show = vi.fn();
    const handler = createChoosePathHandler(isAppUrl, show);
    expect(await handler(event('https://evil.example/'), 'folder')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await handler(event(oldFilePage), 'folder')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await handler(event(appPage, {}), 'folder')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await handler(event(appPage), '../../etc')).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: '选择的类型不对' },
    });
    expect(show).not.toHaveBeenCalled();
  });
});
