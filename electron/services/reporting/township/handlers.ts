import type { townshipOutputsContract } from '../../../api/township-outputs-contract';
import type { HandlersOf } from '../../handler-type';
import { inWorkerJob } from '../../jobs/worker-run';
import { assertRollUp } from '../workspace';
import {
  createBulletin,
  getBulletin,
  issueBulletin,
  listBulletins,
  saveBulletin,
} from './bulletins';
import type { TownshipFileInput } from './files';
import { proposalList } from './lists';
import { townshipMonthly } from './monthly';
import { reconcile } from './reconcile';
import { townshipSelfCheck } from './self-check';
import type { ServiceContext } from '../../context';

/** A file of the township outputs, as a background job on the worker's snapshot. */
function fileJob(ctx: ServiceContext, input: TownshipFileInput, what: string) {
  // Refused before a job is started for it.
  assertRollUp(ctx, what);
  return inWorkerJob(ctx, 'export', 'township-export', input, `导出${what}`);
}

/** Every method of the township outputs contract, bound to its service function. */
export const townshipOutputsHandlers: HandlersOf<typeof townshipOutputsContract> = {
  'township.monthly': (ctx, input) => townshipMonthly(ctx, input),
  'township.monthlyExport': (ctx, input) =>
    fileJob(ctx, { what: 'monthly', month: input.month }, '分村月通报'),
  'township.bulletins': (ctx) => listBulletins(ctx),
  'township.bulletinGet': (ctx, input) => getBulletin(ctx, input.id),
  'township.bulletinCreate': (ctx, input) => createBulletin(ctx, input),
  'township.bulletinSave': (ctx, input) => saveBulletin(ctx, input),
  'township.bulletinIssue': (ctx, input) => issueBulletin(ctx, input),
  'township.bulletinExport': (ctx, input) =>
    fileJob(ctx, { what: 'bulletin', id: input.id, format: input.format }, '乡镇通报'),
  'township.selfCheck': (ctx) => townshipSelfCheck(ctx),
  'township.selfCheckExport': (ctx) => fileJob(ctx, { what: 'selfCheck' }, '各村迎检自查汇总'),
  'township.workerList': (ctx) => fileJob(ctx, { what: 'workerList' }, '网格员名单'),
  'township.proposals': (ctx) => proposalList(ctx),
  'township.proposalsExport': (ctx) => fileJob(ctx, { what: 'proposals' }, '拟纳入拟消除名单'),
  'township.reconcile': (ctx) => reconcile(ctx),
};
