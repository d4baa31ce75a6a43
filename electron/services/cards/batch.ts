import { MAX_CARDS_PER_BATCH, type CardScope } from '../../api/cards-schemas';
import type { CardContent, CardJobStart, CardJobStatus, CardLayout } from '../../api/cards-types';
import { AppError } from '../../api/errors';
import { resolvePrintFonts, type PrintFonts } from '../../documents/pdf/fonts';
import { inDocumentTransaction, storeDocument } from '../../documents/store';
import { audit } from '../audit/audit';
import type { ServiceContext } from '../context';
import type { JobStatus } from '../../api/jobs-types';
import * as jobs from '../jobs/registry';
import type { JobControl } from '../jobs/registry';
import { getGrid } from '../grids/grids';
import { getSettings } from '../settings/settings';
import { changedCards } from './changed';
import { CardSource, householdsInGrid, inPrintOrder } from './content';
import { cardHash } from './hash';
import { CardSheets } from './layout';
import { log } from '../log/logger';

/**
 * A batch of 明白纸 as a background job of the one registry (services/jobs/registry.ts: start →
 * jobId, status with progress, cancel; kind 'cards'): the cards' content is read at the start (one consistent snapshot, and the
 * hash recorded is the content printed), then drawn in chunks with a turn of the event loop
 * between them, so `cards.status` answers and `cards.cancel` takes effect while a township's
 * cards are drawn. Only a finished batch is recorded: the PDF as a document (kind 明白纸) and
 * each household's card hash in card_prints, in one transaction. A cancelled or failed batch
 * leaves nothing behind.
 */

export const CARD_DOCUMENT_KIND = '明白纸';

/**
 * Cards drawn between two turns of the event loop: 50 took 55-130 ms here (the first chunk
 * subsets the fonts), over the village's 100 ms stall goal (issue 15 item 2); 20 stay near 30 ms.
 */
const CHUNK = 20;
const NOT_FOUND = '找不到这次打印任务，可能已过期，请重新开始';

/** What a finished batch leaves: the stored PDF. */
interface CardJobResult {
  documentId: number;
  message: string;
}

/**
 * The households of a scope in print order (docs/domain.md §5: by 村民小组, then by house; a
 * hand-picked list too), and words for the document's title.
 */
function resolveScope(ctx: ServiceContext, scope: CardScope): { ids: number[]; place: string } {
  let ids: number[];
  let place: string;
  if (scope.householdIds) {
    ids = inPrintOrder(ctx, scope.householdIds);
    place = '选定农户';
  } else if (scope.changedOnly) {
    ids = changedCards(ctx, scope.gridId).households.map((h) => h.householdId);
    place = `${scope.gridId === undefined ? '' : getGrid(ctx, scope.gridId).name}内容有变化的农户`;
    if (ids.length === 0) {
      throw new AppError('VALIDATION', '所选范围内没有内容有变化或从未打印的明白纸，不用重新打印');
    }
  } else {
    ({ ids, place } = gridHouseholds(ctx, scope.gridId!));
  }
  checkBatchSize(ids.length, '明白纸', '乡镇或村');
  return { ids, place };
}

/**
 * The households of a grid and the grids below it in print order (docs/domain.md §5), and the
 * grid's name for the document's title; refused when it has none. Shared with policy/batch.ts.
 */
export function gridHouseholds(
  ctx: ServiceContext,
  gridId: number,
): { ids: number[]; place: string } {
  const grid = getGrid(ctx, gridId);
  const ids = householdsInGrid(ctx, grid.id).map((h) => h.id);
  if (ids.length === 0) throw new AppError('VALIDATION', `网格「${grid.name}」里还没有农户`);
  return { ids, place: grid.name };
}

/**
 * Refuses a batch of more than MAX_CARDS_PER_BATCH households of `what` (明白纸, 政策明白纸),
 * saying how to split it (`splitBy`). Shared with policy/batch.ts.
 */
export function checkBatchSize(households: number, what: string, splitBy: string): void {
  if (households > MAX_CARDS_PER_BATCH) {
    throw new AppError(
      'VALIDATION',
      `共 ${households} 户，一次最多打印 ${MAX_CARDS_PER_BATCH} 户的${what}，请按${splitBy}分批打印`,
    );
  }
}

/** A batch still being made: it writes its PDF through the connection a restore would close. */
export function cardJobsRunning(): boolean {
  return jobs.running('cards');
}

