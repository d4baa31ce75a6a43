import fs from 'node:fs';
import path from 'node:path';
import { vaultOf } from '../../documents/vault';
import type { ServiceContext } from '../context';
import { imageSize } from '../files/image-size';
import { MAX_PHOTO_BYTES } from '../roster/photos';

/**
 * The workers' photos for the 网格划分及网格员公示 (docs/domain.md §4: posted for good with the
 * workers' photos, names, phones and duties). A photo is a file someone handed in: it is read
 * through the vault (photos are sealed like every personal file), and used only when it is a
 * JPEG or PNG within PHOTO_BOUNDS, judged from its header before pdfkit decodes anything. A
 * photo that fails is printed as an empty frame 「照片」 to paste one by hand, never an error that
 * stops the notice.
 */

/** Bounds of one photo on the notice, in one place (STYLE: every reader states its bounds). */
export const PHOTO_BOUNDS = {
  bytes: MAX_PHOTO_BYTES,
  /** A portrait photo at 300 dpi is ~300 × 400; 4000 × 4000 leaves room for a phone's camera. */
  side: 4000,
  /** PNGs are inflated by pdfkit: 12 MP is 48 MB of RGBA at most. */
  pixels: 12_000_000,
} as const;

export interface BoardPhoto {
  workerId: number;
  name: string;
  /** 「网格长 · 一组」: the role and grid as the table shows them. */
  caption: string;
  /** The checked image bytes, or null for an empty frame. */
  image: Buffer | null;
}

/** JPEG or PNG by the first bytes, never by the name (as photos.ts accepts them). */
function isJpegOrPng(bytes: Buffer): boolean {
  const png = bytes
    .subarray(0, 8)
    .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return png || jpeg;
}

/** The bytes of a stored photo when they pass the bounds; null otherwise (an empty frame). */
export function checkedPhoto(ctx: ServiceContext, relative: string | null): Buffer | null {
  if (!relative) return null;
  const dir = path.resolve(ctx.dataDir, 'photos');
  const file = path.resolve(ctx.dataDir, relative);
  if (path.dirname(file) !== dir || !fs.existsSync(file)) return null;
  let bytes: Buffer;
  try {
    // Sealed files are larger than their content by a small header: refuse big files unread.
    if (fs.statSync(file).size > PHOTO_BOUNDS.bytes + 4096) return null;
    bytes = vaultOf(ctx).read(file);
  } catch {
    return null;
  }
  if (bytes.length === 0 || bytes.length > PHOTO_BOUNDS.bytes || !isJpegOrPng(bytes)) return null;
  const size = imageSize(bytes);
  if (
    !size ||
    size.width === 0 ||
    size.height === 0 ||
    size.width > PHOTO_BOUNDS.side ||
    size.height > PHOTO_BOUNDS.side ||
    size.width * size.height > PHOTO_BOUNDS.pixels
  )
    return null;
  return bytes;
}

/**
 * One photo per worker listed on the notice (rows `w<roleId>` the clerk kept), in the table's
 * order; a person holding two roles appears once, with the first.
 */
export function boardPhotos(
  ctx: ServiceContext,
  rowKeys: readonly string[],
  gridLabels: ReadonlyMap<string, string>,
): BoardPhoto[] {
  const roleIds = rowKeys.filter((k) => /^w\d+$/.test(k)).map((k) => Number(k.slice(1)));
  if (roleIds.length === 0) return [];
  const rows = ctx.sqlite
    .prepare(
      `SELECT r.id AS roleId, r.role, w.id AS workerId, w.name, w.photo_file AS photoFile
       FROM worker_roles r JOIN workers w ON w.id = r.worker_id
       WHERE r.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(roleIds)) as {
    roleId: number;
    role: string;
    workerId: number;
    name: string;
    photoFile: string | null;
  }[];
  const byRole = new Map(rows.map((r) => [r.roleId, r]));
  const seen = new Set<number>();
  const photos: BoardPhoto[] = [];
  for (const roleId of roleIds) {
    const row = byRole.get(roleId);
    if (!row || seen.has(row.workerId)) continue;
    seen.add(row.workerId);
    const grid = gridLabels.get(`w${roleId}`) ?? '';
    photos.push({
      workerId: row.workerId,
      name: row.name,
      caption: grid ? `${row.role} · ${grid}` : row.role,
      image: checkedPhoto(ctx, row.photoFile),
    });
  }
  return photos;
}
