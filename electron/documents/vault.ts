import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../api/errors';
import type { ServiceContext } from '../services/context';
import { writeWhole } from './write-whole';

/**
 * The file vault (issue 14 item 5): with a database password, every file of the data folder
 * that holds personal data (documents, archive originals, problem attachments, worker photos,
 * imported packages, exports left in the data folder, the backup store's objects) is kept
 * encrypted, so a copied data folder or a stolen disk shows nothing without the password.
 * Without a password the files are plain, as before.
 *
 * A vault file is
 *
 *   magic "VLVAULT" + version 1   8 bytes
 *   salt                         16 bytes  (of the key derivation below)
 *   nonce                        12 bytes  (random per file)
 *   ciphertext                   as long as the plain file
 *   GCM tag                      16 bytes
 *
 * sealed with AES-256-GCM, the 36 header bytes as additional data (a header cannot be swapped).
 * The key: scrypt(database password, salt) — the same stretching as the .vlbak backups, so a
 * vault file is no faster a target for guessing the password than the database itself — then
 * HKDF-SHA256 with the label below, so this key is never the key of anything else. The salt
 * of new files is kept in <data>/file-vault-salt (not secret); every file carries its own,
 * so a file from an earlier salt still opens. Keys are cached for the process.
 *
 * Files are whole in memory when sealed and opened (the largest is an archive original or an
 * imported package file); the SHA-256s recorded in rows stay those of the plain bytes (the
 * archive proves what was filed, not how it is stored). Plain files (written before the
 * password was set and not yet converted, or by an older version) are read as they are.
 */

export const VAULT_MAGIC = Buffer.from('VLVAULT\u0001', 'latin1');
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const VAULT_HEADER_BYTES = VAULT_MAGIC.length + SALT_BYTES + NONCE_BYTES;
/** Bytes a sealed file has beyond its plain content. */
export const VAULT_OVERHEAD = VAULT_HEADER_BYTES + TAG_BYTES;
const LABEL = 'village-ledger data-file vault v1 (AES-256-GCM)';
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
export const VAULT_SALT_FILE = 'file-vault-salt';

const keys = new Map<string, Buffer>();

/** The file key of a password and a salt (scrypt then HKDF with the vault's own label). */
function fileKey(password: string, salt: Buffer): Buffer {
  const id = crypto
    .createHash('sha256')
    .update(password, 'utf8')
    .update('\0')
    .update(salt)
    .digest('hex');
  const cached = keys.get(id);
  if (cached) return cached;
  const stretched = crypto.scryptSync(password, salt, 32, SCRYPT);
  const key = Buffer.from(crypto.hkdfSync('sha256', stretched, Buffer.alloc(0), LABEL, 32));
  if (keys.size >= 16) keys.delete(keys.keys().next().value!);
  keys.set(id, key);
  return key;
}

/** True when the bytes (or a file's first bytes) begin as a vault file. */
export function isVaultBytes(bytes: Buffer): boolean {
  return bytes.length >= VAULT_MAGIC.length && bytes.subarray(0, 8).equals(VAULT_MAGIC);
}

/** True when the file on disk is a vault file (reads its first 8 bytes only). */
export function isVaultFile(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(8);
    return fs.readSync(fd, head, 0, 8, 0) === 8 && isVaultBytes(head);
  } finally {
    fs.closeSync(fd);
  }
}

/** The salt new files of this data folder are sealed with; made once, kept beside the data. */
function folderSalt(dataDir: string): Buffer {
  const file = path.join(dataDir, VAULT_SALT_FILE);
  try {
    const salt = fs.readFileSync(file);
    if (salt.length === SALT_BYTES) return salt;
  } catch {
    /* made below */
  }
  return renewFolderSalt(dataDir);
}

/** A fresh salt for the files sealed from now on (a password change uses one). */
export function renewFolderSalt(dataDir: string): Buffer {
  const salt = crypto.randomBytes(SALT_BYTES);
  writeWhole(path.join(dataDir, VAULT_SALT_FILE), salt);
  return salt;
}

/**
 * Seals and opens the files of one data folder with one password (null: files are written
 * plain and only plain files can be read).
 */
export class FileVault {
  constructor(
    readonly dataDir: string,
    readonly password: string | null,
  ) {}

  /** True when files written through this vault are encrypted. */
  get encrypts(): boolean {
    return this.password !== null;
  }

  /** The bytes as stored: sealed with a password, as they are without one. */
  seal(plain: Buffer): Buffer {
    if (this.password === null) return plain;
    const salt = folderSalt(this.dataDir);
    const key = fileKey(this.password, salt);
    const nonce = crypto.randomBytes(NONCE_BYTES);
    const header = Buffer.concat([VAULT_MAGIC, salt, nonce]);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(header);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([header, body, cipher.getAuthTag()]);
  }

  /**
   * The plain bytes of stored ones. A plain file is returned as it is, and so is every file
   * when there is no password (a plain data folder holds plain files; a file of another's
   * that merely begins like a vault file, inside an imported package, must not stop a
   * backup). A vault file needs the password it was sealed with, else it is refused in
   * Chinese (`what` names the file); the readers' SHA-256 checks catch the rest.
   */
  open(stored: Buffer, what: string): Buffer {
    if (this.password === null || !isVaultBytes(stored)) return stored;
    if (stored.length < VAULT_OVERHEAD) throw unreadable(what);
    const salt = stored.subarray(8, 8 + SALT_BYTES);
    const nonce = stored.subarray(8 + SALT_BYTES, VAULT_HEADER_BYTES);
    const decipher = crypto.createDecipheriv('aes-256-gcm', fileKey(this.password, salt), nonce);
    decipher.setAAD(stored.subarray(0, VAULT_HEADER_BYTES));
    decipher.setAuthTag(stored.subarray(stored.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(stored.subarray(VAULT_HEADER_BYTES, stored.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw unreadable(what);
    }
  }

  /** True when `stored` opens with this vault's password (or is plain and this vault is). */
  fits(stored: Buffer): boolean {
    if (!isVaultBytes(stored)) return this.password === null;
    if (this.password === null) return false;
    try {
      this.open(stored, '');
      return true;
    } catch {
      return false;
    }
  }

  /** Reads a file of the data folder and opens it (errors of fs, such as ENOENT, go on). */
  read(file: string): Buffer {
    return this.open(fs.readFileSync(file), this.nameOf(file));
  }

  async readAsync(file: string): Promise<Buffer> {
    return this.open(await fsp.readFile(file), this.nameOf(file));
  }

  /** Writes a file whole (temporary name, flush, rename; mode 0600), sealed with a password. */
  write(file: string, plain: Buffer): void {
    writeWhole(file, this.seal(plain));
  }

  /** The size of the plain content of a stored file of `storedSize` bytes. */
  plainSize(file: string, storedSize: number): number {
    return isVaultFile(file) ? storedSize - VAULT_OVERHEAD : storedSize;
  }

  private nameOf(file: string): string {
    const relative = path.relative(this.dataDir, file);
    return relative.startsWith('..') ? file : relative.split(path.sep).join('/');
  }
}

const unreadable = (what: string) =>
  new AppError('CONFLICT', `文件「${what}」无法解密：它是用另一个数据库密码加密的，或者已经损坏。`);

/** The vault of a service context: the session's database password, when there is one. */
export function vaultOf(ctx: ServiceContext): FileVault {
  return new FileVault(ctx.dataDir, ctx.session?.key ?? null);
}
