import type { Envelope } from './errors';

/** What the preload exposes on `window` under BRIDGE_KEY (Electron only). */
export interface Bridge {
  call(method: string, input: unknown): Promise<Envelope<unknown>>;
  /**
   * Electron only: shows a PDF the services made in an app window (Chromium's PDF viewer, with
   * 打印 in its menu for the system print dialog). Absent in the web host, which opens a tab.
   */
  showPdf?(fileName: string, dataBase64: string): Promise<Envelope<null>>;
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
/** The web host gives each launch's token to its page in <meta name=TOKEN_META content=…>. */
export const TOKEN_META = 'village-ledger-token';
/** …and the page sends it back in this header on every POST /api/<method>. */
export const TOKEN_HEADER = 'x-village-ledger-token';
