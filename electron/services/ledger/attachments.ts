import crypto from 'node:crypto';
import fs from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { problemAttachments, problemSteps } from '../../../db/schema';
import { AppError } from '../../api/errors';
import { MAX_ATTACHMENT_BYTES } from '../../api/ledger-enums';
import type { AttachmentAddInput } from '../../api/ledger-schemas';
import type { ProblemDetail } from '../../api/ledger-types';
import type { FilePayload } from '../../api/roster-io-types';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import {
  ATTACHMENT_DIR,
  attachmentFile,
  displayName,
  removeAttachmentFile,
  sniffType,
} from './attachment-files';
import { getProblem, getProblemRow } from './problems';
import { vaultOf } from '../../documents/vault';
import { asBuffer } from '../files/bytes';

/**
 * 附件 (scans and photos of a problem's papers). The file is written to
 * <data>/attachments/problem-<id>-<random>.<type> — a name the service chooses, so the
 * clerk's file name is never used as a path — first under a temporary name, then renamed
 * (a crash leaves no half-written attachment), then recorded with its SHA-256 in the same
 * transaction as its audit row. If the transaction fails, the new file is removed again.
 */
export function addAttachment(ctx: ServiceContext, input: AttachmentAddInput): ProblemDetail {
  const bytes = asBuffer(input.data);
  if (bytes.length === 0) throw new AppError('VALIDATION', '附件是空的');
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError('VALIDATION', '附件不能超过 10 MB');
  const type = sniffType(bytes);
  if (!type) {
    throw new AppError('VALIDATION', '附件只能是 PDF、JPG 或 PNG 文件（按文件内容判断）');
  }
  const problem = getProblemRow(ctx, input.problemId);
  const stepId = input.stepId ?? null;
  if (stepId !== null) {
    const step = ctx.db
      .select({ id: problemSteps.id })
      .from(problemSteps)
      .where(and(eq(problemSteps.id, stepId), eq(problemSteps.problemId, problem.id)))
      .get();
    if (!step) throw new AppError('NOT_FOUND', `这个问题没有编号为 ${stepId} 的办理环节`);
  }
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const duplicate = ctx.db
    .select({ name: problemAttachments.originalName })
    .from(problemAttachments)
    .where(and(eq(problemAttachments.problemId, problem.id), eq(problemAttachments.sha256, sha256)))
    .get();
  if (duplicate) {
    throw new AppError('CONFLICT', `同样内容的附件「${duplicate.name}」已经添加过`);
  }
  const fileName = displayName(input.fileName, type);
  // A random part as well as the id: two attachments never share a file, so removing one
  // can never take another's file with it.
  const relative = `${ATTACHMENT_DIR}/problem-${problem.id}-${crypto.randomUUID()}.${type}`;
  const target = attachmentFile(ctx, relative)!;
  vaultOf(ctx).write(target, bytes);
  try {
    return inTransaction(ctx, () => {
      const row = ctx.db
        .insert(problemAttachments)
        .values({
          problemId: problem.id,
          stepId,
          originalName: fileName,
          storedFile: relative,
          sha256,
          size: bytes.length,
        })
        .returning()
        .get();
      audit(ctx, {
        entity: 'problem_attachment',
        entityId: row.id,
        action: 'create',
        after: {
          problemId: problem.id,
          stepId,
          fileName,
          storedFile: relative,
          sha256,
          size: row.size,
        },
      });
      return getProblem(ctx, problem.id);
    });
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw error;
  }
}

function getAttachmentRow(ctx: ServiceContext, id: number) {
  const row = ctx.db.select().from(problemAttachments).where(eq(problemAttachments.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的附件，可能已被删除`);
  return row;
}

/**
 * Removes an attachment: the row (with an audit row keeping its name and SHA-256), then,
 * once that is committed, the file. Deleting the file is the choice here: nothing refers to
 * it any more, and a scan of a household's papers (ID cards, medical bills) should not stay
 * on the office PC where no screen shows it (docs/domain.md §7). A clerk who removed the wrong
 * file adds it again.
 */
export function removeAttachment(ctx: ServiceContext, id: number): ProblemDetail {
  const { problemId, storedFile } = inTransaction(ctx, () => {
    const row = getAttachmentRow(ctx, id);
    ctx.db.delete(problemAttachments).where(eq(problemAttachments.id, id)).run();
    audit(ctx, {
      entity: 'problem_attachment',
      entityId: id,
      action: 'delete',
      before: {
        problemId: row.problemId,
        stepId: row.stepId,
        fileName: row.originalName,
        storedFile: row.storedFile,
        sha256: row.sha256,
        size: row.size,
      },
    });
    return row;
  });
  removeAttachmentFile(ctx, storedFile);
  return getProblem(ctx, problemId);
}

/**
 * The attachment's file for download or display, after checking it against the SHA-256
 * taken when it was added: a changed or missing file is reported, never handed out as if
 * it were the original.
 */
export function attachmentPayload(ctx: ServiceContext, id: number): FilePayload {
  const row = getAttachmentRow(ctx, id);
  const file = attachmentFile(ctx, row.storedFile);
  if (!file) throw new AppError('CONFLICT', `附件「${row.originalName}」的存放位置不对，无法打开`);
  let bytes: Buffer;
  try {
    bytes = vaultOf(ctx).read(file);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      'NOT_FOUND',
      `附件「${row.originalName}」的文件不在数据文件夹中（${row.storedFile}），可能已被移走`,
    );
  }
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== row.sha256) {
    throw new AppError(
      'CONFLICT',
      `附件「${row.originalName}」的文件已被改动（校验值与登记时不一致），请核实后重新添加`,
    );
  }
  return { fileName: row.originalName, data: bytes };
}
