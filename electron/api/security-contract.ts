import { z } from 'zod';
import { method } from './method';
import { password, PASSWORD_MAX } from './session-contract';
import type { SessionStatus } from './session-types';

const newPassword = z
  .string({ error: '请填写新密码' })
  .min(6, '新密码至少 6 个字符')
  .max(PASSWORD_MAX, `新密码不能超过 ${PASSWORD_MAX} 个字符`);

/** The optional database password (encryption at rest, SQLCipher 4 format). */
export const securityContract = {
  /** Sets a password (current omitted while the file is not encrypted) or changes it. */
  'security.setPassword': method<SessionStatus>()(
    z.strictObject({ current: password('当前密码').optional(), next: newPassword }),
  ),
  'security.removePassword': method<SessionStatus>()(
    z.strictObject({ current: password('当前密码') }),
  ),
} as const;
