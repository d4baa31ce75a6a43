import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REPORT_PACKAGE_PRIVACY,
  type ReportPackageFile,
} from '../../electron/api/report-package-contract';
import { runCli } from '../../electron/cli/commands';
import { ZipReader } from '../../electron/services/archive/zip-reader';
import { seedDemo } from '../../electron/services/demo/demo';
import { closeLog, logFiles, openLog } from '../../electron/services/log/logger';
import {
  manifestSchema,
  PACKAGE_PRIVACY_NOTE,
  PACKAGE_TABLES,
  rowSchema,
  tableEntry,
  type PackageManifest,
} from '../../electron/services/reporting/format';
import {
  decryptPackage,
  isEncryptedPackage,
  PASSWORD_NEEDED,
  PASSWORD_WRONG,
} from '../../electron/services/reporting/package/crypto';
import { buildReportPackage } from '../../electron/services/reporting/package/write';
import { AppSession } from '../../electron/services/session';
import type { ServiceContext } from '../../electron/services/context';
import { call, failure } from '../fixtures/village';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';

/**
 * The village 上报包 (docs/domain.md §11) on the village demo (400 households): the same data
 * gives the same bytes, an edit gives other bytes and a later data time, the manifest matches
 * the entries, every line passes the shared row schema, every reference points inside the
 * package, the password round trip, and no ID number or phone in the log.
 */

let temp: ReturnType<typeof makeTempDir>;
let session: AppSession;
let ctx: ServiceContext;
let closed = false;
let clock = new Date('2026-05-06T07:08:09.000Z');

async function unzip(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const file = path.join(temp.dir, `unzip-${Math.random().toString(36).slice(2)}.zip`);
  fs.writeFileSync(file, bytes);
  const reader = await ZipReader.open(file);
  try {
    const out = new Map<string, Buffer>();
    for (const entry of reader.entries) out.set(entry.name, await reader.buffer(entry));
    return out;
  } finally {
    await reader.close();
    fs.rmSync(file);
  }
}

const lines = (data: Buffer) =>
  data
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

let first: Uint8Array;
let entries: Map<string, Buffer>;
let manifest: PackageManifest;

beforeAll(async () => {
  temp = makeTempDir('vl-package-');
  openLog(temp.dir);
  session = await new AppSession({
    dataDir: temp.dir,
    migrationsFolder: MIGRATIONS_FOLDER,
    operator: '测试员',
    now: () => clock,
  }).open();
  ctx = session.runtime!.ctx;
  await seedDemo(ctx, { size: 'village', seed: 1 });
  first = buildReportPackage(ctx, { period: '2026-04' }).bytes;
  entries = await unzip(first);
  manifest = manifestSchema.parse(JSON.parse(entries.get('manifest.json')!.toString('utf8')));
}, 300_000);

afterAll(() => {
  if (!closed) session.close();
  closeLog();
  temp.cleanup();
});

