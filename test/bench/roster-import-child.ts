import fs from 'node:fs';
import { analyseImport, commitImport } from '../../electron/services/roster-io/import';
import { openRuntime } from '../../electron/services/runtime';
import { MIGRATIONS_FOLDER } from '../fixtures/temp-dir';

/**
 * One import in a fresh process, so its peak RSS is the import's own:
 * argv = data dir (with a database holding the grids), file, and optionally `again`: the same
 * file imported a second time (every household an update). Prints one JSON line.
 */
const [dataDir, file, again] = process.argv.slice(2) as [string, string, string?];
const runtime = await openRuntime({ dataDir, migrationsFolder: MIGRATIONS_FOLDER });
const buffer = fs.readFileSync(file);
const started = performance.now();
const analysis = await analyseImport(runtime.ctx, 'households', 'bench.xlsx', buffer);
const checked = performance.now();
const summary = commitImport(runtime.ctx, analysis, false);
const done = performance.now();
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
let reimport: { ms: number; checkMs: number; writeMs: number; updated: number } | null = null;
if (again === 'again') {
  const started2 = performance.now();
  const analysis2 = await analyseImport(runtime.ctx, 'households', 'bench.xlsx', buffer);
  const checked2 = performance.now();
  const summary2 = commitImport(runtime.ctx, analysis2, false);
  const done2 = performance.now();
  if (analysis2.preview.problemCount > 0) throw new Error('re-import had problems');
  reimport = {
    ms: done2 - started2,
    checkMs: checked2 - started2,
    writeMs: done2 - checked2,
    updated: summary2.updated,
  };
}
runtime.close();
console.log(
  JSON.stringify({
    ms: done - started,
    checkMs: checked - started,
    writeMs: done - checked,
    problems: analysis.preview.problemCount,
    households: summary.created + summary.updated,
    members: summary.members,
    maxRssMiB,
    reimport,
  }),
);
