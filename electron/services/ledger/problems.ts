import { and, asc, eq, isNull } from 'drizzle-orm';
import {
  grids,
  householdGrids,
  households,
  members,
  problemAttachments,
  problems,
  problemSteps,
  type ProblemRow,
} from '../../../db/schema';
import { AppError, fieldError } from '../../api/errors';
import { PROBLEM_STEPS, type ProblemStep } from '../../api/ledger-enums';
import type {
  ProblemCreateInput,
  ProblemFollowUpInput,
  ProblemResolveInput,
  ProblemUpdateInput,
} from '../../api/ledger-schemas';
import type { ProblemDetail, ProblemStepView, WorkflowItem } from '../../api/ledger-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { getSettings } from '../settings/settings';
import { today } from '../roster/people';
import { getWorkerRow } from '../roster/workers';
import { attachmentType } from './attachment-files';
import { daysOver, earliestNoticeEnd, problemDueDate, stepDueDates } from './deadlines';
import { ledgerRowById } from './query';
import { deriveStatus } from './status';
import { orderViolations } from './order';
import { storedOrderInput } from './order-check';
import { proposalRisks } from '../../api/ledger-schemas';

export type { ProblemCreateInput };

/** The stored row, or NOT_FOUND in the clerk's words. */
export function getProblemRow(ctx: ServiceContext, id: number): ProblemRow {
  const row = ctx.db.select().from(problems).where(eq(problems.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的问题，可能已被删除`);
  return row;
}

/**
 * A date a clerk records for something that has happened: not after today. `path` names the
 * input field, so a form shows the message under it (fieldError).
 */
export function assertNotFuture(
  ctx: ServiceContext,
  date: string,
  label: string,
  path: (string | number)[] = [],
): void {
  const now = today(ctx);
  if (date <= now) return;
  const message = `${label} ${date} 不能晚于今天（${now}）`;
  throw path.length
    ? fieldError(path, message, `不能晚于今天（${now}）`)
    : new AppError('VALIDATION', message);
}

/** Every date of a problem's handling is on or after its registration (task rule). */
export function assertNotBeforeRegistration(
  problem: Pick<ProblemRow, 'registeredDate'>,
  date: string,
  label: string,
  path: (string | number)[] = [],
): void {
  if (date >= problem.registeredDate) return;
  const message = `${label} ${date} 不能早于问题的登记日期 ${problem.registeredDate}`;
  throw path.length
    ? fieldError(path, message, `不能早于问题的登记日期 ${problem.registeredDate}`)
    : new AppError('VALIDATION', message);
}

/**
 * The problem's grid (task rule): for a household its current group grid (a grid given too
 * must be that one — a silently ignored choice would mislead); for a clue the grid the
 * clerk chose, which may be any grid in use (a clue may be known only as "in 杨柳村").
 */
function resolveGrid(
  ctx: ServiceContext,
  householdId: number | null,
  gridId: number | null,
): number {
  if (householdId !== null) {
    const household = ctx.db
      .select({ id: households.id })
      .from(households)
      .where(eq(households.id, householdId))
      .get();
    if (!household) throw new AppError('NOT_FOUND', `找不到编号为 ${householdId} 的农户`);
    const current = ctx.db
      .select({ gridId: householdGrids.gridId, name: grids.name })
      .from(householdGrids)
      .innerJoin(grids, eq(grids.id, householdGrids.gridId))
      .where(and(eq(householdGrids.householdId, householdId), isNull(householdGrids.endDate)))
      .get();
    if (!current) {
      if (gridId === null) {
        throw fieldError(['householdId'], '该户目前不在任何网格中，请先为该户安排网格');
      }
      return resolveGrid(ctx, null, gridId);
    }
    if (gridId !== null && gridId !== current.gridId) {
      throw fieldError(
        ['gridId'],
        `该户现在属于「${current.name}」，关联农户的问题按该户所在网格登记，请不要另选网格`,
      );
    }
    return current.gridId;
  }
  if (gridId === null) throw fieldError(['gridId'], '没有关联农户的线索请选择所在网格');
  const grid = ctx.db.select().from(grids).where(eq(grids.id, gridId)).get();
  if (!grid) throw new AppError('NOT_FOUND', `找不到编号为 ${gridId} 的网格，可能已被删除`);
  if (grid.archivedAt) {
    throw new AppError('CONFLICT', `网格「${grid.name}」已撤销，不能再登记问题`, [
      { path: ['gridId'], message: '这个网格已撤销' },
    ]);
  }
  return grid.id;
}

/** The steps recorded for a problem, in workflow order. */
export function stepRows(ctx: ServiceContext, problemId: number) {
  return ctx.db
    .select()
    .from(problemSteps)
    .where(eq(problemSteps.problemId, problemId))
    .all()
    .sort((a, b) => PROBLEM_STEPS.indexOf(a.step) - PROBLEM_STEPS.indexOf(b.step));
}

/**
 * Re-derives and stores 状态 (services/ledger/status.ts). Every write to a problem, its steps
 * or its resolution calls this in the same transaction, so the stored status (indexed, used
 * by the filters) never disagrees with the steps.
 */
export function refreshStatus(ctx: ServiceContext, problemId: number): void {
  const row = getProblemRow(ctx, problemId);
  const status = deriveStatus({
    resolvedDate: row.resolvedDate,
    measureTaken: row.measureTaken,
    steps: stepRows(ctx, problemId).map((s) => s.step),
  });
  ctx.db
    .update(problems)
    .set({ status, updatedAt: ctx.now().toISOString() })
    .where(eq(problems.id, problemId))
    .run();
}

/** The audit copy of a problem: its own columns (no ID numbers or phones are stored on it). */
const snapshot = (row: ProblemRow) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = row;
  return rest;
};

/**
 * 登记 one problem. Runs in its own transaction, or as a savepoint inside the caller's
 * (visits.create registers a follow-up problem with its visit, all or nothing).
 * 办结时限 = registration + the whole-process rule in force now, stored in due_date.
 */
export function createProblem(ctx: ServiceContext, input: ProblemCreateInput): ProblemDetail {
  return inTransaction(ctx, () => {
    getWorkerRow(ctx, input.workerId);
    assertNotFuture(ctx, input.registeredDate, '登记日期', ['registeredDate']);
    const householdId = input.householdId ?? null;
    const gridId = resolveGrid(ctx, householdId, input.gridId ?? null);
    if (householdId === null && !input.personName) {
      throw fieldError(['personName'], '没有关联农户的线索请填写反映人');
    }
    const settings = getSettings(ctx);
    const row = ctx.db
      .insert(problems)
      .values({
        gridId,
        workerId: input.workerId,
        householdId,
        personName: input.personName ?? '',
        place: input.place ?? '',
        category: input.category,
        source: input.source,
        description: input.description,
        registeredDate: input.registeredDate,
        dueDate: problemDueDate(input.registeredDate, settings),
        status: deriveStatus({ resolvedDate: null, measureTaken: '', steps: [] }),
        note: input.note ?? '',
      })
      .returning()
      .get();
    audit(ctx, { entity: 'problem', entityId: row.id, action: 'create', after: snapshot(row) });
    return getProblem(ctx, row.id);
  });
}

/**
 * 修改: the fields given. A new registration date moves the 办结时限 (computed again under the
 * current rules) and must not come after any recorded step, resolution or follow-up.
 * Tying a clue to a household (or changing it) moves the problem to that household's grid.
 */
export function updateProblem(ctx: ServiceContext, input: ProblemUpdateInput): ProblemDetail {
  return inTransaction(ctx, () => {
    const before = getProblemRow(ctx, input.id);
    if (input.workerId !== undefined) getWorkerRow(ctx, input.workerId);
    const householdId = input.householdId === undefined ? before.householdId : input.householdId;
    const personName = input.personName ?? before.personName;
    let gridId = before.gridId;
    const householdChanged = householdId !== before.householdId;
    const gridGiven = input.gridId !== undefined && input.gridId !== null;
    if (householdChanged || (gridGiven && input.gridId !== before.gridId)) {
      gridId = resolveGrid(
        ctx,
        householdId,
        gridGiven ? input.gridId! : householdId === null ? before.gridId : null,
      );
    }
    if (householdId === null && !personName) {
      throw fieldError(['personName'], '没有关联农户的线索请填写反映人');
    }
    const registeredDate = input.registeredDate ?? before.registeredDate;
    let dueDate = before.dueDate;
    if (registeredDate !== before.registeredDate) {
      assertNotFuture(ctx, registeredDate, '登记日期', ['registeredDate']);
      const later = [
        ...stepRows(ctx, input.id).map((s) => ({ label: `「${s.step}」的日期`, date: s.date })),
        { label: '办结日期', date: before.resolvedDate },
        { label: '回访日期', date: before.followUpDate },
      ].find((d) => d.date !== null && d.date < registeredDate);
      if (later) {
        throw fieldError(
          ['registeredDate'],
          `登记日期 ${registeredDate} 不能晚于已记录的${later.label} ${later.date}`,
          `不能晚于已记录的${later.label} ${later.date}`,
        );
      }
      // 办结时限 is fixed at registration; only a corrected registration date moves it.
      dueDate = problemDueDate(registeredDate, getSettings(ctx));
    }
    const measureTaken = input.measureTaken ?? before.measureTaken;
    if (before.resolvedDate && !measureTaken) {
      throw fieldError(
        ['measureTaken'],
        '已办结的问题要保留处置措施；如需重新办理，请先「重新办理」',
      );
    }
    const after = ctx.db
      .update(problems)
      .set({
        workerId: input.workerId ?? before.workerId,
        householdId,
        gridId,
        personName,
        place: input.place ?? before.place,
        category: input.category ?? before.category,
        source: input.source ?? before.source,
        description: input.description ?? before.description,
        registeredDate,
        dueDate,
        measureTaken,
        responsiblePerson: input.responsiblePerson ?? before.responsiblePerson,
        note: input.note ?? before.note,
        updatedAt: ctx.now().toISOString(),
      })
      .where(eq(problems.id, input.id))
      .returning()
      .get();
    refreshStatus(ctx, input.id);
    audit(ctx, {
      entity: 'problem',
      entityId: input.id,
      action: 'update',
      before: snapshot(before),
      after: snapshot({ ...after, status: getProblemRow(ctx, input.id).status }),
    });
    return getProblem(ctx, input.id);
  });
}

/**
 * Why a problem may not be deleted, or null. Deleting is for a problem registered by mistake:
 * one that has been handled — a step after 发现报告, a scan kept with it, a resolution, a
 * monthly meeting that discussed it — is part of the record an inspection reads (docs/domain.md
 * §3: the ledger says how each problem was resolved) and stays; a mistake in it is corrected
 * with 修改. Every reason is named, with how many, so the clerk knows what stands in the way.
 */
function deleteRefusal(ctx: ServiceContext, row: ProblemRow): string | null {
  const reasons: string[] = [];
  if (row.resolvedDate) reasons.push(`已于 ${row.resolvedDate} 办结`);
  const handled = stepRows(ctx, row.id).filter((s) => s.step !== PROBLEM_STEPS[0]);
  if (handled.length > 0) {
    const names = handled.map((s) => `「${s.step}」`).join('');
    reasons.push(`已记录 ${handled.length} 个办理环节${names}`);
  }
  const attachmentCount = (
    ctx.sqlite
      .prepare('SELECT count(*) AS n FROM problem_attachments WHERE problem_id = ?')
      .get(row.id) as { n: number }
  ).n;
  if (attachmentCount > 0) reasons.push(`有 ${attachmentCount} 个附件`);
  const meetingDates = (
    ctx.sqlite
      .prepare(
        `SELECT mt.date FROM meeting_problems mp JOIN meetings mt ON mt.id = mp.meeting_id
         WHERE mp.problem_id = ? ORDER BY mt.date`,
      )
      .all(row.id) as { date: string }[]
  ).map((m) => m.date);
  if (meetingDates.length > 0) {
    reasons.push(`已在 ${meetingDates.length} 次月度会商中研判（${meetingDates.join('、')}）`);
  }
  if (reasons.length === 0) return null;
  return `这个问题${reasons.join('，')}，不能删除（台账记录要保留）。登记有误请用「修改」更正。`;
}

/**
 * Deletes a problem registered by mistake (deleteRefusal says when it may not be), with its
 * 发现报告 step if recorded. A visit that registered it keeps its record and loses the link.
 */
export function deleteProblem(ctx: ServiceContext, id: number): { id: number } {
  return inTransaction(ctx, () => {
    const before = getProblemRow(ctx, id);
    const refusal = deleteRefusal(ctx, before);
    if (refusal) throw new AppError('CONFLICT', refusal);
    const steps = stepRows(ctx, id);
    ctx.db.delete(problems).where(eq(problems.id, id)).run();
    audit(ctx, {
      entity: 'problem',
      entityId: id,
      action: 'delete',
      before: { ...snapshot(before), steps: steps.map(({ createdAt: _c, ...s }) => s) },
    });
    return { id };
  });
}

/** The resolution fields the audit rows of 办结, 重新办理 and 回访 keep. */
const pick = (row: ProblemRow) => ({
  status: row.status,
  measureTaken: row.measureTaken,
  responsiblePerson: row.responsiblePerson,
  resolvedDate: row.resolvedDate,
  followUpDate: row.followUpDate,
  followUpResult: row.followUpResult,
  satisfaction: row.satisfaction,
});

/**
 * 办结, 重新办理 and 回访 end alike, inside their transaction: one audit row with the resolution
 * before and after the write (plus what the action adds, e.g. the reason for reopening), then
 * the detail view.
 */
function auditResolution(
  ctx: ServiceContext,
  before: ProblemRow,
  action: 'resolve' | 'reopen' | 'follow-up',
  extra: { reason?: string } = {},
): ProblemDetail {
  audit(ctx, {
    entity: 'problem',
    entityId: before.id,
    action,
    before: pick(before),
    after: { ...pick(getProblemRow(ctx, before.id)), ...extra },
  });
  return getProblem(ctx, before.id);
}

/** 办结 (or correcting a resolution): the date is not before registration nor after today. */
export function resolveProblem(ctx: ServiceContext, input: ProblemResolveInput): ProblemDetail {
  return inTransaction(ctx, () => {
    const before = getProblemRow(ctx, input.id);
    assertNotBeforeRegistration(before, input.resolvedDate, '办结日期', ['resolvedDate']);
    assertNotFuture(ctx, input.resolvedDate, '办结日期', ['resolvedDate']);
    if (before.followUpDate && before.followUpDate < input.resolvedDate) {
      throw fieldError(
        ['resolvedDate'],
        `办结日期 ${input.resolvedDate} 不能晚于已记录的回访日期 ${before.followUpDate}`,
        `不能晚于已记录的回访日期 ${before.followUpDate}`,
      );
    }
    ctx.db
      .update(problems)
      .set({
        measureTaken: input.measureTaken,
        responsiblePerson: input.responsiblePerson,
        resolvedDate: input.resolvedDate,
      })
      .where(eq(problems.id, input.id))
      .run();
    refreshStatus(ctx, input.id);
    return auditResolution(ctx, before, 'resolve');
  });
}

/**
 * 重新办理: clears the resolution (处置措施, 责任人, 办结日期) and the follow-up that belonged to
 * it; the status falls back to what the steps say. The old values stay in the audit row.
 */
export function reopenProblem(
  ctx: ServiceContext,
  input: { id: number; reason?: string | undefined },
): ProblemDetail {
  return inTransaction(ctx, () => {
    const before = getProblemRow(ctx, input.id);
    if (!before.resolvedDate) throw new AppError('CONFLICT', '这个问题还没有办结，不需要重新办理');
    ctx.db
      .update(problems)
      .set({
        measureTaken: '',
        responsiblePerson: '',
        resolvedDate: null,
        followUpDate: null,
        followUpResult: '',
        satisfaction: null,
      })
      .where(eq(problems.id, input.id))
      .run();
    refreshStatus(ctx, input.id);
    return auditResolution(ctx, before, 'reopen', { reason: input.reason ?? '' });
  });
}

/** 回访: only for a resolved problem, on or after its 办结日期 and not after today. */
export function followUpProblem(ctx: ServiceContext, input: ProblemFollowUpInput): ProblemDetail {
  return inTransaction(ctx, () => {
    const before = getProblemRow(ctx, input.id);
    if (!before.resolvedDate) {
      throw new AppError('CONFLICT', '问题办结后才能登记回访');
    }
    if (input.followUpDate < before.resolvedDate) {
      throw fieldError(
        ['followUpDate'],
        `回访日期 ${input.followUpDate} 不能早于办结日期 ${before.resolvedDate}`,
        `不能早于办结日期 ${before.resolvedDate}`,
      );
    }
    assertNotFuture(ctx, input.followUpDate, '回访日期', ['followUpDate']);
    ctx.db
      .update(problems)
      .set({
        followUpDate: input.followUpDate,
        followUpResult: input.followUpResult,
        satisfaction: input.satisfaction,
        updatedAt: ctx.now().toISOString(),
      })
      .where(eq(problems.id, input.id))
      .run();
    return auditResolution(ctx, before, 'follow-up');
  });
}

/** The detail view: the ledger row, steps with their time limits, the workflow, attachments. */
export function getProblem(ctx: ServiceContext, id: number): ProblemDetail {
  const row = getProblemRow(ctx, id);
  const ledger = ledgerRowById(ctx, id)!;
  const settings = getSettings(ctx);
  const now = today(ctx);
  const steps = stepRows(ctx, id);
  const dues = stepDueDates(row.registeredDate, steps, settings);
  const stepViews: ProblemStepView[] = steps.map((s) => {
    const dueDate = dues[s.step] ?? null;
    return {
      id: s.id,
      step: s.step,
      date: s.date,
      endDate: s.endDate,
      person: s.person,
      outcome: s.outcome,
      dueDate,
      late: dueDate !== null && s.date > dueDate,
      backfillReason: s.backfillReason || null,
    };
  });
  const workflow: WorkflowItem[] = PROBLEM_STEPS.map((step: ProblemStep) => {
    const record = stepViews.find((s) => s.step === step) ?? null;
    const dueDate = dues[step] ?? null;
    return {
      step,
      record,
      dueDate,
      // Only an open problem's missing step can be overdue.
      overdueDays: !record && dueDate && !row.resolvedDate ? daysOver(dueDate, now) : null,
      earliestEndDate:
        step === '村内公示' && record ? earliestNoticeEnd(record.date, settings) : null,
    };
  });
  const attachments = ctx.db
    .select()
    .from(problemAttachments)
    .where(eq(problemAttachments.problemId, id))
    .orderBy(asc(problemAttachments.id))
    .all()
    .map((a) => ({
      id: a.id,
      stepId: a.stepId,
      fileName: a.originalName,
      type: attachmentType(a.storedFile),
      size: a.size,
      sha256: a.sha256,
      createdAt: a.createdAt,
    }));
  let household: ProblemDetail['household'] = null;
  if (row.householdId !== null) {
    const h = ctx.db
      .select({
        id: households.id,
        monitorCategory: households.monitorCategory,
        identifiedDate: households.identifiedDate,
        eliminationStatus: households.eliminationStatus,
      })
      .from(households)
      .where(eq(households.id, row.householdId))
      .get()!;
    const head = ctx.db
      .select({ name: members.name })
      .from(members)
      .where(and(eq(members.householdId, row.householdId), eq(members.relation, '本人')))
      .get();
    household = { ...h, headName: head?.name ?? null };
  }
  const order = storedOrderInput(ctx, row, steps);
  return {
    ...ledger,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    steps: stepViews,
    workflow,
    attachments,
    household,
    proposal:
      row.proposal && row.proposalDate
        ? {
            kind: row.proposal,
            date: row.proposalDate,
            monitorCategory: row.proposalCategory,
            risks: parseProposalRisks(row.proposalRisks),
            method: row.proposalMethod,
            backfillReason: order.proposalBackfillReason ?? null,
          }
        : null,
    decision:
      row.decision && row.decisionDate
        ? {
            kind: row.decision,
            date: row.decisionDate,
            backfillReason: order.decisionBackfillReason ?? null,
          }
        : null,
    decisionLabel: settings.decisionLevel === 'county' ? '县级审定' : '乡镇审定（县级备案）',
    orderIssues: orderViolations(order),
  };
}

/** problems.proposal_risks (JSON, zod-checked): a stored value that does not parse reads as none. */
export function parseProposalRisks(
  json: string | null,
): { riskType: string; disasterSubtype: string | null }[] {
  if (!json) return [];
  try {
    const parsed = proposalRisks.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
