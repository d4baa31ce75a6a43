import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { seedRoster, type DemoGrid } from '../../electron/services/demo/roster-demo';
import { Random } from '../../electron/services/demo/random';
import { inTransaction } from '../../electron/services/context';
import { exportRoster } from '../../electron/services/roster-io/export';
import { openRuntime } from '../../electron/services/runtime';
import { createVillage } from '../../electron/services/setup/setup';
import { makeTempDir, MIGRATIONS_FOLDER, REPO_ROOT } from '../fixtures/temp-dir';
import { summarize, type Benchmark } from './harness';

const HOUSEHOLDS = 10_000;
const RUNS = 3;
const GROUPS = Array.from({ length: 100 }, (_, i) => `第${i + 1}组`);
const VILLAGE = { county: '石门县', township: '柳湾镇', village: '杨柳村', groups: GROUPS };

/** A database holding only the grid tree the file refers to. */
async function emptyVillage(dir: string): Promise<void> {
  const runtime = await openRuntime({ dataDir: dir, migrationsFolder: MIGRATIONS_FOLDER });
  createVillage(runtime.ctx, VILLAGE);
  runtime.close();
}

/**
 * Import of 10,000 households (about 35,000-40,000 members) from xlsx, end to end with
 * validation, each run in a fresh process for its peak RSS. The file is the demo generator's
 * households exported through the app's own export. Each run then imports the same file again
 * (every household an update; issue 15 item 3: ≤ 1.5× the first import).
 */
export const rosterImport: Benchmark = {
  name: 'roster import',
  async run() {
    const temp = makeTempDir('vl-bench-');
    try {
      const source = path.join(temp.dir, 'source');
      const runtime = await openRuntime({ dataDir: source, migrationsFolder: MIGRATIONS_FOLDER });
      const root = createVillage(runtime.ctx, VILLAGE);
      const groups = root.children[0]!.children[0]!.children.map((g): DemoGrid => ({
        id: g.id,
        level: 'group',
        name: g.name,
      }));
      // Households of about 4 people, so 10,000 households make about 40,000 members.
      const sizes = [
        [2, 10],
        [3, 25],
        [4, 30],
        [5, 20],
        [6, 10],
        [7, 5],
      ] as const;
      inTransaction(runtime.ctx, () =>
        seedRoster(runtime.ctx, new Random(5), {
          grids: groups,
          areaCode: '532529',
          households: HOUSEHOLDS,
          monitoredShare: 0.03,
          sizes,
        }),
      );
      const { buffer, rows } = await exportRoster(runtime.ctx, {});
      runtime.close();
      const file = path.join(temp.dir, 'households.xlsx');
      fs.writeFileSync(file, buffer);

      const results: {
        ms: number;
        maxRssMiB: number;
        members: number;
        problems: number;
        checkMs: number;
        writeMs: number;
        reimport: { ms: number; checkMs: number; writeMs: number; updated: number };
      }[] = [];
      for (let i = 0; i < RUNS; i++) {
        const target = path.join(temp.dir, `run-${i}`);
        await emptyVillage(target);
        const out = execFileSync(
          process.execPath,
          [
            path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'),
            path.join(REPO_ROOT, 'test/bench/roster-import-child.ts'),
            target,
            file,
            'again',
          ],
          {
            encoding: 'utf8',
          },
        );
        results.push(JSON.parse(out.trim().split('\n').at(-1)!));
      }
      if (results.some((r) => r.problems > 0)) throw new Error('benchmark file had problems');
      if (results.some((r) => r.reimport.updated !== HOUSEHOLDS)) {
        throw new Error('the re-import did not update every household');
      }
      const note = `${HOUSEHOLDS} 户 / ${results[0]!.members} 人，${rows} 行，文件 ${(buffer.length / 1024 / 1024).toFixed(1)} MiB`;
      return [
        {
          ...summarize(
            `导入花名册 xlsx 总用时（${note}）`,
            results.map((r) => r.ms),
            'ms',
            '≤ 5000',
          ),
          note,
        },
        summarize(
          '  其中 读取与检查',
          results.map((r) => r.checkMs),
          'ms',
        ),
        summarize(
          '  其中 写入（一个事务）',
          results.map((r) => r.writeMs),
          'ms',
        ),
        summarize(
          '导入花名册 峰值内存 RSS',
          results.map((r) => r.maxRssMiB),
          'MiB',
          '≤ 400',
          0,
        ),
        summarize(
          `再次导入同一文件（${HOUSEHOLDS} 户都是更新）总用时`,
          results.map((r) => r.reimport.ms),
          'ms',
        ),
        summarize(
          '  其中 读取与检查',
          results.map((r) => r.reimport.checkMs),
          'ms',
        ),
        summarize(
          '  其中 写入（一个事务）',
          results.map((r) => r.reimport.writeMs),
          'ms',
        ),
        // Each run's re-import against its own first import, then the median of the ratios.
        summarize(
          '再次导入 ÷ 首次导入',
          results.map((r) => r.reimport.ms / r.ms),
          '倍',
          '≤ 1.5',
          2,
        ),
      ];
    } finally {
      temp.cleanup();
    }
  },
};
