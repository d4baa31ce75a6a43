import { eq } from 'drizzle-orm';
import { households, type HouseholdRow } from '../../../db/schema';
import type { DISASTER_SUBTYPES, MonitorCategory, RiskType } from '../../api/roster-enums';
import { AppError } from '../../api/errors';
import { DECISION_STEP } from '../../api/ledger-enums';
import type { ProblemIdentifyInput } from '../../api/ledger-schemas';
import type { ProblemDetail } from '../../api/ledger-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { getHousehold, getHouseholdRow, updateHousehold } from '../roster/households';
import {
  assertNotBeforeRegistration,
  assertNotFuture,
  getProblem,
  getProblemRow,
  stepRows,
} from './problems';
import { assertInOrder, storedOrderInput } from './order-check';
import { writeStep } from './steps';

type DisasterSubtype = (typeof DISASTER_SUBTYPES)[number];

/**
 * 识别认定 (docs/domain.md §2–3): the problem's household becomes a monitoring object, in one
 * transaction: households.monitor_category / identified_date, elimination_status 未消除,
 * household_risks replaced — all through the roster's own updateHousehold, which writes the
 * household's audit row — then the outcome recorded on the 县级审定 step and an audit row on
 * the problem.
 *
 * Refused for a household that is already a monitoring object not yet eliminated: that would
 * silently restart its 识别认定日期, which starts the 6-month rule of 风险消除. A household
 * whose risk was eliminated (已消除) can be identified again (返贫): its elimination method
 * and date are cleared.
 */
export function identifyProblem(ctx: ServiceContext, input: ProblemIdentifyInput): ProblemDetail {
  return inTransaction(ctx, () => {
    const problem = getProblemRow(ctx, input.problemId);
    if (problem.householdId === null) {
      throw new AppError('VALIDATION', '这条线索还没有关联农户，请先关联农户再识别认定');
    }
    assertNotBeforeRegistration(problem, input.identifiedDate, '识别认定日期', ['identifiedDate']);
    assertNotFuture(ctx, input.identifiedDate, '识别认定日期', ['identifiedDate']);
    assertNotMonitored(ctx, getHouseholdRow(ctx, problem.householdId));
    // docs/domain.md §3: the decision follows 核实评议, 公示 and 审核, unless it is 补录.
    const stored = stepRows(ctx, problem.id);
    const before = storedOrderInput(ctx, problem, stored);
    const backfillReason = input.backfillReason ?? null;
    assertInOrder(
      before,
      {
        ...before,
        steps: [
          ...before.steps.filter((s) => s.step !== DECISION_STEP),
          { step: DECISION_STEP, date: input.identifiedDate, endDate: null, backfillReason },
        ],
      },
      backfillReason,
      ['identifiedDate'],
    );
    const risks = input.riskTypes.map((riskType) => ({
      riskType,
      disasterSubtype: riskType === '因自然灾害' ? (input.disasterSubtype ?? null) : null,
    }));
    const previous = makeMonitored(ctx, problem.householdId, {
      monitorCategory: input.monitorCategory,
      risks,
      identifiedDate: input.identifiedDate,
    });
    const existing = stored.find((s) => s.step === DECISION_STEP);
    const outcome = identifiedOutcome(input.monitorCategory, risks);
    writeStep(
      ctx,
      problem,
      {
        step: DECISION_STEP,
        date: input.identifiedDate,
        endDate: null,
        person: existing?.person ?? '',
        outcome: existing?.outcome ? `${existing.outcome}；${outcome}` : outcome,
        backfillReason: backfillReason ?? (existing?.backfillReason || null),
      },
      { orderChecked: true },
    );
    audit(ctx, {
      entity: 'problem',
      entityId: problem.id,
      action: 'identify',
      after: {
        householdId: problem.householdId,
        monitorCategory: input.monitorCategory,
        identifiedDate: input.identifiedDate,
        riskTypes: risks,
        previous,
        ...(backfillReason ? { backfillReason } : {}),
      },
    });
    return getProblem(ctx, problem.id);
  });
}

export const identifiedOutcome = (
  monitorCategory: string,
  risks: { riskType: string; disasterSubtype: string | null }[],
) =>
  `识别认定为监测对象（${monitorCategory}），风险类型：${risks
    .map((r) => (r.disasterSubtype ? `${r.riskType}（${r.disasterSubtype}）` : r.riskType))
    .join('、')}`;

/**
 * The household becomes a monitoring object (category, 识别认定日期, 未消除, risk types) through
 * the roster's own updateHousehold, which audits it; an earlier elimination is cleared (返贫).
 * Refused for a household already monitored and not eliminated: that would silently restart
 * its 识别认定日期, which starts the 6-month rule of 风险消除. Returns what it was before.
 */
export function makeMonitored(
  ctx: ServiceContext,
  householdId: number,
  input: {
    monitorCategory: MonitorCategory;
    risks: { riskType: RiskType; disasterSubtype: DisasterSubtype | null }[];
    identifiedDate: string;
  },
): { monitorCategory: string | null; eliminationStatus: string | null } {
  const before = getHouseholdRow(ctx, householdId);
  assertNotMonitored(ctx, before);
  updateHousehold(ctx, {
    id: before.id,
    householdNo: before.householdNo,
    address: before.address,
    naturalVillage: before.naturalVillage,
    phone: before.phone,
    householdType: before.householdType,
    monitorCategory: input.monitorCategory,
    identifiedDate: input.identifiedDate,
    noLabourSupport: before.noLabourSupport,
    developmentalAid: before.developmentalAid,
    relocated: before.relocated,
    housingUnsafe: before.housingUnsafe,
    schoolDropout: before.schoolDropout,
    waterUnsafe: before.waterUnsafe,
    noMedicalInsurance: before.noMedicalInsurance,
    risks: input.risks,
    note: before.note,
  });
  // updateHousehold keeps an earlier elimination; a new identification starts over.
  const after = getHouseholdRow(ctx, before.id);
  if (after.eliminationStatus !== '未消除' || after.eliminationMethod || after.eliminationDate) {
    ctx.db
      .update(households)
      .set({ eliminationStatus: '未消除', eliminationMethod: null, eliminationDate: null })
      .where(eq(households.id, before.id))
      .run();
    audit(ctx, {
      entity: 'household',
      entityId: before.id,
      action: 'elimination-reset',
      before: {
        eliminationStatus: after.eliminationStatus,
        eliminationMethod: after.eliminationMethod,
        eliminationDate: after.eliminationDate,
      },
      after: { eliminationStatus: '未消除', eliminationMethod: null, eliminationDate: null },
    });
  }
  return { monitorCategory: before.monitorCategory, eliminationStatus: before.eliminationStatus };
}

/** Refuses a household already monitored and not eliminated (see makeMonitored). */
export function assertNotMonitored(ctx: ServiceContext, household: HouseholdRow): void {
  if (household.monitorCategory && household.eliminationStatus !== '已消除') {
    const detail = getHousehold(ctx, household.id);
    const head = detail.members.find((m) => m.relation === '本人')?.name ?? '该';
    throw new AppError(
      'CONFLICT',
      `「${head}」户已是监测对象（${household.monitorCategory}，识别认定日期 ${household.identifiedDate ?? '未填'}），风险尚未消除，不需要再次识别认定`,
    );
  }
}
