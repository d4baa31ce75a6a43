import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/services/dispatch';
import { useTestRuntime } from '../fixtures/runtime';

// The smallest valid PNG (1×1) and the start of a JPEG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);

describe('worker photos', () => {
  const runtime = useTestRuntime();
  const call = (method: string, input: unknown) => dispatch(runtime().ctx, method, input);

  it('keeps the photo in the data folder, replaces it, and removes it', async () => {
    const created = (await call('workers.create', { name: '李建国', sex: '男' })) as {
      result: { id: number };
    };
    const id = created.result.id;
    expect(await call('workers.setPhoto', { id, data: PNG })).toMatchObject({
      ok: true,
      result: { hasPhoto: true },
    });
    const photos = path.join(runtime().ctx.dataDir, 'photos');
    expect(fs.readdirSync(photos)).toEqual([
      expect.stringMatching(/^worker-\d+-[0-9a-f]{16}\.png$/),
    ]);
    const shown = (await call('workers.photo', { id })) as { result: { dataUrl: string } };
    expect(shown.result.dataUrl).toBe(`data:image/png;base64,${PNG.toString('base64')}`);

    await call('workers.setPhoto', { id, data: JPEG });
    expect(fs.readdirSync(photos)).toEqual([expect.stringMatching(/\.jpg$/)]);
    await call('workers.removePhoto', { id });
    expect(fs.readdirSync(photos)).toEqual([]);
    expect(await call('workers.photo', { id })).toEqual({ ok: true, result: { dataUrl: null } });
    const actions = runtime()
      .ctx.sqlite.prepare("SELECT action FROM audit_log WHERE entity = 'worker' ORDER BY id")
      .all();
    expect(actions).toEqual([
      { action: 'create' },
      { action: 'photo' },
      { action: 'photo' },
      { action: 'photo' },
    ]);
  });

  it('refuses what is not a JPG or PNG, whatever it is called', async () => {
    const created = (await call('workers.create', { name: '李建国', sex: '男' })) as {
      result: { id: number };
    };
    const html = Buffer.from('<script>alert(1)</script>');
    expect(await call('workers.setPhoto', { id: created.result.id, data: html })).toMatchObject({
      ok: false,
      error: { message: '只能用 JPG 或 PNG 格式的照片' },
    });
    expect(fs.existsSync(path.join(runtime().ctx.dataDir, 'photos'))).toBe(false);
  });
});
