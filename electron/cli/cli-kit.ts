import fs from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { contract, type MethodInput, type MethodName, type MethodResult } from '../api/contract';
import type { FilePayload } from '../api/roster-io-types';
import { validationError } from '../api/validation';
// The CLI's door into the services is dispatch(), the same table IPC and the web host serve.
import { dispatch } from '../services/dispatch';
import type { Runtime } from '../services/runtime';
import type { AppSession } from '../services/session';
// restore closes and reopens the database: only the session's own dispatch can run it.
import { dispatchSession } from '../services/session-dispatch';

/** What every command file shares: the command shape, errors, option parsing, invoke(). */

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** A failure the CLI prints as is and exits non-zero with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export const COMMON_OPTIONS = {
  db: { type: 'string' },
  data: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export interface Command {
  summary: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  /** `session` holds `runtime`; commands that close and reopen the database (restore) use it. */
  run(runtime: Runtime, args: ParsedArgs, io: CliIo, session: AppSession): Promise<void>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Runs a contract method and unwraps it; a failed call becomes the Chinese message. Input and
 * result are the contract's types, as in the renderer's client: a command cannot pass what the
 * method does not take nor read what it does not return.
 */
export async function invoke<M extends MethodName>(
  runtime: Runtime,
  method: M,
  input: MethodInput<M>,
): Promise<MethodResult<M>> {
  const envelope = await dispatch(runtime.ctx, method, input);
  if (!envelope.ok) throw new CliError(envelope.error.message);
  // dispatch's envelope is untyped; the handler table is checked against the contract.
  return envelope.result as MethodResult<M>;
}

/** As invoke(), through the session: for methods that close the database (backup.restore). */
export async function invokeSession<M extends MethodName>(
  session: AppSession,
  method: M,
  input: MethodInput<M>,
): Promise<MethodResult<M>> {
  const envelope = await dispatchSession(session, method, input);
  if (!envelope.ok) throw new CliError(envelope.error.message);
  return envelope.result as MethodResult<M>;
}

/** `call <method> <JSON>`: any method by name with free-form input, printed as JSON as is. */
export async function invokeByName(
  session: AppSession,
  method: string,
  input: unknown,
): Promise<unknown> {
  const envelope = await dispatchSession(session, method, input);
  if (!envelope.ok) throw new CliError(envelope.error.message);
  return envelope.result;
}

const fitsInput = <M extends MethodName>(method: M, raw: unknown): raw is MethodInput<M> =>
  contract[method].input.safeParse(raw).success;

/**
 * Free text from the command line (a --status, a --size, a --set JSON) as the method's input:
 * checked with the method's own schema, so a wrong value gets the app's Chinese message.
 */
export function contractInput<M extends MethodName>(method: M, raw: unknown): MethodInput<M> {
  if (fitsInput(method, raw)) return raw;
  const parsed = contract[method].input.safeParse(raw);
  throw new CliError(parsed.success ? '参数有误' : validationError(parsed.error).message);
}

export const string = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** A string option the command cannot run without; `message` says how to give it. */
export function requireOption(value: unknown, message: string): string {
  const text = string(value);
  if (!text) throw new CliError(message);
  return text;
}

export function integerOption(
  args: ParsedArgs,
  name: string,
  fallback?: number,
): number | undefined {
  const raw = string(args.values[name]);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new CliError(`--${name} 应为整数，收到「${raw}」`);
  return n;
}

export function jsonArgument(raw: string | undefined, what: string): unknown {
  if (raw === undefined) return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new CliError(`${what}不是有效的 JSON：${raw.slice(0, 80)}`);
  }
}

export function requireOut(args: ParsedArgs): string {
  const out = string(args.values.out);
  if (!out) throw new CliError('请用 --out 给出输出文件');
  return path.resolve(out);
}

/** Writes a method's file result to --out; a failure names the path. */
export function writeOutFile(out: string, file: FilePayload): void {
  try {
    fs.writeFileSync(out, file.data);
  } catch (error) {
    throw new CliError(`无法写入 ${out}：${(error as Error).message}`);
  }
}

const MAX_PASSWORD_FILE = 1024;

/**
 * The password from --password-file (its first line), never from the command line: there it
 * would show in the process list and the shell history (上报包 commands).
 */
export function passwordFromFile(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let data: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new CliError(`--password-file 不是文件：${file}`);
    if (stat.size > MAX_PASSWORD_FILE) {
      throw new CliError('--password-file 太大：密码文件应只有一行密码');
    }
    data = fs.readFileSync(file);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`无法读取密码文件 ${file}`);
  }
  const password = data.toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!password) throw new CliError('密码文件的第一行是空的');
  return password;
}
