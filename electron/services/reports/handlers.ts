import type { reportsContract } from '../../api/reports-contract';
import type { HandlersOf } from '../handler-type';
import { evaluationFile, monthlyFile } from './files';
import { listEvaluations, saveEvaluation } from './evaluation';
import { monthlyReport } from './monthly';
import { screeningSheetFile } from './screening-sheet';

/** Every method of the reports contract, bound to its service function. */
export const reportsHandlers: HandlersOf<typeof reportsContract> = {
  'reports.monthly': (ctx, input) => monthlyReport(ctx, input),
  'reports.monthlyExport': (ctx, input) => monthlyFile(ctx, input),
  'reports.screeningSheet': (ctx, input) => screeningSheetFile(ctx, input),
  'evaluations.list': (ctx, input) => listEvaluations(ctx, input),
  'evaluations.save': (ctx, input) => saveEvaluation(ctx, input),
  'evaluations.export': (ctx, input) => evaluationFile(ctx, input),
};
