import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER, LAUNCH_PARAM, TOKEN_HEADER } from '../../electron/api/bridge';
import { startHost, type RunningHost } from '../../electron/host/server';
import { AppSession } from '../../electron/services/session';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';

/** Raw request, so tests can set any Host/Origin header (fetch forbids changing Host). */
function request(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses one HTTP/1.1 answer (with content-length) out of the bytes read so far, or null. */
function parseAnswer(bytes: Buffer): RawAnswer | null {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  const length = Number(headers['content-length'] ?? NaN);
  const body = bytes.subarray(end + 4);
  if (!Number.isFinite(length) || body.length < length) return null;
  return {
    status: Number(statusLine!.split(' ')[1]),
    headers,
    body: body.subarray(0, length).toString('utf8'),
  };
}

/**
 * Bytes on a bare socket, as an attacker (or an <img> on any local page) sends them: no client
 * library cleans the path, the headers or the body. `upload` more bytes are then sent in 64 KiB
 * pieces while the answer is read, as a large upload does; the answer must arrive whole even if
 * the host closes the socket under the rest.
 */
function rawRequest(port: number, head: string, upload = 0): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let settled = false;
    const settle = () => {
      if (settled) return;
      const answer = parseAnswer(Buffer.concat(chunks));
      if (answer) {
        settled = true;
        socket.destroy();
        resolve(answer);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      settle();
    });
    const closed = () => {
      settle();
      if (!settled) {
        settled = true;
        reject(new Error(`no whole answer; got: ${Buffer.concat(chunks).toString('latin1')}`));
      }
    };
    socket.on('error', closed);
    socket.on('close', closed);
    socket.write(head, 'latin1');
    const piece = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < upload && !settled && !socket.destroyed) {
        sent += piece.length;
        if (!socket.write(piece)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

describe('web host', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let session: AppSession;
  let host: RunningHost;
  let hostHeader: string;

  const api = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    request(host.port, {
      method: 'POST',
      path: `/api/${method}`,
      headers: {
        host: hostHeader,
        'content-type': 'application/json',
        [TOKEN_HEADER]: host.token,
        ...headers,
      },
      body: JSON.stringify(body),
    });

  beforeEach(async () => {
    temp = makeTempDir();
    const rendererDir = path.join(temp.dir, 'renderer');
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    fs.writeFileSync(
      path.join(rendererDir, 'index.html'),
      '<!doctype html><html><head><title>t</title></head><body></body></html>',
    );
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(temp.dir, 'secret.txt'), 'outside the renderer');
    session = await new AppSession({
      dataDir: path.join(temp.dir, 'data'),
      migrationsFolder: MIGRATIONS_FOLDER,
    }).open();
    host = await startHost({ session, rendererDir });
    hostHeader = `127.0.0.1:${host.port}`;
  });

  afterEach(async () => {
    await host.close();
    session.close();
    temp.cleanup();
  });

  it('listens on 127.0.0.1 only and prints a one-time loopback launch link', () => {
    expect(host.baseUrl).toBe(`http://127.0.0.1:${host.port}/`);
    expect(host.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?${LAUNCH_PARAM}=[A-Za-z0-9_-]{43}$`),
    );
  });

  /** GET (or HEAD) of a page with the given cookie header (none by default). */
  const getPage = (target: string, cookie?: string, method = 'GET') =>
    request(host.port, {
      method,
      path: target.replace(host.baseUrl, '/'),
      headers: { host: hostHeader, ...(cookie ? { cookie } : {}) },
    });

  /** Opens the launch link; the session cookie it gives, as `name=value` to send back. */
  async function launch(): Promise<string> {
    const res = await getPage(host.url);
    expect(res.status).toBe(200);
    return res.headers['set-cookie']![0]!.split(';')[0]!;
  }

  it('serves no secret to whoever reaches the port: no token, no meta tag, only a plea for the link', async () => {
    // Attack (issue 14): any local account fetched / and read the token from the HTML.
    const res = await getPage('/');
    expect(res.status).toBe(401);
    expect(res.body).toContain('请用程序启动时显示的链接');
    expect(res.body).not.toContain(host.token);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await getPage('/index.html')).status).toBe(401);
    // The browser that opens the link gets the app, which holds no secret either.
    const opened = await getPage(host.url);
    expect(opened.status).toBe(200);
    expect(opened.body).toContain('<title>t</title>');
    expect(opened.body).not.toContain(host.token);
    expect(opened.body).not.toContain('<meta name="village-ledger');
    expect(opened.body).not.toContain(new URL(host.url).searchParams.get(LAUNCH_PARAM));
    expect(opened.headers['content-security-policy']).toContain("script-src 'self'");
    expect(opened.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe/);
    expect(opened.headers['cache-control']).toBe('no-store');
  });

  it('trades the launch link once for an HttpOnly SameSite=Strict session cookie', async () => {
    const first = await getPage(host.url);
    expect(first.status).toBe(200);
    const setCookie = first.headers['set-cookie'];
    expect(setCookie).toHaveLength(1);
    const attributes = setCookie![0]!.split(';').map((part) => part.trim());
    expect(attributes[0]).toMatch(new RegExp(`^vl_session_${host.port}=[A-Za-z0-9_-]{43}$`));
    expect(attributes.slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
    const cookie = attributes[0]!;
    expect(cookie).not.toContain(host.token);

    // The second use of the link, by someone without the cookie, is refused in Chinese.
    const again = await getPage(host.url);
    expect(again.status).toBe(403);
    expect(again.body).toContain('这个启动链接已经用过或无效');
    expect(again.headers['set-cookie']).toBeUndefined();
    // The browser that holds the cookie reloads the page, with or without the spent link.
    expect((await getPage(host.url, cookie)).status).toBe(200);
    expect((await getPage('/', cookie)).status).toBe(200);
    // A made-up code or a made-up session is nothing.
    expect((await getPage(`/?${LAUNCH_PARAM}=${'A'.repeat(43)}`)).status).toBe(403);
    expect((await getPage('/', `vl_session_${host.port}=${'A'.repeat(43)}`)).status).toBe(401);
    // A HEAD (a link preview) does not spend a link; a new link works once.
    const fresh = host.newLaunchUrl();
    expect((await getPage(fresh, undefined, 'HEAD')).status).toBe(401);
    expect((await getPage(fresh)).status).toBe(200);
    expect((await getPage(fresh)).status).toBe(403);
  });

  it('answers the page’s calls by its cookie plus the CSRF header only', async () => {
    const cookie = await launch();
    const [name, value] = cookie.split('=');
    const call = (headers: Record<string, string>) =>
      request(host.port, {
        method: 'POST',
        path: '/api/session.status',
        headers: { host: hostHeader, 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    const ok = await call({ cookie, [CSRF_HEADER]: '1' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).ok).toBe(true);
    // No cookie: 401 in Chinese, pointing at the launch link.
    const noCookie = await call({ [CSRF_HEADER]: '1' });
    expect(noCookie.status).toBe(401);
    expect(JSON.parse(noCookie.body).error.message).toContain('启动时给出的链接');
    // A forged value, or the value under another port's name: 401.
    expect((await call({ cookie: `${name}=forged`, [CSRF_HEADER]: '1' })).status).toBe(401);
    expect((await call({ cookie: `vl_session_1=${value}`, [CSRF_HEADER]: '1' })).status).toBe(401);
    // The cookie without the custom header (a cross-site form or <img> cannot add one): 403.
    const noHeader = await call({ cookie });
    expect(noHeader.status).toBe(403);
    expect(JSON.parse(noHeader.body).error.code).toBe('FORBIDDEN');
    expect((await call({ cookie, [CSRF_HEADER]: 'yes' })).status).toBe(403);
    // A wrong automation token is not rescued by a good cookie.
    expect((await call({ cookie, [CSRF_HEADER]: '1', [TOKEN_HEADER]: 'x' })).status).toBe(401);
  });

  it('writes the automation token to a file only the user can read, and removes it on close', async () => {
    const tokenFile = path.join(temp.dir, 'web-host-token.json');
    // A stale file another account could read is replaced, not reused.
    fs.writeFileSync(tokenFile, 'old');
    fs.chmodSync(tokenFile, 0o644);
    const second = await startHost({
      session,
      rendererDir: path.join(temp.dir, 'renderer'),
      tokenFile,
    });
    try {
      if (process.platform !== 'win32') {
        expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
      }
      const saved = JSON.parse(fs.readFileSync(tokenFile, 'utf8'));
      expect(saved).toEqual({
        url: second.baseUrl,
        port: second.port,
        token: second.token,
        pid: process.pid,
      });
      // What the file holds is enough to call the running host.
      const res = await request(second.port, {
        method: 'POST',
        path: '/api/session.status',
        headers: {
          host: `127.0.0.1:${saved.port}`,
          'content-type': 'application/json',
          [TOKEN_HEADER]: saved.token,
        },
        body: '{}',
      });
      expect(res.status).toBe(200);
    } finally {
      await second.close();
    }
    expect(fs.existsSync(tokenFile)).toBe(false);
  });

  /** The host still serves a file and a call after an attack. */
  async function expectStillUp() {
    const asset = await request(host.port, {
      path: '/assets/app.js',
      headers: { host: hostHeader },
    });
    expect(asset.status).toBe(200);
    expect(asset.body).toBe('console.log(1)');
    expect((await api('session.status', {})).status).toBe(200);
  }

  it.each([
    ['/index.html%00.js', '空字符'],
    ['/%00', '空字符'],
    ['/assets/app.js%00', '空字符'],
    ['/api/session.status%00', '空字符'],
    ['/assets/%E0%A4%A', '% 编码'],
    ['/%', '% 编码'],
    ['/%C0%AF', '% 编码'],
  ])('answers GET %s with 400 JSON and stays up', async (target, why) => {
    // Attack (issue 14): `GET /index.html%00.js` threw in fs.stat and took the host down; it
    // needs no token, and an <img src="http://127.0.0.1:PORT/index.html%00.js"> sends it.
    const res = await rawRequest(
      host.port,
      `GET ${target} HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`,
    );
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(res.body)).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining(why) },
    });
    await expectStillUp();
  });

  it('answers requests Node cannot parse with 400/431 JSON and stays up', async () => {
    const cases: [string, string, number, string][] = [
      [
        'a raw NUL in the request line',
        `GET /a\0b HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`,
        400,
        '请求格式无效',
      ],
      [
        'headers past the 16 KiB limit',
        `GET / HTTP/1.1\r\nHost: ${hostHeader}\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
        431,
        '请求头过大',
      ],
      [
        'a broken chunked body',
        `POST /api/session.status HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Type: application/json\r\n` +
          `${TOKEN_HEADER}: ${host.token}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
        400,
        '请求格式无效',
      ],
      [
        'not HTTP at all (a TLS hello)',
        '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n',
        400,
        '请求格式无效',
      ],
    ];
    for (const [label, head, status, message] of cases) {
      const res = await rawRequest(host.port, head);
      expect(res.status, label).toBe(status);
      expect(JSON.parse(res.body).error.message, label).toContain(message);
      await expectStillUp();
    }
  });

  it('answers an exception inside a handler with 500 JSON and stays up', async () => {
    // A session whose every use throws stands for any bug below the host.
    const broken = {
      get locked(): boolean {
        throw new Error('boom');
      },
    } as unknown as AppSession;
    const second = await startHost({
      session: broken,
      rendererDir: path.join(temp.dir, 'renderer'),
    });
    try {
      const call = () =>
        request(second.port, {
          method: 'POST',
          path: '/api/grids.tree',
          headers: {
            host: `127.0.0.1:${second.port}`,
            'content-type': 'application/json',
            [TOKEN_HEADER]: second.token,
          },
          body: '{}',
        });
      const res = await call();
      expect(res.status).toBe(500);
      expect(JSON.parse(res.body)).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: '本机服务出错，本次操作未完成。' },
      });
      expect((await call()).status).toBe(500);
      const asset = await request(second.port, {
        path: '/assets/app.js',
        headers: { host: `127.0.0.1:${second.port}` },
      });
      expect(asset.status).toBe(200);
    } finally {
      await second.close();
    }
  });

  describe('a body over the limit', () => {
    let small: RunningHost;
    const LIMIT = 1024;
    beforeEach(async () => {
      small = await startHost({
        session,
        rendererDir: path.join(temp.dir, 'renderer'),
        maxBodyBytes: LIMIT,
      });
    });
    afterEach(() => small.close());

    const head = (extra: string) =>
      `POST /api/session.status HTTP/1.1\r\nHost: 127.0.0.1:${small.port}\r\n` +
      `Content-Type: application/json\r\n${TOKEN_HEADER}: ${small.token}\r\n${extra}\r\n`;

    const expect413 = (res: RawAnswer) => {
      expect(res.status).toBe(413);
      expect(res.headers['connection']).toBe('close');
      expect(JSON.parse(res.body)).toEqual({
        ok: false,
        error: { code: 'VALIDATION', message: expect.stringContaining('请求内容过大') },
      });
    };

    it('is refused by its declared length with the 413 JSON, read whole while the upload goes on', async () => {
      // 16 MiB after the headers: more than the host drains, so it closes under the upload; the
      // client must have read the whole answer first.
      const upload = 16 * 1024 * 1024;
      expect413(await rawRequest(small.port, head(`Content-Length: ${upload}\r\n`), upload));
      // The same with no body sent at all.
      expect413(await rawRequest(small.port, head(`Content-Length: ${LIMIT + 1}\r\n`)));
    });

    it('is refused as it streams in (chunked) with the 413 JSON', async () => {
      const chunk = 'a'.repeat(LIMIT);
      const body = `${chunk.length.toString(16)}\r\n${chunk}\r\n`.repeat(3) + '0\r\n\r\n';
      expect413(await rawRequest(small.port, head('Transfer-Encoding: chunked\r\n') + body));
    });

    it('takes a body at the limit', async () => {
      const body = JSON.stringify({ pad: 'a'.repeat(LIMIT - 10) });
      expect(Buffer.byteLength(body)).toBe(LIMIT);
      const res = await rawRequest(small.port, head(`Content-Length: ${LIMIT}\r\n`) + body);
      // Reaches the contract, which refuses the unknown key in Chinese: not a 413.
      expect(res.status).not.toBe(413);
      expect(JSON.parse(res.body).ok).toBeDefined();
    });
  });

  it.each([
    ['text/plain', 415],
    ['text/plain; charset=utf-8', 415],
    ['application/x-www-form-urlencoded', 415],
    ['multipart/form-data; boundary=x', 415],
    ['application/jsonx', 415],
    ['application/json-patch+json', 415],
    ['application/json; charset=latin1', 415],
    ['application/json; boundary=x', 415],
    ['application/json', 200],
    ['application/json; charset=utf-8', 200],
    ['Application/JSON;charset=UTF-8', 200],
  ])('matches the content type exactly: %s → %d', async (contentType, status) => {
    const res = await api('session.status', {}, { 'content-type': contentType });
    expect(res.status).toBe(status);
    if (status !== 200) expect(JSON.parse(res.body).error.message).toContain('应为 JSON');
  });

  it('answers a call with the token', async () => {
    const res = await api('setup.createVillage', {
      county: '石门县',
      township: '柳湾镇',
      village: '杨柳村',
      groups: ['一组'],
    });
    expect(res.status).toBe(200);
    const envelope = JSON.parse(res.body);
    expect(envelope.ok).toBe(true);
    expect(envelope.result.children[0].children[0].name).toBe('杨柳村');
  });

  it('refuses a call without the token (401) and writes nothing', async () => {
    const res = await request(host.port, {
      method: 'POST',
      path: '/api/setup.createVillage',
      headers: { host: hostHeader, 'content-type': 'application/json' },
      body: JSON.stringify({
        county: '石门县',
        township: '柳湾镇',
        village: '杨柳村',
        groups: ['一组'],
      }),
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('UNAUTHORIZED');
    expect(session.ctx.sqlite.prepare('select count(*) n from grids').get()).toEqual({ n: 0 });
  });

  it('refuses a wrong token (401)', async () => {
    const res = await api('grids.tree', {}, { [TOKEN_HEADER]: 'x'.repeat(host.token.length) });
    expect(res.status).toBe(401);
  });

  it.each(['evil.example', `evil.example:${0}`, '127.0.0.1:1', 'localhost', '0.0.0.0'])(
    'refuses a foreign Host header %s (403, DNS rebinding)',
    async (foreign) => {
      const res = await api('grids.tree', {}, { host: foreign.replace(':0', `:${host.port}`) });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).error.message).toContain('拒绝访问');
      const page = await request(host.port, { path: '/', headers: { host: foreign } });
      expect(page.status).toBe(403);
      expect(page.body).not.toContain(host.token);
    },
  );

  it('accepts localhost with its port', async () => {
    const res = await api('grids.tree', {}, { host: `localhost:${host.port}` });
    expect(res.status).toBe(200);
  });

  it('refuses a cross-site Origin (403)', async () => {
    const res = await api('grids.tree', {}, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('refuses every call without the right token, Host or Origin before it reaches the data', async () => {
    // A call that would write (set up the village) if it got through, with each refusal.
    const village = { county: '石门县', township: '柳湾镇', village: '杨柳村', groups: ['一组'] };
    const otherPort = host.port === 65535 ? host.port - 1 : host.port + 1;
    const attempts: {
      label: string;
      headers: Record<string, string | undefined>;
      status: number;
    }[] = [
      { label: 'no token', headers: { [TOKEN_HEADER]: undefined }, status: 401 },
      { label: 'empty token', headers: { [TOKEN_HEADER]: '' }, status: 401 },
      {
        label: 'wrong token',
        headers: { [TOKEN_HEADER]: `${host.token.slice(0, -1)}x` },
        status: 401,
      },
      { label: 'longer token', headers: { [TOKEN_HEADER]: `${host.token}x` }, status: 401 },
      { label: 'foreign Host', headers: { host: `evil.example:${host.port}` }, status: 403 },
      { label: 'Host with another port', headers: { host: `127.0.0.1:${otherPort}` }, status: 403 },
      { label: 'Origin evil.example', headers: { origin: 'http://evil.example' }, status: 403 },
      {
        label: 'Origin 127.0.0.1 with another port',
        headers: { origin: `http://127.0.0.1:${otherPort}` },
        status: 403,
      },
      { label: 'Origin null (sandboxed frame, file:)', headers: { origin: 'null' }, status: 403 },
      {
        label: 'Origin https on our port',
        headers: { origin: `https://127.0.0.1:${host.port}` },
        status: 403,
      },
    ];
    for (const attempt of attempts) {
      const headers: Record<string, string> = {
        host: hostHeader,
        'content-type': 'application/json',
        [TOKEN_HEADER]: host.token,
      };
      for (const [name, value] of Object.entries(attempt.headers)) {
        if (value === undefined) delete headers[name];
        else headers[name] = value;
      }
      const res = await request(host.port, {
        method: 'POST',
        path: '/api/setup.createVillage',
        headers,
        body: JSON.stringify(village),
      });
      expect(res.status, attempt.label).toBe(attempt.status);
      expect(JSON.parse(res.body).error.code, attempt.label).toBe(
        attempt.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN',
      );
    }
    // None of them reached dispatch: no grid and no audit entry was written.
    const sqlite = session.ctx.sqlite;
    expect(sqlite.prepare('select count(*) n from grids').get()).toEqual({ n: 0 });
    expect(sqlite.prepare('select count(*) n from audit_log').get()).toEqual({ n: 0 });
    // The same call with everything right does write: the refusals above were the headers.
    const res = await api('setup.createVillage', village, {
      origin: `http://127.0.0.1:${host.port}`,
    });
    expect(res.status).toBe(200);
    expect(sqlite.prepare('select count(*) n from grids').get()).toEqual({ n: 4 });
  });

  it('reports validation errors in Chinese with status 400', async () => {
    const res = await api('grids.create', { parentId: 'x', level: 'county', name: '' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('编号必须是数字'),
    });
  });

  it('reports malformed JSON and unknown methods', async () => {
    const bad = await request(host.port, {
      method: 'POST',
      path: '/api/grids.tree',
      headers: { host: hostHeader, 'content-type': 'application/json', [TOKEN_HEADER]: host.token },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toContain('JSON');
    const unknown = await api('constructor', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('UNKNOWN_METHOD');
  });

  it('serves built files but nothing outside the renderer folder', async () => {
    const asset = await request(host.port, {
      path: '/assets/app.js',
      headers: { host: hostHeader },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
    for (const sneaky of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await request(host.port, { path: sneaky, headers: { host: hostHeader } });
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('outside the renderer');
    }
  });
});
