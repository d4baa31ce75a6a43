import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHUNK,
  ContainerReader,
  ContainerWriter,
  deriveKey,
  FORMAT,
  FORMAT_VERSION,
  newKdf,
  type BlobRef,
  type ContainerHeader,
} from '../../electron/services/backup/container';
import { safeRelative } from '../../electron/services/backup/referenced';
import { makeTempDir } from '../fixtures/temp-dir';

// The .vlbak container (docs/domain.md §6 备份): blobs of any size round-trip, encrypted or
// not; a cut, a moved chunk or a wrong password is refused.

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir('vl-container-');
});
afterEach(() => temp.cleanup());

const header = (encrypted: boolean, kdf?: ContainerHeader['kdf']): ContainerHeader => ({
  format: FORMAT,
  formatVersion: FORMAT_VERSION,
  app: 'test',
  schemaVersion: 1,
  createdAt: '2026-05-06T07:08:09.000Z',
  kind: '手动',
  encrypted,
  selfContained: true,
  ...(kdf ? { kdf } : {}),
});

async function write(password: string | null, blobs: Buffer[]) {
  const kdf = password ? newKdf() : undefined;
  const file = path.join(temp.dir, `c-${crypto.randomUUID()}.vlbak`);
  const { writer } = await ContainerWriter.create(
    file,
    header(password !== null, kdf),
    password && kdf ? deriveKey(password, kdf) : null,
  );
  const refs: BlobRef[] = [];
  for (const blob of blobs) refs.push(await writer.addBuffer(blob));
  await writer.finish({ refs });
  return { file, refs };
}

async function readAll(file: string, password: string | null, refs: BlobRef[]) {
  const reader = await ContainerReader.open(file);
  try {
    if (password) reader.unlock(password);
    const manifest = await reader.manifest<{ refs: BlobRef[] }>();
    expect(manifest.refs).toEqual(refs);
    const out: Buffer[] = [];
    for (const ref of refs) {
      const parts: Buffer[] = [];
      await reader.readBlob(ref, (chunk) => {
        parts.push(Buffer.from(chunk));
      });
      out.push(Buffer.concat(parts));
    }
    return out;
  } finally {
    await reader.close();
  }
}

const sizes = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 17];

describe('the .vlbak container', () => {
  for (const password of [null, 'mima-2026']) {
    it(`round-trips blobs of ${sizes.join(', ')} bytes (${password ? 'encrypted' : 'plain'})`, async () => {
      const blobs = sizes.map((n) => crypto.randomBytes(n));
      const { file, refs } = await write(password, blobs);
      const back = await readAll(file, password, refs);
      back.forEach((blob, i) => expect(blob.equals(blobs[i]!)).toBe(true));
      refs.forEach((ref, i) =>
        expect(ref.sha256).toBe(crypto.createHash('sha256').update(blobs[i]!).digest('hex')),
      );
      const bytes = fs.readFileSync(file);
      // Encrypted: no plain run of any blob is in the file.
      expect(bytes.includes(blobs[5]!.subarray(1000, 1064))).toBe(password === null);
    });
  }

  it('a wrong password, a cut file and a moved chunk are refused', async () => {
    const blobs = [crypto.randomBytes(2 * CHUNK + 5)];
    const { file, refs } = await write('mima-2026', blobs);

    const wrong = await ContainerReader.open(file);
    wrong.unlock('not-it');
    await expect(wrong.manifest()).rejects.toThrow('备份文件已加密，密码不对');
    await wrong.close();

    const cut = path.join(temp.dir, 'cut.vlbak');
    fs.writeFileSync(cut, fs.readFileSync(file).subarray(0, fs.statSync(file).size - 100));
    await expect(ContainerReader.open(cut)).rejects.toThrow(/备份文件不完整或已损坏/);

    // Swap the first two encrypted chunks of the blob: each is authentic alone, not there.
    const bytes = fs.readFileSync(file);
    const start = refs[0]!.offset + 8;
    const sealed = CHUNK + 16;
    const first = Buffer.from(bytes.subarray(start, start + sealed));
    bytes.copy(bytes, start, start + sealed, start + 2 * sealed);
    first.copy(bytes, start + sealed);
    const moved = path.join(temp.dir, 'moved.vlbak');
    fs.writeFileSync(moved, bytes);
    const reader = await ContainerReader.open(moved);
    reader.unlock('mima-2026');
    await reader.manifest();
    await expect(reader.readBlob(refs[0]!, () => undefined)).rejects.toThrow();
    await reader.close();
  });

  it('restores only into the data folders it knows, never outside', () => {
    expect(safeRelative('documents/2026/公示-1.pdf')).toBe('documents/2026/公示-1.pdf');
    expect(safeRelative('imports/3/电子档案/2026/a.pdf')).toBe('imports/3/电子档案/2026/a.pdf');
    for (const bad of [
      '../village-ledger.db',
      'documents/../../x',
      '/etc/passwd',
      'C:/x',
      'village-ledger.db',
      'backups/x',
      'photos//x',
      'photos/./x',
    ]) {
      expect(safeRelative(bad)).toBeNull();
    }
  });
});
