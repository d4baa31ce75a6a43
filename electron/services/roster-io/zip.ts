import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * Reads entries of a .xlsx (zip) file with Node's native inflate. An import file is at most
 * 20 MB, so the whole archive is in memory already; no ZIP64, no encryption (Excel and WPS
 * write neither for such files).
 */
export class ZipArchive {
  private readonly entries = new Map<string, { method: number; size: number; offset: number }>();

  constructor(private readonly buffer: Buffer) {
    const eocd = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error('not a zip archive');
    const count = buffer.readUInt16LE(eocd + 10);
    let at = buffer.readUInt32LE(eocd + 16);
    for (let i = 0; i < count; i++) {
      if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('broken zip directory');
      const method = buffer.readUInt16LE(at + 10);
      const size = buffer.readUInt32LE(at + 20);
      const nameLength = buffer.readUInt16LE(at + 28);
      const extraLength = buffer.readUInt16LE(at + 30);
      const commentLength = buffer.readUInt16LE(at + 32);
      const offset = buffer.readUInt32LE(at + 42);
      const name = buffer.toString('utf8', at + 46, at + 46 + nameLength).replace(/^\//, '');
      this.entries.set(name, { method, size, offset });
      at += 46 + nameLength + extraLength + commentLength;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  private compressed(name: string): { method: number; data: Buffer } | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    const local = entry.offset;
    if (this.buffer.readUInt32LE(local) !== 0x04034b50) throw new Error('broken zip entry');
    const start =
      local + 30 + this.buffer.readUInt16LE(local + 26) + this.buffer.readUInt16LE(local + 28);
    if (entry.method !== 0 && entry.method !== 8)
      throw new Error(`unsupported zip compression ${entry.method}`);
    return { method: entry.method, data: this.buffer.subarray(start, start + entry.size) };
  }

  /** The entry's bytes, inflated. */
  read(name: string): Buffer | null {
    const entry = this.compressed(name);
    if (!entry) return null;
    return entry.method === 0 ? entry.data : zlib.inflateRawSync(entry.data);
  }

  /** The entry as a stream of inflated chunks: a large sheet is never whole in memory. */
  stream(name: string): Readable | null {
    const entry = this.compressed(name);
    if (!entry) return null;
    const source = Readable.from([entry.data]);
    return entry.method === 0 ? source : source.pipe(zlib.createInflateRaw());
  }

  text(name: string): string | null {
    const bytes = this.read(name);
    return bytes ? new TextDecoder('utf-8').decode(bytes) : null;
  }
}
