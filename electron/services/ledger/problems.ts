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
import { AppError } from '../../api/errors';
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
import { attachmentType, removeAttachmentFile } from './attachment-files';
import { daysOver, earliestNoticeEnd, problemDueDate, stepDueDates } from './deadlines';
import { ledgerRowById } from './query';
import { deriveStatus } from './status';

export type { ProblemCreateInput };

/** The stored row, or NOT_FOUND in the clerk's words. */
export function getProblemRow(ctx: ServiceContext, id: number): ProblemRow {
  const row = ctx.db.select().from(problems).where(eq(problems.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的问题，可能已被删除`);
  return row;
}

/** A date a clerk records for something that has happened: not after today. */
export function assertNotFuture(ctx: ServiceContext, date: string, label: string): void {
  const now = today(ctx);
  if (date > now) throw new AppError('VALIDATION', `${label} ${date} 不能晚于今天（${now}）`);
}

/** Every date of a problem's handling is on or after its registration (task rule). */
export function assertNotBeforeRegistration(
  problem: Pick<ProblemRow, 'registeredDate'>,
  date: string,
  label: string,
): void {
  if (date < problem.registeredDate) {
    throw new AppError(
      'VALIDATION',
      `${label} ${date} 不能早于问题的登记日期 ${problem.registeredDate}`,
    );
  }
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
        throw new AppError('VALIDATION', '该户目前不在任何网格中，请先为该户安排网格');
      }
      return resolveGrid(ctx, null, gridId);
    }
    if (gridId !== null && gridId !== current.gridId) {
      throw new AppError(
        'VALIDATION',
        `该户现在属于「${current.name}」，关联农户的问题按该户所在网格登记，请不要另选网格`,
      );
    }
    return current.gridId;
  }
  if (gridId === null) throw new AppError('VALIDATION', '没有关联农户的线索请选择所在网格');
  const grid = ctx.db.select().from(grids).where(eq(grids.id, gridId)).get();
  if (!grid) throw new AppError('NOT_FOUND', `找不到编号为 ${gridId} 的网格，可能已被删除`);
  if (grid.archivedAt) throw new AppError('CONFLICT', `网格「${grid.name}」已撤销，不能再登记问题`);
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
    assertNotFuture(ctx, input.registeredDate, '登记日期');
    const householdId = input.householdId ?? null;
    const gridId = resolveGrid(ctx, householdId, input.gridId ?? null);
    if (householdId === null && !input.personName) {
      throw new AppError('VALIDATION', '没有关联农户的线索请填写反映人');
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
      throw new AppError('VALIDATION', '没有关联农户的线索请填写反映人');
    }
    const registeredDate = input.registeredDate ?? before.registeredDate;
    let dueDate = before.dueDate;
    if (registeredDate !== before.registeredDate) {
      assertNotFuture(ctx, registeredDate, '登记日期');
      const later = [
        ...stepRows(ctx, input.id).map((s) => ({ label: `「${s.step}」的日期`, date: s.date })),
        { label: '办结日期', date: before.resolvedDate },
        { label: '回访日期', date: before.followUpDate },
      ].find((d) => d.date !== null && d.date < registeredDate);
      if (later) {
        throw new AppError(
          'VALIDATION',
          `登记日期 ${registeredDate} 不能晚于已记录的${later.label} ${later.date}`,
        );
      }
      // 办结时限 is fixed at registration; only a corrected registration date moves it.
      dueDate = problemDueDate(registeredDate, getSettings(ctx));
    }
    const measureTaken = input.measureTaken ?? before.measureTaken;
    if (before.resolvedDate && !measureTaken) {
      throw new AppError(
        'VALIDATION',
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
 * Deletes a problem with its steps and attachments (visits keep their record and lose the
 * link; meeting minutes lose the line). The attachment files are removed once the deletion
 * is committed: nothing refers to them any more, and scans of a household's papers should
 * not linger where no screen can reach them (docs/domain.md §7); the audit row keeps their names
 * and SHA-256.
 */
export function deleteProblem(ctx: ServiceContext, id: number): { id: number } {
  const files = inTransaction(ctx, () => {
    const before = getProblemRow(ctx, id);
    const attachments = ctx.db
      .select()
      .from(problemAttachments)
      .where(eq(problemAttachments.problemId, id))
      .all();
    const steps = stepRows(ctx, id);
    ctx.db.delete(problems).where(eq(problems.id, id)).run();
    audit(ctx, {
      entity: 'problem',
      entityId: id,
      action: 'delete',
      before: {
        ...snapshot(before),
        steps: steps.map(({ createdAt: _c, ...s }) => s),
        attachments: attachments.map((a) => ({
          fileName: a.originalName,
          storedFile: a.storedFile,
          sha256: a.sha256,
        })),
      },
    });
    return attachments.map((a) => a.storedFile);
  });
  for (const stored of files) removeAttachmentFile(ctx, stored);
  return { id };
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
    assertNotBeforeRegistration(before, input.resolvedDate, '办结日期');
    assertNotFuture(ctx, input.resolvedDate, '办结日期');
    if (before.followUpDate && before.followUpDate < input.resolvedDate) {
      throw new AppError(
        'VALIDATION',
        `办结日期 ${input.resolvedDate} 不能晚于已记录的回访日期 ${before.followUpDate}`,
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
      throw new AppError(
        'VALIDATION',
        `回访日期 ${input.followUpDate} 不能早于办结日期 ${before.resolvedDate}`,
      );
    }
    assertNotFuture(ctx, input.followUpDate, '回访日期');
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
  return {
    ...ledger,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    steps: stepViews,
    workflow,
    attachments,
    household,
  };
}
