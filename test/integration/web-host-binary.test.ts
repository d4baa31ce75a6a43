import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { CSRF_HEADER, TOKEN_HEADER } from '../../electron/api/bridge';
import { decodeFrame, encodeFrame, FRAME_CONTENT_TYPE } from '../../electron/api/frame';
import { MAX_BODY_BYTES, startHost, type RunningHost } from '../../electron/host/server';
import { AppSession } from '../../electron/services/session';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';

/**
 * Files cross the web host as bytes (issue 15 item 4): a call holding a Uint8Array goes up as one
 * frame (api/frame.ts) and an answer holding one comes back as a frame, behind the same launch
 * token, CSRF header and body limit as JSON calls.
 */
describe('web host: file bytes in frames', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let session: AppSession;
  let host: RunningHost;
  let small: RunningHost;
  const SMALL_LIMIT = 64 * 1024;

  beforeAll(async () => {
    temp = makeTempDir();
    const rendererDir = path.join(temp.dir, 'renderer');
    fs.mkdirSync(rendererDir, { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    session = await new AppSession({
      dataDir: path.join(temp.dir, 'data'),
      migrationsFolder: MIGRATIONS_FOLDER,
    }).open();
    host = await startHost({ session, rendererDir });
    small = await startHost({ session, rendererDir, maxBodyBytes: SMALL_LIMIT });
  });

  afterAll(async () => {
    await host.close();
    await small.close();
    session.close();
    temp.cleanup();
  });

  const post = (
    on: RunningHost,
    method: string,
    body: Uint8Array | string,
    headers: Record<string, string>,
  ) =>
    fetch(`http://127.0.0.1:${on.port}/api/${method}`, {
      method: 'POST',
      headers,
      // A copy over its own ArrayBuffer: what fetch's body type asks for.
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  const framed = (on: RunningHost) => ({
    'content-type': FRAME_CONTENT_TYPE,
    [TOKEN_HEADER]: on.token,
  });

  it('sends a file result back as bytes, the same as the service made them', async () => {
    const res = await post(host, 'rosterIo.template', JSON.stringify({ kind: 'households' }), {
      'content-type': 'application/json',
      [TOKEN_HEADER]: host.token,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(FRAME_CONTENT_TYPE);
    const envelope = decodeFrame(new Uint8Array(await res.arrayBuffer())) as {
      ok: boolean;
      result: { fileName: string; data: Uint8Array };
    };
    expect(envelope.ok).toBe(true);
    expect(envelope.result.fileName).toMatch(/\.xlsx$/);
    expect(envelope.result.data).toBeInstanceOf(Uint8Array);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(envelope.result.data) as unknown as ArrayBuffer);
    expect(book.worksheets.length).toBeGreaterThan(0);
  });

  it('takes a file as bytes and the contract checks it: a photo over 5 MB is refused in Chinese', async () => {
    const photo = new Uint8Array(5 * 1024 * 1024 + 1);
    const res = await post(
      host,
      'workers.setPhoto',
      encodeFrame({ id: 1, data: photo }),
      framed(host),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('照片不能超过 5 MB') },
    });
  });

  it('refuses a string where the bytes belong (no base64 door left)', async () => {
    const res = await post(
      host,
      'workers.setPhoto',
      JSON.stringify({ id: 1, data: 'iVBORw0KGgo=' }),
      { 'content-type': 'application/json', [TOKEN_HEADER]: host.token },
    );
    expect(await res.json()).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('缺少文件内容') },
    });
  });

  it('refuses a frame over the body limit with the 413 Chinese message, before the contract', async () => {
    const frame = encodeFrame({ id: 1, data: new Uint8Array(SMALL_LIMIT + 1) });
    const res = await post(small, 'workers.setPhoto', frame, framed(small));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('请求内容过大') },
    });
  });

  it('refuses a frame without the token, and one from a page without the CSRF header', async () => {
    const frame = encodeFrame({ id: 1, data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) });
    const anonymous = await post(host, 'workers.setPhoto', frame, {
      'content-type': FRAME_CONTENT_TYPE,
      [CSRF_HEADER]: '1',
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: expect.stringContaining('未授权') },
    });
    const wrongToken = await post(host, 'workers.setPhoto', frame, {
      'content-type': FRAME_CONTENT_TYPE,
      [TOKEN_HEADER]: 'x'.repeat(host.token.length),
    });
    expect(wrongToken.status).toBe(401);
  });

  it('refuses a malformed frame in Chinese (a length past its end, a bad part index)', async () => {
    const good = encodeFrame({ id: 1, data: new Uint8Array(10) });
    const cut = good.subarray(0, good.length - 1);
    const res = await post(host, 'workers.setPhoto', cut, framed(host));
    expect(await res.json()).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '请求内容不完整。' },
    });
    const header = new TextEncoder().encode(
      JSON.stringify({ value: { data: { $bytes: 3 } }, sizes: [] }),
    );
    const forged = new Uint8Array(8 + header.length);
    forged.set([0x56, 0x4c, 0x46, 0x31]);
    new DataView(forged.buffer).setUint32(4, header.length);
    forged.set(header, 8);
    const bad = await post(host, 'workers.setPhoto', forged, framed(host));
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('leaves room under the limit for the largest file the contract takes (a 50 MB scan)', () => {
    expect(MAX_BODY_BYTES).toBeGreaterThan(50 * 1024 * 1024 + 64 * 1024);
  });
});
