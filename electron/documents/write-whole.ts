import fs from 'node:fs';
import path from 'node:path';

/** The suffix of a file being written; it gets its real name only when it is whole. */
export const PARTIAL = '.partial';

/** Writes every byte to `file` (user-only) and flushes it to disk before returning. */
export function writeFlushed(file: string, bytes: Buffer): void {
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    fs.writeFileSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes bytes under `target` whole: a temporary name, every byte flushed to disk, then the
 * rename. writeFileSync loops until every byte is written (a bare writeSync stops short on an
 * almost full disk without any error: issue 7's full-disk test kept a short scan as whole).
 * On any failure (ENOSPC) the temporary file is removed and the error goes on to the caller.
 */
export function writeWhole(target: string, bytes: Buffer): void {
  // User-only modes (issue 14 item 5; the umask set by secureDataDir() says the same). On
  // Windows the modes are ignored and the profile's ACL applies.
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const temp = target + PARTIAL;
  try {
    writeFlushed(temp, bytes);
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
