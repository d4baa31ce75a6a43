import { contract, isMethodName, type MethodName } from '../api/contract';
import { isSessionMethod } from '../api/session-contract';
import { AppError, type ApiErrorShape, type Envelope } from '../api/errors';
import { validationError } from '../api/validation';
import { MigrationError } from '../../db/migrate';
import { DatabaseOpenError } from '../../db/open';
import { log } from './log/logger';
import { running as jobsRunning } from './jobs/registry';
import type { ServiceContext } from './context';
import { handlers } from './handlers';
import { allowedInRollUp } from '../api/workspace-methods';
import { isRollUp, ROLL_UP_READ_ONLY } from './reporting/workspace';

/** What a write says while an import or the demo seed holds the database's write lock. */
export const WRITE_JOB_BUSY = '正在导入名册（或载入演示数据），数据库暂时不能修改，请稍候再试。';

/** Maps anything thrown to the { code, message } shape; the message is for the clerk. */
export function toApiError(error: unknown): ApiErrorShape {
  if (error instanceof AppError) return error.toJSON();
  if (error instanceof MigrationError) return { code: 'MIGRATION', message: error.message };
  if (error instanceof DatabaseOpenError) return { code: 'LOCKED', message: error.message };
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    // The write lock is a job's worker thread's (services/jobs/worker-run.ts): the write failed
    // at once (db/sqlite.ts BUSY_TIMEOUT_MS) instead of freezing the window while it runs.
    if (jobsRunning('roster-import-write', 'demo-seed')) {
      return { code: 'BUSY', message: WRITE_JOB_BUSY };
    }
    return { code: 'BUSY', message: '数据库正被另一个程序使用，请稍后再试。本次修改未保存。' };
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return {
      code: 'DISK_FULL',
      message: '磁盘空间已满，本次修改未保存，原有数据完好。请清理磁盘后重试。',
    };
  }
  return {
    code: 'INTERNAL',
    message: '程序内部出错，本次操作未完成，原有数据未受影响。请记下操作步骤并联系维护人员。',
  };
}

/** Runs one call and wraps its outcome; internal errors are logged with the method only. */
export async function settle(method: MethodName, work: () => unknown): Promise<Envelope<unknown>> {
  try {
    return { ok: true, result: await work() };
  } catch (error) {
    const shape = toApiError(error);
    if (shape.code === 'INTERNAL') {
      // Only the method and the error's own text: inputs may carry personal data.
      log.error(`[${method}] 内部错误`, error);
    }
    return { ok: false, error: shape };
  }
}

/** Checks a method name and parses its input with the contract's zod schema. */
export function parseCall(
  method: unknown,
  input: unknown,
): { ok: true; method: MethodName; input: unknown } | { ok: false; error: ApiErrorShape } {
  if (!isMethodName(method)) {
    const shown = typeof method === 'string' ? method.slice(0, 60) : typeof method;
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `没有名为「${shown}」的功能` } };
  }
  const parsed = contract[method].input.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: validationError(parsed.error) };
  }
  return { ok: true, method, input: parsed.data };
}

/**
 * The entry point for a service context: checks the method name, parses the input with the
 * contract's zod schema, runs the service and wraps the outcome. Never throws. The doors go
 * through dispatchSession(), which adds the session's own methods and the locked state.
 */
export async function dispatch(
  ctx: ServiceContext,
  method: unknown,
  input: unknown,
): Promise<Envelope<unknown>> {
  const call = parseCall(method, input);
  if (!call.ok) return call;
  if (isSessionMethod(call.method)) {
    const message = `「${call.method}」只能通过程序会话调用`;
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message } };
  }
  // A 乡镇/县 workspace holds its villages' records read-only (docs/domain.md §11): anything not
  // on its list is refused here, before a service could write.
  const handler = handlers[call.method] as (ctx: ServiceContext, input: unknown) => unknown;
  return settle(call.method, () => {
    if (!allowedInRollUp(call.method) && isRollUp(ctx)) {
      throw new AppError('CONFLICT', ROLL_UP_READ_ONLY);
    }
    return handler(ctx, call.input);
  });
}
