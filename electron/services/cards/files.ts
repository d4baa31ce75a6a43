import type { CardLayout } from '../../api/cards-types';
import { AppError } from '../../api/errors';
import type { FilePayload } from '../../api/roster-io-types';
import { getDocumentRow, readDocument } from '../../documents/store';
import type { ServiceContext } from '../context';
import { CARD_DOCUMENT_KIND, cardFonts } from './batch';
import { cardContent } from './content';
import { CardSheets } from './layout';

/** One household's card as a PDF to look at before printing; nothing is stored or recorded. */
export async function previewCard(
  ctx: ServiceContext,
  input: { householdId: number; layout: CardLayout },
): Promise<FilePayload> {
  const card = cardContent(ctx, input.householdId);
  const sheets = new CardSheets(
    input.layout,
    `网格化管理明白纸（${card.head || '预览'}）`,
    cardFonts(ctx),
  );
  sheets.add(card);
  const buffer = await sheets.finish();
  return {
    fileName: `明白纸预览-${card.head || input.householdId}.pdf`,
    data: buffer,
  };
}

/** A printed batch's PDF exactly as stored (its SHA-256 checked by readDocument). */
export function cardsPdf(ctx: ServiceContext, documentId: number): FilePayload {
  if (getDocumentRow(ctx, documentId).kind !== CARD_DOCUMENT_KIND) {
    throw new AppError('NOT_FOUND', `编号为 ${documentId} 的文件不是明白纸`);
  }
  return readDocument(ctx, documentId);
}
