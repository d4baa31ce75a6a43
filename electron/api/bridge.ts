import type { Envelope } from './errors';

/** What the preload exposes on `window` under BRIDGE_KEY (Electron only). */
export interface Bridge {
  call(method: string, input: unknown): Promise<Envelope<unknown>>;
  /**
   * Electron only: shows a PDF the services made in an app window (Chromium's PDF viewer, with
   * 打印 in its menu for the system print dialog). Absent in the web host, which opens a tab.
   */
  showPdf?(fileName: string, dataBase64: string): Promise<Envelope<null>>;
}

export const BRIDGE_KEY = 'villageLedger';
/** The IPC channel all calls go through. */
export const IPC_CHANNEL = 'village-ledger:call';
/** The channel of `showPdf` (not a contract method: it opens a window, it reads no data). */
export const SHOW_PDF_CHANNEL = 'village-ledger:show-pdf';
/** The web host gives each launch's token to its page in <meta name=TOKEN_META content=…>. */
export const TOKEN_META = 'village-ledger-token';
/** …and the page sends it back in this header on every POST /api/<method>. */
export const TOKEN_HEADER = 'x-village-ledger-token';
