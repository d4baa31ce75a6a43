import fs from 'node:fs';
import path from 'node:path';
import { importOne } from '../../electron/services/reporting/import/import';
import { createWorkspace } from '../../electron/services/reporting/workspace';
import { monthlyReport } from '../../electron/services/reports/monthly';
import { openRuntime } from '../../electron/services/runtime';
import { selfCheck } from '../../electron/services/self-check/self-check';
import { MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { median, timeMs } from './harness';

/**
 * The county's roll-up in a fresh process, so its peak RSS is the import's own (docs/scale.md):
 * argv = an empty data dir, the folder of the villages' 上报包, the county's name, the month.
 * Makes a 县级汇总 workspace, imports every package one after the other (each its own
 * transaction, as `report-import` does), then times the county 月通报 and 迎检自查 on its root.
 * Prints one JSON line.
 */
const [dataDir, packages, county, month] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
];
const RUNS = 5;
const runtime = await openRuntime({ dataDir, migrationsFolder: MIGRATIONS_FOLDER });
const ctx = runtime.ctx;
createWorkspace(ctx, { kind: 'county', county });
const files = fs
  .readdirSync(packages)
  .filter((f) => f.endsWith('.zip'))
  .sort();
const perFile: number[] = [];
const outcomes: Record<string, number> = {};
const refused: string[] = [];
const cpuStart = process.cpuUsage();
const started = performance.now();
for (const name of files) {
  const data = fs.readFileSync(path.join(packages, name));
  const t = performance.now();
  const result = await importOne(ctx, { fileName: name, data }, undefined);
  perFile.push(performance.now() - t);
  outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
  if (result.outcome === 'refused') refused.push(`${name}: ${result.message}`);
}
const importMs = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);
const importCpuMs = (cpu.user + cpu.system) / 1000;
const importRssMiB = process.resourceUsage().maxRSS / 1024;
ctx.sqlite.pragma('optimize');
const root = (
  ctx.sqlite.prepare("SELECT id FROM grids WHERE level = 'county' ORDER BY id").get() as {
    id: number;
  }
).id;
const count = (table: string) =>
  (ctx.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const rows: Record<string, number> = {};
for (const table of [
  'grids',
  'workers',
  'households',
  'members',
  'problems',
  'problem_steps',
  'visits',
  'meetings',
  'measures',
]) {
  rows[table] = count(table);
}
let reportHouseholds = 0;
const monthly = Array.from({ length: RUNS }, () =>
  timeMs(() => {
    reportHouseholds = monthlyReport(ctx, { month, gridId: root }).households.covered;
  }),
);
let findings = 0;
const check = Array.from({ length: RUNS }, () =>
  timeMs(() => {
    findings = selfCheck(ctx, { gridId: root }).total;
  }),
);
ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
const dbBytes = fs.statSync(ctx.databaseFile).size;
runtime.close();
console.log(
  JSON.stringify({
    files: files.length,
    outcomes,
    refused: refused.slice(0, 5),
    importMs,
    importCpuMs,
    slowestFileMs: Math.max(...perFile),
    medianFileMs: median(perFile),
    importRssMiB,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    rows,
    reportHouseholds,
    findings,
    monthly,
    check,
    dbBytes,
  }),
);
