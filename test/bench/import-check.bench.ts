import { monitorEventLoopDelay } from 'node:perf_hooks';
import { dispatch } from '../../electron/services/dispatch';
import { exportRoster } from '../../electron/services/roster-io/export';
import { analyseImport } from '../../electron/services/roster-io/import';
import { openRuntime } from '../../electron/services/runtime';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { summarize, type Benchmark } from './harness';

const RUNS = 3;
/** Event-loop sampling step, as in stall.bench.ts. */
const RESOLUTION_MS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The import check (read the file, check it against the database; what rosterIo.importStart
 * runs until the preview is ready) of the township demo's own roster export, every household
 * an update: its longest event-loop stall (issue 15 item 2: ≤ 250 ms on the township demo) and
 * its total time. The same call as stall.bench.ts's import row, run 3 times for a median.
 */
export const importCheckBench: Benchmark = {
  name: 'import check stall (township)',
  async run() {
    const temp = makeTempDir('vl-bench-check-');
    const runtime = await openRuntime({ dataDir: temp.dir, migrationsFolder: MIGRATIONS_FOLDER });
    try {
      const ctx = runtime.ctx;
      const seeded = await dispatch(ctx, 'demo.seed', { size: 'township', seed: 1 });
      if (!seeded.ok) throw new Error(seeded.error.message);
      const { buffer } = await exportRoster(ctx, {});
      const stalls: number[] = [];
      const totals: number[] = [];
      let units = 0;
      for (let i = 0; i < RUNS; i++) {
        const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
        histogram.enable();
        // The histogram skips its first sample: let two pass before the work starts.
        await sleep(RESOLUTION_MS * 2.5);
        const started = performance.now();
        const analysis = await analyseImport(ctx, 'households', 'roster.xlsx', buffer);
        totals.push(performance.now() - started);
        await sleep(RESOLUTION_MS * 2.5);
        histogram.disable();
        stalls.push(histogram.max / 1e6);
        if (analysis.preview.problemCount > 0) throw new Error('the township export had problems');
        units = analysis.preview.updates;
      }
      return [
        summarize(
          `导入检查 最长卡顿（乡镇演示数据，${units} 户都是更新）`,
          stalls,
          'ms',
          '≤ 250',
          0,
        ),
        summarize('  导入检查 总用时', totals, 'ms', '—', 0),
      ];
    } finally {
      runtime.close();
      temp.cleanup();
    }
  },
};
