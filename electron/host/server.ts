import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { TOKEN_HEADER, TOKEN_META } from '../api/bridge';
import type { ApiErrorShape, Envelope, ErrorCode } from '../api/errors';
import { CONTENT_SECURITY_POLICY } from '../main/policy';
import type { AppSession } from '../services/session';
import { dispatchSession } from '../services/session-dispatch';

export interface HostOptions {
  /** The open (or locked) database and its operator; every call goes through it. */
  session: AppSession;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface RunningHost {
  url: string;
  port: number;
  /** This launch's token; the served page carries it in a meta tag. */
  token: string;
  close(): Promise<void>;
}

/**
 * Large enough for the largest input the contract accepts (a 50 MB scan filed in the archive is
 * about 67 MB as base64, and an oversized one must reach zod to be refused in Chinese), small
 * enough to be safe.
 */
const MAX_BODY_BYTES = 72 * 1024 * 1024;

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.pdf': 'application/pdf',
};

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_METHOD: 404,
  CONFLICT: 409,
  BUSY: 503,
  LOCKED: 423,
  DISK_FULL: 507,
  INTERNAL: 500,
  MIGRATION: 500,
};

function sendJson(res: http.ServerResponse, envelope: Envelope<unknown>): void {
  const status = envelope.ok ? 200 : (STATUS_BY_CODE[envelope.error.code] ?? 400);
  const body = JSON.stringify(envelope);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(body);
}

const fail = (res: http.ServerResponse, error: ApiErrorShape) =>
  sendJson(res, { ok: false, error });

function tokensMatch(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The loopback web host: the same contract as IPC, over POST /api/<method>, for development
 * without Electron and for the browser tests. Bound to 127.0.0.1 only; every call needs this
 * launch's token (401 without it); a Host header other than 127.0.0.1/localhost with our port
 * is refused (403) against DNS rebinding, and so is a cross-site Origin.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = crypto.randomBytes(32).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  const indexFile = path.join(rendererDir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    throw new Error(`找不到界面文件 ${indexFile}，请先运行 npm run build`);
  }
  const indexHtml = fs
    .readFileSync(indexFile, 'utf8')
    .replace('<head>', `<head>\n    <meta name="${TOKEN_META}" content="${token}" />`);
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string) {
    if (req.method !== 'POST') {
      res.writeHead(405, { ...SECURITY_HEADERS, allow: 'POST' }).end();
      return;
    }
    if (!tokensMatch(token, req.headers[TOKEN_HEADER])) {
      fail(res, {
        code: 'UNAUTHORIZED',
        message: '未授权：缺少或错误的访问令牌，请从程序打开的页面使用。',
      });
      return;
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      fail(res, { code: 'VALIDATION', message: '请求格式不对：应为 JSON。' });
      return;
    }
    const body = await readBody(req);
    if (body === null) {
      res.writeHead(413, {
        ...SECURITY_HEADERS,
        'content-type': 'application/json; charset=utf-8',
        connection: 'close',
      });
      res.end(
        JSON.stringify({ ok: false, error: { code: 'VALIDATION', message: '请求内容过大。' } }),
      );
      return;
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      fail(res, { code: 'VALIDATION', message: '请求内容不是有效的 JSON。' });
      return;
    }
    sendJson(res, await dispatchSession(options.session, method, input));
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, allow: 'GET, HEAD' }).end();
      return;
    }
    if (pathname === '/' || pathname === '/index.html') {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': CONTENT_TYPES['.html']!,
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : indexHtml);
      return;
    }
    const file = path.resolve(rendererDir, `.${pathname}`);
    const relative = path.relative(rendererDir, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      res.writeHead(404, SECURITY_HEADERS).end();
      return;
    }
    fs.stat(file, (error, stat) => {
      if (error || !stat.isFile()) {
        res
          .writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' })
          .end('未找到');
        return;
      }
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type':
          CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': stat.size,
        'cache-control': 'public, max-age=31536000, immutable',
      });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file).pipe(res);
    });
  }

  const server = http.createServer((req, res) => {
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 still sends its own Host.
    if (!allowedHosts().has(String(req.headers.host ?? '').toLowerCase())) {
      fail(res, {
        code: 'FORBIDDEN',
        message: '拒绝访问：只接受本机地址 127.0.0.1 或 localhost 的请求。',
      });
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin.toLowerCase())) {
      fail(res, { code: 'FORBIDDEN', message: '拒绝访问：不接受来自其他网站的请求。' });
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400, SECURITY_HEADERS).end();
      return;
    }
    if (pathname.startsWith('/api/')) {
      handleApi(req, res, pathname.slice('/api/'.length)).catch(() => {
        if (!res.headersSent)
          fail(res, { code: 'INTERNAL', message: '本机服务出错，本次操作未完成。' });
      });
      return;
    }
    serveStatic(req, res, pathname);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
