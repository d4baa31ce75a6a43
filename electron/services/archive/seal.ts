import { eq } from 'drizzle-orm';
import { archiveSeals } from '../../../db/schema';
import type { ArchiveYear } from '../../api/archive-types';
import { AppError } from '../../api/errors';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { archiveYearState } from './catalogue';
import { raiseMarksOfYear } from './numbering';

/**
 * Sealed years (issue 6 part 2): sealing a 年度 locks its items — no filing into it, no edit,
 * delete or renumbering — until an explicit unseal, which is audited with its reason. The
 * seal is a row in archive_seals (year, when, who).
 */

export function sealOf(
  ctx: ServiceContext,
  year: number,
): { sealedAt: string; operator: string } | null {
  return (
    ctx.db
      .select({ sealedAt: archiveSeals.sealedAt, operator: archiveSeals.operator })
      .from(archiveSeals)
      .where(eq(archiveSeals.year, year))
      .get() ?? null
  );
}

export function isSealed(ctx: ServiceContext, year: number): boolean {
  return sealOf(ctx, year) !== null;
}

/**
 * Refuses any change to a sealed year's items with a message naming the year, what was tried
 * and how to unseal. Call it inside the transaction of the change.
 */
export function assertNotSealed(ctx: ServiceContext, year: number, doing: string): void {
  if (!isSealed(ctx, year)) return;
  throw new AppError(
    'CONFLICT',
    `${year} 年度的归档文件已封存，不能${doing}。如确需改动，请先在「档案管理」中解除 ${year} 年度的封存（须填写原因，记入操作记录），改完后再封存。`,
  );
}

export function sealYear(ctx: ServiceContext, year: number): ArchiveYear {
  return inTransaction(ctx, () => {
    const sealed = sealOf(ctx, year);
    if (sealed) {
      throw new AppError('CONFLICT', `${year} 年度已于 ${sealed.sealedAt.slice(0, 10)} 封存`);
    }
    const sealedAt = ctx.now().toISOString();
    // Sealing hands the numbers over (docs/domain.md §6): the outside marks rise first, so even
    // after an unseal or a restore of an older backup these 件号 are never given again.
    raiseMarksOfYear(ctx, year);
    ctx.db.insert(archiveSeals).values({ year, sealedAt, operator: ctx.operator }).run();
    const state = archiveYearState(ctx, year);
    audit(ctx, {
      entity: 'archive_year',
      entityId: year,
      action: 'seal',
      after: { year, sealedAt, items: state.items, pages: state.pages },
    });
    return state;
  });
}

export function unsealYear(
  ctx: ServiceContext,
  input: { year: number; reason: string },
): ArchiveYear {
  return inTransaction(ctx, () => {
    const sealed = sealOf(ctx, input.year);
    if (!sealed) throw new AppError('CONFLICT', `${input.year} 年度没有封存，不用解除`);
    ctx.db.delete(archiveSeals).where(eq(archiveSeals.year, input.year)).run();
    audit(ctx, {
      entity: 'archive_year',
      entityId: input.year,
      action: 'unseal',
      before: { year: input.year, sealedAt: sealed.sealedAt, sealedBy: sealed.operator },
      after: { reason: input.reason },
    });
    return archiveYearState(ctx, input.year);
  });
}
