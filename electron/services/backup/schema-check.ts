import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { planMigrations } from '../../../db/migrate';
import { openSqlite } from '../../../db/sqlite';
import { AppError } from '../../api/errors';
import { log } from '../log/logger';

/**
 * The first look at a backup's database (docs/domain.md §6 备份, «A backup is only data»;
 * issue 14 item 4). A database file is
 * code as much as data: a trigger in it runs on the app's own inserts (one deleted every
 * reveal row from the audit trail), a view, a CHECK or an index expression runs as soon as
 * PRAGMA integrity_check or a query touches it (one took 48 s and 949 MB). So before anything
 * else reads a backup, its schema (every row of sqlite_master: type, name, table and SQL) must
 * be exactly the schema this app's own migrations build for the backup's version — nothing
 * added, nothing changed — and only then is its integrity checked.
 *
 * All of it runs in a worker thread with a heap limit and a time limit: the service thread
 * stays responsive and a check past its budget is refused (the worker is terminated; SQLite
 * ends its current step first, which is bounded by the file's size once the schema is the
 * app's own). Reading sqlite_master itself only parses the attacker's SQL, it runs nothing.
 */

/** One entry of sqlite_master, as compared: `type|name|tbl_name|sql` with blanks collapsed. */
export type SchemaKey = string;

export interface ExpectedSchemas {
  /** Each migration's folderMillis, oldest first: what __drizzle_migrations.created_at holds. */
  millis: number[];
  /** versions[n]: the sorted schema keys after the first n migrations (versions[0]: none). */
  versions: SchemaKey[][];
}

/** Collapses runs of blanks: the same SQL written with other line breaks is the same SQL. */
export const normalizeSql = (sql: string | null): string =>
  sql === null ? '' : sql.replace(/\s+/g, ' ').trim();

export const schemaKey = (row: {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}): SchemaKey => [row.type, row.name, row.tbl_name, normalizeSql(row.sql)].join('\u0000');

const cache = new Map<string, ExpectedSchemas>();

/**
 * The schema each version of the app's database has: its migrations replayed one by one on an
 * empty in-memory database (the same SQL on the same SQLite gives the same sqlite_master), once
 * per migrations folder.
 */
export function expectedSchemas(migrationsFolder: string): ExpectedSchemas {
  const cached = cache.get(migrationsFolder);
  if (cached) return cached;
  const sqlite = openSqlite(':memory:');
  try {
    // planMigrations creates __drizzle_migrations exactly as every open of the app does.
    const plan = planMigrations(sqlite, migrationsFolder);
    const snapshot = () =>
      (
        sqlite.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master').all() as {
          type: string;
          name: string;
          tbl_name: string;
          sql: string | null;
        }[]
      )
        .map(schemaKey)
        .sort();
    const versions = [snapshot()];
    // Foreign keys off as in applyMigrations (table rebuilds); there is no data to check.
    sqlite.pragma('foreign_keys = OFF');
    for (const migration of plan.pending) {
      for (const statement of migration.sql) if (statement.trim()) sqlite.exec(statement);
      versions.push(snapshot());
    }
    const millis = readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis);
    const expected = { millis, versions };
    cache.set(migrationsFolder, expected);
    return expected;
  } finally {
    sqlite.close();
  }
}

/** What the worker found; every refusal is turned into a Chinese message by the caller. */
export type SchemaVerdict =
  | { ok: true; version: number }
  | {
      ok: false;
      reason:
        | 'not-ours'
        | 'wrong-key'
        | 'damaged'
        | 'newer'
        | 'schema'
        | 'oversized'
        | 'timeout'
        | 'budget';
      version?: number;
      /** For the log only (names of extra or changed schema entries), never shown. */
      detail?: string;
    };

/** Heap of the worker (its JavaScript; SQLite's page cache is set to 16 MiB inside it). */
const WORKER_HEAP_MB = 64;

/**
 * The largest single value (text or blob) a backup may hold: the app's largest are audit
 * snapshots and settings of some KB. A larger one would be read whole into memory by the
 * check's comparison and by the app after a restore.
 */
export const MAX_VALUE_BYTES = 16 * 1024 * 1024;

/**
 * Time for one check: a minute, plus a second for every 4 MiB of database (integrity_check
 * reads every page). A safety net: what bounds the work is that nothing of the file's own
 * runs, so a slow machine only ever hits it with a file that is far too large anyway.
 */
