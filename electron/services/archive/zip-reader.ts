import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { AppError } from '../../api/errors';
import { grouped, ZIP_LIMITS } from '../files/limits';

/**
 * Reads a package .zip from disk without loading it: the central directory is read through a
 * file handle, each entry is streamed (inflated when deflated) and checked against its CRC-32
 * and size, so a package of hundreds of MB is verified or unpacked in the memory of a chunk.
 *
 * What it accepts: STORE and DEFLATE entries, names in UTF-8 (flag bit 11), or without the
 * flag in UTF-8 or GBK (Windows' 压缩(zipped)文件夹 on a Chinese system writes CP936 names).
 * What it refuses, with a message: ZIP64, encrypted entries, other compression methods, and
 * any name that could leave the folder it is unpacked into (../, an absolute path, a drive
 * letter): such an entry is never written anywhere.
 *
 * Bounds (files/limits.ts, issue 14 item 2): entries whose data overlap are refused (a 262 KB
 * zip once named one deflate stream a thousand times and unpacked to 3 GB), every entry
 * inflates to exactly its declared size (read() stops at the first byte past it), and the
 * declared total is at most ZIP_LIMITS.ratio times the zip's size; import.ts also checks it
 * against the free disk before writing anything.
 */

export interface ZipEntry {
  /** The path inside the archive, forward slashes, checked safe. */
  name: string;
  directory: boolean;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const badZip = (file: string, why: string) =>
  new AppError('VALIDATION', `${path.basename(file)} 不是完好的 ZIP 压缩包：${why}`);

/**
 * A name from an archive as a relative path with forward slashes, or an error when it could
 * escape the target folder. Used for every entry before anything is read or written.
 */
export function safeEntryName(raw: string): string {
  const name = raw.replaceAll('\\', '/');
  const parts = name.split('/');
  const unsafe =
    name.length === 0 ||
    name.includes('\0') ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    parts.some((part) => part === '..');
  if (unsafe) {
    throw new AppError(
      'VALIDATION',
      `压缩包里有不安全的文件路径「${raw}」，已拒绝（不会写到别处）`,
    );
  }
  return (
    parts.filter((part) => part !== '' && part !== '.').join('/') + (name.endsWith('/') ? '/' : '')
  );
}

/**
 * An entry's name: UTF-8 when flagged; else the Info-ZIP Unicode Path extra field (0x7075,
 * written by WinRAR, 7-Zip and JSZip beside a legacy name) when it belongs to this name (its
 * CRC-32 matches); else UTF-8 if the bytes are valid UTF-8, else GBK.
 */
function decodeName(bytes: Buffer, utf8Flag: boolean, extra: Buffer): string {
  if (utf8Flag) return bytes.toString('utf8');
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    const body = extra.subarray(at + 4, at + 4 + size);
    if (
      id === 0x7075 &&
      body.length >= 5 &&
      body[0] === 1 &&
      body.readUInt32LE(1) === zlib.crc32(bytes)
    ) {
      return body.subarray(5).toString('utf8');
    }
    at += 4 + size;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'gbk');
  }
}

export class ZipReader {
  private constructor(
    readonly file: string,
    private readonly handle: fsp.FileHandle,
    readonly entries: ZipEntry[],
  ) {}

  /** What the entries declare they unpack to, in bytes. */
  get totalSize(): number {
    return this.entries.reduce((sum, entry) => sum + entry.size, 0);
  }

