import type { LedgerListInput } from '../../electron/api/ledger-schemas';
import { PROBLEM_CATEGORIES, PROBLEM_STATUSES } from '../../electron/api/ledger-enums';
import { inTransaction } from '../../electron/services/context';
import { seedDemo } from '../../electron/services/demo/demo';
import { addDemoProblems } from '../../electron/services/demo/ledger-demo';
import { Random } from '../../electron/services/demo/random';
import { addMonths } from '../../electron/services/roster/elimination';
import { today } from '../../electron/services/roster/people';
import { listProblems } from '../../electron/services/ledger/query';
import { openRuntime } from '../../electron/services/runtime';
import { monthPeriod } from '../../electron/services/visits/rules';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { median, p95, summarize, timeMs, type Benchmark } from './harness';

const PROBLEMS = 50_000;
const QUERIES_PER_ROUND = 1_000;
const ROUNDS = 5;

/**
 * The ledger's filtered page (`problems.list` → listProblems) over 50,000 problems: the county
 * demo, then more problems from the same generator. Ten kinds of filter a clerk uses, drawn
 * from the data: none, a township's / village's / group's subtree, a worker, a status, a
 * category, a month, overdue only, and combinations (some on a later page). Goal p95 ≤ 20 ms.
 */
export const ledgerQuery: Benchmark = {
  name: 'ledger query',
  async run() {
    const temp = makeTempDir('vl-bench-');
    const runtime = await openRuntime({ dataDir: temp.dir, migrationsFolder: MIGRATIONS_FOLDER });
    try {
      const ctx = runtime.ctx;
      const seedStarted = performance.now();
      const summary = await seedDemo(ctx, { size: 'county', seed: 1 });
      inTransaction(ctx, () => addDemoProblems(ctx, new Random(2), PROBLEMS - summary.problems));
      const seedMs = performance.now() - seedStarted;
      ctx.sqlite.pragma('optimize');
      const total = (
        ctx.sqlite.prepare('SELECT count(*) AS n FROM problems').get() as { n: number }
      ).n;

      const ids = (sql: string) =>
        (ctx.sqlite.prepare(sql).all() as { id: number }[]).map((row) => row.id);
      const townships = ids("SELECT id FROM grids WHERE level = 'township'");
      const villages = ids("SELECT id FROM grids WHERE level = 'village'");
      const groups = ids('SELECT DISTINCT grid_id AS id FROM problems');
      const workers = ids('SELECT DISTINCT worker_id AS id FROM problems');
      const todayDate = today(ctx);
      const months = Array.from({ length: 12 }, (_, i) => addMonths(todayDate, -i).slice(0, 7));

      const random = new Random(3);
      const month = () => {
        const { start, end } = monthPeriod(random.pick(months));
        return { from: start, to: end };
      };
      const status = () => random.pick(PROBLEM_STATUSES);
      const category = () => random.pick(PROBLEM_CATEGORIES);
      const kinds: [string, () => LedgerListInput][] = [
        ['不筛选', () => ({})],
        ['乡镇', () => ({ gridId: random.pick(townships) })],
        ['村', () => ({ gridId: random.pick(villages) })],
        ['村民小组', () => ({ gridId: random.pick(groups) })],
        ['网格员', () => ({ workerId: random.pick(workers) })],
        ['状态', () => ({ status: status() })],
        ['类别', () => ({ category: category() })],
        ['登记月份', () => month()],
        ['只看逾期', () => ({ overdue: true })],
        ['村+状态+月份', () => ({ gridId: random.pick(villages), status: status(), ...month() })],
        [
          '乡镇+类别+逾期',
          () => ({ gridId: random.pick(townships), category: category(), overdue: true }),
        ],
        ['已解决 第 2-21 页', () => ({ status: '已解决', offset: 100 * random.int(1, 20) })],
        [
          '乡镇 第 2-6 页',
          () => ({ gridId: random.pick(townships), offset: 100 * random.int(1, 5) }),
        ],
      ];
      const queries = Array.from({ length: QUERIES_PER_ROUND }, (_, i) => {
        const [kind, make] = kinds[i % kinds.length]!;
        return { kind, input: { limit: 100, ...make() } };
      });

      // Warm the statement cache and the pages once, as the clerk's second look would be.
      for (const q of queries.slice(0, 100)) listProblems(ctx, q.input);
      const p95s: number[] = [];
      const medians: number[] = [];
      const byKind = new Map<string, number[]>(kinds.map(([kind]) => [kind, []]));
      for (let round = 0; round < ROUNDS; round++) {
        const times = queries.map((q) => timeMs(() => listProblems(ctx, q.input)));
        p95s.push(p95(times));
        medians.push(median(times));
        for (const [kind] of kinds) {
          byKind.get(kind)!.push(p95(times.filter((_, i) => queries[i]!.kind === kind)));
        }
      }
      return [
        summarize(
          `台账筛选分页 p95（${total.toLocaleString('en')} 条问题，每轮 1,000 次）`,
          p95s,
          'ms',
          '≤ 20',
          2,
        ),
        summarize('台账筛选分页 中位数', medians, 'ms', '—', 2),
        // Which filters cost the most: each kind's p95 (about 77 queries per round).
        ...kinds.map(([kind]) =>
          summarize(`  其中 ${kind} p95`, byKind.get(kind)!, 'ms', '≤ 20', 2),
        ),
        summarize('准备：县级演示数据 + 补足 50,000 条问题', [seedMs], 'ms'),
      ];
    } finally {
      runtime.close();
      temp.cleanup();
    }
  },
};
