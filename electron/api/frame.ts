/**
 * The web host's binary body (issue 15 item 4: files cross as bytes, not base64 strings). Over
 * Electron IPC and the service process's MessagePort a Uint8Array survives structured clone as
 * is; HTTP carries JSON, so a call or an answer that holds file bytes travels as one frame:
 *
 *   "VLF1" · u32 (big-endian) header length · header (UTF-8 JSON) · the byte parts, in order
 *
 * The header is `{ "value": …, "sizes": [n0, n1, …] }`, where each Uint8Array of the value is
 * replaced by `{ "$bytes": i }` and its bytes are part i. Shared by the page (encode a call,
 * decode an answer) and the host (the reverse); no Node or DOM module, only TextEncoder.
 */

/** The content type of a frame; not a CORS-simple type, so a cross-site page cannot send one. */
export const FRAME_CONTENT_TYPE = 'application/x-village-ledger-frame';

const MAGIC = [0x56, 0x4c, 0x46, 0x31]; // "VLF1"
const BYTES_KEY = '$bytes';

/** Whether a value holds file bytes anywhere (then it travels as a frame, else as JSON). */
export function holdsBytes(value: unknown): boolean {
  if (value instanceof Uint8Array) return true;
  if (Array.isArray(value)) return value.some(holdsBytes);
  if (value !== null && typeof value === 'object') return Object.values(value).some(holdsBytes);
  return false;
}

/** One frame of a value whose Uint8Arrays become byte parts. */
export function encodeFrame(value: unknown): Uint8Array {
  const parts: Uint8Array[] = [];
  const replaced = replaceBytes(value, parts);
  const headerBytes = new TextEncoder().encode(
    JSON.stringify({ value: replaced, sizes: parts.map((p) => p.byteLength) }),
  );
  const total = 8 + headerBytes.byteLength + parts.reduce((sum, p) => sum + p.byteLength, 0);
  const frame = new Uint8Array(total);
  frame.set(MAGIC, 0);
  new DataView(frame.buffer).setUint32(4, headerBytes.byteLength);
  frame.set(headerBytes, 8);
  let at = 8 + headerBytes.byteLength;
  for (const part of parts) {
    frame.set(part, at);
    at += part.byteLength;
  }
  return frame;
}

function replaceBytes(value: unknown, parts: Uint8Array[]): unknown {
  if (value instanceof Uint8Array) {
    parts.push(value);
    return { [BYTES_KEY]: parts.length - 1 };
  }
  if (Array.isArray(value)) return value.map((v) => replaceBytes(v, parts));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      // JSON.stringify drops undefined members; so does the frame.
      if (v !== undefined) out[key] = replaceBytes(v, parts);
    }
    return out;
  }
  return value;
}

/** Why a frame was refused (the host answers it as a VALIDATION error). */
export class FrameError extends Error {}

/**
 * The value of a frame. Every length is checked against the bytes actually there; the byte
 * parts are views into `frame` (no copy). Throws FrameError on anything malformed.
 */
export function decodeFrame(frame: Uint8Array): unknown {
  if (frame.byteLength < 8 || MAGIC.some((b, i) => frame[i] !== b)) {
    throw new FrameError('请求内容不是本程序的文件格式。');
  }
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const headerLength = view.getUint32(4);
  if (headerLength > frame.byteLength - 8) throw new FrameError('请求内容不完整。');
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(8, 8 + headerLength)),
    );
  } catch {
    throw new FrameError('请求内容不是有效的 JSON。');
  }
  if (header === null || typeof header !== 'object' || !('sizes' in header)) {
    throw new FrameError('请求内容不完整。');
  }
  const { sizes, value } = header as { sizes: unknown; value?: unknown };
  if (!Array.isArray(sizes) || !sizes.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new FrameError('请求内容不完整。');
  }
  const parts: Uint8Array[] = [];
  let at = frame.byteOffset + 8 + headerLength;
  const end = frame.byteOffset + frame.byteLength;
  for (const size of sizes as number[]) {
    if (size > end - at) throw new FrameError('请求内容不完整。');
    parts.push(new Uint8Array(frame.buffer, at, size));
    at += size;
  }
  if (at !== end) throw new FrameError('请求内容不完整。');
  return reviveBytes(value ?? {}, parts);
}

function reviveBytes(value: unknown, parts: Uint8Array[]): unknown {
  if (Array.isArray(value)) return value.map((v) => reviveBytes(v, parts));
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === BYTES_KEY) {
      const index = (value as Record<string, unknown>)[BYTES_KEY];
      if (typeof index !== 'number' || !Number.isInteger(index) || !parts[index]) {
        throw new FrameError('请求内容不完整。');
      }
      return parts[index];
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      // JSON.parse makes "__proto__" an own key; defineProperty keeps it one (no prototype
      // change), and the method's strict schema then refuses it as an unknown key.
      Object.defineProperty(out, key, {
        value: reviveBytes((value as Record<string, unknown>)[key], parts),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}
