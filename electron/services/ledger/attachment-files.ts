import fs from 'node:fs';
import path from 'node:path';
import type { AttachmentType } from '../../api/ledger-enums';
import type { ServiceContext } from '../context';

/** Where attachments live: <data>/attachments/<a name the service chose>. */
export const ATTACHMENT_DIR = 'attachments';

/** The file type from its first bytes (magic numbers), never from its name. */
export function sniffType(bytes: Buffer): AttachmentType | null {
  // %PDF-
  if (bytes.subarray(0, 5).equals(Buffer.from('%PDF-', 'latin1'))) return 'pdf';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  return null;
}

/** The type of a stored file, from the extension the service itself gave it. */
export function attachmentType(storedFile: string): AttachmentType {
  const ext = path.extname(storedFile).slice(1);
  return ext === 'pdf' || ext === 'png' ? ext : 'jpg';
}

export const MIME_TYPES: Record<AttachmentType, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
};

/**
 * The absolute path of a stored attachment (relative to the data folder), or null when the
 * stored value would point anywhere but directly inside <data>/attachments — a hand-edited
 * database must not make the app read or delete another file.
 */
export function attachmentFile(ctx: ServiceContext, storedFile: string): string | null {
  const dir = path.resolve(ctx.dataDir, ATTACHMENT_DIR);
  const file = path.resolve(ctx.dataDir, storedFile);
  return path.dirname(file) === dir ? file : null;
}

/**
 * Deletes a stored attachment's file once its row is gone and committed: nothing refers to it
 * any more, and scans of a household's papers should not linger (docs/domain.md §7).
 */
export function removeAttachmentFile(ctx: ServiceContext, storedFile: string): void {
  const file = attachmentFile(ctx, storedFile);
  if (file) fs.rmSync(file, { force: true });
}

/**
 * The name to show for an uploaded file: its last path part only (a name such as
 * "..\\..\\证明.pdf" or "/etc/passwd" is text to display, never a path), without control
 * characters, and with the extension its content has.
 */
export function displayName(fileName: string, type: AttachmentType): string {
  const base =
    fileName
      .split(/[\\/]/)
      .pop()!
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .trim() || '附件';
  const wanted = type === 'jpg' ? /\.(jpe?g)$/i : new RegExp(`\\.${type}$`, 'i');
  return wanted.test(base) ? base : `${base}.${type}`;
}
