import fs from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from './policy';

/**
 * The app:// protocol the Electron shell serves its UI from (issue 14 item 6), instead of
 * file://: a file:// page shares its origin with every other file on the disk, so anything it
 * could be made to load (a downloaded .html, a file on a USB stick) would count as the app. Here
 * only app://ledger/… is the app, and it serves nothing but the built renderer folder.
 *
 * No Electron import: security.ts registers the scheme and hands each request to
 * serveAppRequest(); Vitest tests this module directly (Node has Request and Response).
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'ledger';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the main window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The scheme's privileges, given before the app is ready. standard: relative URLs and an
 * origin of its own (app://ledger), so 'self' in the CSP means the app; secure: a secure
 * context like https. Deliberately not corsEnabled (no other origin may read these files), not
 * bypassCSP, no service workers, no streaming.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
} as const;

/**
 * The only file types the built renderer has; any other name is answered 404 (a source map, a
 * stray file dropped in the folder). Module scripts need the JavaScript type: Chromium refuses
 * a module served without it.
 */
const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** True when `raw` is a page or file of the app itself: app://ledger/…, nothing else. */
export function isAppUrl(raw: string | undefined | null): boolean {
  if (typeof raw !== 'string') return false;
  try {
    const url = new URL(raw);
    return (
      url.protocol === `${APP_SCHEME}:` &&
      url.host === APP_HOST &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

export type AppResource =
  { ok: true; file: string; mimeType: string } | { ok: false; status: 400 | 403 | 404 };

/**
 * Where an app:// URL points inside `rendererDir`, decided on the text alone: the path is
 * percent-decoded once, then resolved, and must stay inside the folder (../ hidden as %2f, an
 * absolute path: refused; the URL parser has already resolved plain and %2e%2e dot segments
 * within app://ledger/). "/" and folder names mean their index.html. A NUL, a backslash (a
 * separator on Windows only), a colon (Windows streams, drive letters) or an undecodable escape
 * is a bad request; an unknown file type is not found.
 */
export function resolveAppResource(rendererDir: string, raw: string): AppResource {
  if (!isAppUrl(raw)) return { ok: false, status: 403 };
  let decoded: string;
  try {
    decoded = decodeURIComponent(new URL(raw).pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (/[\0:\\]/.test(decoded)) return { ok: false, status: 400 };
  let relative = decoded.replace(/^\/+/, '');
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  const inside = path.relative(root, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${path.sep}`)) {
    return { ok: false, status: 403 };
  }
  if (path.isAbsolute(inside)) return { ok: false, status: 403 };
  const mimeType = MIME_TYPES[path.extname(file).toLowerCase()];
  if (!mimeType) return { ok: false, status: 404 };
  return { ok: true, file, mimeType };
}

/** Headers of every app:// answer: the app's CSP, no MIME sniffing, no embedding elsewhere. */
function headers(contentType: string): Headers {
  return new Headers({
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
}

function failure(status: number): Response {
  const text = status === 404 ? '找不到该文件' : status === 405 ? '不支持的请求' : '拒绝访问';
  return new Response(text, { status, headers: headers('text/plain; charset=utf-8') });
}

/** True when `file`, with every link followed, still lies inside `root` (also resolved). */
async function stillInside(root: string, file: string): Promise<boolean> {
  const [realRoot, realFile] = await Promise.all([
    fs.promises.realpath(root),
    fs.promises.realpath(file),
  ]);
  const inside = path.relative(realRoot, realFile);
  return (
    inside !== '' &&
    inside !== '..' &&
    !inside.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(inside)
  );
}

/**
 * The protocol handler: GET/HEAD of a file of the built renderer, with its type and the app's
 * headers; a symbolic link that leads out of the folder is refused like ../; everything else
 * gets a short Chinese status text. Never throws (a failing handler would leave the request
 * hanging in Chromium).
 */
export async function serveAppRequest(rendererDir: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return failure(405);
  const resource = resolveAppResource(rendererDir, request.url);
  if (!resource.ok) return failure(resource.status);
  try {
    if (!(await stillInside(rendererDir, resource.file))) return failure(403);
    const stat = await fs.promises.stat(resource.file);
    if (!stat.isFile()) return failure(404);
    const body = request.method === 'HEAD' ? null : await fs.promises.readFile(resource.file);
    const answer = headers(resource.mimeType);
    answer.set('content-length', String(stat.size));
    return new Response(body === null ? null : new Uint8Array(body), {
      status: 200,
      headers: answer,
    });
  } catch {
    return failure(404);
  }
}
