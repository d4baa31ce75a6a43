import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { workers } from '../../../db/schema';
import { AppError } from '../../api/errors';
import type { WorkerDetail } from '../../api/roster-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { getWorker } from './workers';
import { vaultOf } from '../../documents/vault';
import { asBuffer } from '../files/bytes';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const PHOTO_DIR = 'photos';

/** The image type from the file's first bytes, never from its name. */
function imageType(bytes: Buffer): 'png' | 'jpg' | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  return null;
}

/** Resolves a stored photo path, refusing anything that would leave the photos folder. */
function photoPath(ctx: ServiceContext, relative: string): string {
  const dir = path.resolve(ctx.dataDir, PHOTO_DIR);
  const file = path.resolve(ctx.dataDir, relative);
  if (path.dirname(file) !== dir) throw new AppError('VALIDATION', '照片路径不对');
  return file;
}

/**
 * Keeps a worker's photo in <data>/photos/ under a name the service chooses (id and content
 * hash), written to a temporary name and renamed, then recorded in the same transaction as
 * its audit row. The previous photo file is removed once the change is committed.
 */
export function setWorkerPhoto(
  ctx: ServiceContext,
  input: { id: number; data: Uint8Array },
): WorkerDetail {
  const bytes = asBuffer(input.data);
  if (bytes.length === 0) throw new AppError('VALIDATION', '照片是空的');
  if (bytes.length > MAX_PHOTO_BYTES) throw new AppError('VALIDATION', '照片不能超过 5 MB');
  const type = imageType(bytes);
  if (!type) throw new AppError('VALIDATION', '只能用 JPG 或 PNG 格式的照片');
  const before = getWorker(ctx, input.id);
  const old = ctx.db
    .select({ photoFile: workers.photoFile })
    .from(workers)
    .where(eq(workers.id, input.id))
    .get()?.photoFile;
  const hash = crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const relative = `${PHOTO_DIR}/worker-${input.id}-${hash}.${type}`;
  const target = photoPath(ctx, relative);
  vaultOf(ctx).write(target, bytes);
  try {
    inTransaction(ctx, () => {
      ctx.db
        .update(workers)
        .set({ photoFile: relative, updatedAt: ctx.now().toISOString() })
        .where(eq(workers.id, input.id))
        .run();
      audit(ctx, {
        entity: 'worker',
        entityId: input.id,
        action: 'photo',
        before: { photo: old ?? null },
        after: { photo: relative },
      });
    });
  } catch (error) {
    if (relative !== old) fs.rmSync(target, { force: true });
    throw error;
  }
  if (old && old !== relative) fs.rmSync(photoPath(ctx, old), { force: true });
  return { ...before, hasPhoto: true };
}

export function removeWorkerPhoto(ctx: ServiceContext, id: number): WorkerDetail {
  const before = getWorker(ctx, id);
  const old = ctx.db
    .select({ photoFile: workers.photoFile })
    .from(workers)
    .where(eq(workers.id, id))
    .get()?.photoFile;
  if (!old) return before;
  inTransaction(ctx, () => {
    ctx.db
      .update(workers)
      .set({ photoFile: null, updatedAt: ctx.now().toISOString() })
      .where(eq(workers.id, id))
      .run();
    audit(ctx, {
      entity: 'worker',
      entityId: id,
      action: 'photo',
      before: { photo: old },
      after: { photo: null },
    });
  });
  fs.rmSync(photoPath(ctx, old), { force: true });
  return { ...before, hasPhoto: false };
}

/** The photo as a data: URL the page can show under its CSP (img-src 'self' data:). */
export function workerPhoto(ctx: ServiceContext, id: number): { dataUrl: string | null } {
  getWorker(ctx, id);
  const relative = ctx.db
    .select({ photoFile: workers.photoFile })
    .from(workers)
    .where(eq(workers.id, id))
    .get()?.photoFile;
  if (!relative) return { dataUrl: null };
  const file = photoPath(ctx, relative);
  if (!fs.existsSync(file)) return { dataUrl: null };
  const mime = file.endsWith('.png') ? 'image/png' : 'image/jpeg';
  return { dataUrl: `data:${mime};base64,${vaultOf(ctx).read(file).toString('base64')}` };
}
