import type { diagnosticsContract } from '../../api/diagnostics-contract';
import { AppError } from '../../api/errors';
import type { HandlersOf } from '../handler-type';

// Placeholder until the diagnostics bundle is written in this issue (#7); replaced, not shipped.
export const diagnosticsHandlers: HandlersOf<typeof diagnosticsContract> = {
  'diagnostics.export': () => {
    throw new AppError('INTERNAL', '导出诊断信息尚未完成');
  },
};
