import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { DemoSize } from '../../electron/api/schemas';
import { dispatch } from '../../electron/services/dispatch';
import { addMonths } from '../../electron/services/roster/elimination';
import { today } from '../../electron/services/roster/people';
import { openRuntime } from '../../electron/services/runtime';
import type { ServiceContext } from '../../electron/services/context';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { median, round, type Benchmark, type BenchResult } from './harness';

/** The event-loop sampling step: a stall shorter than this is not seen (idle reads ~10-14 ms). */
const RESOLUTION_MS = 10;
/** A call whose first run took less than this is run 3 times (median); a longer one once. */
const CHEAP_MS = 1500;
const GOALS: Record<DemoSize, number | null> = { village: 100, township: 250, county: null };
const SCALE_LABEL: Record<DemoSize, string> = { village: '村', township: '乡镇', county: '县' };

/** The county demo's roster export is larger than rosterIo.importStart accepts (MAX_IMPORT_BYTES). */
const TOO_BIG = '县级花名册导出文件超过 20 MB 的导入上限，不能整份再次导入';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Measured {
  stallMs: number;
  totalMs: number;
  bytes: number;
}

/**
 * The longest event-loop stall while `work` runs (perf_hooks.monitorEventLoopDelay, 10 ms
 * sampling). The histogram skips its first sample after enable(), so it runs for two samples
 * before the work starts, and for two after it ends so the last stall is recorded.
 */
async function measure(work: () => Promise<unknown>): Promise<Measured & { result: unknown }> {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  await sleep(RESOLUTION_MS * 2.5);
  const started = performance.now();
  const result = await work();
  const totalMs = performance.now() - started;
  await sleep(RESOLUTION_MS * 2.5);
  histogram.disable();
  const bytes = result === undefined ? 0 : Buffer.byteLength(JSON.stringify(result) ?? '');
  return { stallMs: histogram.max / 1e6, totalMs, bytes, result };
}

async function call(ctx: ServiceContext, method: string, input: unknown): Promise<unknown> {
  const envelope = await dispatch(ctx, method, input);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.result;
}

