import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../api/errors';

/**
 * The whole-backup file (.vlbak, docs/domain.md §6 备份): one file, written front to back and
 * read by offsets, so a backup of any size is written and checked in the memory of a chunk.
 *
 *   "VLBAK01\n"  u32 LE header length  header JSON (plain)
 *   blobs …       the database copy and the files, one after another
 *   manifest blob JSON: every blob's offset, size and SHA-256, the issued-number marks
 *   trailer       u64 LE manifest offset, u64 LE manifest length, "VLBKEND\n"
 *
 * The header says only what a list shows (kind, time, versions, encrypted, and for a backup
 * inside the data folder the store objects it uses, by hash, so pruning can see them without
 * a password). Everything else is in the manifest.
 *
 * Encrypted (when the database is): each blob and the manifest are AES-256-GCM in chunks of
 * 1 MiB: an 8-byte random prefix, then per chunk the ciphertext and its 16-byte tag; the IV is
 * prefix + chunk number, and the chunk number and a last-chunk flag are authenticated, so a
 * chunk cannot be moved, dropped or cut off unnoticed. The key is scrypt(password, salt) with
 * a random salt kept in the header; the password itself is never stored.
 */

export const BACKUP_EXTENSION = '.vlbak';
export const FORMAT = 'village-ledger-backup';
export const FORMAT_VERSION = 1;

const MAGIC = Buffer.from('VLBAK01\n', 'latin1');
const END = Buffer.from('VLBKEND\n', 'latin1');
const TRAILER = 24;
/** Plain bytes per encrypted chunk, and per read of a plain blob. */
export const CHUNK = 1024 * 1024;
const TAG = 16;
const PREFIX = 8;
/**
 * Bounds of what is parsed whole (issue 14 item 2: a hostile backup must not exhaust the
 * process). A header is a few hundred bytes plus 67 per store object, a manifest about 200
 * bytes per file: both fit MAX_FILES (whole-read.ts) files with room to spare, and JSON.parse
 * of either stays within a few hundred MB of heap at worst.
 */
export const MAX_HEADER = 16 * 1024 * 1024;
export const MAX_MANIFEST = 32 * 1024 * 1024;

const SCRYPT = { N: 1 << 15, r: 8, p: 1 };

export interface KdfParams {
  name: 'scrypt';
  salt: string;
  N: number;
  r: number;
  p: number;
}

export interface ContainerHeader {
  format: typeof FORMAT;
  formatVersion: number;
  app: string;
  schemaVersion: number;
  createdAt: string;
  kind: string;
  encrypted: boolean;
  /** True when every file is inside this one file (a backup to a chosen folder). */
  selfContained: boolean;
  kdf?: KdfParams;
  /** Store objects (SHA-256) a backup inside the data folder reads its files from. */
  storeObjects?: string[];
}

/** Where a blob is in the container; `size` is its plain size. */
export interface BlobRef {
  offset: number;
  length: number;
  size: number;
  sha256: string;
}

export const damagedContainer = (file: string): AppError =>
  new AppError(
    'VALIDATION',
    `备份文件不完整或已损坏：${path.basename(file)}。请换一份备份（如 U 盘上的另一份）。`,
  );

export const wrongPassword = (): AppError =>
  new AppError('VALIDATION', '备份文件已加密，密码不对。请填写做这份备份时的数据库密码。');

export function newKdf(): KdfParams {
  return { name: 'scrypt', salt: crypto.randomBytes(16).toString('base64'), ...SCRYPT };
}

/** The 32-byte key of a password; memory for scrypt is bounded by its parameters (32 MiB). */
export function deriveKey(password: string, kdf: KdfParams): Buffer {
  if (kdf.name !== 'scrypt' || kdf.N > 1 << 20 || kdf.r > 16 || kdf.p > 4) {
    throw new AppError('VALIDATION', '备份文件的加密参数不对，不能读取。');
  }
  return crypto.scryptSync(password, Buffer.from(kdf.salt, 'base64'), 32, {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    maxmem: 256 * kdf.N * kdf.r,
  });
}

