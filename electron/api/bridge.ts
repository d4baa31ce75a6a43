import type { Envelope } from './errors';

/** What the preload exposes on `window` under BRIDGE_KEY (Electron only). */
export interface Bridge {
  call(method: string, input: unknown): Promise<Envelope<unknown>>;
}

export const BRIDGE_KEY = 'villageLedger';
/** The IPC channel all calls go through. */
export const IPC_CHANNEL = 'village-ledger:call';
/** The web host gives each launch's token to its page in <meta name=TOKEN_META content=…>. */
export const TOKEN_META = 'village-ledger-token';
/** …and the page sends it back in this header on every POST /api/<method>. */
export const TOKEN_HEADER = 'x-village-ledger-token';
