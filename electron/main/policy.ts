import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Pure policy shared by the Electron shell and the web host: the CSP and the URL checks.
 * No Electron import, so the web host and Vitest use it directly.
 */

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // antd writes its CSS-in-JS into <style> elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // PDF previews (月通报, scanned attachments) shown in the app as blob: URLs the page made.
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** External links open in the system browser only when they are plain http(s). */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.username === '' &&
      url.password === ''
    );
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
