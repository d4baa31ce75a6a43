import { and, count, eq, ne } from 'drizzle-orm';
import { members, type MemberRow } from '../../../db/schema';
import { AppError, fieldError } from '../../api/errors';
import { HEAD_RELATION } from '../../api/roster-enums';
import type { MemberData } from '../../api/roster-schemas';
import type { HouseholdDetail, MemberView } from '../../api/roster-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import {
  assertIdFree,
  getHousehold,
  getHouseholdRow,
  memberColumns,
  toMemberView,
} from './households';
import { auditSnapshot, birthDateFrom, today } from './people';

function getMemberRow(ctx: ServiceContext, id: number): MemberRow {
  const row = ctx.db.select().from(members).where(eq(members.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的成员`);
  return row;
}

function assertOneHead(
  ctx: ServiceContext,
  householdId: number,
  relation: string,
  exceptId?: number,
): void {
  if (relation !== HEAD_RELATION) return;
  const head = ctx.db
    .select({ id: members.id, name: members.name })
    .from(members)
    .where(
      and(
        eq(members.householdId, householdId),
        eq(members.relation, HEAD_RELATION),
        exceptId === undefined ? undefined : ne(members.id, exceptId),
      ),
    )
    .get();
  if (head) {
    throw fieldError(
      ['relation'],
      `这户的户主已是「${head.name}」，一户只能有一位户主；要换户主请在成员表里点「设为户主」`,
      `户主已是「${head.name}」；要换户主请在成员表里点「设为户主」`,
    );
  }
}

export function addMember(
  ctx: ServiceContext,
  input: MemberData & { householdId: number },
): MemberView {
  return inTransaction(ctx, () => {
    getHouseholdRow(ctx, input.householdId);
    const columns = memberColumns(input);
    assertIdFree(ctx, columns.idKey);
    assertOneHead(ctx, input.householdId, input.relation);
    const [{ n } = { n: 0 }] = ctx.db
      .select({ n: count() })
      .from(members)
      .where(eq(members.householdId, input.householdId))
      .all();
    const row = ctx.db
      .insert(members)
      .values({ ...columns, householdId: input.householdId, sortOrder: n })
      .returning()
      .get();
    audit(ctx, { entity: 'member', entityId: row.id, action: 'create', after: auditSnapshot(row) });
    return toMemberView(row, today(ctx));
  });
}

/**
 * Updates a member. `keepIdNumber` leaves the stored number as it is, so an edit form never
 * needs the unmasked number unless the clerk changes it.
 */
export function updateMember(
  ctx: ServiceContext,
  input: MemberData & { id: number; keepIdNumber?: boolean | undefined },
): MemberView {
  return inTransaction(ctx, () => {
    const before = getMemberRow(ctx, input.id);
    // Kept ID: the form never saw the birth date (a member with an ID gets only the age, issue
    // 14). A valid stored ID gives it (docs/domain.md §2), whatever is typed — so no answer can
    // tell whether a guessed date was the right one; else the typed or the stored one stays.
    const columns = memberColumns(
      input.keepIdNumber
        ? {
            ...input,
            idNumber: before.idNumber,
            birthDate: birthDateFrom(before.idNumber, null) ?? input.birthDate ?? before.birthDate,
          }
        : input,
    );
    assertIdFree(ctx, columns.idKey, input.id);
    assertOneHead(ctx, before.householdId, input.relation, input.id);
    if (before.relation === HEAD_RELATION && input.relation !== HEAD_RELATION) {
      throw fieldError(
        ['relation'],
        `「${before.name}」是户主；要换户主请在成员表里对新户主点「设为户主」`,
        '这是户主；要换户主请对新户主点「设为户主」',
      );
    }
    const after = ctx.db
      .update(members)
      .set({ ...columns, updatedAt: ctx.now().toISOString() })
      .where(eq(members.id, input.id))
      .returning()
      .get();
    audit(ctx, {
      entity: 'member',
      entityId: input.id,
      action: 'update',
      before: auditSnapshot(before),
      after: auditSnapshot(after),
    });
    return toMemberView(after, today(ctx));
  });
}

export function removeMember(ctx: ServiceContext, id: number): { id: number } {
  return inTransaction(ctx, () => {
    const before = getMemberRow(ctx, id);
    if (before.relation === HEAD_RELATION) {
      throw new AppError(
        'CONFLICT',
        `「${before.name}」是户主，不能直接删除；请先把另一位成员设为户主`,
      );
    }
    ctx.db.delete(members).where(eq(members.id, id)).run();
    audit(ctx, { entity: 'member', entityId: id, action: 'delete', before: auditSnapshot(before) });
    return { id };
  });
}

/**
 * 设为户主: the member becomes 本人 and the former head takes `formerHeadRelation` (配偶, 父母 …),
 * both in one transaction, so the household always has exactly one head (docs/domain.md §2).
 * Each member's change is audited as an update of that member.
 */
export function setHead(
  ctx: ServiceContext,
  input: { id: number; formerHeadRelation: string },
): HouseholdDetail {
  return inTransaction(ctx, () => {
    const member = getMemberRow(ctx, input.id);
    if (member.relation === HEAD_RELATION) {
      throw new AppError('CONFLICT', `「${member.name}」已经是户主`);
    }
    const heads = ctx.db
      .select()
      .from(members)
      .where(and(eq(members.householdId, member.householdId), eq(members.relation, HEAD_RELATION)))
      .all();
    const stamp = ctx.now().toISOString();
    const change = (row: MemberRow, relation: string) => {
      const after = ctx.db
        .update(members)
        .set({ relation, updatedAt: stamp })
        .where(eq(members.id, row.id))
        .returning()
        .get();
      audit(ctx, {
        entity: 'member',
        entityId: row.id,
        action: 'update',
        before: auditSnapshot(row),
        after: auditSnapshot(after),
      });
    };
    for (const head of heads) change(head, input.formerHeadRelation);
    change(member, HEAD_RELATION);
    return getHousehold(ctx, member.householdId);
  });
}
