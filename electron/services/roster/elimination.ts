import { eq } from 'drizzle-orm';
import { households, measures, type HouseholdRow } from '../../../db/schema';
import { AppError } from '../../api/errors';
import { ELIMINATION_MIN_MONTHS } from '../../api/roster-enums';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { today } from './people';

/** YYYY-MM-DD plus whole months; the day is clamped to the month's end (08-31 + 6 → 02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Whether 风险消除 may be marked on `date` (docs/domain.md §2): only for a monitoring object not yet
 * marked, not for a 整户无劳动能力兜底保障户, at least 6 months after identification, with at
 * least one measure done.
 */
export function eliminationCheck(
  household: Pick<
    HouseholdRow,
    'monitorCategory' | 'identifiedDate' | 'noLabourSupport' | 'eliminationStatus'
  >,
  householdMeasures: { status: string }[],
  date: string,
): { allowed: boolean; reason: string | null } {
  const refuse = (reason: string) => ({ allowed: false, reason });
  if (!household.monitorCategory) return refuse('这户不是监测对象，不需要标注风险消除');
  if (household.eliminationStatus === '已消除')
    return refuse('这户已标注风险消除；如需更正请先回退');
  if (household.noLabourSupport) return refuse('整户无劳动能力兜底保障户不标注风险消除');
  if (!household.identifiedDate) return refuse('缺少识别认定日期，无法判断是否满 6 个月');
  const earliest = addMonths(household.identifiedDate, ELIMINATION_MIN_MONTHS);
  if (date < earliest) {
    return refuse(
      `识别认定于 ${household.identifiedDate}，满 ${ELIMINATION_MIN_MONTHS} 个月（${earliest} 起）才能标注风险消除`,
    );
  }
  if (!householdMeasures.some((m) => m.status === '已完成'))
    return refuse('至少要有一项帮扶措施已完成，才能标注风险消除');
  return { allowed: true, reason: null };
}

function load(ctx: ServiceContext, householdId: number) {
  const row = ctx.db.select().from(households).where(eq(households.id, householdId)).get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${householdId} 的农户`);
  const done = ctx.db
    .select({ status: measures.status })
    .from(measures)
    .where(eq(measures.householdId, householdId))
    .all();
  return { row, done };
}

const eliminationState = (row: HouseholdRow) => ({
  eliminationStatus: row.eliminationStatus,
  eliminationMethod: row.eliminationMethod,
  eliminationDate: row.eliminationDate,
});

export function markElimination(
  ctx: ServiceContext,
  input: { householdId: number; method: '稳定消除' | '自然消除'; date: string },
): { householdId: number } {
  return inTransaction(ctx, () => {
    const { row, done } = load(ctx, input.householdId);
    if (input.date > today(ctx))
      throw new AppError('VALIDATION', `消除日期 ${input.date} 不能晚于今天`);
    const check = eliminationCheck(row, done, input.date);
    if (!check.allowed) throw new AppError('CONFLICT', check.reason!);
    const after = {
      eliminationStatus: '已消除' as const,
      eliminationMethod: input.method,
      eliminationDate: input.date,
    };
    ctx.db
      .update(households)
      .set({ ...after, updatedAt: ctx.now().toISOString() })
      .where(eq(households.id, row.id))
      .run();
    audit(ctx, {
      entity: 'household',
      entityId: row.id,
      action: 'eliminate',
      before: eliminationState(row),
      after,
    });
    return { householdId: row.id };
  });
}

/** 回退: back to 未消除, with the reason in the audit trail. */
export function revertElimination(
  ctx: ServiceContext,
  input: { householdId: number; reason: string },
): { householdId: number } {
  return inTransaction(ctx, () => {
    const { row } = load(ctx, input.householdId);
    if (row.eliminationStatus !== '已消除')
      throw new AppError('CONFLICT', '这户没有标注风险消除，无需回退');
    const after = {
      eliminationStatus: '未消除' as const,
      eliminationMethod: null,
      eliminationDate: null,
    };
    ctx.db
      .update(households)
      .set({ ...after, updatedAt: ctx.now().toISOString() })
      .where(eq(households.id, row.id))
      .run();
    audit(ctx, {
      entity: 'household',
      entityId: row.id,
      action: 'revert-elimination',
      before: eliminationState(row),
      after: { ...after, reason: input.reason },
    });
    return { householdId: row.id };
  });
}
