import { IMAGE_MAX_PIXELS, grouped, refused } from './limits';

/**
 * Width and height from a PNG's IHDR or a JPEG's SOF marker, read from the header without
 * decoding: a 100 KB PNG can declare 50,000 × 50,000 pixels and decode to 10 GB.
 */
export function imageSize(bytes: Buffer): { width: number; height: number } | null {
  if (
    bytes.length >= 24 &&
    bytes.readUInt32BE(0) === 0x89504e47 &&
    bytes.toString('latin1', 12, 16) === 'IHDR'
  )
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  for (let at = 2; at + 9 < bytes.length;) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame's size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  return null;
}

/** Refuses an image whose declared size is past IMAGE_MAX_PIXELS, naming the file. */
export function assertImagePixels(bytes: Buffer, fileName: string): void {
  const size = imageSize(bytes);
  if (size && size.width * size.height > IMAGE_MAX_PIXELS) {
    throw refused(
      fileName,
      `图片有 ${grouped(size.width)} × ${grouped(size.height)} 像素，超过 ${grouped(IMAGE_MAX_PIXELS)} 像素的上限`,
    );
  }
}
