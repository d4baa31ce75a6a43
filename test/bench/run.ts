import fs from 'node:fs';
import path from 'node:path';
import { archiveExportBench } from './archive-export.bench';
import { backupBench } from './backup.bench';
import { bulkInsert } from './bulk-insert.bench';
import { cardsBench } from './cards.bench';
import type { Benchmark, BenchResult } from './harness';
import { firstPaint } from './first-paint.bench';
import { importCheckBench } from './import-check.bench';
import { ledgerQuery } from './ledger-query.bench';
import { monthlyReportCounty } from './monthly-report.bench';
import { noticeBench } from './notice.bench';
import { rosterImport } from './roster-import.bench';
import { safetyBench } from './safety.bench';
import { countyLists, countyWorkers, townshipExport } from './scale.bench';
import { searchCounty } from './search.bench';
import { reportScaleBench } from './report-scale.bench';
import { selfCheckBench } from './self-check.bench';
import { stallBench } from './stall.bench';
import { seedDemoCounty } from './seed-demo.bench';
import { vaultBench } from './vault.bench';
import { workerPickerUi } from './worker-picker-ui.bench';

/** `npm run bench [-- name-filter]`: runs every benchmark and prints one table of medians. */
const BENCHMARKS: Benchmark[] = [
  bulkInsert,
  seedDemoCounty,
  searchCounty,
  ledgerQuery,
  monthlyReportCounty,
  selfCheckBench,
  noticeBench,
  cardsBench,
  archiveExportBench,
  backupBench,
  rosterImport,
  importCheckBench,
  safetyBench,
  vaultBench,
  firstPaint,
  townshipExport,
  countyWorkers,
  workerPickerUi,
  countyLists,
  stallBench,
  reportScaleBench,
];

const filter = process.argv[2];
const results: BenchResult[] = [];
for (const bench of BENCHMARKS) {
  if (filter && !bench.name.includes(filter)) continue;
  process.stderr.write(`运行 ${bench.name} …\n`);
  results.push(...(await bench.run()));
}

const table = results.map((r) => ({
  名称: r.name,
  中位数: r.median,
  单位: r.unit,
  目标: r.goal,
  各次: r.runs.join(' / '),
}));
console.table(table);
const out = path.resolve('reports', 'bench.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(
  out,
  JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2),
);
console.log(`结果已写入 ${out}`);
