import type { reportImportContract } from '../../../api/report-import-contract';
import type { HandlersOf } from '../../handler-type';
import { importHistory, importPackages, loadedVillages } from './import';

export const reportImportHandlers: HandlersOf<typeof reportImportContract> = {
  'township.importPackages': (ctx, input) => importPackages(ctx, input),
  'township.villages': (ctx) => loadedVillages(ctx),
  'township.imports': (ctx, input) => importHistory(ctx, input?.limit),
};
