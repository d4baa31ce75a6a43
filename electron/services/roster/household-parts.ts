import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { assistanceContacts, householdIncomes, measures } from '../../../db/schema';
import { AppError, fieldError } from '../../api/errors';
import type {
  contactInput,
  contactUpdate,
  incomeInput,
  measureInput,
} from '../../api/roster-schemas';
import type { HouseholdDetail } from '../../api/roster-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { getHousehold, getHouseholdRow } from './households';
import { auditSnapshot, today } from './people';

/** 帮扶措施, 帮扶责任人 and yearly incomes: each write returns the refreshed household. */

type MeasureData = z.output<typeof measureInput>;

export function saveMeasure(
  ctx: ServiceContext,
  input: MeasureData & { id?: number | undefined },
): HouseholdDetail {
  return inTransaction(ctx, () => {
    getHouseholdRow(ctx, input.householdId);
    const { id, ...fields } = input;
    const values = {
      ...fields,
      plannedDate: fields.plannedDate ?? null,
      doneDate: fields.doneDate ?? null,
    };
    if (id === undefined) {
      const row = ctx.db.insert(measures).values(values).returning().get();
      audit(ctx, { entity: 'measure', entityId: row.id, action: 'create', after: row });
    } else {
      const before = ctx.db.select().from(measures).where(eq(measures.id, id)).get();
      if (!before || before.householdId !== input.householdId)
        throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的帮扶措施`);
      const after = ctx.db
        .update(measures)
        .set({ ...values, updatedAt: ctx.now().toISOString() })
        .where(eq(measures.id, id))
        .returning()
        .get();
      audit(ctx, { entity: 'measure', entityId: id, action: 'update', before, after });
    }
    return getHousehold(ctx, input.householdId);
  });
}

/** 删除帮扶措施: the reason is kept in the audit trail next to what was deleted. */
export function removeMeasure(
  ctx: ServiceContext,
  input: { id: number; reason: string },
): HouseholdDetail {
  return inTransaction(ctx, () => {
    const before = ctx.db.select().from(measures).where(eq(measures.id, input.id)).get();
    if (!before) throw new AppError('NOT_FOUND', `找不到编号为 ${input.id} 的帮扶措施`);
    ctx.db.delete(measures).where(eq(measures.id, input.id)).run();
    audit(ctx, {
      entity: 'measure',
      entityId: input.id,
      action: 'delete',
      before: { ...before, reason: input.reason },
    });
    return getHousehold(ctx, before.householdId);
  });
}

/** A new 帮扶责任人 ends the current one on the same day: one contact at a time. */
export function assignContact(
  ctx: ServiceContext,
  input: z.output<typeof contactInput>,
): HouseholdDetail {
  return inTransaction(ctx, () => {
    getHouseholdRow(ctx, input.householdId);
    const current = ctx.db
      .select()
      .from(assistanceContacts)
      .where(and(eq(assistanceContacts.householdId, input.householdId)))
      .all()
      .filter((c) => c.endDate === null);
    for (const c of current) {
      if (input.startDate < c.startDate) {
        throw new AppError(
          'VALIDATION',
          `开始日期 ${input.startDate} 不能早于现任帮扶责任人「${c.name}」的开始日期 ${c.startDate}`,
        );
      }
      ctx.db
        .update(assistanceContacts)
        .set({ endDate: input.startDate })
        .where(eq(assistanceContacts.id, c.id))
        .run();
      audit(ctx, {
        entity: 'contact',
        entityId: c.id,
        action: 'end',
        before: auditSnapshot(c),
        after: { endDate: input.startDate },
      });
    }
    const row = ctx.db.insert(assistanceContacts).values(input).returning().get();
    audit(ctx, {
      entity: 'contact',
      entityId: row.id,
      action: 'create',
      after: auditSnapshot(row),
    });
    return getHousehold(ctx, input.householdId);
  });
}

export function endContact(
  ctx: ServiceContext,
  input: { id: number; endDate?: string | null | undefined },
): HouseholdDetail {
  return inTransaction(ctx, () => {
    const before = ctx.db
      .select()
      .from(assistanceContacts)
      .where(eq(assistanceContacts.id, input.id))
      .get();
    if (!before) throw new AppError('NOT_FOUND', `找不到编号为 ${input.id} 的帮扶责任人记录`);
    if (before.endDate) throw new AppError('CONFLICT', `这条记录已于 ${before.endDate} 结束`);
    const endDate = input.endDate ?? today(ctx);
    if (endDate < before.startDate)
      throw new AppError('VALIDATION', `结束日期 ${endDate} 不能早于开始日期 ${before.startDate}`);
    ctx.db
      .update(assistanceContacts)
      .set({ endDate })
      .where(eq(assistanceContacts.id, input.id))
      .run();
    audit(ctx, {
      entity: 'contact',
      entityId: input.id,
      action: 'end',
      before: auditSnapshot(before),
      after: { endDate },
    });
    return getHousehold(ctx, before.householdId);
  });
}

/**
 * 修改帮扶责任人: name, unit, phone and start date (an ended one keeps its end date, which the
 * start may not pass). With keepPhone the stored phone stays: the form only saw it masked.
 */
export function updateContact(
  ctx: ServiceContext,
  input: z.output<typeof contactUpdate>,
): HouseholdDetail {
  return inTransaction(ctx, () => {
    const before = ctx.db
      .select()
      .from(assistanceContacts)
      .where(eq(assistanceContacts.id, input.id))
      .get();
    if (!before) throw new AppError('NOT_FOUND', `找不到编号为 ${input.id} 的帮扶责任人记录`);
    if (before.endDate && input.startDate > before.endDate) {
      throw fieldError(
        ['startDate'],
        `开始日期 ${input.startDate} 不能晚于结束日期 ${before.endDate}`,
        `不能晚于结束日期 ${before.endDate}`,
      );
    }
    const after = ctx.db
      .update(assistanceContacts)
      .set({
        name: input.name,
        unit: input.unit,
        phone: input.keepPhone ? before.phone : input.phone,
        startDate: input.startDate,
      })
      .where(eq(assistanceContacts.id, input.id))
      .returning()
      .get();
    audit(ctx, {
      entity: 'contact',
      entityId: input.id,
      action: 'update',
      before: auditSnapshot(before),
      after: auditSnapshot(after),
    });
    return getHousehold(ctx, before.householdId);
  });
}

export function saveIncome(
  ctx: ServiceContext,
  input: z.output<typeof incomeInput>,
): HouseholdDetail {
  return inTransaction(ctx, () => {
    getHouseholdRow(ctx, input.householdId);
    const values = {
      householdId: input.householdId,
      year: input.year,
      wageIncome: input.wageIncome ?? null,
      businessIncome: input.businessIncome ?? null,
      propertyIncome: input.propertyIncome ?? null,
      transferIncome: input.transferIncome ?? null,
      businessCost: input.businessCost ?? null,
      perCapitaNetIncome: input.perCapitaNetIncome ?? null,
      compliantOutOfPocket: input.compliantOutOfPocket ?? null,
    };
    const before = ctx.db
      .select()
      .from(householdIncomes)
      .where(
        and(
          eq(householdIncomes.householdId, input.householdId),
          eq(householdIncomes.year, input.year),
        ),
      )
      .get();
    ctx.db
      .insert(householdIncomes)
      .values(values)
      .onConflictDoUpdate({
        target: [householdIncomes.householdId, householdIncomes.year],
        set: values,
      })
      .run();
    audit(ctx, {
      entity: 'household',
      entityId: input.householdId,
      action: 'income',
      before: before ?? undefined,
      after: values,
    });
    return getHousehold(ctx, input.householdId);
  });
}

/** 删除一年的收入: the figures stay in the audit trail. */
export function removeIncome(
  ctx: ServiceContext,
  input: { householdId: number; year: number },
): HouseholdDetail {
  return inTransaction(ctx, () => {
    getHouseholdRow(ctx, input.householdId);
    const where = and(
      eq(householdIncomes.householdId, input.householdId),
      eq(householdIncomes.year, input.year),
    );
    const before = ctx.db.select().from(householdIncomes).where(where).get();
    if (!before) throw new AppError('NOT_FOUND', `这户没有 ${input.year} 年的收入记录`);
    ctx.db.delete(householdIncomes).where(where).run();
    audit(ctx, {
      entity: 'household',
      entityId: input.householdId,
      action: 'income-delete',
      before,
    });
    return getHousehold(ctx, input.householdId);
  });
}
