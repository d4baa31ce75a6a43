import zlib from 'node:zlib';
import {
  centralRecord,
  endRecord,
  localHeader,
  METHOD_DEFLATE,
  METHOD_STORE,
  type DosStamp,
  type ZipEntryRecord,
} from '../../files/zip-records';

/**
 * A small zip built in memory with the same records as the archive's writer
 * (files/zip-records.ts), but deterministic: entries in the order given, every entry stamped
 * 1980-01-01 00:00 (the first MS-DOS date, independent of the clock and the time zone), deflate
 * at a fixed level. The same entries give the same bytes (docs/domain.md §11). A 上报包 is a few
 * MB for a village, so holding it in memory is fine; no ZIP64 (refused above 4 GB).
 */

const STAMP: DosStamp = { time: 0, date: (0 << 9) | (1 << 5) | 1 };
const LIMIT_32 = 0xffffffff;

export interface ZipInput {
  name: string;
  data: Buffer;
}

export function zipInMemory(files: readonly ZipInput[]): Buffer {
  const parts: Buffer[] = [];
  const records: ZipEntryRecord[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const deflated = zlib.deflateRawSync(file.data, { level: 6 });
    const stored = deflated.length >= file.data.length;
    const body = stored ? file.data : deflated;
    const entry: ZipEntryRecord = {
      name,
      method: stored ? METHOD_STORE : METHOD_DEFLATE,
      crc: zlib.crc32(file.data),
      compressedSize: body.length,
      size: file.data.length,
      offset,
    };
    const header = localHeader(entry, STAMP);
    parts.push(header, body);
    records.push(entry);
    offset += header.length + body.length;
    if (offset > LIMIT_32 || file.data.length > LIMIT_32) {
      throw new Error('上报包超过 4 GB，无法打成 ZIP 压缩包');
    }
  }
  let directorySize = 0;
  for (const entry of records) {
    const record = centralRecord(entry, STAMP);
    parts.push(record);
    directorySize += record.length;
  }
  parts.push(endRecord(records.length, directorySize, offset));
  return Buffer.concat(parts);
}
