import type { MethodName, MethodResult, ParsedInput } from '../api/contract';
import { listAudit } from './audit/audit';
import type { ServiceContext } from './context';
import { seedDemo } from './demo/demo';
import { createGrid, deleteGrid, gridTree, renameGrid } from './grids/grids';
import { getSettings, updateSettings } from './settings/settings';
import { createVillage, setupStatus } from './setup/setup';
import { appInfo } from './system/app-info';

type Handler<M extends MethodName> = (
  ctx: ServiceContext,
  input: ParsedInput<M>,
) => MethodResult<M> | Promise<MethodResult<M>>;

/** Every method of the contract, bound to its service function. The type makes it complete. */
export const handlers: { [M in MethodName]: Handler<M> } = {
  'app.info': (ctx) => appInfo(ctx),
  'setup.status': (ctx) => setupStatus(ctx),
  'setup.createVillage': (ctx, input) => createVillage(ctx, input),
  'grids.tree': (ctx) => gridTree(ctx),
  'grids.create': (ctx, input) => createGrid(ctx, input),
  'grids.rename': (ctx, input) => renameGrid(ctx, input),
  'grids.delete': (ctx, input) => deleteGrid(ctx, input),
  'settings.get': (ctx) => getSettings(ctx),
  'settings.update': (ctx, input) => updateSettings(ctx, input),
  'demo.seed': (ctx, input) => seedDemo(ctx, input),
  'audit.list': (ctx, input) => listAudit(ctx, input),
};
