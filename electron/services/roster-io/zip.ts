import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { refused, why, XLSX_MAX_ENTRIES } from '../files/limits';

interface Entry {
  method: number;
  compressedSize: number;
  /** The uncompressed size the central directory declares. */
  size: number;
  offset: number;
}

/**
 * Reads entries of a .xlsx (zip) file with Node's native inflate. An import file is at most
 * 20 MB, so the whole archive is in memory already; no ZIP64, no encryption (Excel and WPS
 * write neither for such files).
 *
 * Bounds (files/limits.ts): at most XLSX_MAX_ENTRIES entries; entries whose data overlap are
 * refused (a zip bomb reuses one deflate stream under many names); every entry inflates to
 * exactly its declared size and never past the caller's limit (maxOutputLength), so a part
 * that claims 1 KB and inflates to 4 GB stops at the first byte past 1 KB.
 */
export class ZipArchive {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly buffer: Buffer,
    private readonly fileName = '文件',
  ) {
    const eocd = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0 || eocd + 22 > buffer.length) throw new Error('not a zip archive');
    const count = buffer.readUInt16LE(eocd + 10);
    if (count > XLSX_MAX_ENTRIES) throw refused(fileName, why.entries(XLSX_MAX_ENTRIES));
    let at = buffer.readUInt32LE(eocd + 16);
    const spans: [number, number][] = [];
    for (let i = 0; i < count; i++) {
      if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('broken zip directory');
      const method = buffer.readUInt16LE(at + 10);
      const compressedSize = buffer.readUInt32LE(at + 20);
      const size = buffer.readUInt32LE(at + 24);
      const nameLength = buffer.readUInt16LE(at + 28);
      const extraLength = buffer.readUInt16LE(at + 30);
      const commentLength = buffer.readUInt16LE(at + 32);
      const offset = buffer.readUInt32LE(at + 42);
      const name = buffer.toString('utf8', at + 46, at + 46 + nameLength).replace(/^\//, '');
      this.entries.set(name, { method, compressedSize, size, offset });
      spans.push([offset, this.dataStart(offset) + compressedSize]);
      at += 46 + nameLength + extraLength + commentLength;
    }
    spans.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) {
      if (spans[i]![0] < spans[i - 1]![1])
        throw refused(fileName, why.malformed('压缩包里有相互重叠的条目'));
    }
  }

  private dataStart(local: number): number {
    if (local + 30 > this.buffer.length || this.buffer.readUInt32LE(local) !== 0x04034b50)
      throw new Error('broken zip entry');
    return local + 30 + this.buffer.readUInt16LE(local + 26) + this.buffer.readUInt16LE(local + 28);
  }

  /** The entries' names, in the order of the central directory. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  private compressed(name: string): (Entry & { data: Buffer }) | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    const start = this.dataStart(entry.offset);
    if (entry.method !== 0 && entry.method !== 8)
      throw new Error(`unsupported zip compression ${entry.method}`);
    if (start + entry.compressedSize > this.buffer.length) throw new Error('broken zip entry');
    return { ...entry, data: this.buffer.subarray(start, start + entry.compressedSize) };
  }

  private tooLarge(name: string, limit: number) {
    return refused(this.fileName, why.part(name, limit));
  }

  /** The entry's bytes, inflated; refused past `limit` bytes or when not its declared size. */
  read(name: string, limit: number): Buffer | null {
    const entry = this.compressed(name);
    if (!entry) return null;
    if (entry.size > limit) throw this.tooLarge(name, limit);
    let bytes: Buffer;
    if (entry.method === 0) bytes = entry.data;
    else {
      try {
        // One byte of room: a part longer than declared is caught below, not cut short.
        bytes = zlib.inflateRawSync(entry.data, { maxOutputLength: entry.size + 1 });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          throw refused(this.fileName, why.malformed(`「${name}」解压后比记录的大`));
        throw error;
      }
    }
    if (bytes.length !== entry.size)
      throw refused(this.fileName, why.malformed(`「${name}」解压后与记录的大小不符`));
    return bytes;
  }

  /**
   * The entry as inflated chunks: a large sheet is never whole in memory. Iterating fails past
   * `limit` bytes or past the declared size.
   */
  chunks(name: string, limit: number): AsyncIterable<Buffer> | null {
    const entry = this.compressed(name);
    if (!entry) return null;
    if (entry.size > limit) throw this.tooLarge(name, limit);
    const fileName = this.fileName;
    return (async function* () {
      if (entry.method === 0) {
        yield entry.data;
        return;
      }
      const inflate = Readable.from([entry.data]).pipe(zlib.createInflateRaw());
      let total = 0;
      try {
        for await (const chunk of inflate as AsyncIterable<Buffer>) {
          total += chunk.length;
          if (total > entry.size)
            throw refused(fileName, why.malformed(`「${name}」解压后比记录的大`));
          yield chunk;
        }
      } finally {
        inflate.destroy();
      }
      if (total !== entry.size)
        throw refused(fileName, why.malformed(`「${name}」解压后与记录的大小不符`));
    })();
  }

  text(name: string, limit: number): string | null {
    const bytes = this.read(name, limit);
    return bytes ? new TextDecoder('utf-8').decode(bytes) : null;
  }
}
