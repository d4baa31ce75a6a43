import { z } from 'zod';
import { method } from './method';
import type { FilePayload } from './roster-io-types';

/** 导出诊断信息: logs and versions for the maintainer, without personal data. */
export const diagnosticsContract = {
  'diagnostics.export': method<FilePayload>()(z.strictObject({}).optional()),
} as const;
