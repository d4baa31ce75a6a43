import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract, METHOD_NAMES, type MethodName } from '../../electron/api/contract';
import type { Envelope } from '../../electron/api/errors';
import { AppSession } from '../../electron/services/session';
import { dispatchSession } from '../../electron/services/session-dispatch';
import {
  fieldVariants,
  findIds,
  HUGE,
  PATH_STRINGS,
  protoObject,
  TINY_PNG,
  TOP_LEVEL_VARIANTS,
  validInputs,
  type Variant,
} from '../fixtures/attack-inputs';
import { FIXED_NOW, openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';

/**
 * Attack test (issue 7): every method of the contract, through the session as every door calls
 * it, fed wrong types, a 10 MB string, SQL-looking and path-looking strings and prototype-
 * pollution objects, one field at a time into an otherwise valid input. Nothing may crash or
 * come back INTERNAL, malformed input is a VALIDATION error, the database stays whole and
 * nothing outside the data folder is written.
 *
 * Each method gets its own copy of one seeded data folder, so what one method writes cannot
 * hide what another does, and "no rows changed" can be asserted for every refused call.
 */

/**
 * Fields that take a file's bytes (a Uint8Array, issue 15 item 4): a string of any length is
 * refused by its type, which zod reports as a custom issue (the instanceof check).
 */
const BYTES_FIELDS: Partial<Record<MethodName, string[]>> = {
  'workers.setPhoto': ['data'],
  'problems.addAttachment': ['data'],
  'archive.fileUpload': ['data'],
  'rosterIo.importStart': ['data'],
  'review.importFeedback': ['data'],
  'warnings.preview': ['data'],
  'warnings.import': ['data'],
};
const isBytesField = (method: MethodName, key: string) =>
  BYTES_FIELDS[method]?.includes(key) ?? false;

/**
 * Fields whose purpose is a place outside the data folder (a USB stick): only the variant
 * that is an absolute path on this system is skipped there, since writing to it is the
 * method's job; relative, ../ and C:\ (on Linux, relative) paths must still be refused.
 */
const WRITES_OUTSIDE: Partial<Record<MethodName, string>> = {
  'backup.start': 'folder',
  'archive.export': 'folder',
};

/** Methods that start background work, and how to tell it has stopped. */
const JOBS: Partial<Record<MethodName, { status: MethodName; running: (s: never) => boolean }>> = {
  'rosterIo.importStart': {
    status: 'rosterIo.importStatus',
    running: (s: { phase: string }) => s.phase === 'reading' || s.phase === 'checking',
  },
  'cards.start': {
    status: 'cards.status',
    running: (s: { state: string }) => s.state === 'running',
  },
  'backup.start': {
    status: 'backup.status',
    running: (s: { state: string }) => s.state === 'running',
  },
};

type Schema = z.ZodType;

/** The object schemas an input can take (one, or one per branch of a union), unwrapped. */
function objectBranches(schema: Schema): z.ZodObject[] {
  const def = (schema as unknown as { def: { type: string } }).def;
  if (schema instanceof z.ZodObject) return [schema];
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) {
    return objectBranches(schema.unwrap() as Schema);
  }
  if (schema instanceof z.ZodPipe) return objectBranches(schema.in as Schema);
  if (schema instanceof z.ZodUnion)
    return schema.options.flatMap((o) => objectBranches(o as Schema));
  throw new Error(`unexpected input schema type ${def.type}`);
}

/** The branch a valid input belongs to (the one that accepts it). */
function branchOf(method: MethodName, input: unknown): z.ZodObject | null {
  const branches = objectBranches(contract[method].input as Schema);
  return branches.find((b) => b.safeParse(input).success) ?? null;
}

interface FileState {
  kind: 'file' | 'dir' | 'other';
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** Every entry under `root` (names, sizes, mtimes, hashes), leaving out `skip`. */
function snapshot(root: string, skip: string[] = []): Map<string, FileState> {
  const out = new Map<string, FileState>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (skip.includes(full)) continue;
      const stat = fs.lstatSync(full);
      const kind = entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
      const sha256 =
        kind === 'file'
          ? crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex')
          : '';
      out.set(path.relative(root, full), { kind, size: stat.size, mtimeMs: stat.mtimeMs, sha256 });
      if (kind === 'dir') visit(full);
    }
  };
  visit(root);
  return out;
}

function differences(before: Map<string, FileState>, after: Map<string, FileState>): string[] {
  const changed: string[] = [];
  for (const [name, state] of after) {
    const was = before.get(name);
    if (!was) changed.push(`new ${name}`);
    else if (JSON.stringify(was) !== JSON.stringify(state)) changed.push(`changed ${name}`);
  }
  for (const name of before.keys()) if (!after.has(name)) changed.push(`removed ${name}`);
  return changed;
}

/** A single file's state (or null when absent): /etc/passwd and names beside the temp root. */
function fileState(file: string): string | null {
  try {
    const stat = fs.statSync(file);
    const hash = stat.isFile()
      ? crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
      : 'dir';
    return `${stat.size} ${stat.mtimeMs} ${hash}`;
  } catch {
    return null;
  }
}

