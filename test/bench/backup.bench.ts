import fs from 'node:fs';
import path from 'node:path';
import { referencedFiles } from '../../electron/services/backup/referenced';
import { storeDir } from '../../electron/services/backup/store';
import { wholeBackupOfKind, wholeBackupTo } from '../../electron/services/backup/write';
import { seedDemo } from '../../electron/services/demo/demo';
import { dispatch } from '../../electron/services/dispatch';
import { openRuntime } from '../../electron/services/runtime';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { summarize, type Benchmark, type BenchResult } from './harness';

const RUNS = 3;
const MB = 1024 * 1024;

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(child) : fs.statSync(child).size;
  }
  return total;
}

/**
 * Whole backups (issue 13 item 1) of the village and the township demo: a full backup to a
 * folder (a USB stick: every file inside the one .vlbak), a second backup inside the data
 * folder (files already in the store: what the disk grows by), and backup.check of the full
 * backup (every file and the database hashed against the manifest, integrity check, loss).
 */
export const backupBench: Benchmark = {
  name: 'backup whole',
  async run() {
    const results: BenchResult[] = [];
    for (const size of ['village', 'township'] as const) {
      const temp = makeTempDir('vl-bench-backup-');
      const dataDir = path.join(temp.dir, 'data');
      const runtime = await openRuntime({ dataDir, migrationsFolder: MIGRATIONS_FOLDER });
      try {
        const ctx = runtime.ctx;
        await seedDemo(ctx, { size, seed: 7 });
        const files = referencedFiles(ctx.sqlite, dataDir);
        const bytes = files.reduce((sum, f) => sum + fs.statSync(path.join(dataDir, f)).size, 0);
        const pages = Number(ctx.sqlite.pragma('page_count', { simple: true }));
        const pageSize = Number(ctx.sqlite.pragma('page_size', { simple: true }));
        const note = `${files.length} files, ${(bytes / MB).toFixed(1)} MB; database ${((pages * pageSize) / MB).toFixed(1)} MB`;

        const usb = path.join(temp.dir, 'usb');
        fs.mkdirSync(usb);
        const fullMs: number[] = [];
        const fullMb: number[] = [];
        const checkMs: number[] = [];
        for (let run = 0; run < RUNS; run += 1) {
          const target = path.join(usb, `run-${run}.vlbak`);
          let started = performance.now();
          const full = await wholeBackupTo(ctx, target, { kind: 'U盘', store: false });
          fullMs.push(performance.now() - started);
          fullMb.push(full.size / MB);
          started = performance.now();
          const checked = await dispatch(ctx, 'backup.check', { file: target });
          if (!checked.ok) throw new Error(checked.error.message);
          checkMs.push(performance.now() - started);
          fs.rmSync(target);
        }

        const backups = path.join(dataDir, 'backups');
        await wholeBackupOfKind(ctx, '手动'); // the first one fills the store
        const secondMs: number[] = [];
        const secondKb: number[] = [];
        for (let run = 0; run < RUNS; run += 1) {
          const storeBefore = folderBytes(storeDir(backups));
          const started = performance.now();
          const second = await wholeBackupOfKind(ctx, '手动');
          secondMs.push(performance.now() - started);
          // What the disk grows by: the .vlbak plus store objects copied (links add none).
          secondKb.push((second.size + folderBytes(storeDir(backups)) - storeBefore) / 1024);
          if (second.storeObjectsAdded !== 0) throw new Error('second backup added objects');
        }
        results.push(
          { ...summarize(`backup ${size}: full to folder`, fullMs, 'ms'), note },
          summarize(`backup ${size}: full backup size`, fullMb, 'MB', '—', 2),
          summarize(`backup ${size}: second in data folder`, secondMs, 'ms'),
          summarize(`backup ${size}: second adds`, secondKb, 'KB', 'the compressed database', 0),
          summarize(`backup ${size}: restore check (backup.check)`, checkMs, 'ms'),
        );
      } finally {
        runtime.close();
        temp.cleanup();
      }
    }
    return results;
  },
};