/** The fonts chosen in the settings (printFonts), with Noto Sans SC standing in if missing. */
export function cardFonts(ctx: ServiceContext): PrintFonts {
  return resolvePrintFonts(getSettings(ctx).printFonts);
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Draws a batch's items into its PDF CHUNK at a time, yielding between chunks so the app stays
 * responsive, a cancel is taken and the progress shown (`drawn`: how many are drawn so far),
 * then makes the PDF. After the last point a cancel is taken the job is no longer
 * cancellable: what follows (storing the document) is one short transaction. Shared by the
 * household cards (明白纸) and the 申报政策明白纸 (policy/batch.ts).
 */
export async function drawInChunks<T>(
  job: JobControl,
  items: readonly T[],
  pdf: { add(item: T): void; finish(): Promise<Buffer> },
  drawn: () => number,
): Promise<Buffer> {
  job.progress(0, items.length);
  for (let i = 0; i < items.length; i += CHUNK) {
    await nextTurn();
    job.checkpoint();
    for (const item of items.slice(i, i + CHUNK)) pdf.add(item);
    job.progress(drawn(), items.length);
  }
  const buffer = await pdf.finish();
  job.checkpoint();
  job.setCancellable(false);
  return buffer;
}

/**
 * How a batch of printed sheets (`what`: 明白纸, 申报政策明白纸) that failed says so: a refusal
 * (AppError) in its own words, anything else logged under the call's name (`call`) and told
 * as an error that left nothing saved. Shared with policy/batch.ts.
 */
export function batchFailure(call: string, what: string): (error: unknown) => string {
  return (error) => {
    if (error instanceof AppError) return error.message;
    log.error(`[${call}] ${what}生成出错`, error);
    return `生成${what}时出错，未保存任何记录，请重试。`;
  };
}

export function startCardJob(
  ctx: ServiceContext,
  input: { scope: CardScope; layout: CardLayout },
): CardJobStart {
  const { ids, place } = resolveScope(ctx, input.scope);
  const cards = new CardSource(ctx).contents(ids);
  const fonts = cardFonts(ctx);
  const { jobId } = jobs.start('cards', (job) => runJob(ctx, job, cards, input, place, fonts), {
    label: `打印明白纸（${place}，${cards.length} 户）`,
    phase: '排版明白纸',
    message: (result) => result.message,
    publicResult: (result) => result,
    failure: batchFailure('cards.start', '明白纸'),
  });
  return { jobId, households: cards.length };
}

async function runJob(
  ctx: ServiceContext,
  job: JobControl,
  cards: readonly CardContent[],
  input: { scope: CardScope; layout: CardLayout },
  place: string,
  fonts: PrintFonts,
): Promise<CardJobResult> {
  const issueDate = cards[0]!.issueDate;
  const title = `网格化管理明白纸（${place}，${cards.length} 户）`;
  const sheets = new CardSheets(input.layout, title, fonts);
  const buffer = await drawInChunks(job, cards, sheets, () => sheets.cards);
  const document = inDocumentTransaction(ctx, () => {
    const row = storeDocument(ctx, {
      kind: CARD_DOCUMENT_KIND,
      title,
      docDate: issueDate,
      buffer,
      pages: sheets.sheets,
      fileName: `明白纸-${place}-${issueDate}.pdf`,
    });
    recordPrints(ctx, cards, row.id);
    audit(ctx, {
      entity: 'document',
      entityId: row.id,
      action: 'print_cards',
      after: {
        kind: CARD_DOCUMENT_KIND,
        layout: input.layout,
        scope: input.scope.householdIds
          ? { householdIds: input.scope.householdIds.length }
          : input.scope,
        households: cards.length,
        pages: row.pages,
        file: row.file,
        sha256: row.sha256,
      },
    });
    return row;
  });
  return {
    documentId: document.id,
    message: batchSummary(cards.length, document.pages, sheets.fullPageCards),
  };
}

/**
 * The finished batch in words; A5 cards too long for their half at 10.5 pt (docs/domain.md §5)
 * are said, since they come out on a whole A4 page and are not cut.
 */
function batchSummary(households: number, pages: number, fullPage: number): string {
  const summary = `已生成 ${households} 户的明白纸，共 ${pages} 页`;
  return fullPage > 0
    ? `${summary}；其中 ${fullPage} 户内容较多，A5 半页放不下，单独印在一整页 A4 上（不用裁开）`
    : summary;
}

/** Remembers what each household's card said; a household deleted meanwhile is skipped. */
function recordPrints(ctx: ServiceContext, cards: readonly CardContent[], documentId: number) {
  const printedAt = ctx.now().toISOString();
  const upsert = ctx.sqlite.prepare(
    `INSERT INTO card_prints (household_id, content_hash, printed_at, document_id)
     SELECT @id, @hash, @printedAt, @documentId WHERE EXISTS (SELECT 1 FROM households WHERE id = @id)
     ON CONFLICT (household_id) DO UPDATE SET content_hash = excluded.content_hash,
       printed_at = excluded.printed_at, document_id = excluded.document_id`,
  );
  for (const card of cards) {
    upsert.run({ id: card.householdId, hash: cardHash(card), printedAt, documentId });
  }
}

/** The registry's status in the card batch's own shape (cards.status, cards.cancel). */
function cardStatus(status: JobStatus): CardJobStatus {
  const result = status.result as CardJobResult | undefined;
  return {
    jobId: status.jobId,
    done: status.progress.done,
    total: status.progress.total,
    state: status.state,
    ...(result ? { documentId: result.documentId } : {}),
    ...(status.message !== undefined ? { message: status.message } : {}),
  };
}

export function cardJobStatus(jobId: string): CardJobStatus {
  return cardStatus(jobs.statusOfKind(jobId, 'cards', NOT_FOUND));
}

/** Stops a running batch: nothing of it is stored. A finished batch stays as it is. */
export function cancelCardJob(jobId: string): CardJobStatus {
  jobs.statusOfKind(jobId, 'cards', NOT_FOUND);
  return cardStatus(jobs.cancel(jobId));
}

/** Waits for a batch to finish (the CLI and tests); `onProgress` sees every status read. */
export async function waitForCardJob(
  jobId: string,
  onProgress?: (status: CardJobStatus) => void,
): Promise<CardJobStatus> {
  jobs.statusOfKind(jobId, 'cards', NOT_FOUND);
  return cardStatus(
    await jobs.waitFor(jobId, onProgress && ((status) => onProgress(cardStatus(status)))),
  );
}
