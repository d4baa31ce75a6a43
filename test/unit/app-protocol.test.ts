import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  isAppUrl,
  resolveAppResource,
  serveAppRequest,
} from '../../electron/main/app-protocol';
import { makeTempDir } from '../fixtures/temp-dir';

/**
 * app:// (issue 14 item 6): the Electron UI is served from the built renderer folder and from
 * nothing else. The attacks are path tricks that would reach a file beside or above it.
 */
describe('app:// URL check', () => {
  it.each([APP_ENTRY_URL, 'app://ledger/', 'app://ledger/assets/index-abc.js', 'app://ledger/#/x'])(
    'takes %s as the app',
    (url) => expect(isAppUrl(url)).toBe(true),
  );

  it.each([
    'file:///opt/app/out/renderer/index.html',
    pathToFileURL('/tmp/evil.html').href,
    'app://evil/index.html',
    'app://user:pw@ledger/index.html',
    'https://ledger/index.html',
    'http://127.0.0.1:5173/',
    'about:blank',
    'blob:app://ledger/1234',
    'not a url',
    '',
    undefined,
  ])('does not take %s', (url) => expect(isAppUrl(url)).toBe(false));
});

describe('app:// path resolution', () => {
  const root = path.resolve('/opt/village-ledger/out/renderer');
  const inside = (...parts: string[]) => path.join(root, ...parts);

  it.each([
    ['app://ledger/index.html', inside('index.html'), 'text/html; charset=utf-8'],
    ['app://ledger/', inside('index.html'), 'text/html; charset=utf-8'],
    ['app://ledger', inside('index.html'), 'text/html; charset=utf-8'],
    ['app://ledger/assets/', inside('assets', 'index.html'), 'text/html; charset=utf-8'],
    [
      'app://ledger/assets/index-x.js?v=1#a',
      inside('assets', 'index-x.js'),
      'text/javascript; charset=utf-8',
    ],
    ['app://ledger/assets/a.CSS', inside('assets', 'a.CSS'), 'text/css; charset=utf-8'],
    ['app://ledger/assets/NotoSansSC.woff2', inside('assets', 'NotoSansSC.woff2'), 'font/woff2'],
    ['app://ledger/assets/%E5%9B%BE.png', inside('assets', '图.png'), 'image/png'],
    // ../ the URL itself resolves stays inside: /assets/../index.html is /index.html, and
    // %2e%2e counts as .. there too (WHATWG URL), so no number of them climbs out.
    [
      'app://ledger/%2e%2e/%2e%2e/etc/passwd.html',
      inside('etc', 'passwd.html'),
      'text/html; charset=utf-8',
    ],
    ['app://ledger/assets/../index.html', inside('index.html'), 'text/html; charset=utf-8'],
  ])('%s is %s', (url, file, mimeType) => {
    expect(resolveAppResource(root, url)).toEqual({ ok: true, file, mimeType });
  });

  it.each([
    ['encoded slashes', 'app://ledger/..%2f..%2f..%2fetc%2fpasswd.js', 403],
    ['backslashes', 'app://ledger/..%5c..%5cWindows%5cwin.ini.js', 400],
    ['a sibling folder with the same prefix', 'app://ledger/..%2frenderer-evil%2Fx.js', 403],
    ['the main bundle beside the renderer', 'app://ledger/..%2fmain%2findex.js', 403],
    ['a NUL', 'app://ledger/index.html%00.js', 400],
    ['a drive letter', 'app://ledger/C:%5cWindows%5cwin.ini', 400],
    ['a Windows stream', 'app://ledger/index.html::$DATA', 400],
    ['a broken escape', 'app://ledger/%E5%9B.js', 400],
    ['an unknown type', 'app://ledger/assets/index.js.map', 404],
    ['a file without a type', 'app://ledger/LICENSE', 404],
    ['another host', 'app://evil/index.html', 403],
    ['another scheme', 'file:///etc/passwd', 403],
  ])('refuses %s', (_what, url, status) => {
    expect(resolveAppResource(root, url)).toEqual({ ok: false, status });
  });
});

describe('app:// handler', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let renderer: string;

  beforeAll(() => {
    temp = makeTempDir('vl-app-protocol-');
    renderer = path.join(temp.dir, 'out', 'renderer');
    fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
    fs.writeFileSync(
      path.join(renderer, 'index.html'),
      '<!doctype html><title>村级网格台账</title>',
    );
    fs.writeFileSync(path.join(renderer, 'assets', 'index-abc.js'), 'console.log("台账");');
    fs.writeFileSync(path.join(renderer, 'assets', 'index-abc.js.map'), '{}');
    // What an attacker would like to read: the main bundle, a secret beside the app.
    fs.mkdirSync(path.join(temp.dir, 'out', 'main'), { recursive: true });
    fs.writeFileSync(path.join(temp.dir, 'out', 'main', 'index.js'), 'main process code');
    fs.writeFileSync(path.join(temp.dir, 'secret.json'), '{"key":"秘密"}');
    try {
      // A link inside the folder that leads out of it (where the OS lets us make one).
      fs.symlinkSync(
        path.join(temp.dir, 'secret.json'),
        path.join(renderer, 'assets', 'leak.json'),
      );
    } catch {
      // Windows without the right to make links: the text checks above still hold.
    }
  });
  afterAll(() => temp.cleanup());

  const get = (url: string, method = 'GET') =>
    serveAppRequest(renderer, new Request(url, { method }));

  it('serves the page with its type, the app CSP and no sniffing', async () => {
    const response = await get(APP_ENTRY_URL);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<!doctype html><title>村级网格台账</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('file:');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves a module script as JavaScript (Chromium refuses a module of another type)', async () => {
    const response = await get('app://ledger/assets/index-abc.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log("台账");');
  });

  it('answers HEAD without a body', async () => {
    const response = await get(APP_ENTRY_URL, 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.each([
    ['the main bundle', 'app://ledger/..%2fmain%2findex.js', 403],
    ['a file beside the app, by %2e%2e', 'app://ledger/%2e%2e/%2e%2e/secret.json', 404],
    ['a file beside the app, by ..%2f', 'app://ledger/..%2f..%2fsecret.json', 403],
    ['a source map', 'app://ledger/assets/index-abc.js.map', 404],
    ['a missing file', 'app://ledger/assets/none.js', 404],
    ['a folder without index.html', 'app://ledger/assets/', 404],
    ['a NUL', 'app://ledger/index.html%00.js', 400],
  ])('refuses %s and shows none of it', async (_what, url, status) => {
    const response = await get(url);
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(text).not.toContain('main process code');
    expect(text).not.toContain('秘密');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('refuses a link inside the folder that leads out of it', async (context) => {
    if (!fs.existsSync(path.join(renderer, 'assets', 'leak.json'))) context.skip();
    const response = await get('app://ledger/assets/leak.json');
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('秘密');
  });

  it('refuses anything but GET and HEAD', async () => {
    const response = await get(APP_ENTRY_URL, 'POST');
    expect(response.status).toBe(405);
  });
});
