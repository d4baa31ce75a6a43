import fs from 'node:fs/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { AppError } from '../../api/errors';
import {
  centralRecord,
  endRecord,
  localHeader,
  METHOD_DEFLATE,
  METHOD_STORE,
  type DosStamp,
  type ZipEntryRecord,
} from '../files/zip-records';

/**
 * A .zip written entry by entry to a file (APPNOTE 6.3.x, the subset every unzip reads):
 * each entry's local header, its data and, at the end, the central directory. Only one file's
 * bytes are in memory at a time, so a package of any size up to the 4 GB limit zips in the
 * memory of its largest file.
 *
 * - PDFs (already compressed inside) are STOREd: deflating them again costs time and saves
 *   next to nothing; text and XML are deflated (level 6, zlib on the thread pool).
 * - File names are UTF-8 with general-purpose flag bit 11 set, which Windows Explorer (10+),
 *   7-Zip, WinRAR, Info-ZIP unzip and macOS honour: Chinese names stay Chinese.
 * - Entries are collected and written a few MB at a time (one system call per batch).
 * - No ZIP64: a package of 4 GB or more, or of more than 65,535 files, is refused with a
 *   message (a village year is a few hundred MB at most).
 */

const deflateRaw = promisify(zlib.deflateRaw);

const LIMIT_32 = 0xffffffff;
const MAX_ENTRIES = 0xffff;
/** Entries are written in batches of about this size (small PDFs are tens of KB each). */
const FLUSH_BYTES = 4 * 1024 * 1024;
/** Bytes handed to the file but not yet written, at most (then add() waits). */
const WRITE_BUDGET = 32 * 1024 * 1024;

/** MS-DOS date and time of the local clock (what every unzip shows), 2-second steps. */
function dosDateTime(date: Date): DosStamp {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

const tooLarge = () =>
  new AppError('VALIDATION', '档案包超过 4 GB，无法打成 ZIP 压缩包；请只导出文件夹，或分开导出');

export class ZipWriter {
  private readonly entries: ZipEntryRecord[] = [];
  private readonly names = new Set<string>();
  private offset = 0;
  private closed = false;
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  private writing: Promise<void> = Promise.resolve();
  private writingBytes = 0;
  private failure: unknown = null;
  private readonly stamp: DosStamp;

  private constructor(
    private readonly handle: fs.FileHandle,
    modified: Date,
  ) {
    this.stamp = dosDateTime(modified);
  }

  /** Creates (or truncates) `file`; every entry gets `modified` as its date. */
  static async create(file: string, modified: Date): Promise<ZipWriter> {
    return new ZipWriter(await fs.open(file, 'w'), modified);
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.offset;
  }

  /**
   * Adds one file. `name` is the path inside the archive with forward slashes; `compress`
   * deflates it (for text), otherwise it is stored as is (for PDFs).
   */
  async add(name: string, data: Buffer, compress: boolean): Promise<void> {
    if (this.closed) throw new Error('ZipWriter: already closed');
    if (this.failure) throw this.failure;
    if (this.names.has(name)) throw new Error(`ZipWriter: duplicate entry ${name}`);
    if (this.entries.length >= MAX_ENTRIES) {
      throw new AppError('VALIDATION', '档案包的文件超过 65535 个，无法打成 ZIP 压缩包');
    }
    this.names.add(name);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    let body = data;
    let method = METHOD_STORE;
    if (compress) {
      const deflated = await deflateRaw(data, { level: 6 });
      // Deflate can grow incompressible data: then it is stored after all.
      if (deflated.length < data.length) {
        body = deflated;
        method = METHOD_DEFLATE;
      }
    }
    const headerLength = 30 + nameBytes.length;
    if (this.offset + headerLength + body.length > LIMIT_32 || data.length > LIMIT_32) {
      throw tooLarge();
    }
    const entry = {
      name: nameBytes,
      method,
      crc,
      compressedSize: body.length,
      size: data.length,
      offset: this.offset,
    };
    const header = localHeader(entry, this.stamp);
    this.entries.push(entry);
    this.pending.push(header, body);
    this.pendingBytes += header.length + body.length;
    this.offset += header.length + body.length;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  /**
   * Hands what add() collected to the file: one write per few MB instead of two per entry,
   * chained behind the previous one and not awaited, so the caller prepares the next entries
   * meanwhile; it waits only while more than WRITE_BUDGET bytes are on their way.
   */
  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return;
    const parts = this.pending.splice(0);
    const size = this.pendingBytes;
    this.pendingBytes = 0;
    this.writingBytes += size;
    this.writing = this.writing.then(async () => {
      try {
        if (!this.failure) await this.writeAll(parts);
      } catch (error) {
        this.failure ??= error;
      } finally {
        this.writingBytes -= size;
      }
    });
    if (this.writingBytes > WRITE_BUDGET) await this.writing;
    if (this.failure) throw this.failure;
  }

  /** Waits for every write handed over so far. */
  private async settle(): Promise<void> {
    await this.writing;
    if (this.failure) throw this.failure;
  }

  /** Writes the central directory and closes the file; returns the archive's size. */
  async close(): Promise<number> {
    if (this.closed) return this.offset;
    const parts: Buffer[] = [];
    let directorySize = 0;
    for (const entry of this.entries) {
      const record = centralRecord(entry, this.stamp);
      parts.push(record);
      directorySize += record.length;
    }
    if (this.offset + directorySize + 22 > LIMIT_32) throw tooLarge();
    const end = endRecord(this.entries.length, directorySize, this.offset);
    parts.push(end);
    await this.flush();
    await this.settle();
    await this.writeAll(parts);
    this.offset += directorySize + end.length;
    await this.handle.sync();
    await this.handle.close();
    this.closed = true;
    return this.offset;
  }

  /** writev, finishing by plain writes whatever a short write left (rare, but allowed). */
  private async writeAll(buffers: Buffer[]): Promise<void> {
    const total = buffers.reduce((sum, b) => sum + b.length, 0);
    let { bytesWritten } = await this.handle.writev(buffers);
    if (bytesWritten === total) return;
    const rest = Buffer.concat(buffers).subarray(bytesWritten);
    let at = 0;
    while (at < rest.length) {
      ({ bytesWritten } = await this.handle.write(rest, at, rest.length - at));
      at += bytesWritten;
    }
  }

  /** Closes the file after a failure (the caller removes it). */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failure ??= new Error('ZipWriter: aborted');
    await this.writing;
    await this.handle.close().catch(() => undefined);
  }
}
