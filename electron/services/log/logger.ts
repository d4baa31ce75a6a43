import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { scrub } from './scrub';

/**
 * The app's log: <data>/logs/village-ledger.log, for the maintainer who gets a 诊断信息 bundle.
 *
 * - Never personal data (issue #7): every line, message and stack alike, goes through scrub()
 *   before it is written anywhere, the console included.
 * - Synchronous appends on an open descriptor: a line is in the operating system's hands when
 *   log.*() returns, so a crash right after loses nothing.
 * - Rotates before a line would take the file past 1 MiB: .log → .1.log → … → .5.log, the
 *   oldest dropped. The newest line always lands in the fresh file, never in the dropped one.
 * - Logging never throws: a full disk or a removed folder sends the line to the console.
 * - Before openLog() (and after closeLog()) lines go to the console only.
 */

export const LOG_FOLDER = 'logs';
export const LOG_BASE_NAME = 'village-ledger';
export const LOG_MAX_BYTES = 1024 * 1024;
export const LOG_KEEP = 5;

/** Any one entry is cut to this size, so a runaway message cannot empty the old files at once. */
const ENTRY_MAX_CHARS = 64 * 1024;

type Level = 'INFO' | 'WARN' | 'ERROR';

export interface LogOptions {
  /** Also print each line on the console (development); on by default. */
  console?: boolean;
}

interface OpenFile {
  dir: string;
  fd: number;
  size: number;
  console: boolean;
}

let current: OpenFile | null = null;

/** <dataDir>/logs/village-ledger.log, or .N.log for the N-th older one. */
export function logFile(dataDir: string, generation = 0): string {
  const suffix = generation === 0 ? '.log' : `.${generation}.log`;
  return path.join(dataDir, LOG_FOLDER, `${LOG_BASE_NAME}${suffix}`);
}

/** The log files of a data folder that exist, newest first. */
export function logFiles(dataDir: string): string[] {
  const files: string[] = [];
  for (let generation = 0; generation <= LOG_KEEP; generation++) {
    const file = logFile(dataDir, generation);
    if (fs.existsSync(file)) files.push(file);
  }
  return files;
}

/** Starts writing to <dataDir>/logs; a second call moves the log to the new folder. */
export function openLog(dataDir: string, options: LogOptions = {}): void {
  closeLog();
  const file = logFile(dataDir);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, 'a');
    current = { dir: dataDir, fd, size: fs.fstatSync(fd).size, console: options.console ?? true };
  } catch (error) {
    console.error(scrub(`无法打开日志文件 ${file}：${(error as Error).message}`));
  }
}

/** Stops writing to the file; later lines go to the console only. */
export function closeLog(): void {
  if (!current) return;
  try {
    fs.closeSync(current.fd);
  } catch {
    // Already closed: nothing left to flush, writes were synchronous.
  }
  current = null;
}

/** The data folder the log is written in, or null while it goes to the console only. */
export function logDataDir(): string | null {
  return current?.dir ?? null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local time as the office clock shows it: 2026-11-23 12:00:00.123. */
function timestamp(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.` +
    pad(date.getMilliseconds(), 3)
  );
}

/** An error's stack (with its causes), or any other thrown value as readable text. */
function describe(error: unknown, depth = 0): string {
  if (error instanceof Error) {
    let text = error.stack ?? `${error.name}: ${error.message}`;
    // A stack carries the message only as it was when the error was built.
    if (!text.includes(error.message)) text = `${error.name}: ${error.message}\n${text}`;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') text += `\ncode: ${code}`;
    if (error.cause !== undefined && depth < 3) {
      text += `\nCaused by: ${describe(error.cause, depth + 1)}`;
    }
    return text;
  }
  return typeof error === 'string' ? error : inspect(error, { depth: 3, breakLength: Infinity });
}

/** One entry: the first line stamped, the rest (more message lines, the stack) indented. */
function format(level: Level, message: string, error: unknown, hasError: boolean): string {
  let text = message;
  if (hasError) text += `\n${describe(error)}`;
  // Scrubbed before cutting, so a cut cannot leave half a number that no pattern recognises.
  text = scrub(text);
  if (text.length > ENTRY_MAX_CHARS) text = `${text.slice(0, ENTRY_MAX_CHARS)}…（已截断）`;
  const [first = '', ...rest] = text.split(/\r?\n/);
  const lines = [`${timestamp(new Date())} ${level.padEnd(5)} ${first}`];
  for (const line of rest) lines.push(`    ${line}`);
  return `${lines.join('\n')}\n`;
}

/** .4 → .5, …, .log → .1; the oldest goes. A failure leaves the current file growing. */
function rotate(file: OpenFile): void {
  fs.closeSync(file.fd);
  try {
    fs.rmSync(logFile(file.dir, LOG_KEEP), { force: true });
    for (let generation = LOG_KEEP - 1; generation >= 0; generation--) {
      const from = logFile(file.dir, generation);
      if (fs.existsSync(from)) fs.renameSync(from, logFile(file.dir, generation + 1));
    }
  } finally {
    // Reopened whatever happened above, so the line that asked for rotation is still written.
    file.fd = fs.openSync(logFile(file.dir), 'a');
    file.size = fs.fstatSync(file.fd).size;
  }
}

function toConsole(level: Level, entry: string): void {
  const line = entry.replace(/\n$/, '');
  if (level === 'ERROR') console.error(line);
  else if (level === 'WARN') console.warn(line);
  else console.log(line);
}

function write(
  level: Level,
  message: string,
  error: unknown,
  hasError: boolean,
  fileOnly = false,
): void {
  let entry: string;
  try {
    entry = format(level, message, error, hasError);
  } catch {
    // A value whose inspection throws (a hostile getter) still leaves a trace.
    entry = `${timestamp(new Date())} ${level.padEnd(5)} ${scrub(message)}\n`;
  }
  const file = current;
  if (!file) {
    if (!fileOnly) toConsole(level, entry);
    return;
  }
  if (file.console) toConsole(level, entry);
  try {
    const bytes = Buffer.from(entry, 'utf8');
    if (file.size > 0 && file.size + bytes.length > LOG_MAX_BYTES) rotate(file);
    for (let at = 0; at < bytes.length;) at += fs.writeSync(file.fd, bytes, at);
    file.size += bytes.length;
  } catch (reason) {
    if (!file.console) toConsole(level, entry);
    console.error(scrub(`日志写入失败：${(reason as Error).message}`));
  }
}

export const log = {
  info(message: string): void {
    write('INFO', message, undefined, false);
  },
  /**
   * An INFO line for the log file only: dropped while no file is open. For what every open of
   * the database says (session.ts), which must not end up in the CLI's output (`call … | jq`)
   * or in every test's console.
   */
  fileOnly(message: string): void {
    write('INFO', message, undefined, false, true);
  },
  warn(message: string, error?: unknown): void {
    write('WARN', message, error, error !== undefined);
  },
  error(message: string, error?: unknown): void {
    write('ERROR', message, error, error !== undefined);
  },
};
