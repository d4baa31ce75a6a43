import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PdfPages } from '../../electron/documents/pdf/page';
import { drawTable } from '../../electron/documents/pdf/table';
import { fileItem } from '../../electron/services/archive/items';
import { exportPackage } from '../../electron/services/archive/package';
import { dispatch } from '../../electron/services/dispatch';
import { openRuntime } from '../../electron/services/runtime';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { median, round, summarize, type Benchmark, type BenchResult } from './harness';

const ITEMS = 1000;
const RUNS = 5;

/** A one-page notice with a table, as the app issues them (≈ 30 KB with its font subset). */
async function sampleNotice(): Promise<Buffer> {
  const pages = new PdfPages({ title: '公示' });
  pages.title('杨柳村防止返贫监测对象识别认定公示');
  pages.text(
    '根据防止返贫动态监测和帮扶工作要求，经农户申请、村民小组评议、村两委研究，拟将以下农户识别认定为防止返贫监测对象，现予公示。公示期间如有异议，请向村民委员会反映。',
    { size: 12 },
  );
  pages.skip(8);
  drawTable(pages, {
    columns: [
      { header: '户主姓名', width: 3 },
      { header: '所在组', width: 2 },
      { header: '家庭人口', width: 2 },
      { header: '监测类别', width: 4 },
      { header: '备注', width: 3 },
    ],
    rows: Array.from({ length: 20 }, (_, i) => [
      `农户${i + 1}`,
      `第${(i % 6) + 1}村民小组`,
      String((i % 5) + 1),
      i % 2 ? '脱贫不稳定户' : '边缘易致贫户',
      '',
    ]),
  });
  return pages.finish();
}

const zipAvailable = () => spawnSync('zip', ['-v'], { stdio: 'ignore' }).status === 0;

/**
 * Exporting a year of 1,000 items (issue 6 part 7: at most 2× the peer): the catalogue as
 * XML, xlsx and PDF, 说明文件, the 归档章 on every item's copy, 盒脊 and 备考表, and the SHA-256
 * manifest; as a folder, and as folder plus .zip. The peer is what a clerk would do by hand
 * with the same 1,000 stored PDFs: `zip -r` of their folder, then `sha256sum` of the files.
 *
 * The items are filed through the archive service's own filing path (fileItem: 件号, 档号,
 * the original copied into <data>/archive/2026/), from one notice PDF made distinct per item by
 * a trailing comment. Ours runs in this process, warm (the font is parsed
 * once per process, as in the app): one warm-up each, then 5 rounds of the three interleaved;
 * medians.
 */
