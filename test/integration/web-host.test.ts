import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOKEN_HEADER, TOKEN_META } from '../../electron/api/bridge';
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

  it('listens on 127.0.0.1 only and prints a loopback URL', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
  });

  it('gives the page this launch’s token in a meta tag, with a strict CSP', async () => {
    const res = await request(host.port, { path: '/', headers: { host: hostHeader } });
    expect(res.status).toBe(200);
    expect(res.body).toContain(`<meta name="${TOKEN_META}" content="${host.token}" />`);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe/);
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