describe('the village 上报包', () => {
  it('gives the same bytes for the same data, also through report.package in a worker', async () => {
    const again = buildReportPackage(ctx, { period: '2026-04' }).bytes;
    expect(Buffer.compare(Buffer.from(first), Buffer.from(again))).toBe(0);
    const file = await call<ReportPackageFile>(ctx, 'report.package', { period: '2026-04' });
    expect(file.fileName).toBe('上报包_龙山村_2026-04.zip');
    expect(file.encrypted).toBe(false);
    expect(Buffer.compare(Buffer.from(first), Buffer.from(file.data))).toBe(0);
    expect(file.privacy).toBe(PACKAGE_PRIVACY_NOTE);
    expect(REPORT_PACKAGE_PRIVACY).toBe(PACKAGE_PRIVACY_NOTE);
    expect(file.counts.find((c) => c.label === '农户')?.count).toBe(400);
  });

  it('names the village, its township and county, and the time of the last change', () => {
    expect(manifest.village.name).toBe('龙山村');
    expect(manifest.village.township).not.toBe('');
    expect(manifest.village.county).not.toBe('');
    expect(manifest.village.key).toBe(`code:${manifest.village.code}`);
    expect(manifest.period).toBe('2026-04');
    expect(manifest.schemaVersion).toBe(ctx.schemaVersion);
    expect(manifest.privacy).toBe(PACKAGE_PRIVACY_NOTE);
    expect(manifest.createdAt).toBe('2026-05-06T07:08:09.000Z');
  });

  it('lists every other entry with its size and SHA-256, and counts every table', () => {
    const names = [...entries.keys()];
    expect(names[0]).toBe('manifest.json');
    expect(manifest.files.map((f) => f.name)).toEqual(names.slice(1));
    expect(names).toEqual([
      'manifest.json',
      ...PACKAGE_TABLES.map((t) => tableEntry(t.name)),
      'figures.json',
      'self-check.json',
      'proposals.json',
    ]);
    for (const file of manifest.files) {
      const data = entries.get(file.name)!;
      expect(data.length, file.name).toBe(file.bytes);
      expect(createHash('sha256').update(data).digest('hex'), file.name).toBe(file.sha256);
    }
    for (const spec of PACKAGE_TABLES) {
      expect(lines(entries.get(tableEntry(spec.name))!).length, spec.name).toBe(
        manifest.counts[spec.name],
      );
    }
    expect(manifest.counts.households).toBe(400);
    expect(manifest.counts.problems).toBeGreaterThan(0);
    expect(manifest.counts.visits).toBeGreaterThan(0);
  });

  it('writes every line as the shared row schema says, keys in column order', () => {
    for (const spec of PACKAGE_TABLES) {
      const schema = rowSchema(spec);
      for (const [at, row] of lines(entries.get(tableEntry(spec.name))!).entries()) {
        const parsed = schema.safeParse(row);
        expect(parsed.success, `${spec.name} line ${at + 1}: ${parsed.error?.message}`).toBe(true);
      }
      for (const column of spec.dropped ?? []) {
        for (const row of lines(entries.get(tableEntry(spec.name))!)) {
          expect(row[column]).toBeNull();
        }
      }
    }
  });

  it('points every reference at a row of the package; the village grid comes first', () => {
    const ids = new Map<string, Set<unknown>>();
    const rows = new Map<string, Record<string, unknown>[]>();
    for (const spec of PACKAGE_TABLES) {
      const list = lines(entries.get(tableEntry(spec.name))!);
      rows.set(spec.name, list);
      ids.set(spec.name, new Set(list.map((r) => r.id)));
    }
    const grids = rows.get('grids')!;
    expect(grids[0]).toMatchObject({ level: 'village', parent_id: null });
    expect(grids.slice(1).every((g) => g.parent_id !== null)).toBe(true);
    for (const spec of PACKAGE_TABLES) {
      for (const row of rows.get(spec.name)!) {
        for (const [column, target] of Object.entries(spec.refs)) {
          if (row[column] === null) continue;
          expect(ids.get(target)!.has(row[column]), `${spec.name}.${column}`).toBe(true);
        }
      }
    }
  });

  it('carries the 月通报 figures, the self-check counts and the open proposals', () => {
    const figures = JSON.parse(entries.get('figures.json')!.toString('utf8')) as {
      households: { covered: number };
      generatedAt: string;
    };
    expect(figures.households.covered).toBe(400);
    expect(figures.generatedAt).toBe(manifest.createdAt);
    const check = JSON.parse(entries.get('self-check.json')!.toString('utf8')) as {
      to: string;
      items: { code: string; count: number; title: string }[];
    };
    expect(check.to).toBe('2026-04-30');
    expect(check.items.length).toBeGreaterThan(10);
    // Counts and titles only: no findings, no names.
    expect(Object.keys(check.items[0]!).sort()).toEqual(['code', 'count', 'group', 'title']);
    const proposals = JSON.parse(entries.get('proposals.json')!.toString('utf8')) as {
      problemId: number;
      kind: string;
    }[];
    const open = ctx.sqlite
      .prepare('SELECT count(*) AS n FROM problems WHERE proposal IS NOT NULL AND decision IS NULL')
      .get() as { n: number };
    expect(proposals.length).toBe(open.n);
  });

  it('gives other bytes and a later data time after an edit; its own export never moves it', async () => {
    clock = new Date('2026-05-07T01:00:00.000Z');
    // A package written on a later day without a change keeps the data time.
    const unchanged = buildReportPackage(ctx, { period: '2026-04' }).bytes;
    expect(Buffer.compare(Buffer.from(first), Buffer.from(unchanged))).toBe(0);
    const group = ctx.sqlite
      .prepare("SELECT id, name FROM grids WHERE level = 'group' ORDER BY id LIMIT 1")
      .get() as { id: number; name: string };
    await call(ctx, 'grids.rename', { id: group.id, name: `${group.name}（新）` });
    const edited = buildReportPackage(ctx, { period: '2026-04' });
    expect(Buffer.compare(Buffer.from(first), Buffer.from(edited.bytes))).not.toBe(0);
    expect(edited.manifest.createdAt).toBe('2026-05-07T01:00:00.000Z');
    clock = new Date('2026-05-08T01:00:00.000Z');
    const later = buildReportPackage(ctx, { period: '2026-04' });
    expect(later.manifest.createdAt).toBe('2026-05-07T01:00:00.000Z');
    const audits = ctx.sqlite
      .prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'report_package'")
      .get() as { n: number };
    expect(audits.n).toBeGreaterThanOrEqual(4);
  });

  it('encrypts with a password: round trip, wrong password and changed bytes refused', async () => {
    const file = await call<ReportPackageFile>(ctx, 'report.package', {
      period: '2026-04',
      password: '村里的密码123',
    });
    expect(file.fileName).toBe('上报包_龙山村_2026-04.vlrp');
    expect(file.encrypted).toBe(true);
    expect(isEncryptedPackage(file.data)).toBe(true);
    const plain = decryptPackage(file.data, '村里的密码123');
    const opened = await unzip(plain);
    expect(opened.has('manifest.json')).toBe(true);
    expect(() => decryptPackage(file.data, undefined)).toThrow(PASSWORD_NEEDED);
    expect(() => decryptPackage(file.data, '村里的密码124')).toThrow(PASSWORD_WRONG);
    const tampered = Uint8Array.from(file.data);
    tampered[tampered.length - 100]! ^= 0x01;
    expect(() => decryptPackage(tampered, '村里的密码123')).toThrow(PASSWORD_WRONG);
    // Absurd scrypt parameters in the header are refused before any work.
    const greedy = Uint8Array.from(file.data);
    greedy[9] = 30;
    expect(() => decryptPackage(greedy, '村里的密码123')).toThrow(PASSWORD_WRONG);
    const short = await failure(ctx, 'report.package', { period: '2026-04', password: '123' });
    expect(short.message).toContain('密码至少 6 个字符');
  });

  it('refuses a month not yet begun and a grid that is not a village', async () => {
    const future = await failure(ctx, 'report.package', { period: '2026-06' });
    expect(future.message).toContain('还没有到');
    const group = ctx.sqlite
      .prepare("SELECT id FROM grids WHERE level = 'group' ORDER BY id LIMIT 1")
      .get() as { id: number };
    const wrong = await failure(ctx, 'report.package', {
      period: '2026-04',
      villageGridId: group.id,
    });
    expect(wrong.message).toContain('不是村级网格');
  });

  it('leaves no ID number nor phone in the log', () => {
    const sqlite = ctx.sqlite;
    const values = [
      ...(
        sqlite
          .prepare("SELECT id_number AS v FROM members WHERE coalesce(id_number, '') <> ''")
          .all() as { v: string }[]
      ).map((r) => r.v),
      ...(
        sqlite.prepare("SELECT phone AS v FROM households WHERE phone <> ''").all() as {
          v: string;
        }[]
      ).map((r) => r.v),
    ];
    expect(values.length).toBeGreaterThan(100);
    const text = logFiles(temp.dir)
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    expect(values.filter((v) => text.includes(v))).toEqual([]);
  });

  it('writes the file from the CLI under a temporary name, with a password file', async () => {
    // The CLI opens the database itself: the test's session lets go of it first.
    session.close();
    closed = true;
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const target = path.join(temp.dir, 'out', '上报包.vlrp');
    fs.mkdirSync(path.dirname(target));
    const secret = path.join(temp.dir, 'pw.txt');
    fs.writeFileSync(secret, '村里的密码123\n');
    const code = await runCli(
      [
        'report-package',
        '--data',
        temp.dir,
        '--period',
        '2026-04',
        '--out',
        target,
        '--password-file',
        secret,
      ],
      io,
      {},
    );
    expect(err.join('\n')).toBe('');
    expect(code).toBe(0);
    expect(fs.readdirSync(path.dirname(target))).toEqual(['上报包.vlrp']);
    const text = out.join('\n');
    expect(text).toContain('农户 400');
    expect(text).toContain(PACKAGE_PRIVACY_NOTE);
    expect(text).toContain('已加密');
    const opened = await unzip(decryptPackage(fs.readFileSync(target), '村里的密码123'));
    expect(opened.has('data/households.jsonl')).toBe(true);
  });
});
