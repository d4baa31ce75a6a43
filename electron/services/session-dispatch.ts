import type { Envelope } from '../api/errors';
import { isSessionMethod, type sessionContract } from '../api/session-contract';
import type { SessionStatus } from '../api/session-types';
import type { MethodName, ParsedInput } from '../api/contract';
import { dispatch, parseCall, settle } from './dispatch';
import type { AppSession } from './session';
import { getSettings, updateSettings } from './settings/settings';

type SessionHandlers = {
  [M in keyof typeof sessionContract]: (
    session: AppSession,
    input: ParsedInput<M & MethodName>,
  ) => SessionStatus | Promise<SessionStatus>;
};

const sessionHandlers: SessionHandlers = {
  'session.status': (session) => session.status(),
  'session.unlock': async (session, input) => {
    await session.unlock(input.password);
    return session.status();
  },
  'session.setOperator': (session, input) => {
    // A new name joins 设置's list (audited like any setting) so it can be picked next time.
    const ctx = session.ctx;
    session.setOperator(input.name);
    const operators = getSettings(ctx).operators;
    if (!operators.includes(input.name)) {
      updateSettings(ctx, { operators: [...operators, input.name] });
    }
    return session.status();
  },
};

/**
 * What every door (IPC, web host, CLI) calls: the session's own methods work while the
 * database is locked; every other method needs it open and goes through dispatch().
 */
export async function dispatchSession(
  session: AppSession,
  method: unknown,
  input: unknown,
): Promise<Envelope<unknown>> {
  if (typeof method === 'string' && isSessionMethod(method)) {
    const call = parseCall(method, input);
    if (!call.ok) return call;
    const handler = sessionHandlers[method] as (s: AppSession, i: unknown) => unknown;
    return settle(call.method, () => handler(session, call.input));
  }
  if (session.locked) {
    return {
      ok: false,
      error: { code: 'LOCKED', message: '数据库已设密码，请先输入数据库密码。' },
    };
  }
  return dispatch(session.ctx, method, input);
}
