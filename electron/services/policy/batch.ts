import type { CardJobStart } from '../../api/cards-types';
import { AppError } from '../../api/errors';
import type { PolicyScope } from '../../api/policy-schemas';
import type { FilePayload } from '../../api/roster-io-types';
import {
  getDocumentRow,
  inDocumentTransaction,
  readDocument,
  storeDocument,
} from '../../documents/store';
import { audit } from '../audit/audit';
import {
  batchFailure,
  CARD_DOCUMENT_KIND,
  cardFonts,
  checkBatchSize,
  drawInChunks,
  gridHouseholds,
} from '../cards/batch';
import { inPrintOrder } from '../cards/content';
import type { ServiceContext } from '../context';
import * as jobs from '../jobs/registry';
import type { JobControl } from '../jobs/registry';
import { PolicySource } from './content';
import { PolicySheets } from './layout';
import type { PolicySheetContent } from '../../api/policy-types';

/**
 * A batch of 申报政策明白纸 (docs/domain.md §9 「Publicity」) run exactly as a batch of household
 * cards (services/cards/batch.ts): a job of the one registry, of kind 'cards' — so jobs.status
 * and jobs.cancel follow it, and a restore waits for it as for any 明白纸 batch — with the
 * content read once at the start, drawn in chunks with a turn of the event loop between them,
 * and only a finished batch stored: the PDF as a document of kind 明白纸 (filed in the archive
 * like the cards) and one audit row, whose `householdIds` is the batch's list of households —
 * what 「已发放」 for the whole batch records (handouts.ts). A cancelled or failed batch leaves
 * nothing behind.
 */

/** The audit action that marks a document as a batch of policy sheets. */
export const POLICY_PRINT_ACTION = 'print_policy_sheets';

interface PolicyJobResult {
  documentId: number;
  message: string;
}

function resolveScope(ctx: ServiceContext, scope: PolicyScope): { ids: number[]; place: string } {
  const { ids, place } = scope.householdIds
    ? { ids: inPrintOrder(ctx, scope.householdIds), place: '选定农户' }
    : gridHouseholds(ctx, scope.gridId!);
  checkBatchSize(ids.length, '政策明白纸', '村');
  return { ids, place };
}

export function startPolicyJob(ctx: ServiceContext, input: { scope: PolicyScope }): CardJobStart {
  const { ids, place } = resolveScope(ctx, input.scope);
  const sheets = new PolicySource(ctx).contents(ids);
  const fonts = cardFonts(ctx);
  const { jobId } = jobs.start('cards', (job) => runJob(ctx, job, sheets, input.scope, place), {
    label: `打印申报政策明白纸（${place}，${sheets.length} 户）`,
    phase: '排版申报政策明白纸',
    message: (result: PolicyJobResult) => result.message,
    publicResult: (result: PolicyJobResult) => result,
    failure: batchFailure('policy.start', '申报政策明白纸'),
  });
  return { jobId, households: sheets.length };

  async function runJob(
    ctx: ServiceContext,
    job: JobControl,
    list: readonly PolicySheetContent[],
    scope: PolicyScope,
    where: string,
  ): Promise<PolicyJobResult> {
    const issueDate = list[0]!.issueDate;
    const title = `监测对象申报政策明白纸（${where}，${list.length} 户）`;
    const pdf = new PolicySheets(title, fonts);
    const buffer = await drawInChunks(job, list, pdf, () => pdf.sheets);
    const row = inDocumentTransaction(ctx, () => {
      const stored = storeDocument(ctx, {
        kind: CARD_DOCUMENT_KIND,
        title,
        docDate: issueDate,
        buffer,
        pages: pdf.sheets,
        fileName: `申报政策明白纸-${where}-${issueDate}.pdf`,
      });
      audit(ctx, {
        entity: 'document',
        entityId: stored.id,
        action: POLICY_PRINT_ACTION,
        after: {
          kind: CARD_DOCUMENT_KIND,
          title,
          scope: scope.householdIds ? { householdIds: scope.householdIds.length } : scope,
          householdIds: list.map((s) => s.householdId),
          households: list.length,
          pages: stored.pages,
          file: stored.file,
          sha256: stored.sha256,
        },
      });
      return stored;
    });
    const smaller =
      pdf.reducedType > 0 ? `；其中 ${pdf.reducedType} 户联系人较多，字号略小以放进一页` : '';
    return {
      documentId: row.id,
      message: `已生成 ${list.length} 户的申报政策明白纸，共 ${row.pages} 页${smaller}`,
    };
  }
}

/** One household's sheet as a PDF to look at before printing; nothing is stored or recorded. */
export async function previewPolicySheet(
  ctx: ServiceContext,
  householdId: number,
): Promise<FilePayload> {
  const sheet = new PolicySource(ctx).contents([householdId])[0]!;
  const pdf = new PolicySheets(`监测对象申报政策明白纸（${sheet.head || '预览'}）`, cardFonts(ctx));
  pdf.add(sheet);
  return {
    fileName: `申报政策明白纸预览-${sheet.head || householdId}.pdf`,
    data: await pdf.finish(),
  };
}

/** The households a printed batch holds (from its print record); NOT_FOUND if not a batch. */
export function batchHouseholds(ctx: ServiceContext, documentId: number): number[] {
  const row = ctx.sqlite
    .prepare(
      `SELECT after FROM audit_log WHERE entity = 'document' AND entity_id = ? AND action = ?
       ORDER BY id LIMIT 1`,
    )
    .get(String(documentId), POLICY_PRINT_ACTION) as { after: string | null } | undefined;
  if (!row?.after) {
    throw new AppError('NOT_FOUND', `编号为 ${documentId} 的文件不是申报政策明白纸`);
  }
  const ids = (JSON.parse(row.after) as { householdIds?: unknown }).householdIds;
  return Array.isArray(ids) ? ids.filter((v): v is number => Number.isInteger(v)) : [];
}

/** A printed batch's PDF exactly as stored (its SHA-256 checked by readDocument). */
export function policyPdf(ctx: ServiceContext, documentId: number): FilePayload {
  batchHouseholds(ctx, documentId);
  getDocumentRow(ctx, documentId);
  return readDocument(ctx, documentId);
}