export const checkTimeout = (bytes: number): number =>
  60_000 + Math.ceil(bytes / (4 * 1024 * 1024)) * 1000;

/**
 * The worker's code, plain JavaScript (it is evaluated, not bundled): open the file with
 * trusted_schema OFF and a small cache, give the key, read sqlite_master and the migration
 * history, compare with the expected schema of that version, then integrity_check and the
 * size of the largest value of each table. The key
 * pragmas are db/cipher.ts's applyKey (SQLCipher 4, hex key).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
const { file, key, encrypted, expected, appLast } = workerData;
const normalize = (sql) => (sql === null ? '' : String(sql).replace(/\\s+/g, ' ').trim());
const keyOf = (r) => [r.type, r.name, r.tbl_name, normalize(r.sql)].join('\\u0000');
const codeOf = (e) => (e && e.code) || '';
function run() {
  let db;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (e) {
    return { ok: false, reason: 'not-ours', detail: String(e && e.message) };
  }
  try {
    db.pragma('trusted_schema = OFF');
    if (key) {
      db.pragma("cipher = 'sqlcipher'");
      db.pragma('legacy = 4');
      db.pragma("hexkey = '" + Buffer.from(key, 'utf8').toString('hex') + "'");
    }
    let rows;
    try {
      // These read the file's header: a wrong key or not a database fails here already.
      db.pragma('cell_size_check = ON');
      db.pragma('mmap_size = 0');
      db.pragma('cache_size = -16384');
      rows = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master').all();
    } catch (e) {
      const code = codeOf(e);
      if (code === 'SQLITE_NOTADB') return { ok: false, reason: encrypted ? 'wrong-key' : 'not-ours' };
      return { ok: false, reason: 'damaged', detail: code + ' ' + String(e && e.message) };
    }
    // SQLite's own statistics (made by ANALYZE or PRAGMA optimize) are tables of numbers with
    // a fixed shape: allowed in exactly that shape, since they run nothing.
    const STATS = new Set([
      'CREATE TABLE sqlite_stat1(tbl,idx,stat)',
      'CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)',
    ]);
    rows = rows.filter(
      (r) => !(r.type === 'table' && r.name === r.tbl_name && STATS.has(normalize(r.sql))),
    );
    // The history table must be the app's own table before anything is read from it.
    const history = rows.filter((r) => r.name === '__drizzle_migrations').map(keyOf);
    if (history.length !== 1 || !expected.versions[0].includes(history[0])) {
      return { ok: false, reason: 'not-ours', detail: 'no __drizzle_migrations table of ours' };
    }
    db.pragma('query_only = ON');
    const known = expected.millis.length;
    const applied = db
      .prepare('SELECT created_at AS at FROM __drizzle_migrations ORDER BY created_at LIMIT ?')
      .all(known + 1)
      .map((r) => Number(r.at));
    const count = db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get().n;
    const last = applied.length > 0 ? applied[applied.length - 1] : -Infinity;
    if (count > known || last > appLast) return { ok: false, reason: 'newer', version: count };
    if (count === 0 || applied.some((at, i) => at !== expected.millis[i])) {
      return { ok: false, reason: 'not-ours', detail: 'migration history is not this app\\'s' };
    }
    const want = new Set(expected.versions[count]);
    const have = new Set(rows.map(keyOf));
    const extra = [...have].filter((k) => !want.has(k));
    const lacking = [...want].filter((k) => !have.has(k));
    if (extra.length > 0 || lacking.length > 0 || rows.length !== have.size) {
      const name = (k) => k.split('\\u0000').slice(0, 2).join(' ');
      return {
        ok: false,
        reason: 'schema',
        version: count,
        detail:
          'extra or changed: ' + extra.slice(0, 5).map(name).join(', ') +
          '; missing: ' + lacking.slice(0, 5).map(name).join(', '),
      };
    }
    let result;
    try {
      result = db.pragma('integrity_check');
    } catch (e) {
      return { ok: false, reason: 'damaged', detail: codeOf(e) };
    }
    if (result.length !== 1 || result[0].integrity_check !== 'ok') {
      return { ok: false, reason: 'damaged', detail: 'integrity_check' };
    }
    // No single value larger than the bound: one scan per table, octet_length reads sizes
    // from the records without loading the values (the names are the app's own by now).
    const quote = (name) => '"' + String(name).replace(/"/g, '""') + '"';
    for (const table of rows) {
      if (table.type !== 'table' || table.name.startsWith('sqlite_')) continue;
      const columns = db.prepare('SELECT name FROM pragma_table_info(?)').all(table.name);
      if (columns.length === 0) continue;
      const sizes = db
        .prepare(
          'SELECT ' + columns.map((c) => 'max(octet_length(' + quote(c.name) + '))').join(', ') +
            ' FROM ' + quote(table.name),
        )
        .raw()
        .get();
      if (sizes.some((n) => n !== null && n > workerData.maxValueBytes)) {
        return { ok: false, reason: 'oversized', detail: table.name };
      }
    }
    return { ok: true, version: count };
  } finally {
    db.close();
  }
}
parentPort.postMessage(run());
`;

const sqlitePath = (): string => createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Runs the check of one database file off the service thread. `key` opens an encrypted file
 * (`encrypted` says which it is); `appLast` is the newest migration of the live database.
 */
