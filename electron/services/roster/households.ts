import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  assistanceContacts,
  grids,
  householdGrids,
  householdIncomes,
  householdRisks,
  households,
  measures,
  members,
  type HouseholdRow,
  type MemberRow,
} from '../../../db/schema';
import { AppError, fieldError } from '../../api/errors';
import { maskIdNumber, maskPhone, parseIdNumber } from '../../api/id-number';
import {
  DEVELOPMENTAL_CATEGORIES,
  HEAD_RELATION,
  type MeasureCategory,
} from '../../api/roster-enums';
import type { householdCreate, householdUpdate, MemberData } from '../../api/roster-schemas';
import type { HouseholdDetail, MemberView } from '../../api/roster-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { getGrid, gridPath, gridUsage } from '../grids/grids';
import { eliminationCheck } from './elimination';
import {
  ageOn,
  auditSnapshot,
  birthDateFrom,
  idColumns,
  nameInitials,
  reverse,
  today,
} from './people';
import { gridLabelSql } from '../grids/group-of';

type HouseholdCreate = z.output<typeof householdCreate>;
type HouseholdUpdate = z.output<typeof householdUpdate>;
type HouseholdFields = Omit<HouseholdUpdate, 'id' | 'keepPhone'>;

export function getHouseholdRow(ctx: ServiceContext, id: number): HouseholdRow {
  const row = ctx.db.select().from(households).where(eq(households.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的农户，可能已被删除`);
  return row;
}

const countOf = (ctx: ServiceContext, query: string, id: number): number =>
  (ctx.sqlite.prepare(query).get(id) as { n: number }).n;

function headOf(ctx: ServiceContext, householdId: number): MemberRow | undefined {
  return ctx.db
    .select()
    .from(members)
    .where(and(eq(members.householdId, householdId), eq(members.relation, HEAD_RELATION)))
    .get();
}

/**
 * One person per ID number across the database; the message names where it already is. A
 * field error at `path` (['idNumber'], or ['members', 1, 'idNumber'] in a new household) so the
 * form shows it under that member's ID; the sentence above names the member (第 2 位成员：…).
 */
export function assertIdFree(
  ctx: ServiceContext,
  idKey: string | null,
  exceptMemberId?: number,
  path: (string | number)[] = ['idNumber'],
): void {
  if (!idKey) return;
  const holder = ctx.db
    .select({ id: members.id, name: members.name, householdId: members.householdId })
    .from(members)
    .where(eq(members.idKey, idKey))
    .get();
  if (!holder || holder.id === exceptMemberId) return;
  const head = headOf(ctx, holder.householdId);
  const where = `已登记为「${head?.name ?? '?'}」户的成员「${holder.name}」，一个人只能登记一次`;
  throw fieldError(
    path,
    `${memberPlace(path)}身份证号 ${maskIdNumber(idKey)} ${where}`,
    `这个身份证号${where}`,
  );
}

/** 「第 2 位成员：」 for a path inside a new household's member list, '' otherwise. */
export function memberPlace(path: (string | number)[]): string {
  const index = path[0] === 'members' ? path[1] : undefined;
  return typeof index === 'number' ? `第 ${index + 1} 位成员：` : '';
}

/** A household lives in a lowest-level grid: one with no sub-grids in use. */
function assertLowestGrid(ctx: ServiceContext, gridId: number): void {
  const grid = getGrid(ctx, gridId);
  if (grid.archivedAt) throw new AppError('CONFLICT', `网格「${grid.name}」已撤销，不能再安排农户`);
  if (gridUsage(ctx, gridId).children > 0) {
    throw new AppError(
      'VALIDATION',
      `「${grid.name}」下面还有下级网格，农户要分到最下一级的网格（如村民小组）`,
    );
  }
}

/**
 * A member's stored columns. A valid ID gives sex and birth date when they were left out (the
 * schema has checked that given ones agree, docs/domain.md §2). `path` places a field error
 * (['members', 1] in a new household).
 */
export function memberColumns(member: MemberData, path: (string | number)[] = []) {
  const ids = idColumns(member.idNumber);
  const parsed = ids.idKey ? parseIdNumber(ids.idKey) : undefined;
  const sex = member.sex ?? (parsed?.ok ? parsed.info.sex : undefined);
  if (!sex) throw fieldError([...path, 'sex'], `${memberPlace(path)}请选择性别`, '请选择性别');
  return {
    name: member.name,
    nameInitials: nameInitials(member.name),
    sex,
    ...ids,
    relation: member.relation,
    birthDate: birthDateFrom(ids.idNumber, member.birthDate),
    ethnicity: member.ethnicity,
    education: member.education ?? null,
    schoolStatus: member.schoolStatus ?? null,
    health: member.health,
    labourSkill: member.labourSkill ?? null,
    workPlace: member.workPlace || null,
    workMonths: member.workMonths ?? null,
    basicMedicalInsurance: member.basicMedicalInsurance,
    seriousIllnessInsurance: member.seriousIllnessInsurance,
    pensionInsurance: member.pensionInsurance,
    minimumLiving: member.minimumLiving,
    extremePoverty: member.extremePoverty,
    // The granted dates belong to the flags (docs/domain.md §2): none without the flag.
    minimumLivingSince: member.minimumLiving ? (member.minimumLivingSince ?? null) : null,
    extremePovertySince: member.extremePoverty ? (member.extremePovertySince ?? null) : null,
  };
}

export function householdColumns(fields: HouseholdFields, before?: HouseholdRow) {
  const monitored = Boolean(fields.monitorCategory);
  return {
    householdNo: fields.householdNo ?? null,
    address: fields.address,
    naturalVillage: fields.naturalVillage,
    phone: fields.phone,
    phoneRev: reverse(fields.phone),
    householdType: fields.householdType,
    monitorCategory: fields.monitorCategory ?? null,
    identifiedDate: fields.identifiedDate ?? null,
    noLabourSupport: fields.noLabourSupport,
    developmentalAid: fields.developmentalAid,
    relocated: fields.relocated,
    housingUnsafe: fields.housingUnsafe,
    schoolDropout: fields.schoolDropout,
    waterUnsafe: fields.waterUnsafe,
    noMedicalInsurance: fields.noMedicalInsurance,
    // A monitoring object starts 未消除; a household that is no longer one has no status.
    eliminationStatus: monitored ? (before?.eliminationStatus ?? '未消除') : null,
    eliminationMethod: monitored ? (before?.eliminationMethod ?? null) : null,
    eliminationDate: monitored ? (before?.eliminationDate ?? null) : null,
    note: fields.note,
  };
}

function assertHouseholdNoFree(
  ctx: ServiceContext,
  householdNo: string | null | undefined,
  exceptId?: number,
) {
  if (!householdNo) return;
  const other = ctx.db
    .select({ id: households.id })
    .from(households)
    .where(eq(households.householdNo, householdNo))
    .get();
  if (other && other.id !== exceptId)
    throw fieldError(['householdNo'], `户编号 ${householdNo} 已被另一户使用`, '已被另一户使用');
}

function replaceRisks(
  ctx: ServiceContext,
  householdId: number,
  risks: HouseholdFields['risks'],
): void {
  ctx.db.delete(householdRisks).where(eq(householdRisks.householdId, householdId)).run();
  for (const risk of risks) {
    ctx.db
      .insert(householdRisks)
      .values({
        householdId,
        riskType: risk.riskType,
        disasterSubtype: risk.disasterSubtype ?? null,
      })
      .run();
  }
}

export function createHousehold(ctx: ServiceContext, input: HouseholdCreate): HouseholdDetail {
  return inTransaction(ctx, () => {
    assertLowestGrid(ctx, input.gridId);
    assertHouseholdNoFree(ctx, input.householdNo);
    const row = ctx.db.insert(households).values(householdColumns(input)).returning().get();
    input.members.forEach((member, index) => {
      const columns = memberColumns(member, ['members', index]);
      assertIdFree(ctx, columns.idKey, undefined, ['members', index, 'idNumber']);
      ctx.db
        .insert(members)
        .values({ ...columns, householdId: row.id, sortOrder: index })
        .run();
    });
    replaceRisks(ctx, row.id, input.risks);
    ctx.db
      .insert(householdGrids)
      .values({ householdId: row.id, gridId: input.gridId, startDate: today(ctx) })
      .run();
    const detail = getHousehold(ctx, row.id);
    audit(ctx, {
      entity: 'household',
      entityId: row.id,
      action: 'create',
      after: detailSnapshot(detail),
    });
    return detail;
  });
}

/**
 * 修改农户: every field of the household (the grid moves through moveHousehold, members
 * through members.*). With keepPhone the stored phone stays: the form only saw it masked.
 */
export function updateHousehold(ctx: ServiceContext, input: HouseholdUpdate): HouseholdDetail {
  return inTransaction(ctx, () => {
    const before = getHouseholdRow(ctx, input.id);
    const beforeDetail = getHousehold(ctx, input.id);
    assertHouseholdNoFree(ctx, input.householdNo, input.id);
    const { keepPhone, ...fields } = input;
    if (keepPhone) fields.phone = before.phone;
    ctx.db
      .update(households)
      .set({ ...householdColumns(fields, before), updatedAt: ctx.now().toISOString() })
      .where(eq(households.id, input.id))
      .run();
    replaceRisks(ctx, input.id, input.risks);
    const detail = getHousehold(ctx, input.id);
    audit(ctx, {
      entity: 'household',
      entityId: input.id,
      action: 'update',
      before: detailSnapshot(beforeDetail),
      after: detailSnapshot(detail),
    });
    return detail;
  });
}

/**
 * Problems and visits keep their household (ON DELETE RESTRICT): a household with either on
 * record is history and is refused here with the reason, rather than by a foreign-key error.
 */
export function deleteHousehold(ctx: ServiceContext, id: number): { id: number } {
  return inTransaction(ctx, () => {
    const before = getHousehold(ctx, id);
    const problemCount = countOf(
      ctx,
      'SELECT count(*) AS n FROM problems WHERE household_id = ?',
      id,
    );
    const visitCount = countOf(ctx, 'SELECT count(*) AS n FROM visits WHERE household_id = ?', id);
    if (problemCount > 0 || visitCount > 0) {
      const head = before.members.find((m) => m.relation === HEAD_RELATION)?.name ?? '该';
      const records = [
        problemCount > 0 ? `${problemCount} 条问题登记` : '',
        visitCount > 0 ? `${visitCount} 次走访记录` : '',
      ].filter(Boolean);
      throw new AppError(
        'CONFLICT',
        `「${head}」户有 ${records.join('、')}，不能删除（台账记录要保留）。`,
      );
    }
    ctx.db.delete(households).where(eq(households.id, id)).run();
    audit(ctx, {
      entity: 'household',
      entityId: id,
      action: 'delete',
      before: detailSnapshot(before),
    });
    return { id };
  });
}

/** 调整包保网格: ends the current assignment and opens a new one, keeping the history. */
export function moveHousehold(
  ctx: ServiceContext,
  input: { id: number; gridId: number; date?: string | null | undefined },
): HouseholdDetail {
  return inTransaction(ctx, () => {
    getHouseholdRow(ctx, input.id);
    assertLowestGrid(ctx, input.gridId);
    const date = input.date ?? today(ctx);
    const current = ctx.db
      .select()
      .from(householdGrids)
      .where(and(eq(householdGrids.householdId, input.id), isNull(householdGrids.endDate)))
      .get();
    if (current?.gridId === input.gridId) return getHousehold(ctx, input.id);
    if (current) {
      if (date < current.startDate) {
        throw new AppError(
          'VALIDATION',
          `调整日期 ${date} 不能早于现网格的开始日期 ${current.startDate}`,
        );
      }
      ctx.db
        .update(householdGrids)
        .set({ endDate: date })
        .where(eq(householdGrids.id, current.id))
        .run();
    }
    ctx.db
      .insert(householdGrids)
      .values({ householdId: input.id, gridId: input.gridId, startDate: date })
      .run();
    audit(ctx, {
      entity: 'household',
      entityId: input.id,
      action: 'move',
      before: { gridId: current?.gridId ?? null },
      after: { gridId: input.gridId, date },
    });
    return getHousehold(ctx, input.id);
  });
}

/**
 * A member as the screens get it. `on` is today (for the age). A member with an ID number gets
 * no birth date: the 前6后4 mask hides exactly the birth date, so sending it beside the mask
 * would give the number back without a 查看 (docs/domain.md §7, issue 14).
 */
export function toMemberView(row: MemberRow, on: string): MemberView {
  return {
    id: row.id,
    householdId: row.householdId,
    name: row.name,
    sex: row.sex,
    idMasked: row.idNumber ? maskIdNumber(row.idNumber) : '',
    relation: row.relation,
    birthDate: row.idNumber ? null : row.birthDate,
    age: ageOn(row.birthDate, on),
    ethnicity: row.ethnicity,
    education: row.education,
    schoolStatus: row.schoolStatus,
    health: row.health,
    labourSkill: row.labourSkill,
    workPlace: row.workPlace,
    workMonths: row.workMonths,
    basicMedicalInsurance: row.basicMedicalInsurance,
    seriousIllnessInsurance: row.seriousIllnessInsurance,
    pensionInsurance: row.pensionInsurance,
    minimumLiving: row.minimumLiving,
    extremePoverty: row.extremePoverty,
    minimumLivingSince: row.minimumLivingSince,
    extremePovertySince: row.extremePovertySince,
  };
}

export const isDevelopmental = (category: string): boolean =>
  DEVELOPMENTAL_CATEGORIES.includes(category as MeasureCategory);

export function getHousehold(ctx: ServiceContext, id: number): HouseholdDetail {
  const row = getHouseholdRow(ctx, id);
  const history = ctx.db
    .select({
      gridId: householdGrids.gridId,
      // 「一组·东片」 for a 组内网格, so the history keeps the 所在组 (docs/domain.md §1).
      gridName: sql<string>`${sql.raw(gridLabelSql('"grids"'))}`,
      startDate: householdGrids.startDate,
      endDate: householdGrids.endDate,
    })
    .from(householdGrids)
    .innerJoin(grids, eq(grids.id, householdGrids.gridId))
    .where(eq(householdGrids.householdId, id))
    .orderBy(desc(householdGrids.startDate), desc(householdGrids.id))
    .all();
  const current = history.find((h) => h.endDate === null);
  const measureRows = ctx.db
    .select()
    .from(measures)
    .where(eq(measures.householdId, id))
    .orderBy(asc(measures.id))
    .all();
  return {
    id: row.id,
    householdNo: row.householdNo,
    address: row.address,
    naturalVillage: row.naturalVillage,
    phoneMasked: maskPhone(row.phone),
    householdType: row.householdType,
    monitorCategory: row.monitorCategory,
    identifiedDate: row.identifiedDate,
    noLabourSupport: row.noLabourSupport,
    developmentalAid: row.developmentalAid,
    relocated: row.relocated,
    housingUnsafe: row.housingUnsafe,
    schoolDropout: row.schoolDropout,
    waterUnsafe: row.waterUnsafe,
    noMedicalInsurance: row.noMedicalInsurance,
    eliminationStatus: row.eliminationStatus,
    eliminationMethod: row.eliminationMethod,
    eliminationDate: row.eliminationDate,
    note: row.note,
    grid: current
      ? { id: current.gridId, name: current.gridName, path: gridPath(ctx, current.gridId) }
      : null,
    gridHistory: history,
    members: ctx.db
      .select()
      .from(members)
      .where(eq(members.householdId, id))
      .orderBy(asc(members.sortOrder), asc(members.id))
      .all()
      .map((member) => toMemberView(member, today(ctx))),
    risks: ctx.db
      .select({
        riskType: householdRisks.riskType,
        disasterSubtype: householdRisks.disasterSubtype,
      })
      .from(householdRisks)
      .where(eq(householdRisks.householdId, id))
      .all(),
    incomes: ctx.db
      .select()
      .from(householdIncomes)
      .where(eq(householdIncomes.householdId, id))
      .orderBy(desc(householdIncomes.year))
      .all()
      .map(({ householdId: _h, ...income }) => income),
    measures: measureRows.map((m) => ({
      id: m.id,
      category: m.category,
      developmental: isDevelopmental(m.category),
      content: m.content,
      plannedDate: m.plannedDate,
      doneDate: m.doneDate,
      status: m.status,
    })),
    contacts: ctx.db
      .select()
      .from(assistanceContacts)
      .where(eq(assistanceContacts.householdId, id))
      .orderBy(desc(assistanceContacts.startDate))
      .all()
      .map((c) => ({
        id: c.id,
        name: c.name,
        unit: c.unit,
        phoneMasked: maskPhone(c.phone),
        startDate: c.startDate,
        endDate: c.endDate,
      })),
    elimination: eliminationCheck(row, measureRows, today(ctx)),
  };
}

/** The audit copy of a household: already masked; drop the derived check. */
function detailSnapshot(detail: HouseholdDetail): Record<string, unknown> {
  const { elimination: _e, gridHistory: _g, ...rest } = detail;
  return auditSnapshot(rest);
}