function tableCounts(session: AppSession): Map<string, number> {
  const sqlite = session.ctx.sqlite;
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  return new Map(
    tables.map((t) => [t, sqlite.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]),
  );
}

const polluted = () =>
  (({}) as Record<string, unknown>).polluted !== undefined ||
  ({} as Record<string, unknown>).x !== undefined;

describe('attack: every API method fed malformed input', () => {
  let template: TestRuntime;
  let root: { dir: string; cleanup: () => void };
  let dataDir: string;
  let sentinelDir: string;
  let originalCwd: string;
  let inputs: ReturnType<typeof validInputs>;
  let seededCounts: Map<string, number>;
  let templateBefore: Map<string, FileState>;
  let rssStart: number;
  let rssMax = 0;
  /** Files an attack could reach by absolute path or relative to the old working folder. */
  let outsideTargets: string[];
  let outsideBefore: (string | null)[];

  beforeAll(async () => {
    // One seeded village, copied for every method.
    template = await openTestRuntime();
    const seeded = await dispatchSession(template.session, 'demo.seed', {
      size: 'village',
      seed: 7,
    });
    expect(seeded.ok).toBe(true);
    const problem = template.ctx.sqlite
      .prepare("SELECT min(id) FROM problems WHERE status <> '已解决'")
      .pluck()
      .get() as number;
    const attached = await dispatchSession(template.session, 'problems.addAttachment', {
      problemId: problem,
      fileName: '现场照片.png',
      data: TINY_PNG,
    });
    expect(attached.ok).toBe(true);
    const ids = findIds(template.ctx.sqlite);
    seededCounts = tableCounts(template.session);
    template.session.close();

    // <root>/data (the method's copy), <root>/sentinel beside it, and a working folder four
    // levels down, so ../../../../x and other relative paths land inside <root> where they
    // can be seen, not in the repository.
    root = makeTempDir('village-ledger-attack-');
    dataDir = path.join(root.dir, 'data');
    sentinelDir = path.join(root.dir, 'sentinel');
    fs.mkdirSync(path.join(sentinelDir, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(sentinelDir, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
    fs.writeFileSync(path.join(sentinelDir, 'win.ini'), '[fonts]\n');
    fs.writeFileSync(path.join(sentinelDir, 'b.pdf'), '%PDF-1.4 sentinel\n');
    fs.writeFileSync(path.join(sentinelDir, 'notes.txt'), '不应被改动\n');
    const cwd = path.join(root.dir, 'cwd', 'a', 'b', 'c');
    fs.mkdirSync(cwd, { recursive: true });
    originalCwd = process.cwd();
    process.chdir(cwd);

    inputs = validInputs(ids, { packagePath: sentinelDir });
    templateBefore = snapshot(template.dir);
    outsideTargets = [
      '/etc/passwd',
      ...['passwd', 'win.ini', 'b.pdf', ...PATH_STRINGS.filter((p) => p.length > 1)].flatMap(
        (name) => [
          path.join(os.tmpdir(), name),
          path.join(originalCwd, name),
          path.join(path.dirname(originalCwd), name),
        ],
      ),
    ];
    outsideBefore = outsideTargets.map(fileState);
    rssStart = process.memoryUsage().rss;
  });

  afterAll(() => {
    if (originalCwd) process.chdir(originalCwd);
    root?.cleanup();
    template?.cleanup();
  });

  it('has a valid input for every method, accepted by its schema', () => {
    for (const method of METHOD_NAMES) {
      expect(Object.hasOwn(inputs, method), method).toBe(true);
      const parsed = contract[method].input.safeParse(inputs[method]);
      expect(parsed.success, `${method}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('refuses a 10 MB string in every field by its length or its type', () => {
    // Every string field has a length limit that stops the check there (abort), so a 10 MB
    // string is never trimmed, matched or refined; fields that are not free text (numbers,
    // closed lists) refuse it by its type or value.
    const codes = (issues: readonly z.core.$ZodIssue[]): string[] =>
      issues.flatMap((issue) =>
        issue.code === 'invalid_union' ? issue.errors.flatMap(codes) : [issue.code],
      );
    const accepting: string[] = [];
    const unbounded: string[] = [];
    for (const method of METHOD_NAMES) {
      for (const branch of objectBranches(contract[method].input as Schema)) {
        for (const [key, schema] of Object.entries(branch.shape)) {
          const result = (schema as Schema).safeParse(HUGE);
          if (result.success) {
            accepting.push(`${method}.${key}`);
            continue;
          }
          const found = codes(result.error.issues);
          if (isBytesField(method, key)) {
            if (!found.includes('custom')) unbounded.push(`${method}.${key} (不是字节)`);
            continue;
          }
          const closed = found.every((c) => c === 'invalid_type' || c === 'invalid_value');
          if ((!found.includes('too_big') && !closed) || found.includes('custom')) {
            unbounded.push(`${method}.${key} (${[...new Set(found)].join(', ')})`);
          }
        }
      }
    }
    expect([...new Set(accepting)]).toEqual([]);
    expect([...new Set(unbounded)]).toEqual([]);
  });

  for (const method of METHOD_NAMES) {
    it(`${method}`, async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.cpSync(template.dir, dataDir, { recursive: true });
      const session = await new AppSession({
        dataDir,
        migrationsFolder: MIGRATIONS_FOLDER,
        operator: '测试员',
        now: () => FIXED_NOW,
      }).open();
      const rootBefore = snapshot(root.dir, [dataDir]);
      const problems: string[] = [];
      let wrote = false;
      const jobIds: string[] = [];

      const attempt = async (label: string, input: unknown, strict: boolean) => {
        let envelope: Envelope<unknown>;
        try {
          envelope = await dispatchSession(session, method, input);
        } catch (error) {
          problems.push(`${label}: dispatch threw ${(error as Error).message}`);
          return;
        }
        if (polluted()) problems.push(`${label}: Object.prototype polluted`);
        if (envelope.ok) {
          wrote = true;
          const jobId = (envelope.result as { jobId?: unknown } | null)?.jobId;
          if (typeof jobId === 'string') jobIds.push(jobId);
          if (strict) problems.push(`${label}: accepted, expected VALIDATION`);
          return;
        }
        const { code, message } = envelope.error;
        if (code === 'INTERNAL') problems.push(`${label}: INTERNAL ${message}`);
        else if (strict && code !== 'VALIDATION') {
          problems.push(`${label}: ${code} ${message.slice(0, 80)}, expected VALIDATION`);
        }
        if (message.length > 2000) problems.push(`${label}: message of ${message.length} chars`);
      };

      // Whole inputs of the wrong kind.
      for (const variant of TOP_LEVEL_VARIANTS) {
        await attempt(`input ${variant.label}`, variant.value, true);
      }

      const valid = inputs[method] as Record<string, unknown> | undefined;
      const base = valid ?? {};
      // The valid input with an own "__proto__" key (as JSON.parse makes it), or unknown keys.
      await attempt('extra __proto__ key', Object.assign(protoObject(), base), true);
      await attempt('extra unknown key', { ...base, zzUnknown: 1 }, true);

      // One field at a time.
      const branch = branchOf(method, valid);
      const keys = new Set(
        objectBranches(contract[method].input as Schema).flatMap((b) => Object.keys(b.shape)),
      );
      for (const key of keys) {
        const schema = branch?.shape[key] as Schema | undefined;
        for (const variant of fieldVariants() as Variant[]) {
          if (
            WRITES_OUTSIDE[method] === key &&
            typeof variant.value === 'string' &&
            path.isAbsolute(variant.value)
          ) {
            continue;
          }
          // A value the field itself refuses must make the call a VALIDATION error; one it
          // accepts (a search for "1 OR 1=1", a title "../../etc/passwd") may succeed or be
          // refused by the service, but never crash.
          const strict = !(schema?.safeParse(variant.value).success ?? false);
          await attempt(`${key} = ${variant.label}`, { ...base, [key]: variant.value }, strict);
        }
      }

      // Background work started by an accepted call runs to its end before the checks.
      const job = JOBS[method];
      for (const jobId of jobIds) {
        for (let i = 0; job && i < 400; i++) {
          const status = await dispatchSession(session, job.status, { jobId });
          if (!status.ok || !job.running(status.result as never)) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }

      // The database is whole, every table is there, and a refused call changed no row.
      const integrity = session.ctx.sqlite.pragma('integrity_check', { simple: true });
      expect(integrity).toBe('ok');
      const counts = tableCounts(session);
      expect([...counts.keys()]).toEqual([...seededCounts.keys()]);
      if (!wrote) expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(seededCounts));
      session.close();

      // Nothing outside the data folder was made, changed or removed.
      expect(differences(rootBefore, snapshot(root.dir, [dataDir]))).toEqual([]);
      expect(outsideTargets.map(fileState)).toEqual(outsideBefore);
      // Inside it, files are named by the services, never after the caller's path.
      const named = [...snapshot(dataDir).keys()].filter((rel) => {
        const base = path.basename(rel);
        return (
          ['passwd', 'win.ini', 'b.pdf'].includes(base) ||
          base.includes('..\\') ||
          base.includes('C:\\') ||
          base.includes('\u0000')
        );
      });
      expect(named).toEqual([]);

      rssMax = Math.max(rssMax, process.memoryUsage().rss);
      expect(problems).toEqual([]);
    });
  }

  it('left the seeded template untouched and memory bounded', () => {
    expect(differences(templateBefore, snapshot(template.dir))).toEqual([]);
    // The 10 MB strings are refused by length, not copied around: a few of them at most
    // are alive at once.
    expect(rssMax - rssStart).toBeLessThan(768 * 1024 * 1024);
  });
});
