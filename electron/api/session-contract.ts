import { z } from 'zod';
import { method } from './method';
import { name } from './schemas';
import type { SessionStatus } from './session-types';

/** The longest password accepted: long passphrases are fine, megabytes are not. */
export const PASSWORD_MAX = 128;

export const password = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .min(1, `请填写${label}`)
    .max(PASSWORD_MAX, `${label}不能超过 ${PASSWORD_MAX} 个字符`);

/**
 * The session: served before the database is open (an encrypted file waits for its password),
 * so these methods take the session rather than a service context.
 */
export const sessionContract = {
  'session.status': method<SessionStatus>()(z.strictObject({}).optional()),
  'session.unlock': method<SessionStatus>()(z.strictObject({ password: password('数据库密码') })),
  /** Who is working from now on; a name not yet in 设置's operator list is added to it. */
  'session.setOperator': method<SessionStatus>()(z.strictObject({ name: name('操作员姓名', 20) })),
} as const;

export type SessionMethod = keyof typeof sessionContract;

export function isSessionMethod(method: string): method is SessionMethod {
  return Object.hasOwn(sessionContract, method);
}