/** Polls a background job's status (as the renderer does, every 50 ms) until it is finished. */
async function untilDone(
  ctx: ServiceContext,
  method: string,
  jobId: string,
  finished: (status: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  for (;;) {
    const status = (await call(ctx, method, { jobId })) as Record<string, unknown>;
    if (finished(status)) return status;
    await sleep(50);
  }
}

interface Row {
  method: string;
  scale: DemoSize;
  stalls: number[];
  totals: number[];
  bytes: number;
}

/** One clerk action that can touch many rows: a method (or a job from start to done). */
interface Case {
  method: string;
  /** Scales it is left out of, with the reason printed. */
  skip?: Partial<Record<DemoSize, string>>;
  /** Runs once on a demo; returns the result whose JSON size is recorded. */
  run(): Promise<unknown>;
  /** Repeats change data (an import, a batch) or are slow: run once. */
  once?: boolean;
}

async function casesFor(ctx: ServiceContext): Promise<Case[]> {
  const thisMonth = today(ctx).slice(0, 7);
  const lastMonth = addMonths(today(ctx), -1).slice(0, 7);
  const year = today(ctx).slice(0, 4);
  const firstId = (level: string) =>
    (
      ctx.sqlite.prepare('SELECT id FROM grids WHERE level = ? ORDER BY id LIMIT 1').get(level) as {
        id: number;
      }
    ).id;
  const village = firstId('village');
  const group = firstId('group');
  const years = (await call(ctx, 'archive.years', {})) as { year: number }[] | number[];
  const archiveYear = years
    .map((y) => (typeof y === 'number' ? y : y.year))
    .sort()
    .at(-1);
  let exported: { data?: Uint8Array; fileName?: string } | null = null;
  let importJob = '';
  let backupFile = '';
  return [
    { method: 'grids.tree', run: () => call(ctx, 'grids.tree', {}) },
    { method: 'grids.overCap', run: () => call(ctx, 'grids.overCap', {}) },
    { method: 'households.list', run: () => call(ctx, 'households.list', {}) },
    {
      method: 'households.list（监测户）',
      run: () => call(ctx, 'households.list', { monitorOnly: true }),
    },
    { method: 'roster.search（姓「李」）', run: () => call(ctx, 'roster.search', { query: '李' }) },
    { method: 'workers.list', run: () => call(ctx, 'workers.list', {}) },
    {
      method: 'rosterIo.export',
      once: true,
      run: async () => {
        exported = (await call(ctx, 'rosterIo.export', {})) as typeof exported;
        return exported;
      },
    },
    {
      method: 'rosterIo.importStart → 检查完毕（再次导入同一文件）',
      skip: { county: TOO_BIG },
      once: true,
      run: async () => {
        const { jobId } = (await call(ctx, 'rosterIo.importStart', {
          kind: 'households',
          fileName: 'roster.xlsx',
          data: exported!.data!,
        })) as { jobId: string };
        importJob = jobId;
        const status = await untilDone(ctx, 'rosterIo.importStatus', jobId, (s) =>
          ['ready', 'failed'].includes(s.phase as string),
        );
        if (status.phase !== 'ready') throw new Error(`import: ${String(status.error)}`);
        return { phase: status.phase };
      },
    },
    {
      method: 'rosterIo.importCommit（每户都是更新）',
      skip: { county: TOO_BIG },
      once: true,
      run: () => call(ctx, 'rosterIo.importCommit', { jobId: importJob, validOnly: false }),
    },
    { method: 'problems.list', run: () => call(ctx, 'problems.list', {}) },
    { method: 'problems.export', run: () => call(ctx, 'problems.export', {}), once: true },
    { method: 'visits.list', run: () => call(ctx, 'visits.list', {}) },
    {
      method: 'visits.due（本月应走访）',
      run: () => call(ctx, 'visits.due', { month: thisMonth }),
    },
    { method: 'meetings.list', run: () => call(ctx, 'meetings.list', {}) },
    { method: 'reports.monthly', run: () => call(ctx, 'reports.monthly', { month: lastMonth }) },
    {
      method: 'reports.monthlyExport（xlsx）',
      run: () => call(ctx, 'reports.monthlyExport', { month: lastMonth, format: 'xlsx' }),
    },
    {
      method: 'reports.monthlyExport（pdf）',
      run: () => call(ctx, 'reports.monthlyExport', { month: lastMonth, format: 'pdf' }),
    },
    {
      method: 'reports.screeningSheet（一个组）',
      run: () => call(ctx, 'reports.screeningSheet', { gridId: group, month: lastMonth }),
    },
    {
      method: 'evaluations.list（全年）',
      run: () => call(ctx, 'evaluations.list', { period: year }),
    },
    {
      method: 'evaluations.export（全年）',
      run: () => call(ctx, 'evaluations.export', { period: year }),
    },
    {
      method: 'notices.preview（识别认定公示，第一个村，历年）',
      run: () =>
        call(ctx, 'notices.preview', {
          kind: '监测对象识别认定公示',
          gridId: village,
          from: '2000-01-01',
          to: today(ctx),
        }),
    },
    { method: 'cards.changed', run: () => call(ctx, 'cards.changed', {}) },
    {
      method: 'cards.start → 完成（第一个村）',
      once: true,
      run: async () => {
        const { jobId } = (await call(ctx, 'cards.start', {
          scope: { gridId: village },
          layout: 'a4',
        })) as { jobId: string };
        const status = await untilDone(ctx, 'cards.status', jobId, (s) => s.state !== 'running');
        if (status.state !== 'done') throw new Error(`cards: ${String(status.message)}`);
        return status;
      },
    },
    {
      method: 'archive.exportFile（最近一年）',
      skip: archiveYear === undefined ? { [sizeOf(ctx)]: '演示数据没有档案年度' } : undefined,
      once: true,
      run: () => call(ctx, 'archive.exportFile', { year: archiveYear }),
    },
    { method: 'audit.history（操作记录）', run: () => call(ctx, 'audit.history', {}) },
    { method: 'audit.operators', run: () => call(ctx, 'audit.operators', {}) },
    {
      method: 'backup.start → 完成',
      once: true,
      run: async () => {
        const { jobId } = (await call(ctx, 'backup.start', {})) as { jobId: string };
        const status = await untilDone(ctx, 'backup.status', jobId, (s) => s.state !== 'running');
        if (status.state !== 'done') throw new Error(`backup: ${String(status.message)}`);
        backupFile = path.basename(String(status.file));
        return status;
      },
    },
    {
      method: 'backup.check',
      once: true,
      run: () => call(ctx, 'backup.check', { file: backupFile }),
    },
    { method: 'backup.list', run: () => call(ctx, 'backup.list', {}) },
    { method: 'diagnostics.export', once: true, run: () => call(ctx, 'diagnostics.export', {}) },
  ];
}

/** The demo size a context was seeded with, for the skip reasons (set by the bench). */
const sizes = new WeakMap<ServiceContext, DemoSize>();
const sizeOf = (ctx: ServiceContext): DemoSize => sizes.get(ctx)!;

/**
 * `npm run bench -- stall` (issue 15 item 2): every method that can touch many rows, through
 * dispatch() as the app calls it, on the village, township and county demos, with the longest
 * event-loop stall of each call. Goals: ≤ 100 ms on the village demo, ≤ 250 ms on the township
 * demo (none is set for the county). Background jobs (import check, card batch, backup) are
 * measured from their start to their end, polled as the renderer polls them. The demo seed is
 * itself one of the calls (demo.seed on an empty database).
 */
export const stallBench: Benchmark = {
  name: 'stall',
  async run() {
    const rows: Row[] = [];
    const skipped: string[] = [];
    // STALL_SCALES=village,township leaves the county out (its seed alone takes minutes).
    const only = process.env.STALL_SCALES?.split(',');
    const scales = (['village', 'township', 'county'] as const).filter(
      (scale) => !only || only.includes(scale),
    );
    for (const scale of scales) {
      const temp = makeTempDir('vl-bench-stall-');
      const runtime = await openRuntime({
        dataDir: path.join(temp.dir, 'data'),
        migrationsFolder: MIGRATIONS_FOLDER,
      });
      const ctx = runtime.ctx;
      sizes.set(ctx, scale);
      try {
        process.stderr.write(`  ${SCALE_LABEL[scale]}级演示数据：载入 …\n`);
        const seeded = await measure(() => call(ctx, 'demo.seed', { size: scale, seed: 1 }));
        rows.push({
          method: 'demo.seed',
          scale,
          stalls: [seeded.stallMs],
          totals: [seeded.totalMs],
          bytes: seeded.bytes,
        });
        for (const c of await casesFor(ctx)) {
          const reason = c.skip?.[scale];
          if (reason) {
            skipped.push(`${c.method}（${SCALE_LABEL[scale]}）：${reason}`);
            continue;
          }
          process.stderr.write(`  ${SCALE_LABEL[scale]} ${c.method} …\n`);
          const first = await measure(() => c.run());
          const row: Row = {
            method: c.method,
            scale,
            stalls: [first.stallMs],
            totals: [first.totalMs],
            bytes: first.bytes,
          };
          if (!c.once && first.totalMs < CHEAP_MS) {
            for (let i = 0; i < 2; i++) {
              const again = await measure(() => c.run());
              row.stalls.push(again.stallMs);
              row.totals.push(again.totalMs);
            }
          }
          rows.push(row);
        }
      } finally {
        runtime.close();
        temp.cleanup();
      }
    }

    const mark = (row: Row) => {
      const goal = GOALS[row.scale];
      if (goal === null) return '（无目标）';
      return median(row.stalls) <= goal ? '✓ 达标' : '✗ 超出';
    };
    console.table(
      rows.map((row) => ({
        方法: row.method,
        规模: SCALE_LABEL[row.scale],
        '最长卡顿 ms': round(median(row.stalls), 0),
        '总用时 ms': round(median(row.totals), 0),
        '结果 KB': round(row.bytes / 1024, 1),
        目标: GOALS[row.scale] === null ? '—' : `≤ ${GOALS[row.scale]}`,
        结果: mark(row),
        次数: row.stalls.length,
      })),
    );
    if (skipped.length) console.log(`未测：\n  ${skipped.join('\n  ')}`);
    const over = rows.filter((row) => mark(row).startsWith('✗')).length;
    console.log(`卡顿超出目标的调用：${over} / ${rows.length}（分辨率 ${RESOLUTION_MS} ms）`);

    return rows.map((row): BenchResult => ({
      name: `卡顿 ${row.method}（${SCALE_LABEL[row.scale]}）`,
      median: round(median(row.stalls), 0),
      unit: 'ms',
      goal: GOALS[row.scale] === null ? '—' : `≤ ${GOALS[row.scale]}`,
      runs: row.stalls.map((v) => round(v, 0)),
      note: `${mark(row)}；总用时 ${round(median(row.totals), 0)} ms；结果 ${row.bytes} 字节`,
    }));
  },
};
