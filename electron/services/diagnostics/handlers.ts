import type { diagnosticsContract } from '../../api/diagnostics-contract';
import type { HandlersOf } from '../handler-type';
import { exportDiagnostics } from './bundle';

export const diagnosticsHandlers: HandlersOf<typeof diagnosticsContract> = {
  'diagnostics.export': (ctx) => exportDiagnostics(ctx),
};
