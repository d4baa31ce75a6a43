import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream';
import path from 'node:path';
import { MAX_UPLOAD_BYTES } from '../api/archive-schemas';
import { CSRF_HEADER, LAUNCH_PARAM, TOKEN_HEADER } from '../api/bridge';
import { decodeFrame, encodeFrame, FRAME_CONTENT_TYPE, FrameError, holdsBytes } from '../api/frame';
import type { ApiErrorShape, Envelope, ErrorCode } from '../api/errors';
import { CONTENT_SECURITY_POLICY } from '../main/policy';
import { log } from '../services/log/logger';
import type { AppSession } from '../services/session';
import { dispatchSession } from '../services/session-dispatch';

export interface HostOptions {
  /** The open (or locked) database and its operator; every call goes through it. */
  session: AppSession;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /**
   * Where to write {url, port, token, pid} for automation (a script or test that talks to this
   * running host): created readable by the user only (0600), removed on close.
   */
  tokenFile?: string;
  /** The largest request body taken; MAX_BODY_BYTES unless a test needs a small one. */
  maxBodyBytes?: number;
}

export interface RunningHost {
  /**
   * The one-time launch link to open in the browser (…/?launch=<code>): the first GET of it
   * sets this launch's session cookie; afterwards it is refused unless that browser already
   * holds the cookie.
   */
  url: string;
  /** http://127.0.0.1:PORT/, the address without a launch code. */
  baseUrl: string;
  port: number;
  /**
   * This launch's automation token (TOKEN_HEADER): never in a page, only in the 0600 token
   * file and in this object.
   */
  token: string;
  /** A fresh one-time launch link (the clerk closed the browser and lost the cookie). */
  newLaunchUrl(): string;
  close(): Promise<void>;
}

/**
 * Large enough for the largest input the contract accepts (a 50 MB scan filed in the archive,
 * sent as bytes in a frame: api/frame.ts) with room for a somewhat larger one to reach zod and
 * be refused there with its own Chinese message; small enough to be safe.
 */
export const MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 8 * 1024 * 1024;

/**
 * After a 413 the host keeps reading (and dropping) at most this much of the refused body before
 * it closes the socket: closing while the client still sends resets the connection, and a reset
 * can throw away the answer the client has not read yet.
 */
const DRAIN_BYTES = 8 * 1024 * 1024;

/** application/json, optionally with charset=utf-8, nothing else (no text/plain, no json-ish). */
const JSON_CONTENT_TYPE = /^application\/json[ \t]*(;[ \t]*charset[ \t]*=[ \t]*"?utf-8"?[ \t]*)?$/i;

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

