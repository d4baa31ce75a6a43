import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { AppError } from '../../../api/errors';
import type { FilePayload } from '../../../api/roster-io-types';
import { audit } from '../../audit/audit';
import { inTransaction, type ServiceContext } from '../../context';
import {
  centralRecord,
  endRecord,
  localHeader,
  METHOD_DEFLATE,
  METHOD_STORE,
  type DosStamp,
  type ZipEntryRecord,
} from '../../files/zip-records';
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
    const data = zipInMemory(
      [
        { name: MANIFEST_ENTRY, data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
        { name: NOTES_ENTRY, data: notesBytes },
      ],
      now,
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

/** MS-DOS date and time of the local clock (what every unzip shows), 2-second steps. */
function dosStamp(date: Date): DosStamp {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/**
 * A small zip built in memory, synchronously, so it is made inside the transaction that marks
 * its notes sent (better-sqlite3 transactions cannot await). A 审核反馈包 is a few KB.
 */
export function zipInMemory(files: { name: string; data: Buffer }[], modified: Date): Uint8Array {
  const stamp = dosStamp(modified);
  const parts: Buffer[] = [];
  const records: ZipEntryRecord[] = [];
  let offset = 0;
  for (const file of files) {
    const deflated = zlib.deflateRawSync(file.data, { level: 6 });
    const stored = deflated.length >= file.data.length;
    const body = stored ? file.data : deflated;
    const record: ZipEntryRecord = {
      name: Buffer.from(file.name, 'utf8'),
      method: stored ? METHOD_STORE : METHOD_DEFLATE,
      crc: zlib.crc32(file.data),
      compressedSize: body.length,
      size: file.data.length,
      offset,
    };
    const header = localHeader(record, stamp);
    parts.push(header, body);
    records.push(record);
    offset += header.length + body.length;
  }
  const directory = records.map((record) => centralRecord(record, stamp));
  const directorySize = directory.reduce((sum, b) => sum + b.length, 0);
  parts.push(...directory, endRecord(records.length, directorySize, offset));
  return new Uint8Array(Buffer.concat(parts));
}
