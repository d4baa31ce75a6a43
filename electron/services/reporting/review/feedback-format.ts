import { z } from 'zod';
import { MAX_NOTE_CHARS } from '../../../api/review-contract';

/**
 * The 审核反馈包 (docs/domain.md §11): the 审核意见 a 乡镇汇总库 wrote on one village's records,
 * carried down to that village on a U盘 or by e-mail. A zip of exactly two entries:
 *
 *   manifest.json  what it is, from which township, for which village, how many notes and the
 *                  SHA-256 and size of notes.jsonl;
 *   notes.jsonl    one note a line, naming the record by the village's own id (source id).
 *
 * Shared by the township's writer and the village's reader, so both read the same rules.
 */

export const FEEDBACK_FORMAT = 'village-ledger/审核反馈包';
/** Bumped when the layout changes; a newer one is refused by an older app. */
export const FEEDBACK_FORMAT_VERSION = 1;

export const MANIFEST_ENTRY = 'manifest.json';
export const NOTES_ENTRY = 'notes.jsonl';

/** Bounds the reader applies before parsing (a package is hostile until proven). */
export const FEEDBACK_LIMITS = {
  maxManifestBytes: 64 * 1024,
  maxNotesBytes: 16 * 1024 * 1024,
  maxNotes: 20_000,
  /** One JSON line: a note of 500 字 is at most 1.5 KB of UTF-8, with its fields about 3 KB. */
  maxLineBytes: 16 * 1024,
} as const;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const feedbackManifestSchema = z.strictObject({
  format: z.literal(FEEDBACK_FORMAT),
  formatVersion: z.number().int().positive(),
  /** The township (or county) workspace that wrote the notes, by its name. */
  township: z.string().min(1).max(100),
  county: z.string().max(100),
  village: z.strictObject({
    /** villageKey() of the village (format.ts): the reader compares it with its own. */
    key: z.string().min(1).max(200),
    name: z.string().min(1).max(100),
  }),
  createdAt: z.iso.datetime(),
  count: z.number().int().nonnegative().max(FEEDBACK_LIMITS.maxNotes),
  notes: z.strictObject({
    name: z.literal(NOTES_ENTRY),
    bytes: z.number().int().nonnegative(),
    sha256,
  }),
});
export type FeedbackManifest = z.infer<typeof feedbackManifestSchema>;

export const feedbackNoteSchema = z.strictObject({
  /** The township's own id of the note: with the township's name, what makes it unique. */
  noteId: z.number().int().positive().safe(),
  entity: z.enum(['problem', 'household']),
  /** The village's own id of the record. */
  sourceId: z.number().int().positive().safe(),
  subject: z.string().max(200),
  note: z.string().min(1).max(MAX_NOTE_CHARS),
  author: z.string().min(1).max(100),
  /** The day the township wrote it. */
  notedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type FeedbackNote = z.infer<typeof feedbackNoteSchema>;

/** 审核反馈_<村>_<YYYYMMDD>.zip; the village's name made safe for every file system. */
export function feedbackFileName(villageName: string, day: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = villageName.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 60) || '村';
  return `审核反馈_${safe}_${day.replaceAll('-', '')}.zip`;
}

/** A Date's day in local time (YYYY-MM-DD): what a clerk calls the day a note was written. */
export function localDay(value: Date): string {
  return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
}
