import { seedDemo } from '../../electron/services/demo/demo';
import { openRuntime } from '../../electron/services/runtime';
import { selfCheck } from '../../electron/services/self-check/self-check';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { summarize, timeMs, type BenchResult, type Benchmark } from './harness';

const RUNS = 5;

/**
 * 迎检自查 (`selfCheck.run` → selfCheck) on the demo sets: the village, and the county (39,154
 * households with a year of problems, visits and meetings) as a whole and one township of it,
 * over the default period (the 12 months ending today). Goal ≤ 2 s on the county (issue 16).
 */
export const selfCheckBench: Benchmark = {
  name: 'self-check',
  async run() {
    const results: BenchResult[] = [];
    for (const size of ['village', 'township', 'county'] as const) {
      const temp = makeTempDir('vl-bench-');
      const runtime = await openRuntime({ dataDir: temp.dir, migrationsFolder: MIGRATIONS_FOLDER });
      try {
        const ctx = runtime.ctx;
        await seedDemo(ctx, { size, seed: 1 });
        ctx.sqlite.pragma('optimize');
        let found = 0;
        // CPU time beside the wall clock: on a shared machine the wall clock also counts the
        // time other processes held the cores.
        const cpu: number[] = [];
        const whole = Array.from({ length: RUNS }, () =>
          timeMs(() => {
            const started = process.cpuUsage();
            found = selfCheck(ctx).total;
            const used = process.cpuUsage(started);
            cpu.push((used.user + used.system) / 1000);
          }),
        );
        const label = {
          village: '村级演示数据',
          township: '乡镇级演示数据',
          county: '县级演示数据，全县',
        }[size];
        results.push({
          ...summarize(`迎检自查（${label}）`, whole, 'ms', '≤ 2000'),
          note: `${found} 条发现`,
        });
        results.push(summarize(`迎检自查 CPU 时间（${label}）`, cpu, 'ms', '≤ 2000'));
        if (size === 'county') {
          const township = (
            ctx.sqlite
              .prepare("SELECT id FROM grids WHERE level = 'township' ORDER BY id")
              .get() as { id: number }
          ).id;
          const one = Array.from({ length: RUNS }, () =>
            timeMs(() => selfCheck(ctx, { gridId: township })),
          );
          results.push(summarize('迎检自查（县级演示数据，一个乡镇）', one, 'ms', '≤ 2000'));
        }
      } finally {
        runtime.close();
        temp.cleanup();
      }
    }
    return results;
  },
};
