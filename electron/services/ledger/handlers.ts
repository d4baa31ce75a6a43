import type { ledgerContract } from '../../api/ledger-contract';
import type { HandlersOf } from '../handler-type';
import { addAttachment, attachmentPayload, removeAttachment } from './attachments';
import { identifyProblem } from './identify';
import { ledgerExportFile } from './ledger-xlsx';
import {
  createProblem,
  deleteProblem,
  followUpProblem,
  getProblem,
  reopenProblem,
  resolveProblem,
  updateProblem,
} from './problems';
import { decideProblem, proposeProblem } from './proposals';
import { listProblems } from './query';
import { removeStep, saveStep } from './steps';

/** Every method of the ledger contract, bound to its service function. */
export const ledgerHandlers: HandlersOf<typeof ledgerContract> = {
  'problems.list': (ctx, input) => listProblems(ctx, input),
  'problems.get': (ctx, input) => getProblem(ctx, input.id),
  'problems.create': (ctx, input) => createProblem(ctx, input),
  'problems.update': (ctx, input) => updateProblem(ctx, input),
  'problems.delete': (ctx, input) => deleteProblem(ctx, input.id),
  'problems.saveStep': (ctx, input) => saveStep(ctx, input),
  'problems.removeStep': (ctx, input) => removeStep(ctx, input.id),
  'problems.resolve': (ctx, input) => resolveProblem(ctx, input),
  'problems.reopen': (ctx, input) => reopenProblem(ctx, input),
  'problems.followUp': (ctx, input) => followUpProblem(ctx, input),
  'problems.addAttachment': (ctx, input) => addAttachment(ctx, input),
  'problems.removeAttachment': (ctx, input) => removeAttachment(ctx, input.id),
  'problems.attachment': (ctx, input) => attachmentPayload(ctx, input.id),
  'problems.identify': (ctx, input) => identifyProblem(ctx, input),
  'problems.propose': (ctx, input) => proposeProblem(ctx, input),
  'problems.decide': (ctx, input) => decideProblem(ctx, input),
  'problems.export': (ctx, input) => ledgerExportFile(ctx, input),
};
