import type { CardJobStart } from './cards-types';
import { method } from './method';
import {
  policyBatchesInput,
  policyCoverageInput,
  policyDocumentInput,
  policyHouseholdInput,
  policyPreviewInput,
  policyRecordInput,
  policyStartInput,
} from './policy-schemas';
import type {
  PolicyBatch,
  PolicyCoverage,
  PolicyHandout,
  PolicyRecordResult,
} from './policy-types';
import type { FilePayload } from './roster-io-types';

/**
 * 监测对象申报政策明白纸 (docs/domain.md §9 「Publicity」): preview, batches printed like the
 * household cards (a background job followed with jobs.status / jobs.cancel), and the record
 * that a household was handed one.
 */
export const policyContract = {
  /** One household's sheet as a PDF, to look at before printing; nothing is recorded. */
  'policy.preview': method<FilePayload>()(policyPreviewInput),
  /** Starts a batch in the background: one PDF, one page per household, kept as a document. */
  'policy.start': method<CardJobStart>()(policyStartInput),
  /** A printed batch's PDF, exactly as stored. */
  'policy.pdf': method<FilePayload>()(policyDocumentInput),
  /** Printed batches, newest first, with how many of their households were handed a sheet. */
  'policy.batches': method<PolicyBatch[]>()(policyBatchesInput),
  /** 「已发放」 for a whole batch or single households, in one transaction, audited. */
  'policy.record': method<PolicyRecordResult>()(policyRecordInput),
  /** 发放 N / 共 M 户 within a grid (or the whole village), and the households without. */
  'policy.coverage': method<PolicyCoverage>()(policyCoverageInput),
  /** One household's handouts, newest first. */
  'policy.household': method<PolicyHandout[]>()(policyHouseholdInput),
} as const;