function sendJson(res: http.ServerResponse, envelope: Envelope<unknown>, status?: number): void {
  // An answer holding a file (an export, a PDF, a scan) goes as bytes in one frame, not base64.
  const binary = holdsBytes(envelope);
  const body = binary ? encodeFrame(envelope) : JSON.stringify(envelope);
  res.writeHead(status ?? (envelope.ok ? 200 : (STATUS_BY_CODE[envelope.error.code] ?? 400)), {
    ...SECURITY_HEADERS,
    'content-type': binary ? FRAME_CONTENT_TYPE : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

const fail = (res: http.ServerResponse, error: ApiErrorShape, status?: number) =>
  sendJson(res, { ok: false, error }, status);

const INTERNAL_ERROR: ApiErrorShape = {
  code: 'INTERNAL',
  message: '本机服务出错，本次操作未完成。',
};

/** A short Chinese page for a browser that came without (or with a spent) launch link. */
function sendPage(res: http.ServerResponse, status: number, title: string, text: string): void {
  const body =
    `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8" /><title>${title}</title></head>` +
    `<body><h1>${title}</h1><p>${text}</p></body></html>\n`;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': CONTENT_TYPES['.html']!,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
const randomSecret = () => crypto.randomBytes(32).toString('base64url');

function tokensMatch(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function cookieValue(req: http.IncomingMessage, name: string): string | null {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

/**
 * The body, or 'too-large' once it passes the limit: the declared content-length is checked
 * before a byte is read, a chunked body as it streams in. Nothing is buffered past the limit.
 */
function readBody(
  req: http.IncomingMessage,
  limit: number,
): Promise<Buffer | 'too-large' | 'aborted'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too-large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        req.off('data', onData);
        req.pause();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    // The client went away (or sent a broken chunk): nobody is left to answer.
    req.on('error', () => resolve('aborted'));
  });
}

/**
 * 413 with its Chinese JSON, written whole (content-length) before the socket closes; then up to
 * DRAIN_BYTES of what the client still sends is read and dropped, so the close does not reset the
 * connection under an answer the client has not read yet.
 */
function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse, limit: number) {
  const body = JSON.stringify({
    ok: false,
    error: {
      code: 'VALIDATION',
      message: `请求内容过大（超过 ${Math.floor(limit / 1024 / 1024) || 1} MB），未处理。`,
    },
  });
  res.writeHead(413, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.write(body);
  let drained = 0;
  const finish = () => {
    clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  // A safety net for a client that declares a large body and then sends nothing.
  const timer = setTimeout(finish, 30_000);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_BYTES) finish();
  });
  req.on('end', finish);
  req.on('error', finish);
  req.resume();
}

/** Node's own answer to a request it cannot parse has no body; ours says why, in JSON. */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const body = JSON.stringify({
    ok: false,
    error: {
      code: 'VALIDATION',
      message: tooLarge ? '请求头过大，未处理。' : '请求格式无效，未处理。',
    },
  });
  socket.end(
    `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  );
}

/**
 * The loopback web host: the same contract as IPC, over POST /api/<method>, for development
 * without Electron and for the browser tests. Bound to 127.0.0.1 only.
 *
 * Who may call: the browser that opened this launch's one-time link (it gets an HttpOnly,
 * SameSite=Strict session cookie; the served page holds no secret, so another local account that
 * reaches the port gets nothing from it), or automation with the token from the 0600 token
 * file. A page call also needs CSRF_HEADER; a Host header other than 127.0.0.1/localhost with
 * our port is refused (403) against DNS rebinding, and so is a cross-site Origin.
 *
 * No request can take the host down: every handler's exception answers 400/500 JSON (a NUL or a
 * broken %-escape in the path is 400), unparsable requests get 400/431 JSON, and a body over the
 * limit gets 413 JSON before the socket closes.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = randomSecret();
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const rendererDir = path.resolve(options.rendererDir);
  const indexFile = path.join(rendererDir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    throw new Error(`找不到界面文件 ${indexFile}，请先运行 npm run build`);
  }
  const indexHtml = fs.readFileSync(indexFile, 'utf8');
  let port = 0;
  // Hashes only: a launch code and a session id are compared as SHA-256 digests, so a lookup's
  // timing says nothing about the secret.
  const launchCodes = new Set<string>();
  const sessions = new Set<string>();

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  // Cookies are not kept apart by port: two hosts on 127.0.0.1 (a test's second PC) each need
  // their own name.
  const cookieName = () => `vl_session_${port}`;
  const baseUrl = () => `http://127.0.0.1:${port}/`;

  function newLaunchUrl(): string {
    const code = randomSecret();
    launchCodes.add(sha256(code));
    return `${baseUrl()}?${LAUNCH_PARAM}=${code}`;
  }

  const hasSession = (req: http.IncomingMessage) => {
    const id = cookieValue(req, cookieName());
    return id !== null && sessions.has(sha256(id));
  };

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string) {
    if (req.method !== 'POST') {
      res.writeHead(405, { ...SECURITY_HEADERS, allow: 'POST' }).end();
      return;
    }
    const automation = req.headers[TOKEN_HEADER];
    if (automation !== undefined ? !tokensMatch(token, automation) : !hasSession(req)) {
      fail(res, {
        code: 'UNAUTHORIZED',
        message: '未授权：请用程序启动时给出的链接打开本页（该链接只能用一次）。',
      });
      return;
    }
    if (automation === undefined && req.headers[CSRF_HEADER] !== '1') {
      fail(res, { code: 'FORBIDDEN', message: '拒绝访问：请求不是从本程序的页面发出的。' });
      return;
    }
    // JSON, or a frame of JSON and file bytes (api/frame.ts). Neither is a type a cross-site
    // form or a simple fetch can send without a CORS preflight, which the host never grants.
    const contentType = String(req.headers['content-type'] ?? '').trim();
    const framed = contentType.toLowerCase() === FRAME_CONTENT_TYPE;
    if (!framed && !JSON_CONTENT_TYPE.test(contentType)) {
      fail(res, { code: 'VALIDATION', message: '请求格式不对：应为 JSON（UTF-8）。' }, 415);
      return;
    }
    const body = await readBody(req, maxBody);
    if (body === 'aborted') {
      res.destroy();
      return;
    }
    if (body === 'too-large') {
      refuseTooLarge(req, res, maxBody);
      return;
    }
    let input: unknown;
    try {
      if (framed) input = decodeFrame(body);
      else input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch (error) {
      const message = error instanceof FrameError ? error.message : '请求内容不是有效的 JSON。';
      fail(res, { code: 'VALIDATION', message });
      return;
    }
    sendJson(res, await dispatchSession(options.session, method, input));
  }

  /** / and /index.html: the app for a browser with this launch's cookie, or one with the link. */
  function servePage(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    // Only a GET spends a launch code: a HEAD (a link preview) is answered as a plain /.
    const launch = req.method === 'GET' ? url.searchParams.get(LAUNCH_PARAM) : null;
    const headers: http.OutgoingHttpHeaders = {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES['.html']!,
      'cache-control': 'no-store',
    };
    if (launch !== null && launchCodes.delete(sha256(launch))) {
      const id = randomSecret();
      sessions.add(sha256(id));
      headers['set-cookie'] = `${cookieName()}=${id}; Path=/; HttpOnly; SameSite=Strict`;
    } else if (!hasSession(req)) {
      if (launch !== null) {
        sendPage(
          res,
          403,
          '启动链接已失效',
          '这个启动链接已经用过或无效，不能再次使用。请在运行程序的窗口按回车取得新的链接，或重新运行 npm start。',
        );
      } else {
        sendPage(
          res,
          401,
          '请用启动链接打开',
          '请用程序启动时显示的链接（带 ?launch= 的地址）打开本页。该链接只能用一次；需要新的链接时，在运行程序的窗口按回车，或重新运行 npm start。',
        );
      }
      return;
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : indexHtml);
  }

  async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = decodeURIComponent(url.pathname);
    if (pathname === '/' || pathname === '/index.html') {
      servePage(req, res, url);
      return;
    }
    const file = path.resolve(rendererDir, `.${pathname}`);
    const relative = path.relative(rendererDir, file);
    const stat =
      relative.startsWith('..') || path.isAbsolute(relative)
        ? null
        : await fs.promises.stat(file).catch(() => null);
    if (!stat?.isFile()) {
      res
        .writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' })
        .end('未找到');
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') res.end();
    // A file removed between stat and read ends the answer short; it does not end the host.
    else pipeline(fs.createReadStream(file), res, (error) => error && res.destroy());
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse) {
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
    let url: URL;
    let pathname: string;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
      pathname = decodeURIComponent(url.pathname);
    } catch {
      fail(res, { code: 'VALIDATION', message: '请求地址无效：含有错误的 % 编码。' });
      return;
    }
    // `GET /index.html%00.js` once threw inside fs.stat and took the host down (issue 14).
    if (pathname.includes('\0')) {
      fail(res, { code: 'VALIDATION', message: '请求地址无效：含有空字符。' });
      return;
    }
    if (pathname.startsWith('/api/')) {
      await handleApi(req, res, pathname.slice('/api/'.length));
      return;
    }
    await serveStatic(req, res, url);
  }

  const server = http.createServer((req, res) => {
    // No request, however malformed, may end the process: whatever a handler throws becomes
    // a 500 JSON answer (or a closed socket once the answer has begun).
    const answerError = (error: unknown) => {
      log.error('网页版处理请求出错', error);
      if (!res.headersSent) fail(res, INTERNAL_ERROR);
      else res.destroy();
    };
    req.on('error', () => res.destroy());
    res.on('error', () => res.destroy());
    try {
      route(req, res).catch(answerError);
    } catch (error) {
      answerError(error);
    }
  });
  server.on('clientError', answerClientError);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const tokenFile = options.tokenFile;
  if (tokenFile !== undefined) writeTokenFile(tokenFile, { url: baseUrl(), port, token });
  return {
    url: newLaunchUrl(),
    baseUrl: baseUrl(),
    port,
    token,
    newLaunchUrl,
    close: () =>
      new Promise<void>((resolve) => {
        if (tokenFile !== undefined) fs.rmSync(tokenFile, { force: true });
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The automation token, for a script on the same account only: the file is created 0600
 * (readable by the user alone); an older file (another mode, another owner) is replaced, never
 * reused.
 */
function writeTokenFile(file: string, content: { url: string; port: number; token: string }) {
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, `${JSON.stringify({ ...content, pid: process.pid }, null, 2)}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
}
