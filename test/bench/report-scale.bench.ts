import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { seedDemo } from '../../electron/services/demo/demo';
import { buildReportPackage } from '../../electron/services/reporting/package/write';
import { openRuntime } from '../../electron/services/runtime';
import { makeTempDir, MIGRATIONS_FOLDER, REPO_ROOT } from '../fixtures/temp-dir';
import { round, summarize, type BenchResult, type Benchmark } from './harness';

/**
 * Issue 17 item 5 (docs/scale.md): the county demo (80 villages, 39,154 households) split into
 * its 80 villages' 上报包, all imported into one 县级汇总 workspace in a child process (its peak
 * RSS is the import's own), then the county 月通报 and 迎检自查 on the workspace's root.
 * Goals: import ≤ 30 s in all, peak RSS ≤ 500 MiB, 月通报 ≤ 1 s, self-check ≤ 2 s.
 */
export const reportScaleBench: Benchmark = {
  name: 'report-scale',
  async run() {
    const temp = makeTempDir('vl-bench-report-');
    try {
      const village = path.join(temp.dir, 'county');
      const packages = path.join(temp.dir, 'packages');
      fs.mkdirSync(village);
      fs.mkdirSync(packages);
      const runtime = await openRuntime({ dataDir: village, migrationsFolder: MIGRATIONS_FOLDER });
      const ctx = runtime.ctx;
      let county = '';
      let month = '';
      let villages: { id: number; name: string }[] = [];
      let sourceBytes = 0;
      const write: number[] = [];
      let packageBytes = 0;
      try {
        await seedDemo(ctx, { size: 'county', seed: 1 });
        ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
        sourceBytes = fs.statSync(ctx.databaseFile).size;
        county = (
          ctx.sqlite.prepare("SELECT name FROM grids WHERE level = 'county'").get() as {
            name: string;
          }
        ).name;
        const now = ctx.now();
        const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
        month = `${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, '0')}`;
        villages = ctx.sqlite
          .prepare("SELECT id, name FROM grids WHERE level = 'village' ORDER BY id")
          .all() as { id: number; name: string }[];
        for (const v of villages) {
          const started = performance.now();
          const built = buildReportPackage(ctx, { period: month, villageGridId: v.id });
          fs.writeFileSync(
            path.join(packages, `v${String(v.id).padStart(6, '0')}.zip`),
            built.bytes,
          );
          write.push(performance.now() - started);
          packageBytes += built.bytes.length;
        }
      } finally {
        runtime.close();
      }
      const workspace = path.join(temp.dir, 'workspace');
      fs.mkdirSync(workspace);
      const out = execFileSync(
        process.execPath,
        [
          path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'),
          path.join(REPO_ROOT, 'test/bench/report-scale-child.ts'),
          workspace,
          packages,
          county,
          month,
        ],
        { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      );
      const r = JSON.parse(out.trim().split('\n').at(-1)!) as {
        files: number;
        outcomes: Record<string, number>;
        refused: string[];
        importMs: number;
        importCpuMs: number;
        slowestFileMs: number;
        medianFileMs: number;
        importRssMiB: number;
        maxRssMiB: number;
        rows: Record<string, number>;
        reportHouseholds: number;
        findings: number;
        monthly: number[];
        check: number[];
        dbBytes: number;
      };
      const mib = (bytes: number) => round(bytes / 1024 / 1024, 1);
      const results: BenchResult[] = [
        {
          ...summarize(
            `写 ${villages.length} 个村的上报包（${month}，合计）`,
            [write.reduce((a, b) => a + b, 0)],
            'ms',
          ),
          note: `每村中位 ${round(write.sort((a, b) => a - b)[write.length >> 1]!, 0)} ms，合计 ${mib(packageBytes)} MiB；县级演示库 ${mib(sourceBytes)} MiB`,
        },
        {
          ...summarize(
            `导入 ${r.files} 个上报包到县级汇总库（合计）`,
            [r.importMs],
            'ms',
            '≤ 30000',
          ),
          note: `导入 ${JSON.stringify(r.outcomes)}，CPU 时间 ${round(r.importCpuMs / 1000, 1)} s，每包中位 ${round(r.medianFileMs, 0)} ms、最慢 ${round(r.slowestFileMs, 0)} ms${r.refused.length ? `；拒绝：${r.refused.join(' | ')}` : ''}`,
        },
        summarize('导入时的峰值内存（子进程 maxRSS）', [r.importRssMiB], 'MiB', '≤ 500'),
        {
          ...summarize('县级汇总库的月通报（全县）', r.monthly, 'ms', '≤ 1000'),
          note: `${r.reportHouseholds} 户；库文件 ${mib(r.dbBytes)} MiB；${JSON.stringify(r.rows)}`,
        },
        {
          ...summarize('县级汇总库的迎检自查（全县）', r.check, 'ms', '≤ 2000'),
          note: `${r.findings} 条发现；进程峰值 ${round(r.maxRssMiB, 0)} MiB`,
        },
      ];
      return results;
    } finally {
      temp.cleanup();
    }
  },
};
