import fs from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { MethodName } from '../api/contract';
import type { FilePayload } from '../api/roster-io-types';
import { dispatch } from '../services/dispatch';
import type { Runtime } from '../services/runtime';
import type { AppSession } from '../services/session';

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

/** Runs a contract method and unwraps it; a failed call becomes the Chinese message. */
export async function invoke<T>(runtime: Runtime, method: MethodName, input: unknown): Promise<T> {
  const envelope = await dispatch(runtime.ctx, method, input);
  if (!envelope.ok) throw new CliError(envelope.error.message);
  return envelope.result as T;
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
    fs.writeFileSync(out, Buffer.from(file.dataBase64, 'base64'));
  } catch (error) {
    throw new CliError(`无法写入 ${out}：${(error as Error).message}`);
  }
}
