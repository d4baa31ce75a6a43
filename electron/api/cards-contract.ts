import {
  cardChangedInput,
  cardDocumentInput,
  cardJobInput,
  cardPreviewInput,
  cardStartInput,
} from './cards-schemas';
import type { CardChangeList, CardJobStart, CardJobStatus } from './cards-types';
import { method } from './method';
import type { FilePayload } from './roster-io-types';

/** 明白纸 (household cards: preview, batches, reprint changed), merged into the one contract. */
export const cardsContract = {
  /** One household's card as a PDF, for a look before printing; nothing is recorded. */
  'cards.preview': method<FilePayload>()(cardPreviewInput),
  /**
   * Starts a batch in the background: one PDF for the chosen households, kept as a document
   * (明白纸), and each household's printed content remembered for "reprint changed".
   */
  'cards.start': method<CardJobStart>()(cardStartInput),
  /** Progress of a batch; `documentId` once it is done. */
  'cards.status': method<CardJobStatus>()(cardJobInput),
  /** Stops a running batch; nothing is kept or recorded. */
  'cards.cancel': method<CardJobStatus>()(cardJobInput),
  /** A printed batch's PDF, exactly as it was stored. */
  'cards.pdf': method<FilePayload>()(cardDocumentInput),
  /** Households whose card now reads differently from the last printed one (or never printed). */
  'cards.changed': method<CardChangeList>()(cardChangedInput),
} as const;
