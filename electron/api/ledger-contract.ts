import { z } from 'zod';
import type { LedgerPage, ProblemDetail } from './ledger-types';
import {
  attachmentAdd,
  ledgerFilter,
  ledgerListInput,
  problemCreate,
  problemFollowUp,
  problemDecide,
  problemIdentify,
  problemPropose,
  problemReopen,
  problemResolve,
  problemUpdate,
  stepSave,
} from './ledger-schemas';
import { method } from './method';
import type { FilePayload } from './roster-io-types';
import { id } from './schemas';

const byId = z.strictObject({ id });

/** 问题登记台账 (problems, steps, attachments, deadlines), merged into the one contract. */
export const ledgerContract = {
  /** A filtered page of the ledger with totals for the whole filter. */
  'problems.list': method<LedgerPage>()(ledgerListInput),
  'problems.get': method<ProblemDetail>()(byId),
  'problems.create': method<ProblemDetail>()(problemCreate),
  'problems.update': method<ProblemDetail>()(problemUpdate),
  'problems.delete': method<{ id: number }>()(byId),
  /** Insert or update the problem's one row for a step. */
  'problems.saveStep': method<ProblemDetail>()(stepSave),
  /** Removes a step row (by the step row's id). */
  'problems.removeStep': method<ProblemDetail>()(byId),
  'problems.resolve': method<ProblemDetail>()(problemResolve),
  /** Clears the resolution and the follow-up. */
  'problems.reopen': method<ProblemDetail>()(problemReopen),
  'problems.followUp': method<ProblemDetail>()(problemFollowUp),
  'problems.addAttachment': method<ProblemDetail>()(attachmentAdd),
  /** Removes an attachment (by the attachment's id). */
  'problems.removeAttachment': method<ProblemDetail>()(byId),
  /** The attachment's file (by the attachment's id), checked against its SHA-256. */
  'problems.attachment': method<FilePayload>()(byId),
  'problems.identify': method<ProblemDetail>()(problemIdentify),
  /** 拟纳入 / 拟消除 after 核实评议 (docs/domain.md §3). */
  'problems.propose': method<ProblemDetail>()(problemPropose),
  /** 认定 / 不予认定 / 消除 / 不予消除, after the 公示 and the 审核. */
  'problems.decide': method<ProblemDetail>()(problemDecide),
  /** The ledger as .xlsx laid out as the paper ledger; same filters as the list. */
  'problems.export': method<FilePayload & { rows: number }>()(ledgerFilter),
} as const;
