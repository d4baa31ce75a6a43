import { seedDemo } from '../../electron/services/demo/demo';
import { monthlyReport } from '../../electron/services/reports/monthly';
import { addMonths } from '../../electron/services/roster/elimination';
import { today } from '../../electron/services/roster/people';
import { openRuntime } from '../../electron/services/runtime';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { summarize, timeMs, type Benchmark } from './harness';

const RUNS = 5;

/**
 * The 月通报 figures (`reports.monthly` → monthlyReport) for the last full month on the county
 * demo set (39,154 households with a year of problems, visits and meetings), for the whole
 * county and for one township. Goal ≤ 1 s.
 */
export const monthlyReportCounty: Benchmark = {
  name: 'monthly report county',
  async run() {
    const temp = makeTempDir('vl-bench-');
    const runtime = await openRuntime({ dataDir: temp.dir, migrationsFolder: MIGRATIONS_FOLDER });
    try {
      const ctx = runtime.ctx;
      await seedDemo(ctx, { size: 'county', seed: 1 });
      ctx.sqlite.pragma('optimize');
      const month = addMonths(today(ctx), -1).slice(0, 7);
      const township = (
        ctx.sqlite.prepare("SELECT id FROM grids WHERE level = 'township' ORDER BY id").get() as {
          id: number;
        }
      ).id;
      const county = Array.from({ length: RUNS }, () =>
        timeMs(() => monthlyReport(ctx, { month })),
      );
      const oneTownship = Array.from({ length: RUNS }, () =>
        timeMs(() => monthlyReport(ctx, { month, gridId: township })),
      );
      return [
        summarize(`月通报 ${month}（县级演示数据，全县）`, county, 'ms', '≤ 1000'),
        summarize(`月通报 ${month}（县级演示数据，一个乡镇）`, oneTownship, 'ms', '≤ 1000'),
      ];
    } finally {
      runtime.close();
      temp.cleanup();
    }
  },
};
