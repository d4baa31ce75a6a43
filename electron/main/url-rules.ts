import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Pure URL checks used by the security module and the IPC wrapper (no Electron import, so
 * Vitest tests them directly).
 */

/** External links open in the system browser only when they are plain http(s). */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** True when `raw` is a page of the built renderer folder (file://…/out/renderer/…). */
export function makeAppUrlCheck(rendererDir: string): (raw: string) => boolean {
  const base = pathToFileURL(path.resolve(rendererDir) + path.sep).href;
  return (raw) => {
    try {
      const url = new URL(raw);
      if (url.protocol !== 'file:') return false;
      // Normalise ../ segments before comparing, so file:///…/out/renderer/../x is refused.
      return url.href.startsWith(base) && !decodeURIComponent(url.pathname).includes('/../');
    } catch {
      return false;
    }
  };
}
