import fs from 'node:fs';
import { analyseImport, commitImport } from '../../electron/services/roster-io/import';
import { openRuntime } from '../../electron/services/runtime';
import { MIGRATIONS_FOLDER } from '../fixtures/temp-dir';

/**
 * One import in a fresh process, so its peak RSS is the import's own:
 * argv = data dir (with a database holding the grids), file. Prints one JSON line.
 */
const [dataDir, file] = process.argv.slice(2) as [string, string];
const runtime = await openRuntime({ dataDir, migrationsFolder: MIGRATIONS_FOLDER });
const buffer = fs.readFileSync(file);
const started = performance.now();
const analysis = await analyseImport(runtime.ctx, 'households', 'bench.xlsx', buffer);
const checked = performance.now();
const summary = commitImport(runtime.ctx, analysis, false);
const done = performance.now();
runtime.close();
console.log(
  JSON.stringify({
    ms: done - started,
    checkMs: checked - started,
    writeMs: done - checked,
    problems: analysis.preview.problemCount,
    households: summary.created + summary.updated,
    members: summary.members,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
