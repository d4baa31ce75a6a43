import type { policyContract } from '../../api/policy-contract';
import type { HandlersOf } from '../handler-type';
import { policyPdf, previewPolicySheet, startPolicyJob } from './batch';
import { handoutCoverage, householdHandouts, listBatches, recordHandouts } from './handouts';

/** Every method of the policy-sheet contract, bound to its service function. */
export const policyHandlers: HandlersOf<typeof policyContract> = {
  'policy.preview': (ctx, input) => previewPolicySheet(ctx, input.householdId),
  'policy.start': (ctx, input) => startPolicyJob(ctx, input),
  'policy.pdf': (ctx, input) => policyPdf(ctx, input.documentId),
  'policy.batches': (ctx) => listBatches(ctx),
  'policy.record': (ctx, input) => recordHandouts(ctx, input),
  'policy.coverage': (ctx, input) => handoutCoverage(ctx, input.gridId),
  'policy.household': (ctx, input) => householdHandouts(ctx, input.householdId),
};
