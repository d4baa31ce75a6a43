import crypto from 'node:crypto';
import { AppError } from '../../../api/errors';
import type { FilePayload } from '../../../api/roster-io-types';
import { audit } from '../../audit/audit';
import { inTransaction, type ServiceContext } from '../../context';
import { zipInMemory } from '../package/zip';
import { assertRollUp, workspaceOf } from '../workspace';
import {
  FEEDBACK_FORMAT,
  FEEDBACK_FORMAT_VERSION,
  feedbackFileName,
  type FeedbackManifest,
  type FeedbackNote,
  localDay,
  MANIFEST_ENTRY,
  NOTES_ENTRY,
} from './feedback-format';

/**
 * The 审核反馈包 of one village (docs/domain.md §11): every note the township wrote on the
 * village's records, sent before or not (the village keeps each note once however often it
 * comes, so a package lost on the way is simply made again), and the notes not sent before are
 * marked sent in the same transaction that reads them: a note is never marked sent without
 * being in the package handed back, nor written after the package was read.
 */
export function feedbackPackage(ctx: ServiceContext, input: { villageKey: string }): FilePayload {
  assertRollUp(ctx, '生成审核反馈包');
  const ws = workspaceOf(ctx);
  return inTransaction(ctx, () => {
    const village = ctx.sqlite
      .prepare('SELECT village_name AS name FROM report_villages WHERE village_key = ?')
      .get(input.villageKey) as { name: string } | undefined;
    if (!village) {
      throw new AppError('NOT_FOUND', '本汇总库没有这个村的上报包，无法生成审核反馈包。');
    }
    const rows = ctx.sqlite
      .prepare(
        `SELECT id, entity, source_id AS sourceId, subject, note, author, created_at AS createdAt,
                sent_at AS sentAt
           FROM review_notes WHERE village_key = ? ORDER BY id`,
      )
      .all(input.villageKey) as {
      id: number;
      entity: 'problem' | 'household';
      sourceId: number;
      subject: string;
      note: string;
      author: string;
      createdAt: string;
      sentAt: string | null;
    }[];
    if (rows.length === 0) {
      throw new AppError(
        'CONFLICT',
        `${village.name}还没有审核意见，无需生成审核反馈包。请先在问题或农户上填写审核意见。`,
      );
    }
    const notes = rows.map((row): FeedbackNote => ({
      noteId: row.id,
      entity: row.entity,
      sourceId: row.sourceId,
      subject: row.subject,
      note: row.note,
      author: row.author,
      notedAt: localDay(new Date(row.createdAt)),
    }));
    const notesBytes = Buffer.from(notes.map((n) => `${JSON.stringify(n)}\n`).join(''), 'utf8');
    const now = ctx.now();
    const manifest: FeedbackManifest = {
      format: FEEDBACK_FORMAT,
      formatVersion: FEEDBACK_FORMAT_VERSION,
      township: ws.name,
      county: ws.county,
      village: { key: input.villageKey, name: village.name },
      createdAt: now.toISOString(),
      count: notes.length,
      notes: {
        name: NOTES_ENTRY,
        bytes: notesBytes.length,
        sha256: crypto.createHash('sha256').update(notesBytes).digest('hex'),
      },
    };
    const data = new Uint8Array(
      zipInMemory(
        [
          { name: MANIFEST_ENTRY, data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
          { name: NOTES_ENTRY, data: notesBytes },
        ],
        now,
      ),
    );
    const fileName = feedbackFileName(village.name, localDay(now));
    const unsent = rows.filter((row) => row.sentAt === null).length;
    ctx.sqlite
      .prepare('UPDATE review_notes SET sent_at = ? WHERE village_key = ? AND sent_at IS NULL')
      .run(now.toISOString(), input.villageKey);
    audit(ctx, {
      entity: 'review_note',
      entityId: village.name,
      action: 'export',
      after: { village: village.name, fileName, notes: notes.length, newlySent: unsent },
    });
    return { fileName, data };
  });
}
