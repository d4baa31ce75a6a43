import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';

/**
 * 审核意见 written in a township workspace on a village's problem or proposed household
 * (docs/domain.md §11). Keyed by the village and the village's own id of the record, so a note
 * survives the village's next package; `sent_at` is set when a 审核反馈包 carried it down.
 */
export const reviewNotes = sqliteTable(
  'review_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    villageKey: text('village_key').notNull(),
    /** 'problem' | 'household'. */
    entity: text('entity', { enum: ['problem', 'household'] }).notNull(),
    sourceId: integer('source_id').notNull(),
    /** What the record was when noted (户主 name, problem's category and date), for the list. */
    subject: text('subject').notNull().default(''),
    note: text('note').notNull(),
    author: text('author').notNull(),
    sentAt: text('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [index('review_notes_village_idx').on(t.villageKey, t.entity, t.sourceId)],
);

/** 审核意见 received by a village from its township's 审核反馈包, shown on the record. */
export const reviewFeedback = sqliteTable(
  'review_feedback',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The township that wrote it and its own note id: importing the same package twice adds nothing. */
    township: text('township').notNull(),
    noteId: integer('note_id').notNull(),
    entity: text('entity', { enum: ['problem', 'household'] }).notNull(),
    /** This village's record (the package named it by this database's own id). */
    recordId: integer('record_id').notNull(),
    subject: text('subject').notNull().default(''),
    note: text('note').notNull(),
    author: text('author').notNull(),
    notedAt: text('noted_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('review_feedback_note_unique').on(t.township, t.noteId),
    index('review_feedback_record_idx').on(t.entity, t.recordId),
  ],
);

export type ReviewNoteRow = typeof reviewNotes.$inferSelect;
export type ReviewFeedbackRow = typeof reviewFeedback.$inferSelect;