const chunkCount = (size: number) => Math.max(1, Math.ceil(size / CHUNK));

/** Bytes a blob of `size` plain bytes takes in the container. */
export const storedLength = (size: number, encrypted: boolean): number =>
  encrypted ? PREFIX + size + TAG * chunkCount(size) : size;

function chunkIv(prefix: Buffer, index: number): Buffer {
  const iv = Buffer.alloc(12);
  prefix.copy(iv, 0);
  iv.writeUInt32BE(index, 8);
  return iv;
}

function chunkAad(index: number, last: boolean): Buffer {
  const aad = Buffer.alloc(5);
  aad.writeUInt32BE(index, 0);
  aad[4] = last ? 1 : 0;
  return aad;
}

function sealChunk(key: Buffer, prefix: Buffer, index: number, last: boolean, plain: Buffer) {
  const cipher = crypto.createCipheriv('aes-256-gcm', key, chunkIv(prefix, index));
  cipher.setAAD(chunkAad(index, last));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([body, cipher.getAuthTag()]);
}

function openChunk(key: Buffer, prefix: Buffer, index: number, last: boolean, sealed: Buffer) {
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, chunkIv(prefix, index));
  decipher.setAAD(chunkAad(index, last));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
  return Buffer.concat([
    decipher.update(sealed.subarray(0, sealed.length - TAG)),
    decipher.final(),
  ]);
}

/** Reads exactly `length` bytes at `position`; fewer means the source ended early. */
async function readExactly(
  handle: fsp.FileHandle,
  buffer: Buffer,
  length: number,
  position: number,
): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

export class ContainerWriter {
  private position = 0;
  private readonly buffer = Buffer.alloc(CHUNK);

  private constructor(
    private readonly handle: fsp.FileHandle,
    private readonly key: Buffer | null,
  ) {}

