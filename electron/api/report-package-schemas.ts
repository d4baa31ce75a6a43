import { z } from 'zod';
import { reportMonth } from './reports-schemas';
import { followJobId } from './jobs-contract';
import { id } from './schemas';

/**
 * The village 上报包 (docs/domain.md §11): a month, the village grid (needed only where the
 * database holds several villages, e.g. the demo township) and an optional password that
 * encrypts the whole package (never stored, never logged).
 */
export const reportPackagePassword = z
  .string({ error: '密码应为文字' })
  .max(200, { message: '密码不能超过 200 个字符', abort: true })
  .min(6, '密码至少 6 个字符');

export const reportPackageInput = z.strictObject({
  period: reportMonth,
  villageGridId: id.optional(),
  password: reportPackagePassword.optional(),
  /** The job's id chosen by the window beforehand, to follow its progress (jobs.status). */
  followJobId,
});
export type ReportPackageInput = z.output<typeof reportPackageInput>;