export const archiveExportBench: Benchmark = {
  name: 'archive export 1000 items',
  async run() {
    const temp = makeTempDir('vl-bench-');
    const runtime = await openRuntime({
      dataDir: path.join(temp.dir, 'data'),
      migrationsFolder: MIGRATIONS_FOLDER,
    });
    try {
      const ctx = runtime.ctx;
      const call = async (method: string, input: unknown) => {
        const result = await dispatch(ctx, method, input);
        if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      };
      await call('setup.createVillage', {
        county: '石门县',
        township: '柳湾镇',
        village: '杨柳村',
        groups: ['一组', '二组'],
      });
      await call('settings.update', { fondsCode: 'Z109' });
      const notice = await sampleNotice();
      const categories = ['综合类', '精准识别类', '精准施策类', '精准脱贫类', '一户一档'];
      const retentions = {
        综合类: 'D30',
        精准识别类: 'Y',
        精准施策类: 'D30',
        精准脱贫类: 'Y',
        一户一档: 'D30',
      } as const;
      for (let i = 0; i < ITEMS; i++) {
        const category = categories[i % categories.length]!;
        fileItem(
          ctx,
          {
            year: 2026,
            retention: retentions[category as keyof typeof retentions],
            category,
            title: `杨柳村防止返贫监测对象识别认定公示（第${i + 1}号）`,
            responsible: '杨柳村村民委员会',
            docNo: '',
            secrecy: '',
            note: '',
            date: `2026${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}`,
            bytes: Buffer.concat([notice, Buffer.from(`% item ${i + 1}\n`, 'latin1')]),
            format: 'pdf',
            pages: 1,
            documentId: null,
            householdId: null,
          },
          'bench',
        );
      }
      const stored = path.join(ctx.dataDir, 'archive', '2026');
      const storedFiles = fs.readdirSync(stored).sort();
      if (storedFiles.length !== ITEMS) throw new Error('benchmark: filing');
      const storedBytes = storedFiles.reduce(
        (n, f) => n + fs.statSync(path.join(stored, f)).size,
        0,
      );

      const hasZip = zipAvailable();
      if (!hasZip) {
        process.stderr.write(
          '  未找到 zip 命令：跳过与 zip -r + sha256sum 的对比（apt-get install zip 后可比较）\n',
        );
      }
      const ours = async (zip: boolean, run: string) => {
        // Each run into its own folder, kept until the end: deleting 1,000 files between runs
        // slows the next run's writes (the disk discards freed blocks meanwhile), which the
        // peer's one zip is spared.
        const folder = path.join(temp.dir, `ours-${zip ? 'zip' : 'folder'}-${run}`);
        const started = performance.now();
        const result = await exportPackage(ctx, { year: 2026, folder, zip });
        const ms = performance.now() - started;
        if (result.items !== ITEMS) throw new Error('benchmark: export');
        return { ms, bytes: result.zipFile ? fs.statSync(result.zipFile).size : result.bytes };
      };
      const peerRun = (run: string) => {
        const out = path.join(temp.dir, `peer-${run}.zip`);
        const started = performance.now();
        execFileSync('zip', ['-qr', out, '2026'], { cwd: path.dirname(stored) });
        const hashes = execFileSync('sha256sum', storedFiles, { cwd: stored, maxBuffer: 64 << 20 });
        fs.writeFileSync(path.join(temp.dir, `peer-${run}.sha256`), hashes);
        return { ms: performance.now() - started, bytes: fs.statSync(out).size };
      };
      // One warm-up of each (ours parses the font once per process, as the app does), then
      // the runs interleaved, so a busy moment of the machine falls on all three alike.
      await ours(false, 'warm');
      await ours(true, 'warm');
      if (hasZip) peerRun('warm');
      const folderOnly: number[] = [];
      const withZip: number[] = [];
      const peer: number[] = [];
      let zipBytes = 0;
      let peerZipBytes = 0;
      for (let run = 0; run < RUNS; run++) {
        folderOnly.push((await ours(false, String(run))).ms);
        const zipped = await ours(true, String(run));
        withZip.push(zipped.ms);
        zipBytes = zipped.bytes;
        if (hasZip) {
          const theirs = peerRun(String(run));
          peer.push(theirs.ms);
          peerZipBytes = theirs.bytes;
        }
      }

      const results: BenchResult[] = [
        summarize(
          `档案包导出 ${ITEMS} 件（文件夹：目录 XML/xlsx/PDF、归档章、盒脊、备考表、SHA-256 清单）`,
          folderOnly,
          'ms',
        ),
        {
          ...summarize(`档案包导出 ${ITEMS} 件（文件夹 + .zip）`, withZip, 'ms'),
          note: `zip ${round(zipBytes / 1024 / 1024, 1)} MiB；原件共 ${round(storedBytes / 1024 / 1024, 1)} MiB`,
        },
      ];
      if (!hasZip) return results;
      const peerMs = median(peer);
      const ratio = (name: string, value: number): BenchResult => ({
        name,
        median: round(value, 2),
        unit: '×',
        goal: '≤ 2',
        runs: [round(value, 2)],
      });
      results.push(
        {
          ...summarize(`  同样 ${ITEMS} 个原件：zip -r + sha256sum`, peer, 'ms'),
          note: `zip ${round(peerZipBytes / 1024 / 1024, 1)} MiB`,
        },
        ratio('档案包导出（文件夹 + .zip）÷ zip -r + sha256sum', median(withZip) / peerMs),
        ratio('  只导出文件夹 ÷ zip -r + sha256sum', median(folderOnly) / peerMs),
      );
      return results;
    } finally {
      runtime.close();
      temp.cleanup();
    }
  },
};
