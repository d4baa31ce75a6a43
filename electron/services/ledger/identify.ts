import { eq } from 'drizzle-orm';
import { households } from '../../../db/schema';
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
import { writeStep } from './steps';

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
    const before = getHouseholdRow(ctx, problem.householdId);
    const detail = getHousehold(ctx, before.id);
    const head = detail.members.find((m) => m.relation === '本人')?.name ?? '该';
    if (before.monitorCategory && before.eliminationStatus !== '已消除') {
      throw new AppError(
        'CONFLICT',
        `「${head}」户已是监测对象（${before.monitorCategory}，识别认定日期 ${before.identifiedDate ?? '未填'}），风险尚未消除，不需要再次识别认定`,
      );
    }
    const risks = input.riskTypes.map((riskType) => ({
      riskType,
      disasterSubtype: riskType === '因自然灾害' ? (input.disasterSubtype ?? null) : null,
    }));
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
      risks,
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
    const existing = stepRows(ctx, problem.id).find((s) => s.step === DECISION_STEP);
    const outcome = `识别认定为监测对象（${input.monitorCategory}），风险类型：${risks
      .map((r) => (r.disasterSubtype ? `${r.riskType}（${r.disasterSubtype}）` : r.riskType))
      .join('、')}`;
    writeStep(ctx, problem, {
      step: DECISION_STEP,
      date: input.identifiedDate,
      endDate: null,
      person: existing?.person ?? '',
      outcome: existing?.outcome ? `${existing.outcome}；${outcome}` : outcome,
    });
    audit(ctx, {
      entity: 'problem',
      entityId: problem.id,
      action: 'identify',
      after: {
        householdId: before.id,
        monitorCategory: input.monitorCategory,
        identifiedDate: input.identifiedDate,
        riskTypes: risks,
        previous: {
          monitorCategory: before.monitorCategory,
          eliminationStatus: before.eliminationStatus,
        },
      },
    });
    return getProblem(ctx, problem.id);
  });
}
