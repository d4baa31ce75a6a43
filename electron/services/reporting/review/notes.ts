import { eq } from 'drizzle-orm';
import { reviewNotes } from '../../../../db/schema';
import { AppError } from '../../../api/errors';
import type { ReviewEntity, ReviewNote, ReviewVillage } from '../../../api/review-types';
import { audit } from '../../audit/audit';
import { inTransaction, type ServiceContext } from '../../context';
import { assertRollUp } from '../workspace';
import { localDay } from './feedback-format';

/**
 * 审核意见 in a 乡镇汇总库 (docs/domain.md §11): the township cannot change what a village
 * recorded, but can write a note on a problem or a proposed household. A note names the record
 * by the village (its key) and the village's own id of it (report_ids), never by this
 * workspace's id: a newer package of the village gives its records new ids here, and the note
 * shows again on the re-imported record. The subject keeps what the record was (户主's name,
 * the problem's category and date) — never an ID number.
 */

export const ENTITY_WORDS: Record<ReviewEntity, string> = { problem: '问题', household: '农户' };

const WHAT = '填写审核意见';

interface RecordRef {
  villageKey: string;
  villageName: string;
  sourceId: number;
}

/** The village and the village's own id of a record loaded in this workspace. */
function recordRef(ctx: ServiceContext, entity: ReviewEntity, localId: number): RecordRef | null {
  const row = ctx.sqlite
    .prepare(
      `SELECT rv.village_key AS villageKey, rv.village_name AS villageName, ri.source_id AS sourceId
         FROM report_ids ri JOIN report_villages rv ON rv.id = ri.village_id
        WHERE ri.entity = ? AND ri.local_id = ?
        LIMIT 1`,
    )
    .get(entity, localId) as RecordRef | undefined;
  return row ?? null;
}

const HEAD_NAME = `(SELECT m.name FROM members m WHERE m.household_id = %s AND m.relation = '本人' LIMIT 1)`;

/** What the record is, in words a clerk recognizes: never an ID number. */
function subjectOf(ctx: ServiceContext, entity: ReviewEntity, localId: number): string | null {
  if (entity === 'problem') {
    const row = ctx.sqlite
      .prepare(
        `SELECT p.category, p.registered_date AS date, p.person_name AS personName,
                ${HEAD_NAME.replace('%s', 'p.household_id')} AS headName
           FROM problems p WHERE p.id = ?`,
      )
      .get(localId) as
      { category: string; date: string; personName: string; headName: string | null } | undefined;
    if (!row) return null;
    const who = row.headName ?? row.personName;
    return [row.category, row.date, who].filter(Boolean).join(' · ');
  }
  const row = ctx.sqlite
    .prepare(
      `SELECT h.id, ${HEAD_NAME.replace('%s', 'h.id')} AS headName,
              EXISTS (SELECT 1 FROM problems p WHERE p.household_id = h.id) AS hasProblem,
              EXISTS (SELECT 1 FROM problems p WHERE p.household_id = h.id
                        AND p.proposal IS NOT NULL AND p.decision IS NULL) AS proposed
         FROM households h WHERE h.id = ?`,
    )
    .get(localId) as
    { id: number; headName: string | null; hasProblem: number; proposed: number } | undefined;
  if (!row) return null;
  // §11: a note goes on a problem or on a proposed household (拟纳入 / 拟消除 not yet decided);
  // a household with a problem may be noted too, since its problems are what is reviewed.
  if (!row.proposed && !row.hasProblem) {
    throw new AppError(
      'CONFLICT',
      `只能对有问题登记或拟纳入、拟消除的农户填写审核意见：「${row.headName ?? '该户'}」户没有。`,
    );
  }
  return `${row.headName ?? '（未填户主）'}户`;
}

interface NoteRow {
  id: number;
  villageKey: string;
  villageName: string | null;
  entity: ReviewEntity;
  sourceId: number;
  localId: number | null;
  subject: string;
  note: string;
  author: string;
  createdAt: string;
  sentAt: string | null;
}

/** Every note with its village's name and the record's id in this workspace now. */
const NOTE_SELECT = `
  SELECT n.id, n.village_key AS villageKey, rv.village_name AS villageName, n.entity,
         n.source_id AS sourceId,
         (SELECT ri.local_id FROM report_ids ri
           WHERE ri.village_id = rv.id AND ri.entity = n.entity AND ri.source_id = n.source_id)
           AS localId,
         n.subject, n.note, n.author, n.created_at AS createdAt, n.sent_at AS sentAt
    FROM review_notes n LEFT JOIN report_villages rv ON rv.village_key = n.village_key`;

const toNote = (row: NoteRow): ReviewNote => ({ ...row, villageName: row.villageName ?? '' });

