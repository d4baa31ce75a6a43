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
 * A small zip built in memory, synchronously, with the same records as the archive's writer
 * (files/zip-records.ts): entries in the order given, deflate at a fixed level. Without a time
 * every entry is stamped 1980-01-01 00:00 (the first MS-DOS date, independent of the clock and
 * the time zone), so the same entries give the same bytes (the 上报包, docs/domain.md §11); the
 * 审核反馈包 passes the moment it was made. A 上报包 is a few MB for a village and a 审核反馈包
 * a few KB, so holding them in memory is fine (and a synchronous build fits inside the
 * transaction that marks notes sent); no ZIP64 (refused above 4 GB).
 */

const STAMP: DosStamp = { time: 0, date: (0 << 9) | (1 << 5) | 1 };

/** A local time as MS-DOS stores it (2-second steps, years from 1980). */
function dosStamp(date: Date): DosStamp {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}
const LIMIT_32 = 0xffffffff;

export interface ZipInput {
  name: string;
  data: Buffer;
}

export function zipInMemory(files: readonly ZipInput[], modified?: Date): Buffer {
  const stamp = modified ? dosStamp(modified) : STAMP;
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
    const header = localHeader(entry, stamp);
    parts.push(header, body);
    records.push(entry);
    offset += header.length + body.length;
    if (offset > LIMIT_32 || file.data.length > LIMIT_32) {
      throw new Error('文件超过 4 GB，无法打成 ZIP 压缩包');
    }
  }
  let directorySize = 0;
  for (const entry of records) {
    const record = centralRecord(entry, stamp);
    parts.push(record);
    directorySize += record.length;
  }
  parts.push(endRecord(records.length, directorySize, offset));
  return Buffer.concat(parts);
}
