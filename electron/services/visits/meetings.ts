import { eq } from 'drizzle-orm';
import { meetingProblems, meetings } from '../../../db/schema';
import { AppError, fieldError } from '../../api/errors';
import { maskSensitiveText } from '../../api/id-number';
import { GRID_LEVEL_LABELS } from '../../api/labels';
import type { FilePayload } from '../../api/roster-io-types';
import type { MeetingListInput, MeetingSaveInput } from '../../api/visits-schemas';
import type { MeetingDetail, MeetingProblem, MeetingSummary } from '../../api/visits-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { getGrid, gridPath } from '../grids/grids';
import { assertNotFuture } from '../ledger/problems';
import { meetingWorkbook } from './meeting-xlsx';

/**
 * 月度会商 (一月一会商、一月一研判, docs/domain.md §3): minutes of a village's or a group grid's
 * monthly meeting, with the problems it discussed linked from the ledger.
 */

const SUBTREE = `WITH RECURSIVE sub(id) AS (
  SELECT @gridId UNION ALL SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id)`;

const SUMMARY_COLUMNS = `mt.id, mt.grid_id AS gridId, g.name AS gridName, mt.date, mt.place, mt.host,
  mt.recorder, mt.attendees,
  (SELECT count(*) FROM meeting_problems mp WHERE mp.meeting_id = mt.id) AS problemCount`;

export function listMeetings(ctx: ServiceContext, filter: MeetingListInput): MeetingSummary[] {
  return ctx.sqlite
    .prepare(
      `${SUBTREE}
       SELECT ${SUMMARY_COLUMNS} FROM meetings mt JOIN grids g ON g.id = mt.grid_id
       WHERE (@gridId IS NULL OR mt.grid_id IN sub)
         AND (@from IS NULL OR mt.date >= @from) AND (@to IS NULL OR mt.date <= @to)
       ORDER BY mt.date DESC, mt.id DESC`,
    )
    .all({
      gridId: filter.gridId ?? null,
      from: filter.from ?? null,
      to: filter.to ?? null,
    }) as MeetingSummary[];
}

/** The linked problems with what the minutes print: 户主 (or 反映人 of a clue), date, status. */
function linkedProblems(ctx: ServiceContext, meetingId: number): MeetingProblem[] {
  return ctx.sqlite
    .prepare(
      `SELECT p.id, p.registered_date AS registeredDate, p.description, p.category, p.status,
              coalesce((SELECT m.name FROM members m WHERE m.household_id = p.household_id
                          AND m.relation = '本人' ORDER BY m.sort_order LIMIT 1),
                       p.person_name) AS headName,
              g.name AS gridName
       FROM meeting_problems mp
       JOIN problems p ON p.id = mp.problem_id
       JOIN grids g ON g.id = p.grid_id
       WHERE mp.meeting_id = ?
       ORDER BY p.registered_date, p.id`,
    )
    .all(meetingId) as MeetingProblem[];
}

