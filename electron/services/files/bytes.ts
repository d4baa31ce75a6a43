/**
 * A file's bytes as the API carries them (a Uint8Array: issue 15 item 4) as a Buffer for Node's
 * file and hash functions, without a copy: a view over the same memory.
 */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
