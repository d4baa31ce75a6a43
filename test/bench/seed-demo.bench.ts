import fs from 'node:fs';
import { openRuntime } from '../../electron/services/runtime';
import { seedDemo } from '../../electron/services/demo/demo';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { summarize, type Benchmark } from './harness';

const RUNS = 5;

export const seedDemoCounty: Benchmark = {
  name: 'seed-demo county',
  async run() {
    const times: number[] = [];
    const sizes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const temp = makeTempDir('vl-bench-');
      try {
        const runtime = await openRuntime({
          dataDir: temp.dir,
          migrationsFolder: MIGRATIONS_FOLDER,
        });
        const started = performance.now();
        await seedDemo(runtime.ctx, { size: 'county', seed: 1 });
        times.push(performance.now() - started);
        runtime.ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
        sizes.push(fs.statSync(runtime.ctx.databaseFile).size / 1024 / 1024);
        runtime.close();
      } finally {
        temp.cleanup();
      }
    }
    return [
      summarize('seed-demo --size county 用时', times, 'ms'),
      summarize('seed-demo --size county 数据库大小', sizes, 'MiB', '—', 2),
    ];
  },
};
