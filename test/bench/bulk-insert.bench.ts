import path from 'node:path';
import Database from 'better-sqlite3';
import { grids } from '../../db/schema';
import { prepareBulkInsert } from '../../electron/services/bulk';
import { inTransaction } from '../../electron/services/context';
import { openRuntime } from '../../electron/services/runtime';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { summarize, timeMs, type Benchmark } from './harness';

const ROWS = 100_000;
const RUNS = 5;

const rows = Array.from({ length: ROWS }, (_, i) => ({
  parentId: null,
  level: 'group' as const,
  name: `第${i + 1}村民小组`,
  code: String(532529100200000 + i),
  sortOrder: i,
}));

/** The services' bulk path: Drizzle statement prepared once with placeholders, one transaction. */
async function viaServices(dir: string): Promise<number> {
  const runtime = await openRuntime({ dataDir: dir, migrationsFolder: MIGRATIONS_FOLDER });
  try {
    return timeMs(() =>
      inTransaction(runtime.ctx, () => {
        const insert = prepareBulkInsert(runtime.ctx.db, grids, [
          'parentId',
          'level',
          'name',
          'code',
          'sortOrder',
        ]);
        for (const row of rows) insert(row);
      }),
    );
  } finally {
    runtime.close();
  }
}

/** The peer: raw better-sqlite3, same table, same pragmas, one prepared statement. */
async function viaRaw(dir: string): Promise<number> {
  const runtime = await openRuntime({ dataDir: dir, migrationsFolder: MIGRATIONS_FOLDER });
  runtime.close();
  const sqlite = new Database(path.join(dir, 'village-ledger.db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  try {
    const insert = sqlite.prepare(
      'INSERT INTO grids (parent_id, level, name, code, sort_order) VALUES (@parentId, @level, @name, @code, @sortOrder)',
    );
    return timeMs(() =>
      sqlite
        .transaction(() => {
          for (const row of rows) insert.run(row);
        })
        .immediate(),
    );
  } finally {
    sqlite.close();
  }
}

export const bulkInsert: Benchmark = {
  name: 'bulk insert',
  async run() {
    const services: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Alternate, each on a fresh file, so drift and caches hit both alike.
      for (const [list, fn] of [
        [services, viaServices],
        [raw, viaRaw],
      ] as const) {
        const temp = makeTempDir('vl-bench-');
        try {
          list.push(await fn(temp.dir));
        } finally {
          temp.cleanup();
        }
      }
    }
    const ratios = services.map((s, i) => s / raw[i]!);
    return [
      summarize(`批量写入 ${ROWS / 1000}k 行：服务层批量路径`, services, 'ms'),
      summarize(`批量写入 ${ROWS / 1000}k 行：原生 better-sqlite3`, raw, 'ms'),
      summarize('批量写入 服务层/原生 比值', ratios, '×', '≤ 1.3', 3),
    ];
  },
};
