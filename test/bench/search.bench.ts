import { seedDemo } from '../../electron/services/demo/demo';
import { search } from '../../electron/services/roster/queries';
import { openRuntime } from '../../electron/services/runtime';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { p95, summarize, timeMs, type Benchmark } from './harness';

const QUERIES_PER_KIND = 200;

/**
 * Roster search in the service on the county demo set (39,154 households): names, name starts,
 * pinyin initials, the last 4 digits of IDs and phones and whole numbers (docs/domain.md §7: a
 * number is found by its last 4 or whole), drawn from the data itself. Each number search is
 * audited (a write) and limited per minute: the runtime's clock runs a minute ahead before each
 * search, so the bench measures searches, not refusals.
 */
export const searchCounty: Benchmark = {
  name: 'search county',
  async run() {
    const temp = makeTempDir('vl-bench-');
    let skew = 0;
    const runtime = await openRuntime({
      dataDir: temp.dir,
      migrationsFolder: MIGRATIONS_FOLDER,
      now: () => new Date(Date.now() + skew),
    });
    const timedSearch = (query: string) => {
      skew += 61_000;
      return timeMs(() => search(runtime.ctx, { query }));
    };
    try {
      const seedStarted = performance.now();
      await seedDemo(runtime.ctx, { size: 'county', seed: 1 });
      const seedMs = performance.now() - seedStarted;
      const sample = runtime.ctx.sqlite
        .prepare(
          `SELECT m.name, m.name_initials AS initials, m.id_number AS id, h.phone
           FROM members m JOIN households h ON h.id = m.household_id ORDER BY random() LIMIT ${QUERIES_PER_KIND}`,
        )
        .all() as { name: string; initials: string; id: string; phone: string }[];
      const queries = sample.flatMap((s, i) => [
        s.name,
        s.name.slice(0, 1),
        s.initials.slice(0, 2 + (i % 2)),
        i % 2 ? s.id.slice(-4) : s.id,
        i % 2 ? s.phone.slice(-4) : s.phone,
        // A character inside the name (桂 in 李桂英): the scan of the name index.
        s.name.slice(1, 2),
      ]);
      // Warm the statement cache and the pages once, as a clerk's second search would be.
      for (const q of queries.slice(0, 50)) timedSearch(q);
      const runs: number[] = [];
      for (let round = 0; round < 5; round++) {
        const times = queries.map(timedSearch);
        runs.push(p95(times));
      }
      return [
        summarize('查找 p95（县级演示数据，每轮 1,200 次）', runs, 'ms', '≤ 10', 2),
        summarize('seed-demo --size county 用时（含花名册）', [seedMs], 'ms'),
      ];
    } finally {
      runtime.close();
      temp.cleanup();
    }
  },
};
