import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackageManifest } from '../../electron/services/reporting/format';
import { createWorkspace } from '../../electron/services/reporting/workspace';
import { openRuntime } from '../../electron/services/runtime';
import { fileSize, killLeftovers, runCliProcess, spawnCli, whenTrue } from '../fixtures/faults';
import { repack, townshipSource, unpack, type TownshipSource } from '../fixtures/report-packages';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';

// docs/domain.md §11: a CLI killed with SIGKILL in the middle of `report-import` leaves the
// township workspace as it was (or, killed after the commit, with the whole package): never a
// village half loaded. Real processes, real files, no hooks in the product.

/** Copies of each household (with its members, visits …) in the big package. */
const COPIES = 20;
const OFFSET = 10_000_000;
const HOUSEHOLD_TABLES = [
  'households',
  'household_grids',
  'members',
  'household_risks',
  'household_incomes',
  'assistance_contacts',
  'measures',
  'visits',
  'card_prints',
  'policy_handouts',
];

/**
 * A real package made COPIES times bigger: every household's rows copied under new ids, the
 * copies without 户编号 or ID number (those are unique across the workspace), the manifest's
 * counts and hashes made right again, so it passes every check and loads for long enough.
 */
async function bigPackage(bytes: Uint8Array): Promise<Uint8Array> {
  const entries = await unpack(bytes);
  const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as PackageManifest;
  for (const table of HOUSEHOLD_TABLES) {
    const name = `data/${table}.jsonl`;
    const lines = entries.get(name)!.toString('utf8').split('\n').filter(Boolean);
    const out = [...lines];
    for (let k = 1; k <= COPIES; k++) {
      for (const line of lines) {
        const row = JSON.parse(line) as Record<string, unknown>;
        if (typeof row.id === 'number') row.id += k * OFFSET;
        if (table === 'households') {
          row.household_no = null;
        } else {
          row.household_id = (row.household_id as number) + k * OFFSET;
        }
        if (table === 'members') {
          row.id_number = null;
          row.id_key = null;
          row.id_rev = null;
        }
        if (table === 'visits') row.problem_id = null;
        out.push(JSON.stringify(row));
      }
    }
    const data = Buffer.from(out.map((l) => `${l}\n`).join(''), 'utf8');
    entries.set(name, data);
    manifest.counts[table] = out.length;
    const file = manifest.files.find((f) => f.name === name)!;
    file.bytes = data.length;
    file.sha256 = crypto.createHash('sha256').update(data).digest('hex');
  }
  entries.set('manifest.json', Buffer.from(JSON.stringify(manifest), 'utf8'));
  return repack(entries);
}

interface State {
  integrity: string;
  households: number;
  villages: number;
  imports: number;
  reportIds: number;
}

function inspect(file: string): State {
  const sqlite = new Database(file);
  try {
    const n = (t: string) => sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    const rows = sqlite.pragma('integrity_check') as { integrity_check: string }[];
    const fk = sqlite.pragma('foreign_key_check') as unknown[];
    return {
      integrity: rows.map((r) => r.integrity_check).join('; ') + (fk.length ? ' fk' : ''),
      households: n('households'),
      villages: n('report_villages'),
      imports: n('report_imports'),
      reportIds: n('report_ids'),
    };
  } finally {
    sqlite.close();
  }
}

describe('kill -9 during report-import', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let source: TownshipSource;
  let packageFile: string;
  let households = 0;
  /** An empty township workspace, copied for each run. */
  let clean: string;
  let runs = 0;

  beforeAll(async () => {
    temp = makeTempDir('vl-report-kill-');
    source = await townshipSource();
    const big = await bigPackage(source.pack(0, '2026-04').data);
    packageFile = path.join(temp.dir, '上报包_大.zip');
    fs.writeFileSync(packageFile, big);
    const manifest = JSON.parse(
      (await unpack(big)).get('manifest.json')!.toString('utf8'),
    ) as PackageManifest;
    households = manifest.counts.households!;
    const runtime = await openRuntime({
      dataDir: path.join(temp.dir, 'clean'),
      migrationsFolder: MIGRATIONS_FOLDER,
    });
    try {
      createWorkspace(runtime.ctx, {
        kind: 'township',
        county: source.county,
        township: source.township,
      });
      clean = runtime.ctx.databaseFile;
    } finally {
      runtime.close();
    }
  }, 300_000);
  afterAll(() => {
    killLeftovers();
    source?.runtime.cleanup();
    temp?.cleanup();
  });

  function freshDatabase(): string {
    const dir = path.join(temp.dir, `run-${++runs}`);
    fs.mkdirSync(dir);
    const file = path.join(dir, path.basename(clean));
    fs.copyFileSync(clean, file);
    return file;
  }

  it('killed while writing: the workspace as before (or the whole package), then a rerun loads it', async () => {
    const before = inspect(clean);
    expect(before).toMatchObject({ integrity: 'ok', households: 0, villages: 0 });
    const outcomes: { walAtKill: number; households: number }[] = [];
    let db = '';
    // The -wal grows only once the load's one transaction writes (checking only reads): its
    // size is the signal of the write phase; a later threshold kills later in it.
    for (const threshold of [1, 3].map((mb) => mb * 1024 * 1024)) {
      db = freshDatabase();
      const wal = `${db}-wal`;
      const child = spawnCli(['report-import', packageFile, '--db', db]);
      await whenTrue(() => fileSize(wal) > threshold, child, '写入阶段', 110_000);
      child.kill();
      const walAtKill = fileSize(wal);
      expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const after = inspect(db);
      expect(after.integrity).toBe('ok');
      if (after.households === 0) {
        // Nothing of it: the workspace exactly as before (not even its 导入记录).
        expect(after).toEqual(before);
      } else {
        expect(after).toMatchObject({ households, villages: 1, imports: 1 });
      }
      outcomes.push({ walAtKill, households: after.households });
    }
    console.log(
      `kill -9 在写入中：${outcomes.map((o) => `-wal ${(o.walAtKill / 1048576).toFixed(1)} MB → ${o.households} 户`).join('；')}`,
    );
    // At least one kill landed before COMMIT: the rollback path really ran.
    expect(outcomes.some((o) => o.households === 0)).toBe(true);
    const rerun = await runCliProcess(['report-import', packageFile, '--db', db]);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/已导入/);
    expect(inspect(db)).toMatchObject({ integrity: 'ok', households, villages: 1 });
  }, 300_000);
});
