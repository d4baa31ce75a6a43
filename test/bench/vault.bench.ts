import fs from 'node:fs';
import path from 'node:path';
import { vaultFiles } from '../../electron/services/security/files';
import { exportPackage } from '../../electron/services/archive/package';
import { startCardJob, waitForCardJob } from '../../electron/services/cards/batch';
import { seedDemo } from '../../electron/services/demo/demo';
import { dispatchSession } from '../../electron/services/session-dispatch';
import { AppSession } from '../../electron/services/session';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { median, round, summarize, type Benchmark, type BenchResult } from './harness';

const RUNS = 5;
const PASSWORD = 'bench-村委会-2026';

/**
 * What the file vault costs (issue 14 item 5, documents/vault.ts): the village demo twice, one
 * data folder plain and one with a database password (every document and archive original
 * sealed with AES-256-GCM), and the two heavy file paths on each:
 *
 *   - the year's archive package (folder + .zip) to a folder outside the data folder: every
 *     original is read (and, with the password, opened) and stamped;
 *   - the 明白纸 of the whole village in one batch: laid out, sealed and stored as a document,
 *     then read back as the app shows it (cards.pdf).
 *
 * The runs alternate between the two folders (a busy moment of the machine falls on both);
 * one warm-up each; medians of 5. Setting the password on the demo (sealing all its files)
 * is timed once.
 */
export const vaultBench: Benchmark = {
  name: 'file vault cost',
  async run() {
    const temp = makeTempDir('vl-bench-vault-');
    const sessions: AppSession[] = [];
    try {
      const open = async (name: string) => {
        const session = await new AppSession({
          dataDir: path.join(temp.dir, name),
          migrationsFolder: MIGRATIONS_FOLDER,
          operator: '测试员',
        }).open();
        sessions.push(session);
        await seedDemo(session.ctx, { size: 'village', seed: 3 });
        return session;
      };
      const plain = await open('plain');
      const sealed = await open('sealed');
      const files = vaultFiles(sealed.ctx.dataDir);
      const bytes = files.reduce(
        (n, f) => n + fs.statSync(path.join(sealed.ctx.dataDir, f)).size,
        0,
      );
      const setStarted = performance.now();
      const set = await dispatchSession(sealed, 'security.setPassword', { next: PASSWORD });
      if (!set.ok) throw new Error(set.error.message);
      const setMs = performance.now() - setStarted;

      const year = (
        plain.ctx.sqlite.prepare('SELECT max(year) AS y FROM archive_items').get() as { y: number }
      ).y;
      const items = (
        plain.ctx.sqlite
          .prepare('SELECT count(*) AS n FROM archive_items WHERE year = ?')
          .get(year) as { n: number }
      ).n;
      const exportOnce = async (session: AppSession, run: string) => {
        const folder = path.join(temp.dir, `export-${run}`);
        const started = performance.now();
        await exportPackage(session.ctx, { year, folder, zip: true });
        const ms = performance.now() - started;
        fs.rmSync(folder, { recursive: true, force: true });
        return ms;
      };
      let households = 0;
      const cardsOnce = async (session: AppSession) => {
        const started = performance.now();
        const village = session.ctx.sqlite
          .prepare(`SELECT id FROM grids WHERE level = 'village' ORDER BY id LIMIT 1`)
          .get() as { id: number };
        const job = startCardJob(session.ctx, { scope: { gridId: village.id }, layout: 'a4' });
        households = job.households;
        const done = await waitForCardJob(job.jobId);
        if (done.state !== 'done' || !done.documentId) throw new Error('benchmark: cards');
        const pdf = await dispatchSession(session, 'cards.pdf', { documentId: done.documentId });
        if (!pdf.ok) throw new Error(pdf.error.message);
        return performance.now() - started;
      };

      await exportOnce(plain, 'warm-plain');
      await exportOnce(sealed, 'warm-sealed');
      await cardsOnce(plain);
      await cardsOnce(sealed);
      const runs = { exportPlain: [] as number[], exportSealed: [] as number[] };
      const cards = { plain: [] as number[], sealed: [] as number[] };
      for (let run = 0; run < RUNS; run++) {
        runs.exportPlain.push(await exportOnce(plain, `plain-${run}`));
        runs.exportSealed.push(await exportOnce(sealed, `sealed-${run}`));
        cards.plain.push(await cardsOnce(plain));
        cards.sealed.push(await cardsOnce(sealed));
      }
      const ratio = (a: number[], b: number[]) => round(median(b) / median(a), 2);
      const results: BenchResult[] = [
        summarize(`档案包导出（文件夹+zip，${items} 件，演示村）：无密码`, runs.exportPlain, 'ms'),
        {
          ...summarize(`  同上：有数据库密码（原件加密保存）`, runs.exportSealed, 'ms'),
          note: `有密码 ÷ 无密码 = ${ratio(runs.exportPlain, runs.exportSealed)}`,
        },
        summarize(`明白纸一批（${households} 户，生成+保存+读回）：无密码`, cards.plain, 'ms'),
        {
          ...summarize(`  同上：有数据库密码（文件加密保存）`, cards.sealed, 'ms'),
          note: `有密码 ÷ 无密码 = ${ratio(cards.plain, cards.sealed)}`,
        },
        {
          ...summarize(`设置密码：加密演示村的全部文件`, [setMs], 'ms'),
          note: `${files.length} 个文件，${round(bytes / 1024 / 1024, 1)} MiB（含数据库改密）`,
        },
      ];
      return results;
    } finally {
      for (const session of sessions) session.close();
      temp.cleanup();
    }
  },
};
