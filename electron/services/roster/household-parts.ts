import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { assistanceContacts, householdIncomes, measures } from '../../../db/schema';
import { AppError } from '../../api/errors';
import type { contactInput, incomeInput, measureInput } from '../../api/roster-schemas';
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

export function removeMeasure(ctx: ServiceContext, id: number): HouseholdDetail {
  return inTransaction(ctx, () => {
    const before = ctx.db.select().from(measures).where(eq(measures.id, id)).get();
    if (!before) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的帮扶措施`);
    ctx.db.delete(measures).where(eq(measures.id, id)).run();
    audit(ctx, { entity: 'measure', entityId: id, action: 'delete', before });
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
