/**
 * The three records of a .zip (APPNOTE 6.3.x, the subset every unzip reads), shared by the
 * archive package's file writer (archive/zip-writer.ts) and the in-memory xlsx writer
 * (roster-io/xlsx-splice.ts): each entry's local header, its central-directory record, and the
 * end record. Names are UTF-8 with general-purpose flag bit 11 set (Chinese names stay Chinese);
 * no ZIP64 (callers refuse 4 GB themselves).
 */

export const FLAG_UTF8 = 0x0800;
export const VERSION = 20; // 2.0: deflate and folders
export const METHOD_STORE = 0;
export const METHOD_DEFLATE = 8;

/** MS-DOS time and date (2-second steps) as zip headers carry them. */
export interface DosStamp {
  time: number;
  date: number;
}

export interface ZipEntryRecord {
  name: Buffer;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Where the entry's local header starts. */
  offset: number;
}

/** The local header written before an entry's data (name included). */
export function localHeader(entry: Omit<ZipEntryRecord, 'offset'>, stamp: DosStamp): Buffer {
  const header = Buffer.alloc(30 + entry.name.length);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(VERSION, 4);
  header.writeUInt16LE(FLAG_UTF8, 6);
  header.writeUInt16LE(entry.method, 8);
  header.writeUInt16LE(stamp.time, 10);
  header.writeUInt16LE(stamp.date, 12);
  header.writeUInt32LE(entry.crc >>> 0, 14);
  header.writeUInt32LE(entry.compressedSize, 18);
  header.writeUInt32LE(entry.size, 22);
  header.writeUInt16LE(entry.name.length, 26);
  header.writeUInt16LE(0, 28);
  entry.name.copy(header, 30);
  return header;
}

/** The entry's central-directory record (name included): a regular file, rw-r--r--. */
export function centralRecord(entry: ZipEntryRecord, stamp: DosStamp): Buffer {
  const record = Buffer.alloc(46 + entry.name.length);
  record.writeUInt32LE(0x02014b50, 0);
  // Made by: 3 = Unix, so the permission bits below are read; version 2.0.
  record.writeUInt16LE((3 << 8) | VERSION, 4);
  record.writeUInt16LE(VERSION, 6);
  record.writeUInt16LE(FLAG_UTF8, 8);
  record.writeUInt16LE(entry.method, 10);
  record.writeUInt16LE(stamp.time, 12);
  record.writeUInt16LE(stamp.date, 14);
  record.writeUInt32LE(entry.crc >>> 0, 16);
  record.writeUInt32LE(entry.compressedSize, 20);
  record.writeUInt32LE(entry.size, 24);
  record.writeUInt16LE(entry.name.length, 28);
  // Extra, comment, disk number, internal attributes: none.
  record.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  record.writeUInt32LE(entry.offset, 42);
  entry.name.copy(record, 46);
  return record;
}

/** The end-of-central-directory record. */
export function endRecord(entries: number, directorySize: number, directoryOffset: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries, 8);
  end.writeUInt16LE(entries, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return end;
}
