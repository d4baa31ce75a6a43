import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CardSource, householdsInGrid } from '../../electron/services/cards/content';
import { seedDemo } from '../../electron/services/demo/demo';
import { openRuntime } from '../../electron/services/runtime';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../fixtures/chromium';
import { makeTempDir, MIGRATIONS_FOLDER, REPO_ROOT } from '../fixtures/temp-dir';
import { cardsHtml } from './cards-html';
import { median, round, summarize, type Benchmark, type BenchResult } from './harness';

const CARDS = 1000;
const OUR_RUNS = 5;
const CHROMIUM_RUNS = 3;

interface ChildResult {
  ms: number;
  bytes: number;
  pages: number;
  maxRssMiB: number;
}

/**
 * 1,000 明白纸 into one PDF, side by side with the peer: the same cards as HTML (one per A4
 * page, CSS page breaks, the bundled Noto Sans SC by @font-face) printed by Debian's Chromium
 * with --headless --print-to-pdf. The households are the first 1,000 of the township demo
 * (`seed-demo --size township`: 14 villages, 150 groups, 6,000 households).
 *
 * Ours runs in a fresh process per run (peak RSS is the build's own); its time is the service
 * work from reading the cards out of the database to the PDF bytes, fonts included. Chromium's
 * time is its whole command, as a user (or a script) would run it; its start-up alone (a
 * one-card page) is measured too, so the ratio can be read without it.
 * Goals: ≥ 10× faster than Chromium, ≤ 1/10 of its file size, peak RSS ≤ 250 MiB.
 */
export const cardsBench: Benchmark = {
  name: 'cards',
  async run() {
    const temp = makeTempDir('vl-bench-');
    try {
      const dataDir = path.join(temp.dir, 'data');
      const runtime = await openRuntime({ dataDir, migrationsFolder: MIGRATIONS_FOLDER });
      await seedDemo(runtime.ctx, { size: 'township', seed: 1 });
      const ids = householdsInGrid(runtime.ctx, undefined)
        .slice(0, CARDS)
        .map((h) => h.id);
      const cards = new CardSource(runtime.ctx).contents(ids);
      runtime.close();
      const idsFile = path.join(temp.dir, 'ids.json');
      fs.writeFileSync(idsFile, JSON.stringify(ids));

      const ours = (layout: 'a4' | 'a5x2') =>
        Array.from({ length: OUR_RUNS }, (_, i): ChildResult => {
          const out = execFileSync(
            process.execPath,
            [
              path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'),
              path.join(REPO_ROOT, 'test/bench/cards-child.ts'),
              dataDir,
              idsFile,
              layout,
              path.join(temp.dir, `ours-${layout}-${i}.pdf`),
            ],
            { encoding: 'utf8' },
          );
          return JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult;
        });
      const a4 = ours('a4');
      const a5 = ours('a5x2');

      // The peer: the same 1,000 cards as HTML, and a one-card page for Chromium's start-up.
      const html = path.join(temp.dir, 'cards.html');
      fs.writeFileSync(html, cardsHtml(cards));
      const one = path.join(temp.dir, 'one.html');
      fs.writeFileSync(one, cardsHtml(cards.slice(0, 1)));
      const chromium = (file: string, i: number) => {
        const out = path.join(temp.dir, `chromium-${path.basename(file, '.html')}-${i}.pdf`);
        const started = performance.now();
        execFileSync(
          CHROMIUM_EXECUTABLE,
          [
            '--headless',
            ...CHROMIUM_ARGS,
            // A profile of its own: the browser tests may be running a Chromium of theirs.
            `--user-data-dir=${path.join(temp.dir, `profile-${i}`)}`,
            '--no-pdf-header-footer',
            `--print-to-pdf=${out}`,
            file,
          ],
          { stdio: 'ignore', timeout: 300_000 },
        );
        return { ms: performance.now() - started, bytes: fs.statSync(out).size, out };
      };
      const peer = Array.from({ length: CHROMIUM_RUNS }, (_, i) => chromium(html, i));
      const startup = Array.from({ length: CHROMIUM_RUNS }, (_, i) => chromium(one, i + 10));
      const pages = Number(
        /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [peer[0]!.out], { encoding: 'utf8' }))![1],
      );
      if (pages !== CARDS || a4[0]!.pages !== CARDS) throw new Error('benchmark: page count');

      const oursMs = median(a4.map((r) => r.ms));
      const peerMs = median(peer.map((r) => r.ms));
      const startMs = median(startup.map((r) => r.ms));
      const oursKiB = a4[0]!.bytes / 1024;
      const peerKiB = peer[0]!.bytes / 1024;
      const ratio = (name: string, value: number, goal: string): BenchResult => ({
        name,
        median: round(value, 3),
        unit: '×',
        goal,
        runs: [round(value, 3)],
      });
      return [
        summarize(
          `明白纸 ${CARDS} 户 → 一个 PDF（本程序，A4 每页一户）`,
          a4.map((r) => r.ms),
          'ms',
        ),
        summarize(
          `明白纸 ${CARDS} 户 → 一个 PDF（本程序，A5 两户一张，${a5[0]!.pages} 页）`,
          a5.map((r) => r.ms),
          'ms',
        ),
        summarize(
          `  同样的明白纸 HTML → Chromium --print-to-pdf（${pages} 页）`,
          peer.map((r) => r.ms),
          'ms',
        ),
        summarize(
          '  其中 Chromium 启动并打印一户（基线）',
          startup.map((r) => r.ms),
          'ms',
        ),
        ratio('明白纸 速度：Chromium 用时 ÷ 本程序用时', peerMs / oursMs, '≥ 10'),
        ratio('  扣除 Chromium 启动后', (peerMs - startMs) / oursMs, '—'),
        {
          ...summarize('明白纸 PDF 大小（本程序，A4）', [oursKiB], 'KiB', '—', 0),
          note: `A5 两户一张：${round(a5[0]!.bytes / 1024, 0)} KiB`,
        },
        summarize('  Chromium PDF 大小', [peerKiB], 'KiB', '—', 0),
        ratio('明白纸 大小：本程序 ÷ Chromium', oursKiB / peerKiB, '≤ 0.1'),
        summarize(
          '明白纸 峰值内存 RSS（本程序，A4，子进程）',
          a4.map((r) => r.maxRssMiB),
          'MiB',
          '≤ 250',
          0,
        ),
        summarize(
          '  峰值内存 RSS（A5 两户一张）',
          a5.map((r) => r.maxRssMiB),
          'MiB',
          '≤ 250',
          0,
        ),
      ];
    } finally {
      temp.cleanup();
    }
  },
};
