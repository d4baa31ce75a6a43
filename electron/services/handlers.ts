import type { MethodName } from '../api/contract';
import type { SessionMethod } from '../api/session-contract';
import type { Handler } from './handler-type';
import { archiveHandlers } from './archive/handlers';
import { auditHandlers } from './audit/handlers';
import { backupHandlers } from './backup/handlers';
import { diagnosticsHandlers } from './diagnostics/handlers';
import { securityHandlers } from './security/handlers';
import { cardsHandlers } from './cards/handlers';
import { policyHandlers } from './policy/handlers';
import { ledgerHandlers } from './ledger/handlers';
import { noticesHandlers } from './notices/handlers';
import { reportsHandlers } from './reports/handlers';
import { visitsHandlers } from './visits/handlers';
import { selfCheckHandlers } from './self-check/handlers';
import { workspaceHandlers } from './reporting/workspace-handlers';
import { townshipOutputsHandlers } from './reporting/township/handlers';
import { warningsHandlers } from './warnings/handlers';
import { reportImportHandlers } from './reporting/import/handlers';
import { reviewHandlers } from './reporting/review/handlers';
import { reportPackageHandlers } from './reporting/package/handlers';
import { seedDemo } from './demo/demo';
import { jobsHandlers } from './jobs/handlers';
import { inWorkerJob } from './jobs/worker-run';
import { createGrid, deleteGrid, gridTree, moveGrid, renameGrid } from './grids/grids';
import { markElimination, revertElimination } from './roster/elimination';
import {
  assignContact,
  endContact,
  removeIncome,
  removeMeasure,
  saveIncome,
  saveMeasure,
  updateContact,
} from './roster/household-parts';
import {
  createHousehold,
  deleteHousehold,
  getHousehold,
  moveHousehold,
  updateHousehold,
} from './roster/households';
import { addMember, removeMember, setHead, updateMember } from './roster/members';
import { gridDetail, listHouseholds, overCapGrids, search } from './roster/queries';
import { removeWorkerPhoto, setWorkerPhoto, workerPhoto } from './roster/photos';
import { reveal } from './roster/reveal';
import { problemsFile, templateFile } from './roster-io/files';
import { commitImportJob, importJobStatus, startImportJob } from './roster-io/import';
import {
  assignRole,
  createWorker,
  deleteWorker,
  endRole,
  getWorker,
  listWorkers,
  updateWorker,
  workersForGrid,
} from './roster/workers';
import { getSettings, updateSettings } from './settings/settings';
import { createVillage, setupStatus } from './setup/setup';
import { appInfo } from './system/app-info';
import { asBuffer } from './files/bytes';

/** Methods served by a service context; the session's own methods are in session-dispatch.ts. */
export type ContextMethod = Exclude<MethodName, SessionMethod>;

/** Every method of the contract, bound to its service function. The type makes it complete. */
export const handlers: { [M in ContextMethod]: Handler<M> } = {
  'app.info': (ctx) => appInfo(ctx),
  'setup.status': (ctx) => setupStatus(ctx),
  'setup.createVillage': (ctx, input) => createVillage(ctx, input),
  'grids.tree': (ctx) => gridTree(ctx),
  'grids.create': (ctx, input) => createGrid(ctx, input),
  'grids.rename': (ctx, input) => renameGrid(ctx, input),
  'grids.delete': (ctx, input) => deleteGrid(ctx, input),
  'grids.move': (ctx, input) => moveGrid(ctx, input),
  'grids.detail': (ctx, input) => gridDetail(ctx, input.id),
  'grids.overCap': (ctx) => overCapGrids(ctx),
  'workers.list': (ctx, input) => listWorkers(ctx, input),
  'workers.forGrid': (ctx, input) => workersForGrid(ctx, input.gridId),
  'workers.get': (ctx, input) => getWorker(ctx, input.id),
  'workers.create': (ctx, input) => createWorker(ctx, input),
  'workers.update': (ctx, input) => updateWorker(ctx, input),
  'workers.delete': (ctx, input) => deleteWorker(ctx, input.id),
  'workers.setPhoto': (ctx, input) => setWorkerPhoto(ctx, input),
  'workers.removePhoto': (ctx, input) => removeWorkerPhoto(ctx, input.id),
  'workers.photo': (ctx, input) => workerPhoto(ctx, input.id),
  'roles.assign': (ctx, input) => assignRole(ctx, input),
  'roles.end': (ctx, input) => endRole(ctx, input),
  'households.list': (ctx, input) => listHouseholds(ctx, input),
  'households.get': (ctx, input) => getHousehold(ctx, input.id),
  'households.create': (ctx, input) => createHousehold(ctx, input),
  'households.update': (ctx, input) => updateHousehold(ctx, input),
  'households.delete': (ctx, input) => deleteHousehold(ctx, input.id),
  'households.move': (ctx, input) => moveHousehold(ctx, input),
  'members.add': (ctx, input) => addMember(ctx, input),
  'members.update': (ctx, input) => updateMember(ctx, input),
  'members.remove': (ctx, input) => removeMember(ctx, input.id),
  'members.setHead': (ctx, input) => setHead(ctx, input),
  'measures.save': (ctx, input) => saveMeasure(ctx, input),
  'measures.remove': (ctx, input) => removeMeasure(ctx, input),
  'contacts.assign': (ctx, input) => assignContact(ctx, input),
  'contacts.end': (ctx, input) => endContact(ctx, input),
  'contacts.update': (ctx, input) => updateContact(ctx, input),
  'incomes.save': (ctx, input) => saveIncome(ctx, input),
  'incomes.remove': (ctx, input) => removeIncome(ctx, input),
  'elimination.mark': (ctx, input) => markElimination(ctx, input),
  'elimination.revert': (ctx, input) => revertElimination(ctx, input),
  'roster.search': (ctx, input) => search(ctx, input),
  'sensitive.reveal': (ctx, input) => reveal(ctx, input),
  'rosterIo.template': (ctx, input) => templateFile(ctx, input.kind),
  // In a worker thread on its own snapshot: a township's roster held the window 2 s.
  'rosterIo.export': (ctx, input) =>
    inWorkerJob(ctx, 'export', 'roster-export', input, '导出花名册'),
  'rosterIo.importStart': (ctx, input) =>
    startImportJob(ctx, input.kind, input.fileName, asBuffer(input.data)),
  'rosterIo.importStatus': (_ctx, input) => importJobStatus(input.jobId),
  'rosterIo.importCommit': (ctx, input) =>
    commitImportJob(ctx, input.jobId, input.validOnly, input.followJobId),
  'rosterIo.importProblems': (ctx, input) => problemsFile(ctx, input.jobId),
  'settings.get': (ctx) => getSettings(ctx),
  'settings.update': (ctx, input) => updateSettings(ctx, input),
  'demo.seed': (ctx, input) => seedDemo(ctx, input),
  ...jobsHandlers,
  ...ledgerHandlers,
  ...visitsHandlers,
  ...reportsHandlers,
  ...noticesHandlers,
  ...cardsHandlers,
  ...policyHandlers,
  ...archiveHandlers,
  ...selfCheckHandlers,
  ...workspaceHandlers,
  ...townshipOutputsHandlers,
  ...warningsHandlers,
  ...reportImportHandlers,
  ...reviewHandlers,
  ...reportPackageHandlers,
  ...auditHandlers,
  ...backupHandlers,
  ...securityHandlers,
  ...diagnosticsHandlers,
};
