import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ContainerWriter,
  FORMAT,
  FORMAT_VERSION,
  MAX_MANIFEST,
  type BlobRef,
  type ContainerHeader,
} from '../../electron/services/backup/container';
import { readHeaderSync } from '../../electron/services/backup/files';
import { storeObject } from '../../electron/services/backup/store';
import type { BackupManifest, ManifestFile } from '../../electron/services/backup/whole';
import {
  assertRoom,
  bytesToWrite,
  extractDatabase,
  MAX_FILES,
  openWholeBackup,
  verifyFiles,
} from '../../electron/services/backup/whole-read';
import { makeTempDir } from '../fixtures/temp-dir';

// Issue 14: a hostile backup must not kill the process or fill the disk. Each attack is a
// .vlbak written here with the app's own container writer and a manifest that lies.

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir('vl-bounds-');
});
afterEach(() => {
  vi.restoreAllMocks();
  temp.cleanup();
});

const DAMAGED = /^备份文件不完整或已损坏：/;
const sha = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

const header = (selfContained = true): ContainerHeader => ({
  format: FORMAT,
  formatVersion: FORMAT_VERSION,
  app: 'test',
  schemaVersion: 1,
  createdAt: '2026-05-06T07:08:09.000Z',
  kind: '手动',
  encrypted: false,
  selfContained,
});

/**
 * A plain container with `blobs` inside (the first is the database) and the manifest
 * `shape(refs)` makes of them.
 */
async function hostile(
  blobs: Buffer[],
  shape: (refs: BlobRef[]) => {
    database?: BackupManifest['database'];
    files?: ManifestFile[];
    missing?: string[];
    padding?: string;
  },
  selfContained = true,
): Promise<string> {
  const file = path.join(temp.dir, `${crypto.randomUUID()}.vlbak`);
  const { writer, headerSha256 } = await ContainerWriter.create(file, header(selfContained), null);
  const refs: BlobRef[] = [];
  for (const blob of blobs) refs.push(await writer.addBuffer(blob));
  const parts = shape(refs);
  await writer.finish({
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    app: 'test',
    schemaVersion: 1,
    createdAt: '2026-05-06T07:08:09.000Z',
    kind: '手动',
    encrypted: false,
    selfContained,
    headerSha256,
    database: parts.database ?? refs[0]!,
    files: parts.files ?? [],
    missing: parts.missing ?? [],
    issued: { notice: {}, archive: {} },
    ...(parts.padding ? { padding: parts.padding } : {}),
  });
  return file;
}

const asFile = (name: string, ref: BlobRef): ManifestFile => ({
  path: `photos/${name}.jpg`,
  size: ref.size,
  sha256: ref.sha256,
  offset: ref.offset,
  length: ref.length,
});

