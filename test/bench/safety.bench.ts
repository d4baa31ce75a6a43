import fs from 'node:fs';
import path from 'node:path';
import { writeBackup } from '../../db/backup';
import { seedDemo } from '../../electron/services/demo/demo';
import { search } from '../../electron/services/roster/queries';
import { AppSession } from '../../electron/services/session';
import { dispatchSession } from '../../electron/services/session-dispatch';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { p95, summarize, timeMs, type Benchmark, type BenchResult } from './harness';

const ROUNDS = 3;
const PASSWORD = 'bench-密码-2026';

async function ok(session: AppSession, method: string, input: unknown): Promise<unknown> {
  const envelope = await dispatchSession(session, method, input);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.result;
}

/**
 * The session's clock runs a minute ahead before each search: number searches are limited per
 * minute (docs/domain.md §7), and the bench measures a search, not its refusal.
 */
const skew = { ms: 0 };
const aMinuteLater = () => (skew.ms += 61_000);

/** 1,000 roster searches drawn from the data, as in search.bench.ts; returns the p95. */
function searchP95(session: AppSession, queries: string[]): number {
  for (const q of queries.slice(0, 50)) {
    aMinuteLater();
    search(session.ctx, { query: q });
  }
  return p95(
    queries.map((query) => {
      aMinuteLater();
      return timeMs(() => search(session.ctx, { query }));
    }),
  );
}

/**
 * Safety on the county demo (39,154 households, ~170,000 visits): how long a backup takes,
 * plain (online backup API) and encrypted (VACUUM INTO); what setting a password costs; and
 * what encryption costs a clerk's search.
 */
export const safetyBench: Benchmark = {
  name: 'safety county',
  async run() {
    const temp = makeTempDir('vl-bench-');
    const session = await new AppSession({
      dataDir: temp.dir,
      migrationsFolder: MIGRATIONS_FOLDER,
      operator: '测量',
      now: () => new Date(Date.now() + skew.ms),
    }).open();
    try {
      await seedDemo(session.ctx, { size: 'county', seed: 1 });
      const size = fs.statSync(session.ctx.databaseFile).size;
      const sample = session.ctx.sqlite
        .prepare(`SELECT m.name, m.id_number AS id FROM members m ORDER BY random() LIMIT 500`)
        .all() as { name: string; id: string }[];
      const queries = sample.flatMap((s) => [s.name, s.id.slice(-4)]);

      const backup = async (key: string | null) => {
        const runs: number[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          const target = path.join(temp.dir, 'copies', `b-${key ? 'enc' : 'plain'}-${i}.db`);
          const started = performance.now();
          await writeBackup(session.ctx.sqlite, target, { key });
          runs.push(performance.now() - started);
          fs.rmSync(target);
        }
        return runs;
      };

      const plainSearch: number[] = [];
      for (let i = 0; i < ROUNDS; i++) plainSearch.push(searchP95(session, queries));
      const plainBackup = await backup(null);

      const encrypt: number[] = [];
      const decrypt: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        let started = performance.now();
        await ok(session, 'security.setPassword', { next: PASSWORD });
        encrypt.push(performance.now() - started);
        if (i === ROUNDS - 1) break;
        started = performance.now();
        await ok(session, 'security.removePassword', { current: PASSWORD });
        decrypt.push(performance.now() - started);
      }
      const encryptedSearch: number[] = [];
      for (let i = 0; i < ROUNDS; i++) encryptedSearch.push(searchP95(session, queries));
      const encryptedBackup = await backup(PASSWORD);
      // Last, on the plain database: the restores leave 恢复前 copies in <data>/backups, which a
      // password change re-keys too (measured above with an empty backups folder).
      await ok(session, 'security.removePassword', { current: PASSWORD });
      // A whole restore as the clerk starts it: check a copy (integrity_check), write the
      // 恢复前 copy, swap the file and open it again.
      const source = path.join(temp.dir, 'copies', 'restore-source.db');
      await writeBackup(session.ctx.sqlite, source);
      const restore: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const started = performance.now();
        await ok(session, 'backup.restore', { file: source });
        restore.push(performance.now() - started);
      }

      const mib = (size / 1024 / 1024).toFixed(0);
      const results: BenchResult[] = [
        summarize(`备份（未加密，在线备份 API，${mib} MiB）`, plainBackup, 'ms', '≤ 5,000'),
        summarize(`备份（已加密，VACUUM INTO，${mib} MiB）`, encryptedBackup, 'ms', '≤ 5,000'),
        summarize(`从备份恢复（检查 + 恢复前备份 + 替换 + 重新打开，${mib} MiB）`, restore, 'ms'),
        summarize('设置数据库密码（整库加密，备份文件夹为空）', encrypt, 'ms'),
        summarize('取消数据库密码（整库解密，备份文件夹为空）', decrypt, 'ms'),
        summarize('查找 p95，未加密（每轮 1,000 次）', plainSearch, 'ms', '≤ 10', 2),
        summarize('查找 p95，已加密（每轮 1,000 次）', encryptedSearch, 'ms', '≤ 10', 2),
      ];
      return results;
    } finally {
      session.close();
      temp.cleanup();
    }
  },
};
