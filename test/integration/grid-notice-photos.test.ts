import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { NoticePreview } from '../../electron/api/notices-types';
import { useTestRuntime } from '../fixtures/runtime';
import { callers, GRID, VILLAGE } from '../fixtures/village';

/** A PNG chunk: length, type, data, CRC-32 of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** A real RGB PNG of `width` × `height` (a colour band per row), or one that only claims a size. */
function png(width: number, height: number, pixels = true): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc(pixels ? (width * 3 + 1) * height : 16);
  if (pixels) {
    for (let y = 0; y < height; y++) {
      const row = y * (width * 3 + 1);
      for (let x = 0; x < width; x++) raw.set([200, (y * 3) % 256, 90], row + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * 网格划分及网格员公示 (docs/domain.md §4): posted for good — no period, no objection sentence —
 * and, on request, with the workers' photos. A photo is a hostile file: one that claims a huge
 * size is not decoded, its frame is left empty.
 */
describe('网格划分及网格员公示 with the workers’ photos', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call, fail } = callers(ctx);

  async function world() {
    await call('setup.createVillage', VILLAGE);
    const worker = async (name: string, phone: string, gridId: number, role: string) => {
      const { id } = await call<{ id: number }>('workers.create', { name, sex: '男', phone });
      await call('roles.assign', { workerId: id, gridId, role, startDate: '2025-01-01' });
      return id;
    };
    return {
      sun: await worker('孙书记', '13800138001', GRID.village, '网格长'),
      liSi: await worker('李四', '13800138002', GRID.group1, '网格长'),
      wangWu: await worker('王五', '13800138003', GRID.group2, '网格员'),
    };
  }

  const save = (preview: NoticePreview, name: string) => {
    const file = path.join(ctx().dataDir, name);
    fs.writeFileSync(file, Buffer.from(preview.data));
    return file;
  };
  const images = (file: string) =>
    execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .slice(2)
      .map((line) => line.trim().split(/\s+/))
      .map((cells) => ({ width: Number(cells[3]), height: Number(cells[4]) }));

  it('prints a photo board on request, long-term, with an empty frame for a hostile photo', async () => {
    const { sun, liSi } = await world();
    await call('workers.setPhoto', { id: sun, data: png(60, 80) });
    // Claims 50,000 × 50,000 pixels (10 GB decoded): accepted as a PNG, never decoded here.
    await call('workers.setPhoto', { id: liSi, data: png(50_000, 50_000, false) });

    const plain = await call<NoticePreview>('notices.preview', { kind: '网格划分及网格员公示' });
    const plainFile = save(plain, 'plain.pdf');
    expect(images(plainFile)).toEqual([]);

    const preview = await call<NoticePreview>('notices.preview', {
      kind: '网格划分及网格员公示',
      workerPhotos: true,
    });
    const file = save(preview, 'photos.pdf');
    // One image: 孙书记's 60 × 80 photo; 李四's hostile file and 王五 (none) are empty frames.
    expect(images(file)).toEqual([{ width: 60, height: 80 }]);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('网格员照片');
    const board = text.slice(text.indexOf('网格员照片'));
    for (const words of ['孙书记', '李四', '王五', '网格长 · 杨柳村', '网格员 · 二组']) {
      expect(board).toContain(words);
    }
    // Long-term: no period, no objection sentence (docs/domain.md §4).
    expect(text).toContain('本公示长期有效');
    expect(text).not.toContain('如有异议');
    expect(text).not.toMatch(/公示期/);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '50',
      '-f',
      '1',
      '-l',
      '1',
      file,
      path.join(ctx().dataDir, 'page'),
    ]);
    expect(fs.readdirSync(ctx().dataDir).some((name) => /^page-\d+\.png$/.test(name))).toBe(true);
  });

  it('is refused on any other kind of notice', async () => {
    await world();
    expect(
      (await fail('notices.preview', { kind: '其他公示', body: '通知', workerPhotos: true }))
        .message,
    ).toContain('只有网格划分及网格员公示可以打印网格员照片');
  });
});
