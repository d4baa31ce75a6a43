import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { AppError } from '../../../api/errors';
import { PACKAGE_LIMITS } from '../format';

/**
 * A 上报包 encrypted as a whole with a password (docs/domain.md §11): AES-256-GCM, the key from
 * scrypt with a random salt. The password is never stored nor logged; only the file carries
 * what is needed to derive the key again (the scrypt parameters and the salt).
 *
 * Layout (all in one file, `.vlrp`):
 *   magic 'VLRP-ENC1' (9 bytes) | log2(N) (1 byte) | r (1 byte) | p (1 byte)
 *   | salt (16 bytes) | nonce (12 bytes) | ciphertext | GCM tag (16 bytes)
 * The header (magic and parameters) is authenticated as additional data, so a changed
 * parameter is refused like a changed byte of the ciphertext.
 */

/** The file name extension of an encrypted package (the plain one is `.zip`). */
export const ENCRYPTED_PACKAGE_EXTENSION = '.vlrp';

const MAGIC = Buffer.from('VLRP-ENC1', 'ascii');
const LOG2_N = 15;
const R = 8;
const P = 1;
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + 3 + SALT_BYTES + NONCE_BYTES;
/** scrypt needs 128·N·r bytes (32 MiB here); Node's default cap is exactly that, so raise it. */
const MAX_MEM = 64 * 1024 * 1024;

export const PASSWORD_NEEDED = '上报包已加密，请输入密码';
export const PASSWORD_WRONG = '密码不对，或上报包已损坏';

function deriveKey(password: string, salt: Buffer): Buffer {
  return scryptSync(password.normalize('NFC'), salt, 32, {
    N: 2 ** LOG2_N,
    r: R,
    p: P,
    maxmem: MAX_MEM,
  });
}

/** Whether these bytes are an encrypted package (by the magic header alone). */
export function isEncryptedPackage(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && Buffer.from(bytes.subarray(0, MAGIC.length)).equals(MAGIC);
}

/** Encrypts a package's zip bytes with `password` (a fresh salt and nonce every time). */
export function encryptPackage(zipBytes: Uint8Array, password: string): Uint8Array {
  if (!password) throw new AppError('VALIDATION', '请填写密码');
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const header = Buffer.concat([MAGIC, Buffer.from([LOG2_N, R, P]), salt, nonce]);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(password, salt), nonce);
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(zipBytes), cipher.final()]);
  return new Uint8Array(Buffer.concat([header, body, cipher.getAuthTag()]));
}

/**
 * The zip bytes of an encrypted package. Refuses a missing password, a wrong one, any changed
 * byte, and parameters other than this app's own (a hostile file could otherwise ask scrypt
 * for gigabytes of memory).
 */
export function decryptPackage(bytes: Uint8Array, password: string | undefined): Uint8Array {
  if (!password) throw new AppError('VALIDATION', PASSWORD_NEEDED);
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (
    !isEncryptedPackage(data) ||
    data.length < HEADER_BYTES + TAG_BYTES ||
    data.length > PACKAGE_LIMITS.maxPackageBytes + HEADER_BYTES + TAG_BYTES
  ) {
    throw new AppError('VALIDATION', PASSWORD_WRONG);
  }
  let at = MAGIC.length;
  const [log2n, r, p] = [data[at], data[at + 1], data[at + 2]];
  if (log2n !== LOG2_N || r !== R || p !== P) throw new AppError('VALIDATION', PASSWORD_WRONG);
  at += 3;
  const salt = data.subarray(at, at + SALT_BYTES);
  at += SALT_BYTES;
  const nonce = data.subarray(at, at + NONCE_BYTES);
  at += NONCE_BYTES;
  const header = data.subarray(0, at);
  const body = data.subarray(at, data.length - TAG_BYTES);
  const tag = data.subarray(data.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(password, salt), nonce);
    decipher.setAAD(header);
    decipher.setAuthTag(tag);
    return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]));
  } catch {
    throw new AppError('VALIDATION', PASSWORD_WRONG);
  }
}
