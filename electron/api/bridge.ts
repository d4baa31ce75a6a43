import type { Envelope } from './errors';

/** What the preload exposes on `window` under BRIDGE_KEY (Electron only). */
export interface Bridge {
  call(method: string, input: unknown): Promise<Envelope<unknown>>;
  /**
   * Electron only: shows a PDF the services made in an app window (Chromium's PDF viewer, with
   * 打印 in its menu for the system print dialog). Absent in the web host, which opens a tab.
   */
  showPdf?(fileName: string, data: Uint8Array): Promise<Envelope<null>>;
  /**
   * Electron only: the system's open dialog for a folder (where a backup goes, e.g. a USB
   * stick) or a backup file (to restore); null when the clerk cancels. The web host has no
   * such door: the page takes a typed path instead.
   */
  choosePath?(kind: ChoosePathKind): Promise<Envelope<string | null>>;
}

export type ChoosePathKind = 'folder' | 'backup';

export const BRIDGE_KEY = 'villageLedger';
/** The IPC channel all calls go through. */
export const IPC_CHANNEL = 'village-ledger:call';
/** The channel of `showPdf` (not a contract method: it opens a window, it reads no data). */
export const SHOW_PDF_CHANNEL = 'village-ledger:show-pdf';
/** The channel of `choosePath` (a system dialog; the chosen path then goes through the contract). */
export const CHOOSE_PATH_CHANNEL = 'village-ledger:choose-path';
/**
 * The web host's one-time launch link is http://127.0.0.1:PORT/?LAUNCH_PARAM=<code>: opening it
 * once gives the browser an HttpOnly session cookie; the page itself never holds a secret.
 */
export const LAUNCH_PARAM = 'launch';
/**
 * Every call from the page carries this header with the value '1'. A cross-site page cannot set
 * it without a CORS preflight, which the web host never grants.
 */
export const CSRF_HEADER = 'x-village-ledger-request';
/**
 * Automation only (scripts, tests): the launch token, read from the 0600 file the web host
 * writes in the data folder, sent in this header instead of the cookie.
 */
export const TOKEN_HEADER = 'x-village-ledger-token';