  static async open(file: string): Promise<ZipReader> {
    const handle = await fsp.open(file, 'r');
    try {
      const entries = await readDirectory(file, handle);
      await assertNoOverlap(file, handle, entries);
      const { size } = await handle.stat();
      const total = entries.reduce((sum, entry) => sum + entry.size, 0);
      if (total > Math.max(size * ZIP_LIMITS.ratio, ZIP_LIMITS.ratioFloor)) {
        throw new AppError(
          'VALIDATION',
          `「${path.basename(file)}」已拒绝读取：解压后共 ${grouped(Math.round(total / 1024 / 1024))} MB，是压缩包本身的 ${Math.round(total / Math.max(size, 1))} 倍，可能是“解压炸弹”`,
        );
      }
      return new ZipReader(file, handle, entries);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /** Where an entry's data starts (after its local header, whose name may differ in length). */
  private async dataOffset(entry: ZipEntry): Promise<number> {
    const header = Buffer.alloc(30);
    await this.handle.read(header, 0, 30, entry.localOffset);
    if (header.readUInt32LE(0) !== 0x04034b50)
      throw badZip(this.file, `「${entry.name}」的文件头损坏`);
    return entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  }

  /**
   * Streams an entry's content to `onChunk`; fails when its size or CRC-32 differs from the
   * directory (a damaged or tampered archive), never yielding more than the declared size.
   */
  async read(entry: ZipEntry, onChunk: (chunk: Buffer) => void | Promise<void>): Promise<void> {
    const start = await this.dataOffset(entry);
    let crc = 0;
    let size = 0;
    if (entry.compressedSize > 0) {
      const raw = fs.createReadStream(this.file, { start, end: start + entry.compressedSize - 1 });
      const source = entry.method === 8 ? raw.pipe(zlib.createInflateRaw()) : raw;
      let sinkError: unknown = null; // the caller's own failure (e.g. a full disk) passes as is
      try {
        for await (const chunk of source as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > entry.size) throw badZip(this.file, `「${entry.name}」解压后比记录的大`);
          crc = zlib.crc32(chunk, crc);
          try {
            await onChunk(chunk);
          } catch (error) {
            sinkError = error;
            throw error;
          }
        }
      } catch (error) {
        if (error === sinkError || error instanceof AppError) throw error;
        // zlib's own words ("invalid distance too far back") mean nothing to a clerk.
        throw badZip(this.file, `「${entry.name}」无法解压，数据已损坏`);
      } finally {
        raw.destroy();
      }
    }
    if (size !== entry.size || crc !== entry.crc) {
      throw badZip(this.file, `「${entry.name}」的内容与校验值（CRC-32）不符`);
    }
  }

  /** An entry's whole content (for the small text files of a package). */
  async buffer(entry: ZipEntry): Promise<Buffer> {
    const chunks: Buffer[] = [];
    await this.read(entry, (chunk) => {
      chunks.push(chunk);
    });
    return Buffer.concat(chunks);
  }
}

/**
 * Each entry's local header and data must lie inside the file and apart from every other's:
 * overlapping entries are how a small zip unpacks to gigabytes (one deflate stream, many names).
 */
async function assertNoOverlap(
  file: string,
  handle: fsp.FileHandle,
  entries: readonly ZipEntry[],
): Promise<void> {
  const { size } = await handle.stat();
  const header = Buffer.alloc(30);
  const spans: { start: number; end: number }[] = [];
  for (const entry of entries) {
    const { bytesRead } = await handle.read(header, 0, 30, entry.localOffset);
    if (bytesRead < 30 || header.readUInt32LE(0) !== 0x04034b50)
      throw badZip(file, `「${entry.name}」的文件头损坏`);
    const end =
      entry.localOffset +
      30 +
      header.readUInt16LE(26) +
      header.readUInt16LE(28) +
      entry.compressedSize;
    if (end > size) throw badZip(file, `「${entry.name}」超出了文件末尾`);
    spans.push({ start: entry.localOffset, end });
  }
  spans.sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.start < spans[i - 1]!.end)
      throw badZip(file, '有几个条目指向同一段数据（相互重叠），可能是“解压炸弹”');
  }
}

async function readDirectory(file: string, handle: fsp.FileHandle): Promise<ZipEntry[]> {
  const { size } = await handle.stat();
  if (size < 22) throw badZip(file, '文件太小');
  // The end record is in the last 22 + 65,535 (comment) bytes.
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = Buffer.alloc(tailLength);
  await handle.read(tail, 0, tailLength, size - tailLength);
  // The last signature with a whole 22-byte record after it (a damaged tail may cut one).
  const signature = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
  let at = tail.lastIndexOf(signature);
  while (at >= 0 && at + 22 > tail.length) at = at > 0 ? tail.lastIndexOf(signature, at - 1) : -1;
  if (at < 0) throw badZip(file, '找不到目录');
  if (at >= 20 && tail.readUInt32LE(at - 20) === 0x07064b50) {
    throw new AppError(
      'VALIDATION',
      `${path.basename(file)} 是 ZIP64 格式（超过 4 GB），本程序不支持`,
    );
  }
  const count = tail.readUInt16LE(at + 10);
  const directorySize = tail.readUInt32LE(at + 12);
  const directoryOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) {
    throw new AppError('VALIDATION', `${path.basename(file)} 是 ZIP64 格式，本程序不支持`);
  }
  if (directoryOffset + directorySize > size) throw badZip(file, '目录位置不对');
  const directory = Buffer.alloc(directorySize);
  await handle.read(directory, 0, directorySize, directoryOffset);

  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== 0x02014b50) {
      throw badZip(file, '目录损坏');
    }
    const flags = directory.readUInt16LE(p + 8);
    const method = directory.readUInt16LE(p + 10);
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const commentLength = directory.readUInt16LE(p + 32);
    const raw = decodeName(
      directory.subarray(p + 46, p + 46 + nameLength),
      (flags & 0x0800) !== 0,
      directory.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength),
    );
    const name = safeEntryName(raw);
    const directoryEntry = name.endsWith('/');
    if (!directoryEntry) {
      if (flags & 0x0001) {
        throw new AppError('VALIDATION', `压缩包里的「${name}」加了密码，无法读取`);
      }
      if (method !== 0 && method !== 8) {
        throw badZip(file, `「${name}」的压缩方式（${method}）不受支持`);
      }
      // Two entries that unpack to one path would make the result depend on their order.
      if (seen.has(name)) throw badZip(file, `「${name}」出现了两次`);
      seen.add(name);
    }
    entries.push({
      name: directoryEntry ? name.slice(0, -1) : name,
      directory: directoryEntry,
      method,
      crc: directory.readUInt32LE(p + 16),
      compressedSize: directory.readUInt32LE(p + 20),
      size: directory.readUInt32LE(p + 24),
      localOffset: directory.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