export function checkDatabaseOffThread(options: {
  file: string;
  key: string | null;
  encrypted: boolean;
  expected: ExpectedSchemas;
  appLast: number;
  timeoutMs: number;
}): Promise<SchemaVerdict> {
  const { timeoutMs, ...data } = options;
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { ...data, sqlitePath: sqlitePath(), maxValueBytes: MAX_VALUE_BYTES },
      resourceLimits: {
        maxOldGenerationSizeMb: WORKER_HEAP_MB,
        maxYoungGenerationSizeMb: 16,
        stackSizeMb: 4,
      },
    });
    let settled = false;
    const finish = (verdict: SchemaVerdict) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(verdict);
      // Not awaited: a worker inside one SQLite step ends when that step returns.
      void worker.terminate();
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), timeoutMs);
    worker.on('message', (verdict: SchemaVerdict) => finish(verdict));
    worker.on('error', (error) =>
      finish({
        ok: false,
        reason: 'budget',
        detail: `${(error as Error).name} ${(error as { code?: string }).code ?? ''} ${(error as Error).message}`,
      }),
    );
    worker.on('exit', (code) => finish({ ok: false, reason: 'budget', detail: `exit ${code}` }));
  });
}

const NOT_OURS = '这不是台账的备份文件，请选择备份列表里的文件或「村级网格台账备份-…」文件。';
const DAMAGED = '备份文件已损坏（完整性检查没有通过），不能用来恢复。请换一份备份。';

/** The refusal the clerk reads for a verdict that is not ok (and a line for the log). */
export function verdictRefusal(
  verdict: Extract<SchemaVerdict, { ok: false }>,
  appVersion: number,
): AppError {
  if (verdict.detail) log.warn(`备份的数据库未通过检查（${verdict.reason}）：${verdict.detail}`);
  switch (verdict.reason) {
    case 'wrong-key':
      return new AppError(
        'VALIDATION',
        '备份文件已加密，密码不对。请填写做这份备份时的数据库密码。',
      );
    case 'damaged':
      return new AppError('VALIDATION', DAMAGED);
    case 'newer':
      return new AppError(
        'VALIDATION',
        `这个备份来自更新版本的程序（数据库结构版本 ${verdict.version}，本程序为 ${appVersion}），请先把程序升级到新版本再恢复。`,
      );
    case 'schema':
      return new AppError(
        'VALIDATION',
        '这份备份的数据库结构与本程序的不一致（多了或改了触发器、视图、索引或约束），可能被人改动过，不能用来恢复，没有做任何改动。请换一份备份。',
      );
    case 'oversized':
      return new AppError(
        'VALIDATION',
        `这份备份里有异常大的数据（单项超过 ${MAX_VALUE_BYTES / 1024 / 1024} MB），可能被人改动过，不能用来恢复，没有做任何改动。请换一份备份。`,
      );
    case 'timeout':
    case 'budget':
      return new AppError(
        'VALIDATION',
        '检查这份备份超出了时间或内存的限度（文件可能已损坏或被人改动过），不能用来恢复，没有做任何改动。请换一份备份。',
      );
    default:
      return new AppError('VALIDATION', NOT_OURS);
  }
}
