import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../api/errors';
import type { FeedbackImportResult, ReceivedNote, ReviewEntity } from '../../../api/review-types';
import { audit } from '../../audit/audit';
import { inTransaction, type ServiceContext } from '../../context';
import { ZipReader, type ZipEntry } from '../../archive/zip-reader';
import { villageKey } from '../format';
import { assertVillageDatabase } from '../workspace';
import {
  FEEDBACK_FORMAT,
  FEEDBACK_FORMAT_VERSION,
  FEEDBACK_LIMITS,
  feedbackManifestSchema,
  type FeedbackManifest,
  type FeedbackNote,
  feedbackNoteSchema,
  MANIFEST_ENTRY,
  NOTES_ENTRY,
} from './feedback-format';
import { ENTITY_WORDS } from './notes';

/**
 * The village reads its township's 审核反馈包 (docs/domain.md §11). The file is hostile until
 * proven: read through ZipReader (no entry outside the package, CRC and sizes checked), exactly
 * the two expected entries within their bounds, the manifest valid, notes.jsonl's SHA-256 and
 * size as the manifest says, every line valid, the count right, and the package addressed to
 * this village. Only then one transaction keeps each note once (township + its note id), so the
 * same package twice adds nothing; a note on a record this village does not have is listed,
 * never fatal and never kept.
 */

export interface ThisVillage {
  key: string;
  name: string;
}

/** The villages of this database by villageKey() (format.ts), as its 上报包 names them. */
export function thisVillages(ctx: ServiceContext): ThisVillage[] {
  // The township and county are the nearest ancestors of those levels, as the writer finds them.
  const rows = ctx.sqlite
    .prepare(
      `WITH RECURSIVE up(village, id, depth) AS (
         SELECT id, parent_id, 0 FROM grids WHERE level = 'village' AND archived_at IS NULL
         UNION ALL
         SELECT up.village, g.parent_id, up.depth + 1 FROM up JOIN grids g ON g.id = up.id
          WHERE up.depth < 32
       )
       SELECT v.name, COALESCE(v.code, '') AS code,
              COALESCE((SELECT g.name FROM up JOIN grids g ON g.id = up.id
                         WHERE up.village = v.id AND g.level = 'township'
                         ORDER BY up.depth LIMIT 1), '') AS township,
              COALESCE((SELECT g.name FROM up JOIN grids g ON g.id = up.id
                         WHERE up.village = v.id AND g.level = 'county'
                         ORDER BY up.depth LIMIT 1), '') AS county
         FROM grids v
        WHERE v.level = 'village' AND v.archived_at IS NULL
        ORDER BY v.id`,
    )
    .all() as { name: string; code: string; township: string; county: string }[];
  return rows.map((row) => ({ key: villageKey(row), name: row.name }));
}

const refuse = (fileName: string, why: string) =>
  new AppError('VALIDATION', `「${fileName}」未导入：${why}`);