  /** Creates (truncates) `file` and writes the header. `key` encrypts every blob. */
  static async create(
    file: string,
    header: ContainerHeader,
    key: Buffer | null,
  ): Promise<{ writer: ContainerWriter; headerSha256: string }> {
    const handle = await fsp.open(file, 'w');
    const writer = new ContainerWriter(handle, key);
    try {
      const json = Buffer.from(JSON.stringify(header), 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(json.length, 0);
      await writer.write(Buffer.concat([MAGIC, length, json]));
      return { writer, headerSha256: crypto.createHash('sha256').update(json).digest('hex') };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  get bytes(): number {
    return this.position;
  }

  private async write(data: Buffer): Promise<void> {
    let at = 0;
    while (at < data.length) {
      const { bytesWritten } = await this.handle.write(data, at, data.length - at, this.position);
      at += bytesWritten;
      this.position += bytesWritten;
    }
  }

  /**
   * Streams `size` bytes of `source` into the container (encrypted when keyed), hashing them
   * on the way. The source must hold exactly `size` bytes (files are never changed in place).
   */
  async addFile(source: string, onBytes?: (n: number) => void): Promise<BlobRef> {
    const handle = await fsp.open(source, 'r');
    try {
      const { size } = await handle.stat();
      return await this.addFrom(
        size,
        async (buffer, length, at) => {
          const got = await readExactly(handle, buffer, length, at);
          if (got !== length) throw new Error(`文件在备份时变短了：${source}`);
        },
        onBytes,
      );
    } finally {
      await handle.close();
    }
  }

  async addBuffer(data: Buffer): Promise<BlobRef> {
    return this.addFrom(data.length, async (buffer, length, at) => {
      data.copy(buffer, 0, at, at + length);
    });
  }

  private async addFrom(
    size: number,
    fill: (buffer: Buffer, length: number, at: number) => Promise<void>,
    onBytes?: (n: number) => void,
  ): Promise<BlobRef> {
    const offset = this.position;
    const hash = crypto.createHash('sha256');
    const prefix = this.key ? crypto.randomBytes(PREFIX) : null;
    if (prefix) await this.write(prefix);
    const chunks = chunkCount(size);
    for (let index = 0; index < chunks; index += 1) {
      const at = index * CHUNK;
      const length = Math.min(CHUNK, size - at);
      await fill(this.buffer, length, at);
      const plain = this.buffer.subarray(0, length);
      hash.update(plain);
      await this.write(
        this.key && prefix
          ? sealChunk(this.key, prefix, index, index === chunks - 1, plain)
          : plain,
      );
      onBytes?.(length);
    }
    return { offset, length: this.position - offset, size, sha256: hash.digest('hex') };
  }

  /** Writes the manifest and the trailer, flushes and closes the file. */
  async finish(manifest: unknown): Promise<number> {
    const blob = await this.addBuffer(Buffer.from(JSON.stringify(manifest), 'utf8'));
    const trailer = Buffer.alloc(TRAILER);
    trailer.writeBigUInt64LE(BigInt(blob.offset), 0);
    trailer.writeBigUInt64LE(BigInt(blob.length), 8);
    END.copy(trailer, 16);
    await this.write(trailer);
    await this.handle.sync();
    await this.handle.close();
    return this.position;
  }

  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

/** True when the file starts like a .vlbak (whatever its name). */
export async function isContainer(file: string): Promise<boolean> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(file, 'r');
    const head = Buffer.alloc(MAGIC.length);
    const got = await readExactly(handle, head, MAGIC.length, 0);
    return got === MAGIC.length && head.equals(MAGIC);
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

export class ContainerReader {
  private key: Buffer | null = null;

  private constructor(
    readonly file: string,
    private readonly handle: fsp.FileHandle,
    readonly header: ContainerHeader,
    readonly headerSha256: string,
    private readonly manifestAt: { offset: number; length: number },
    readonly fileSize: number,
    /** Where blobs may lie: after the header, before the manifest. */
    readonly blobArea: { start: number; end: number },
  ) {}

  /** Opens a container and reads its header and trailer (not yet the manifest). */
  static async open(file: string): Promise<ContainerReader> {
    const handle = await fsp.open(file, 'r');
    try {
      const { size } = await handle.stat();
      const head = Buffer.alloc(MAGIC.length + 4);
      if ((await readExactly(handle, head, head.length, 0)) !== head.length) {
        throw damagedContainer(file);
      }
      if (!head.subarray(0, MAGIC.length).equals(MAGIC)) throw damagedContainer(file);
      const headerLength = head.readUInt32LE(MAGIC.length);
      if (headerLength > MAX_HEADER || head.length + headerLength + TRAILER > size) {
        throw damagedContainer(file);
      }
      const json = Buffer.alloc(headerLength);
      await readExactly(handle, json, headerLength, head.length);
      let header: ContainerHeader;
      try {
        header = JSON.parse(json.toString('utf8')) as ContainerHeader;
      } catch {
        throw damagedContainer(file);
      }
      if (header.format !== FORMAT) throw damagedContainer(file);
      if (header.formatVersion > FORMAT_VERSION) {
        throw new AppError(
          'VALIDATION',
          '这个备份来自更新版本的程序（备份格式更新），请先把程序升级到新版本再恢复。',
        );
      }
      const trailer = Buffer.alloc(TRAILER);
      await readExactly(handle, trailer, TRAILER, size - TRAILER);
      if (!trailer.subarray(16).equals(END)) throw damagedContainer(file);
      const offset = Number(trailer.readBigUInt64LE(0));
      const length = Number(trailer.readBigUInt64LE(8));
      if (offset < head.length + headerLength || offset + length !== size - TRAILER) {
        throw damagedContainer(file);
      }
      if (length > MAX_MANIFEST) throw damagedContainer(file);
      const headerSha256 = crypto.createHash('sha256').update(json).digest('hex');
      return new ContainerReader(file, handle, header, headerSha256, { offset, length }, size, {
        start: head.length + headerLength,
        end: offset,
      });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /** Gives the password of an encrypted container (checked when the manifest is read). */
  unlock(password: string): void {
    if (!this.header.kdf) throw damagedContainer(this.file);
    this.key = deriveKey(password, this.header.kdf);
  }

  /** The manifest, decrypted and parsed; a wrong password fails here. */
  async manifest<T>(): Promise<T> {
    if (this.header.encrypted && !this.key) {
      throw new AppError('VALIDATION', '备份文件已加密，请填写做这份备份时的数据库密码。');
    }
    const { offset, length } = this.manifestAt;
    const size = this.header.encrypted ? plainSizeOf(length) : length;
    if (size < 0) throw damagedContainer(this.file);
    const parts: Buffer[] = [];
    try {
      await this.readBlob({ offset, length, size, sha256: '' }, (chunk) => {
        parts.push(Buffer.from(chunk));
      });
    } catch (error) {
      if (this.header.encrypted && !(error instanceof AppError)) throw wrongPassword();
      throw error;
    }
    try {
      return JSON.parse(Buffer.concat(parts).toString('utf8')) as T;
    } catch {
      throw damagedContainer(this.file);
    }
  }

  /**
   * Streams a blob's plain bytes to `onChunk` (decrypting and authenticating each chunk). A
   * blob outside the file, cut short or not authentic throws; the hash is the caller's to check.
   */
  async readBlob(
    blob: Pick<BlobRef, 'offset' | 'length' | 'size' | 'sha256'>,
    onChunk: (chunk: Buffer) => void | Promise<void>,
  ): Promise<void> {
    const encrypted = this.header.encrypted;
    if (
      !Number.isSafeInteger(blob.offset) ||
      !Number.isSafeInteger(blob.size) ||
      blob.offset < 0 ||
      blob.size < 0 ||
      blob.length !== storedLength(blob.size, encrypted) ||
      blob.offset + blob.length > this.fileSize - TRAILER
    ) {
      throw damagedContainer(this.file);
    }
    if (!encrypted) {
      const buffer = Buffer.alloc(Math.min(CHUNK, Math.max(1, blob.size)));
      for (let at = 0; at < blob.size; at += CHUNK) {
        const length = Math.min(CHUNK, blob.size - at);
        if ((await readExactly(this.handle, buffer, length, blob.offset + at)) !== length) {
          throw damagedContainer(this.file);
        }
        await onChunk(buffer.subarray(0, length));
      }
      return;
    }
    if (!this.key) {
      throw new AppError('VALIDATION', '备份文件已加密，请填写做这份备份时的数据库密码。');
    }
    const prefix = Buffer.alloc(PREFIX);
    await readExactly(this.handle, prefix, PREFIX, blob.offset);
    const chunks = chunkCount(blob.size);
    const sealed = Buffer.alloc(CHUNK + TAG);
    let position = blob.offset + PREFIX;
    for (let index = 0; index < chunks; index += 1) {
      const plain = Math.min(CHUNK, blob.size - index * CHUNK);
      const length = plain + TAG;
      if ((await readExactly(this.handle, sealed, length, position)) !== length) {
        throw damagedContainer(this.file);
      }
      position += length;
      let opened: Buffer;
      try {
        opened = openChunk(
          this.key,
          prefix,
          index,
          index === chunks - 1,
          sealed.subarray(0, length),
        );
      } catch {
        throw new Error('chunk not authentic');
      }
      await onChunk(opened);
    }
  }
}

/** The plain size of an encrypted blob of `length` stored bytes (−1 when impossible). */
function plainSizeOf(length: number): number {
  const body = length - PREFIX;
  if (body < TAG) return -1;
  const chunks = Math.ceil(body / (CHUNK + TAG));
  return body - TAG * chunks;
}