export function getMeeting(ctx: ServiceContext, id: number): MeetingDetail {
  const row = ctx.sqlite
    .prepare(
      `SELECT ${SUMMARY_COLUMNS}, mt.topics, mt.decisions, mt.created_at AS createdAt,
              mt.updated_at AS updatedAt
       FROM meetings mt JOIN grids g ON g.id = mt.grid_id WHERE mt.id = ?`,
    )
    .get(id) as Omit<MeetingDetail, 'gridPath' | 'problems'> | undefined;
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的会商记录，可能已被删除`);
  return { ...row, gridPath: gridPath(ctx, row.gridId), problems: linkedProblems(ctx, id) };
}

/** What the audit trail keeps: the fields (free text masked) and the linked problem ids. */
function snapshot(detail: MeetingDetail) {
  return {
    gridId: detail.gridId,
    date: detail.date,
    place: detail.place,
    host: detail.host,
    attendees: maskSensitiveText(detail.attendees),
    topics: maskSensitiveText(detail.topics),
    decisions: maskSensitiveText(detail.decisions),
    recorder: detail.recorder,
    problemIds: detail.problems.map((p) => p.id),
  };
}

/**
 * Linked problems must exist, belong to the meeting's grid or a grid below it (a village's
 * meeting discusses its own problems, not a neighbour's), and be registered by the meeting
 * day (a meeting cannot discuss a problem reported after it).
 */
function assertProblems(ctx: ServiceContext, input: MeetingSaveInput, gridName: string): void {
  if (input.problemIds.length === 0) return;
  const found = ctx.sqlite
    .prepare(
      `${SUBTREE}
       SELECT p.id, p.registered_date AS registeredDate, p.grid_id IN sub AS inGrid
       FROM problems p WHERE p.id IN (SELECT value FROM json_each(@ids))`,
    )
    .all({ gridId: input.gridId, ids: JSON.stringify(input.problemIds) }) as {
    id: number;
    registeredDate: string;
    inGrid: number;
  }[];
  const byId = new Map(found.map((p) => [p.id, p]));
  const missing = input.problemIds.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new AppError('NOT_FOUND', `找不到编号为 ${missing.join('、')} 的问题，可能已被删除`, [
      { path: ['problemIds'], message: `问题 ${missing.join('、')} 已不存在` },
    ]);
  }
  const outside = found.filter((p) => !p.inGrid).map((p) => p.id);
  if (outside.length > 0) {
    throw fieldError(
      ['problemIds'],
      `问题 ${outside.join('、')} 不属于「${gridName}」，只能关联本网格（含下级网格）的问题`,
    );
  }
  const later = found.filter((p) => p.registeredDate > input.date);
  if (later.length > 0) {
    throw fieldError(
      ['problemIds'],
      `问题 ${later.map((p) => `${p.id}（${p.registeredDate} 登记）`).join('、')}登记在会商日期 ${input.date} 之后，不能关联`,
    );
  }
}

/** Create (no id) or update a meeting, replacing its linked problems. */
export function saveMeeting(ctx: ServiceContext, input: MeetingSaveInput): MeetingDetail {
  return inTransaction(ctx, () => {
    const before = input.id === undefined ? undefined : getMeeting(ctx, input.id);
    const grid = getGrid(ctx, input.gridId);
    // 月度会商 is held by the village (村两委) or a village-group grid (docs/domain.md §3).
    if (grid.level !== 'village' && grid.level !== 'group') {
      throw fieldError(
        ['gridId'],
        `会商记录要记在村级或村民小组网格下，「${grid.name}」是${GRID_LEVEL_LABELS[grid.level]}级网格`,
      );
    }
    if (grid.archivedAt && before?.gridId !== grid.id) {
      throw new AppError('CONFLICT', `网格「${grid.name}」已撤销，不能再记会商`);
    }
    assertNotFuture(ctx, input.date, '会商日期', ['date']);
    assertProblems(ctx, input, grid.name);

    const fields = {
      gridId: input.gridId,
      date: input.date,
      place: input.place,
      host: input.host,
      attendees: input.attendees,
      topics: input.topics,
      decisions: input.decisions,
      recorder: input.recorder,
    };
    let id: number;
    if (before) {
      id = before.id;
      ctx.db
        .update(meetings)
        .set({ ...fields, updatedAt: ctx.now().toISOString() })
        .where(eq(meetings.id, id))
        .run();
      ctx.db.delete(meetingProblems).where(eq(meetingProblems.meetingId, id)).run();
    } else {
      id = ctx.db.insert(meetings).values(fields).returning({ id: meetings.id }).get().id;
    }
    for (const problemId of input.problemIds) {
      ctx.db.insert(meetingProblems).values({ meetingId: id, problemId }).run();
    }
    const after = getMeeting(ctx, id);
    audit(ctx, {
      entity: 'meeting',
      entityId: id,
      action: before ? 'update' : 'create',
      before: before ? snapshot(before) : undefined,
      after: snapshot(after),
    });
    return after;
  });
}

/** Deletes the minutes and their links; the problems themselves stay in the ledger. */
export function deleteMeeting(ctx: ServiceContext, id: number): { id: number } {
  return inTransaction(ctx, () => {
    const before = getMeeting(ctx, id);
    ctx.db.delete(meetings).where(eq(meetings.id, id)).run();
    audit(ctx, { entity: 'meeting', entityId: id, action: 'delete', before: snapshot(before) });
    return { id };
  });
}

export async function exportMeeting(ctx: ServiceContext, id: number): Promise<FilePayload> {
  const meeting = getMeeting(ctx, id);
  const buffer = await meetingWorkbook(meeting);
  return {
    fileName: `月度会商记录-${meeting.gridName}-${meeting.date}.xlsx`,
    data: buffer,
  };
}