/** A bare file name to show and to name the temporary copy by (never a path). */
function displayName(fileName: string): string {
  const base = path
    .basename(fileName.replaceAll('\\', '/'))
    // Control characters have no place in a file name shown to a clerk.
    // eslint-disable-next-line no-control-regex
    .replace(/[:*?"<>|\u0000-\u001f]/g, '_');
  return base || '审核反馈包.zip';
}

interface ReadPackage {
  manifest: FeedbackManifest;
  notes: FeedbackNote[];
}

async function readPackage(
  ctx: ServiceContext,
  fileName: string,
  data: Buffer,
): Promise<ReadPackage> {
  const tmp = path.join(ctx.dataDir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  const work = fs.mkdtempSync(path.join(tmp, 'feedback-'));
  // The clerk's file name, so ZipReader's own refusals name it; a short one if it is too long.
  const file = path.join(work, Buffer.byteLength(fileName) <= 200 ? fileName : '审核反馈包.zip');
  try {
    fs.writeFileSync(file, data);
    const zip = await ZipReader.open(file);
    try {
      return await readEntries(zip, fileName);
    } finally {
      await zip.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function readEntries(zip: ZipReader, fileName: string): Promise<ReadPackage> {
  const expected = [MANIFEST_ENTRY, NOTES_ENTRY];
  const other = zip.entries.find((e) => e.directory || !expected.includes(e.name));
  if (other) {
    throw refuse(
      fileName,
      `这不是审核反馈包：包里只应有 ${expected.join(' 和 ')}，却有「${other.name}」。`,
    );
  }
  const entry = (name: string): ZipEntry => {
    const found = zip.entries.find((e) => e.name === name);
    if (!found) throw refuse(fileName, `这不是审核反馈包：缺少 ${name}。`);
    return found;
  };
  const manifestEntry = entry(MANIFEST_ENTRY);
  const notesEntry = entry(NOTES_ENTRY);
  if (manifestEntry.size > FEEDBACK_LIMITS.maxManifestBytes) {
    throw refuse(fileName, `${MANIFEST_ENTRY} 过大，不是审核反馈包。`);
  }
  if (notesEntry.size > FEEDBACK_LIMITS.maxNotesBytes) {
    throw refuse(fileName, `${NOTES_ENTRY} 过大（超过 16 MB），不是审核反馈包。`);
  }

  let raw: unknown;
  try {
    raw = JSON.parse((await zip.buffer(manifestEntry)).toString('utf8'));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw refuse(fileName, `${MANIFEST_ENTRY} 不是有效的 JSON，文件可能已损坏。`);
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== FEEDBACK_FORMAT) {
    throw refuse(
      fileName,
      format === 'village-ledger/上报包'
        ? '这是村的上报包，不是审核反馈包（上报包在乡镇汇总库中导入）。'
        : '这不是审核反馈包。',
    );
  }
  const version = (raw as { formatVersion?: unknown }).formatVersion;
  if (typeof version === 'number' && version > FEEDBACK_FORMAT_VERSION) {
    throw refuse(fileName, '审核反馈包由更新版本的程序生成，请先升级本程序。');
  }
  const parsed = feedbackManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw refuse(
      fileName,
      `${MANIFEST_ENTRY} 的内容不对（${issue?.path.join('.') || '整体'}），文件可能已损坏或被改动。`,
    );
  }
  const manifest = parsed.data;

  const notesBytes = await zip.buffer(notesEntry);
  const hash = crypto.createHash('sha256').update(notesBytes).digest('hex');
  if (notesBytes.length !== manifest.notes.bytes || hash !== manifest.notes.sha256) {
    throw refuse(
      fileName,
      `${NOTES_ENTRY} 与清单记录的大小或校验值（SHA-256）不符，文件可能被改动或损坏。未导入任何意见，请让乡镇重新生成。`,
    );
  }
  return { manifest, notes: parseNotes(fileName, notesBytes, manifest.count) };
}

function parseNotes(fileName: string, bytes: Buffer, count: number): FeedbackNote[] {
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== count) {
    throw refuse(fileName, `清单说有 ${count} 条意见，${NOTES_ENTRY} 里却有 ${lines.length} 行。`);
  }
  const notes: FeedbackNote[] = [];
  const seen = new Set<number>();
  lines.forEach((line, index) => {
    const bad = (why: string) => refuse(fileName, `${NOTES_ENTRY} 第 ${index + 1} 行${why}。`);
    if (Buffer.byteLength(line, 'utf8') > FEEDBACK_LIMITS.maxLineBytes) throw bad('过长');
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw bad('不是有效的 JSON');
    }
    const parsed = feedbackNoteSchema.safeParse(value);
    if (!parsed.success) {
      throw bad(`的内容不对（${parsed.error.issues[0]?.path.join('.') || '整行'}）`);
    }
    if (seen.has(parsed.data.noteId)) throw bad('重复了前面的意见');
    seen.add(parsed.data.noteId);
    notes.push(parsed.data);
  });
  return notes;
}

export async function importFeedback(
  ctx: ServiceContext,
  input: { fileName: string; data: Buffer },
): Promise<FeedbackImportResult> {
  assertVillageDatabase(ctx, '导入审核反馈包');
  const fileName = displayName(input.fileName);
  const { manifest, notes } = await readPackage(ctx, fileName, input.data);

  const villages = thisVillages(ctx);
  const mine = villages.find((v) => v.key === manifest.village.key);
  if (!mine) {
    const here = villages.map((v) => v.name).join('、') || '（尚未建立村）';
    throw refuse(
      fileName,
      `这是${manifest.township}发给「${manifest.village.name}」的审核反馈包，本库是「${here}」的台账，不能导入其他村的审核意见。`,
    );
  }

  return inTransaction(ctx, () => {
    const exists = {
      problem: ctx.sqlite.prepare('SELECT 1 FROM problems WHERE id = ?').pluck(),
      household: ctx.sqlite.prepare('SELECT 1 FROM households WHERE id = ?').pluck(),
    };
    const insert = ctx.sqlite.prepare(
      `INSERT INTO review_feedback
         (township, note_id, entity, record_id, subject, note, author, noted_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (township, note_id) DO NOTHING`,
    );
    const receivedAt = ctx.now().toISOString();
    let added = 0;
    let already = 0;
    const missing: FeedbackImportResult['missing'] = [];
    for (const n of notes) {
      if (exists[n.entity].get(n.sourceId) === undefined) {
        missing.push({ entity: n.entity, recordId: n.sourceId, subject: n.subject });
        continue;
      }
      const { changes } = insert.run(
        manifest.township,
        n.noteId,
        n.entity,
        n.sourceId,
        n.subject,
        n.note,
        n.author,
        n.notedAt,
        receivedAt,
      );
      if (changes > 0) added++;
      else already++;
    }
    const message = summary(manifest.township, added, already, missing);
    audit(ctx, {
      entity: 'review_feedback',
      entityId: manifest.township,
      action: 'import',
      after: {
        fileName,
        township: manifest.township,
        village: mine.name,
        added,
        already,
        missing: missing.length,
      },
    });
    return {
      township: manifest.township,
      villageName: mine.name,
      total: notes.length,
      added,
      already,
      missing,
      message,
    };
  });
}

function summary(
  township: string,
  added: number,
  already: number,
  missing: FeedbackImportResult['missing'],
): string {
  const lost =
    missing.length > 0
      ? `；${missing.length} 条意见所指的记录本村找不到（可能已删除）：${missing
          .slice(0, 5)
          .map((m) => `${ENTITY_WORDS[m.entity]}「${m.subject || m.recordId}」`)
          .join('、')}${missing.length > 5 ? ' 等' : ''}`
      : '';
  if (added === 0 && missing.length === 0) return '已导入过，无新意见。';
  if (added === 0) return `没有新的审核意见${lost}。`;
  return `已导入${township}的审核意见 ${added} 条${already > 0 ? `（另有 ${already} 条已导入过）` : ''}${lost}。`;
}

interface ReceivedRow {
  id: number;
  township: string;
  entity: ReviewEntity;
  recordId: number;
  subject: string;
  note: string;
  author: string;
  notedAt: string;
  receivedAt: string;
}

const RECEIVED_SELECT = `
  SELECT id, township, entity, record_id AS recordId, subject, note, author, noted_at AS notedAt,
         created_at AS receivedAt
    FROM review_feedback`;

/** The township's notes received on one record of this village. */
export function receivedNotes(
  ctx: ServiceContext,
  input: { entity: ReviewEntity; recordId: number },
): ReceivedNote[] {
  return ctx.sqlite
    .prepare(`${RECEIVED_SELECT} WHERE entity = ? AND record_id = ? ORDER BY noted_at, id`)
    .all(input.entity, input.recordId) as ReceivedRow[];
}

/** Every note received, newest first. */
export function allReceivedNotes(ctx: ServiceContext): ReceivedNote[] {
  return ctx.sqlite
    .prepare(`${RECEIVED_SELECT} ORDER BY created_at DESC, id DESC`)
    .all() as ReceivedRow[];
}