describe('the backup container reader refuses what a writer never makes', () => {
  it('entries that share bytes: 1,000 files pointing at one 1 MiB blob', async () => {
    const file = await hostile([Buffer.from('db'), crypto.randomBytes(1024 * 1024)], (refs) => ({
      files: Array.from({ length: 1000 }, (_, i) => asFile(`p${i}`, refs[1]!)),
    }));
    await expect(openWholeBackup(file, null)).rejects.toThrow(DAMAGED);
  });

  it('a blob pointing into the header or past the manifest', async () => {
    const inHeader = await hostile([Buffer.from('db')], (refs) => ({
      database: { ...refs[0]!, offset: 0 },
    }));
    await expect(openWholeBackup(inHeader, null)).rejects.toThrow(DAMAGED);
    const late = await hostile([Buffer.from('db'), Buffer.from('photo')], (refs) => ({
      files: [{ ...asFile('late', refs[1]!), offset: refs[1]!.offset + 10_000 }],
    }));
    await expect(openWholeBackup(late, null)).rejects.toThrow(DAMAGED);
  });

  it(`more than ${MAX_FILES.toLocaleString('en')} entries`, async () => {
    const entry = { size: 1, sha256: sha(Buffer.from('x')) };
    const file = await hostile(
      [Buffer.from('db')],
      () => ({
        files: Array.from({ length: MAX_FILES + 1 }, (_, i) => ({ path: `p/${i}`, ...entry })),
      }),
      false,
    );
    await expect(openWholeBackup(file, null)).rejects.toThrow(DAMAGED);
  });

  it('a manifest larger than the bound is not read at all', async () => {
    const file = await hostile([Buffer.from('db')], () => ({
      padding: 'x'.repeat(MAX_MANIFEST + 1),
    }));
    const parse = vi.spyOn(JSON, 'parse');
    await expect(openWholeBackup(file, null)).rejects.toThrow(DAMAGED);
    // Only the header was parsed, never the manifest.
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('a gzip database that inflates past its declared size stops there', async () => {
    // 256 MiB of zeros in about 256 KiB, declared as a 64 KiB database.
    const zeros = Buffer.alloc(16 * 1024 * 1024);
    const bomb = Buffer.concat(
      Array.from({ length: 16 }, () => zlib.gzipSync(zeros, { level: 9 })),
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const declared = 64 * 1024;
    const file = await hostile([bomb], (refs) => ({
      database: { ...refs[0]!, gzip: { size: declared, sha256: sha(Buffer.alloc(declared)) } },
    }));
    const opened = await openWholeBackup(file, null);
    let written = 0;
    const create = fs.createWriteStream;
    vi.spyOn(fs, 'createWriteStream').mockImplementation(((
      target: fs.PathLike,
      options?: Parameters<typeof fs.createWriteStream>[1],
    ) => {
      const stream = create(target, options);
      const write = stream.write.bind(stream) as (chunk: Buffer, ...rest: unknown[]) => boolean;
      stream.write = ((chunk: Buffer, ...rest: unknown[]) => {
        written += chunk.length;
        return write(chunk, ...rest);
      }) as typeof stream.write;
      return stream;
    }) as typeof fs.createWriteStream);
    const target = path.join(temp.dir, 'db.db');
    try {
      await expect(extractDatabase(opened, target)).rejects.toThrow(/备份中的数据库与备份清单不符/);
    } finally {
      await opened.reader.close();
    }
    expect(written).toBeLessThanOrEqual(declared);
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.existsSync(`${target}.gz`)).toBe(false);
  });

  it('a store object longer than its entry is cut off there and refused', async () => {
    const content = Buffer.from('a small photo');
    const file = await hostile(
      [Buffer.from('db')],
      () => ({ files: [{ path: 'photos/a.jpg', size: content.length, sha256: sha(content) }] }),
      false,
    );
    const object = storeObject(temp.dir, sha(content));
    fs.mkdirSync(path.dirname(object), { recursive: true });
    fs.writeFileSync(object, Buffer.concat([content, Buffer.alloc(8 * 1024 * 1024)]));
    const opened = await openWholeBackup(file, null);
    try {
      expect(await verifyFiles(opened)).toEqual([{ path: 'photos/a.jpg', why: 'changed' }]);
    } finally {
      await opened.reader.close();
    }
  });

  it('a header whose store list is not a list of names is not read as a backup of ours', async () => {
    const file = path.join(temp.dir, 'odd.vlbak');
    const odd = { ...header(false), storeObjects: 42 } as unknown as ContainerHeader;
    const { writer } = await ContainerWriter.create(file, odd, null);
    await writer.finish({});
    expect(readHeaderSync(file)).toBeNull();
    const fine = path.join(temp.dir, 'fine.vlbak');
    const created = await ContainerWriter.create(
      fine,
      { ...header(false), storeObjects: [] },
      null,
    );
    await created.writer.finish({});
    expect(readHeaderSync(fine)?.storeObjects).toEqual([]);
  });

  it('a restore that would not fit on the disk is refused before anything is written', async () => {
    const file = await hostile(
      [Buffer.from('db')],
      () => ({
        files: Array.from({ length: 4 }, (_, i) => ({
          path: `photos/${i}.jpg`,
          size: 2 ** 50, // a petabyte each, as the manifest says
          sha256: sha(Buffer.from(String(i))),
        })),
      }),
      false,
    );
    const opened = await openWholeBackup(file, null);
    try {
      const needed = bytesToWrite(opened, temp.dir);
      expect(needed).toBeGreaterThanOrEqual(5 * 2 ** 50);
      expect(() => assertRoom(temp.dir, needed)).toThrow(
        /^磁盘空间不够：恢复这份备份要写入约 \d+(\.\d)? GB，数据文件夹所在的磁盘只剩 .+。请先腾出空间再恢复，没有做任何改动。$/,
      );
      expect(() => assertRoom(temp.dir, 1024)).not.toThrow();
    } finally {
      await opened.reader.close();
    }
    expect(fs.readdirSync(temp.dir)).toEqual([path.basename(file)]);
  });
});