export function noteById(ctx: ServiceContext, id: number): ReviewNote | null {
  const row = ctx.sqlite.prepare(`${NOTE_SELECT} WHERE n.id = ?`).get(id) as NoteRow | undefined;
  return row ? toNote(row) : null;
}

export function addReviewNote(
  ctx: ServiceContext,
  input: { entity: ReviewEntity; localId: number; note: string },
): ReviewNote {
  assertRollUp(ctx, WHAT);
  return inTransaction(ctx, () => {
    const ref = recordRef(ctx, input.entity, input.localId);
    const subject = ref && subjectOf(ctx, input.entity, input.localId);
    if (!ref || subject === null) {
      throw new AppError(
        'NOT_FOUND',
        `找不到这条${ENTITY_WORDS[input.entity]}记录：它不是哪个村上报包里的记录，或已被更新的上报包替换，请刷新后再试。`,
      );
    }
    const row = ctx.db
      .insert(reviewNotes)
      .values({
        villageKey: ref.villageKey,
        entity: input.entity,
        sourceId: ref.sourceId,
        subject,
        note: input.note,
        author: ctx.operator,
        createdAt: ctx.now().toISOString(),
      })
      .returning({ id: reviewNotes.id })
      .get();
    audit(ctx, {
      entity: 'review_note',
      entityId: row.id,
      action: 'create',
      after: {
        village: ref.villageName,
        record: ENTITY_WORDS[input.entity],
        subject,
        note: input.note,
        author: ctx.operator,
      },
    });
    return noteById(ctx, row.id)!;
  });
}

export function listReviewNotes(ctx: ServiceContext, input: { villageKey?: string }): ReviewNote[] {
  assertRollUp(ctx, '审核意见');
  const rows = (
    input.villageKey
      ? ctx.sqlite
          .prepare(`${NOTE_SELECT} WHERE n.village_key = ? ORDER BY n.id DESC`)
          .all(input.villageKey)
      : ctx.sqlite.prepare(`${NOTE_SELECT} ORDER BY rv.village_name, n.id DESC`).all()
  ) as NoteRow[];
  return rows.map(toNote);
}

/** The notes on one record of a loaded village (by this workspace's id of it). */
export function notesForRecord(
  ctx: ServiceContext,
  input: { entity: ReviewEntity; localId: number },
): ReviewNote[] {
  assertRollUp(ctx, '审核意见');
  const ref = recordRef(ctx, input.entity, input.localId);
  if (!ref) return [];
  const rows = ctx.sqlite
    .prepare(
      `${NOTE_SELECT} WHERE n.village_key = ? AND n.entity = ? AND n.source_id = ? ORDER BY n.id`,
    )
    .all(ref.villageKey, input.entity, ref.sourceId) as NoteRow[];
  return rows.map(toNote);
}

/**
 * The villages loaded now and any village that still has notes (a village whose package was
 * never reloaded keeps its notes), with counts.
 */
export function reviewVillages(ctx: ServiceContext): ReviewVillage[] {
  assertRollUp(ctx, '审核意见');
  return ctx.sqlite
    .prepare(
      `SELECT k.villageKey,
              COALESCE((SELECT village_name FROM report_villages WHERE village_key = k.villageKey), '') AS villageName,
              (SELECT count(*) FROM review_notes n WHERE n.village_key = k.villageKey) AS total,
              (SELECT count(*) FROM review_notes n WHERE n.village_key = k.villageKey AND n.sent_at IS NULL) AS unsent
         FROM (SELECT village_key AS villageKey FROM report_villages
               UNION SELECT village_key FROM review_notes) k
        ORDER BY villageName, k.villageKey`,
    )
    .all() as ReviewVillage[];
}

/** Deletes a note not yet carried down (one that went down is the village's now). */
export function deleteReviewNote(ctx: ServiceContext, id: number): { id: number } {
  assertRollUp(ctx, '删除审核意见');
  return inTransaction(ctx, () => {
    const note = noteById(ctx, id);
    if (!note) throw new AppError('NOT_FOUND', '找不到这条审核意见，可能已被删除。');
    if (note.sentAt) {
      throw new AppError(
        'CONFLICT',
        `这条审核意见已在 ${localDay(new Date(note.sentAt))} 随审核反馈包发给${note.villageName || '村'}，不能删除。`,
      );
    }
    ctx.db.delete(reviewNotes).where(eq(reviewNotes.id, id)).run();
    audit(ctx, {
      entity: 'review_note',
      entityId: id,
      action: 'delete',
      before: {
        village: note.villageName,
        record: ENTITY_WORDS[note.entity],
        subject: note.subject,
        note: note.note,
        author: note.author,
      },
    });
    return { id };
  });
}
