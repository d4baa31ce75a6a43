import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyKey, isEncryptedFile } from '../../db/cipher';
import { openDatabase, stamp } from '../../db/open';
import type {
  BackupCheck,
  BackupFile,
  BackupJobStatus,
  RestoreResult,
} from '../../electron/api/backup-types';
import type { GridNode } from '../../electron/api/types';
import { writeBackup } from '../../db/backup';
import { resolveBackupFile } from '../../electron/services/backup/check';
import { extractDatabase, openWholeBackup } from '../../electron/services/backup/whole-read';
import { scheduleDailyBackup } from '../../electron/services/backup/daily';
import { prunableBackups } from '../../electron/services/backup/retention';
import { backupOfKind, backupTo } from '../../electron/services/backup/write';
import type { ServiceContext } from '../../electron/services/context';
import { dispatchSession } from '../../electron/services/session-dispatch';
import { copyRealMigrations, realJournal } from '../fixtures/migrations';
import { useTestRuntime } from '../fixtures/runtime';
import { count } from '../fixtures/sqlite';
import { makeTempDir } from '../fixtures/temp-dir';
import { call, failure, GRID, VILLAGE } from '../fixtures/village';

const runtime = useTestRuntime();
/** The session's context now: after a restore it is a new one. */
const ctx = (): ServiceContext => runtime().session.ctx;
const backups = () => path.join(runtime().dir, 'backups');

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir('vl-backup-');
});
afterEach(() => temp.cleanup());

async function waitForJob(
  jobId: string,
): Promise<{ last: BackupJobStatus; seen: BackupJobStatus[] }> {
  const seen: BackupJobStatus[] = [];
  for (;;) {
    const status = await call<BackupJobStatus>(ctx(), 'backup.status', { jobId });
    seen.push(status);
    if (status.state !== 'running') return { last: status, seen };
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** ~12 MB of audit rows, so the online backup takes several steps (2,048 pages each). */
function growDatabase(c: ServiceContext): void {
  const insert = c.sqlite.prepare(
    "INSERT INTO audit_log (at, operator, entity, entity_id, action, after) VALUES (?, '测试员', 'filler', ?, 'seed', ?)",
  );
  const payload = JSON.stringify({ text: 'x'.repeat(4000) });
  c.sqlite.transaction(() => {
    for (let i = 0; i < 3000; i += 1) insert.run(c.now().toISOString(), String(i), payload);
  })();
}

let extracted = 0;
/** The database copy inside a whole backup (.vlbak), written to a file of its own. */
async function databaseIn(file: string, password: string | null = null): Promise<string> {
  const opened = await openWholeBackup(file, password);
  try {
    extracted += 1;
    const out = path.join(temp.dir, `extracted-${extracted}.db`);
    await extractDatabase(opened, out);
    return out;
  } finally {
    await opened.reader.close();
  }
}

function openPlain(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}

function tableCounts(db: Database.Database): Record<string, number> {
  return Object.fromEntries(
    ['grids', 'households', 'members', 'workers', 'audit_log', 'settings'].map((t) => [
      t,
      count(db, t),
    ]),
  );
}

async function villageWithHousehold(): Promise<void> {
  await call(ctx(), 'setup.createVillage', VILLAGE);
  await call(ctx(), 'households.create', {
    gridId: GRID.group1,
    householdType: '一般农户',
    members: [{ name: '张三', sex: '男', relation: '本人' }],
  });
}

describe('backup into a folder (备份到 U 盘)', () => {
  it('writes a whole, checked copy with progress up to the total and no .partial left', async () => {
    await villageWithHousehold();
    growDatabase(ctx());
    const folder = temp.dir;
    const { jobId } = await call<{ jobId: string }>(ctx(), 'backup.start', { folder });
    const { last, seen } = await waitForJob(jobId);

    expect(last.state).toBe('done');
    expect(last.message).toBeNull();
    expect(last.total).toBeGreaterThan(2048);
    expect(last.done).toBe(last.total);
    for (let i = 1; i < seen.length; i += 1) {
      expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);
    }
    expect(last.file).toBe(path.join(folder, `村级网格台账备份-${stamp(ctx().now())}.vlbak`));
    expect(fs.readdirSync(folder)).toEqual([path.basename(last.file!)]);

    const inner = await databaseIn(last.file!);
    const copy = openPlain(inner);
    expect(copy.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(tableCounts(copy)).toEqual(tableCounts(ctx().sqlite));
    copy.close();
    // Opening a file it wrote in a checked way leaves nothing beside it either.
    expect(fs.readdirSync(folder).filter((n) => !n.startsWith('extracted-'))).toHaveLength(1);
  });

  it('reports each step of the online backup, rising to the total', async () => {
    growDatabase(ctx());
    const steps: [number, number][] = [];
    const file = await backupTo(ctx(), path.join(temp.dir, 'steps.vlbak'), (done, total) =>
      steps.push([done, total]),
    );
    expect(steps.length).toBeGreaterThanOrEqual(2);
    const total = steps[0]![1];
    expect(steps.every(([, t]) => t === total)).toBe(true);
    expect(steps.map(([d]) => d)).toEqual([...steps.map(([d]) => d)].sort((a, b) => a - b));
    expect(steps.at(-1)).toEqual([total, total]);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
  });

  it('a second backup in the same second gets its own name instead of replacing the first', async () => {
    const first = await backupOfKind(ctx(), '手动');
    const second = await backupOfKind(ctx(), '手动');
    expect(path.basename(first)).toBe(`手动-${stamp(ctx().now())}.vlbak`);
    expect(path.basename(second)).toBe(`手动-${stamp(ctx().now())}-2.vlbak`);
    const list = await call<BackupFile[]>(ctx(), 'backup.list', {});
    expect(list.map((b) => b.name)).toEqual([path.basename(second), path.basename(first)]);
  });

  it('refuses a folder that does not exist or is a file, naming it in Chinese', async () => {
    const missing = path.join(temp.dir, '没有这个文件夹');
    expect(await failure(ctx(), 'backup.start', { folder: missing })).toEqual({
      code: 'VALIDATION',
      message: `备份文件夹不存在：${missing}。请确认 U 盘已插好、路径没有写错。`,
    });
    const file = path.join(temp.dir, 'a.txt');
    fs.writeFileSync(file, 'x');
    expect((await failure(ctx(), 'backup.start', { folder: file })).message).toBe(
      `备份文件夹填的是一个文件，不是文件夹：${file}`,
    );
    expect((await failure(ctx(), 'backup.start', { folder: '台账备份' })).code).toBe('VALIDATION');
  });

  it('立即备份 writes 手动-<time>.vlbak into <data>/backups and the list shows it', async () => {
    await villageWithHousehold();
    const { jobId } = await call<{ jobId: string }>(ctx(), 'backup.start', {});
    const { last } = await waitForJob(jobId);
    expect(last.state).toBe('done');
    const name = `手动-${stamp(ctx().now())}.vlbak`;
    expect(last.file).toBe(path.join(backups(), name));
    fs.writeFileSync(path.join(backups(), `${name}.partial`), 'half');
    fs.writeFileSync(path.join(backups(), 'notes.db'), 'someone else’s');
    const list = await call<BackupFile[]>(ctx(), 'backup.list', {});
    expect(list).toEqual([
      {
        name,
        kind: '手动',
        at: ctx().now().toISOString(), // the fixed clock is on a whole second
        size: fs.statSync(last.file!).size,
        encrypted: false,
        whole: true,
      },
    ]);
  });
});

describe('an encrypted database', () => {
  it('backs up encrypted with its key: unreadable without it, readable with it', async () => {
    await villageWithHousehold();
    const set = await dispatchSession(runtime().session, 'security.setPassword', {
      next: 'mima-2026',
    });
    expect(set.ok).toBe(true);
    const { jobId } = await call<{ jobId: string }>(ctx(), 'backup.start', { folder: temp.dir });
    const { last } = await waitForJob(jobId);
    expect(last.state).toBe('done');
    const file = last.file!;
    expect(fs.readFileSync(file).includes(Buffer.from('杨柳村'))).toBe(false);
    const inner = await databaseIn(file, 'mima-2026');
    expect(isEncryptedFile(inner)).toBe(true);

    const locked = openPlain(inner);
    expect(() => locked.prepare('SELECT count(*) FROM grids').get()).toThrow();
    locked.close();
    const opened = openPlain(inner);
    applyKey(opened, 'mima-2026');
    expect(count(opened, 'grids')).toBe(5);
    expect(count(opened, 'members')).toBe(1);
    opened.close();

    // backup.check takes the session's key, or the one given; a wrong one is named.
    const check = await call<BackupCheck>(ctx(), 'backup.check', { file });
    expect(check).toMatchObject({ encrypted: true, counts: { grids: 5, households: 1 } });
    expect(await failure(ctx(), 'backup.check', { file, password: 'not-it' })).toEqual({
      code: 'VALIDATION',
      message: '备份文件已加密，密码不对。请填写做这份备份时的数据库密码。',
    });
  });
});

describe('daily backup and retention', () => {
  it('writes one 自动 backup on the first start of a day, and again the next day', async () => {
    const c = ctx();
    const first = await scheduleDailyBackup(c);
    expect(first).toBe(path.join(backups(), `自动-${stamp(c.now())}.vlbak`));
    expect(await scheduleDailyBackup(c)).toBeNull();
    const later = new Date(c.now().getTime() + 3 * 3600_000);
    if (stamp(later).slice(0, 8) === stamp(c.now()).slice(0, 8)) {
      c.now = () => later;
      expect(await scheduleDailyBackup(c)).toBeNull();
    }
    const nextDay = new Date(dayLater(c.now(), 1));
    c.now = () => nextDay;
    const second = await scheduleDailyBackup(c);
    expect(second).toBe(path.join(backups(), `自动-${stamp(nextDay)}.vlbak`));
    const automatic = fs.readdirSync(backups()).filter((n) => n.startsWith('自动-'));
    expect(automatic.sort()).toEqual([path.basename(first!), path.basename(second!)].sort());
    const copy = openPlain(await databaseIn(second!));
    expect(copy.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    copy.close();
  });

  it('keeps the newest N automatic backups plus the newest of each older month, and nothing else is touched', async () => {
    await call(ctx(), 'settings.update', { backupKeep: 3 });
    const c = ctx();
    c.now = () => new Date(2026, 4, 6, 9, 30, 0);
    const dir = backups();
    fs.mkdirSync(dir, { recursive: true });
    const old = [
      '20260105-080000',
      '20260120-080000',
      '20260203-080000',
      '20260225-080000',
      '20260310-080000',
      '20260328-080000',
      '20260402-080000',
      '20260415-080000',
      '20260501-080000',
      '20260503-080000',
      '20260505-080000',
    ].map((s) => `自动-${s}.db`);
    const others = [
      '手动-20250101-080000.db',
      '升级前-20250101-080000-v3.db',
      '恢复前-20250102-080000.db',
      '自动-20250101-080000.db.partial',
      '自动备份-旧.db',
      'notes.txt',
    ];
    for (const name of [...old, ...others]) fs.writeFileSync(path.join(dir, name), name);

    const written = await scheduleDailyBackup(c);
    expect(path.basename(written!)).toBe('自动-20260506-093000.vlbak');
    const left = fs.readdirSync(dir).sort();
    const kept = [
      '自动-20260506-093000.vlbak', // newest 3
      '自动-20260505-080000.db',
      '自动-20260503-080000.db',
      '自动-20260501-080000.db', // newest of May among the older
      '自动-20260415-080000.db', // April
      '自动-20260328-080000.db', // March
      '自动-20260225-080000.db', // February
      '自动-20260120-080000.db', // January
    ];
    expect(left).toEqual([...kept, ...others].sort());
  });

  it('prunableBackups counts only 自动 names, same-second copies included', () => {
    expect(
      prunableBackups(
        [
          '自动-20260101-080000.db',
          '自动-20260101-080000-2.db',
          '自动-20260102-080000.db',
          '手动-20251201-080000.db',
        ],
        1,
      ),
    ).toEqual(['自动-20260101-080000.db']);
  });
});

describe('backup.check refuses what must not be restored', () => {
  async function aBackup(): Promise<string> {
    await villageWithHousehold();
    return backupTo(ctx(), path.join(temp.dir, 'good.vlbak'));
  }
  /** A backup as earlier versions wrote it: the database file alone. */
  async function aDatabaseOnlyBackup(): Promise<string> {
    await villageWithHousehold();
    return writeBackup(ctx().sqlite, path.join(temp.dir, 'good.db'));
  }

  it('accepts a good backup and says what it holds', async () => {
    const file = await aBackup();
    const check = await call<BackupCheck>(ctx(), 'backup.check', { file });
    const last = ctx().sqlite.prepare('SELECT max(at) AS at FROM audit_log').get() as {
      at: string;
    };
    expect(check).toEqual({
      file,
      ok: true,
      encrypted: false,
      schemaVersion: realJournal().length,
      appSchemaVersion: realJournal().length,
      counts: {
        grids: 5,
        households: 1,
        members: 1,
        workers: 0,
        problems: 0,
        visits: 0,
        archiveItems: 0,
      },
      lastChange: last.at,
      whole: true,
      createdAt: ctx().now().toISOString(),
      files: { count: 0, bytes: 0, missingAtBackup: [] },
      notes: [],
      loss: {
        notices: { total: 0, items: [] },
        archiveItems: { total: 0, items: [] },
        households: { total: 0, items: [] },
        problems: { total: 0 },
        visits: { total: 0 },
        limit: 20,
      },
    });
    // Checked on a copy of its own: nothing is left beside the file or in the data folder.
    expect(fs.readdirSync(temp.dir)).toEqual(['good.vlbak']);
    expect(fs.readdirSync(path.join(runtime().dir, 'tmp', 'backup-check'))).toEqual([]);
  });

  it('a backup of an earlier version (.db): checked as before, and said to hold the database only', async () => {
    const file = await aDatabaseOnlyBackup();
    const check = await call<BackupCheck>(ctx(), 'backup.check', { file });
    expect(check).toMatchObject({ whole: false, createdAt: null, counts: { households: 1 } });
    expect(check.notes).toEqual([
      expect.stringMatching(/只有数据库：不含照片、问题附件、归档原件/),
    ]);
  });

  it('a copy with bytes overwritten mid-file: 备份文件已损坏', async () => {
    const file = await aDatabaseOnlyBackup();
    const bytes = fs.readFileSync(file);
    const pageSize = 4096;
    const pages = bytes.length / pageSize;
    expect(pages).toBeGreaterThan(8);
    const start = Math.floor(pages / 2) * pageSize;
    bytes.fill(0x5a, start - 2 * pageSize, start + 2 * pageSize);
    const broken = path.join(temp.dir, 'broken.db');
    fs.writeFileSync(broken, bytes);
    const error = await failure(ctx(), 'backup.check', { file: broken });
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/^备份文件已损坏/);

    // A subtler break that SQLite reads past but integrity_check lists: the first cell
    // pointer of the members table's page points outside the page.
    const db = openPlain(file);
    const { rootpage } = db
      .prepare("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'members'")
      .get() as { rootpage: number };
    db.close();
    const subtle = fs.readFileSync(file);
    subtle.fill(0x5a, (rootpage - 1) * pageSize + 8, (rootpage - 1) * pageSize + 10);
    const pointer = path.join(temp.dir, 'pointer.db');
    fs.writeFileSync(pointer, subtle);
    const listed = new Database(pointer, { readonly: true });
    expect(listed.pragma('integrity_check')).not.toEqual([{ integrity_check: 'ok' }]);
    listed.close();
    expect((await failure(ctx(), 'backup.check', { file: pointer })).message).toMatch(
      /^备份文件已损坏/,
    );
  });

  it('a backup from a newer version of the app (one migration more)', async () => {
    const file = await aDatabaseOnlyBackup();
    const newer = new Database(file);
    newer
      .prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
      .run('future', Date.UTC(2030, 0, 1));
    newer.close();
    const error = await failure(ctx(), 'backup.check', { file });
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe(
      `这个备份来自更新版本的程序（数据库结构版本 ${realJournal().length + 1}，本程序为 ${realJournal().length}），请先把程序升级到新版本再恢复。`,
    );
  });

  it('a file that is not a database, and a database that is not the ledger', async () => {
    const text = path.join(temp.dir, '说明.db');
    fs.writeFileSync(text, '这不是数据库');
    const notOurs = '这不是台账的备份文件，请选择备份列表里的文件或「村级网格台账备份-…」文件。';
    expect(await failure(ctx(), 'backup.check', { file: text })).toEqual({
      code: 'VALIDATION',
      message: notOurs,
    });
    const other = path.join(temp.dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
    db.close();
    expect((await failure(ctx(), 'backup.check', { file: other })).message).toBe(notOurs);
  });

  it('the live database file itself, a folder, a missing file, and names that climb out of backups', async () => {
    expect(await failure(ctx(), 'backup.check', { file: ctx().databaseFile })).toEqual({
      code: 'VALIDATION',
      message: '这是正在使用的数据库文件本身，不能用它来恢复。请选择一份备份文件。',
    });
    expect((await failure(ctx(), 'backup.check', { file: temp.dir })).message).toBe(
      `备份文件填的不是一个文件：${temp.dir}`,
    );
    expect((await failure(ctx(), 'backup.check', { file: '手动-20200101-000000.db' })).code).toBe(
      'NOT_FOUND',
    );
    for (const file of ['../village-ledger.db', '..\\village-ledger.db', '..village-ledger.db']) {
      expect((await failure(ctx(), 'backup.check', { file })).code).toBe('VALIDATION');
    }
    // The service refuses them too, whatever door it is called from.
    expect(() => resolveBackupFile(ctx(), '../village-ledger.db')).toThrow(/完整路径/);
    expect(() => resolveBackupFile(ctx(), '..')).toThrow(/备份文件名不对/);
  });
});

describe('backup.restore', () => {
  it('replaces the data, keeps the state before as 恢复前, records it, and later calls see it', async () => {
    await villageWithHousehold();
    const backup = await backupOfKind(ctx(), '手动');
    const before = runtime().session.ctx;
    await call(ctx(), 'grids.create', { parentId: GRID.village, level: 'group', name: '三组' });
    expect(count(ctx().sqlite, 'grids')).toBe(6);

    const result = await call<RestoreResult>(ctx(), 'backup.restore', {
      file: path.basename(backup),
    });

    expect(path.basename(result.safetyBackup)).toBe(`恢复前-${stamp(before.now())}.vlbak`);
    expect(result.schemaVersion).toBe(realJournal().length);
    expect(result.counts).toMatchObject({ grids: 5, households: 1, members: 1 });
    // The old context is closed; the session holds a new one on the restored file.
    expect(before.sqlite.open).toBe(false);
    expect(ctx()).not.toBe(before);
    const tree = await call<GridNode[]>(ctx(), 'grids.tree', {});
    expect(JSON.stringify(tree)).not.toContain('三组');
    expect(count(ctx().sqlite, 'grids')).toBe(5);
    const entry = ctx()
      .sqlite.prepare(
        "SELECT operator, action, after FROM audit_log WHERE entity = 'database' AND entity_id = 'restore'",
      )
      .all();
    expect(entry).toEqual([
      {
        operator: '测试员',
        action: '恢复备份',
        after: JSON.stringify({
          from: path.basename(backup),
          safetyBackup: path.basename(result.safetyBackup),
        }),
      },
    ]);
    // The 恢复前 copy holds the state that was replaced, 三组 included.
    const safety = openPlain(await databaseIn(result.safetyBackup));
    expect(count(safety, 'grids')).toBe(6);
    safety.close();
    const list = await call<BackupFile[]>(ctx(), 'backup.list', {});
    expect(list.map((b) => b.kind).sort()).toEqual(['恢复前', '手动']);
    // Nothing staged is left beside the database.
    expect(fs.existsSync(`${ctx().databaseFile}.restoring`)).toBe(false);
    // Writes go to the restored database.
    await call(ctx(), 'grids.create', { parentId: GRID.village, level: 'group', name: '四组' });
    expect(count(ctx().sqlite, 'grids')).toBe(6);
  });

  it('refuses a bad backup and leaves the live database untouched', async () => {
    await villageWithHousehold();
    const bad = path.join(temp.dir, 'bad.db');
    fs.writeFileSync(bad, 'not a database at all');
    const live = ctx();
    expect((await failure(live, 'backup.restore', { file: bad })).code).toBe('VALIDATION');
    expect(ctx()).toBe(live);
    expect(count(ctx().sqlite, 'grids')).toBe(5);
    expect(fs.existsSync(`${live.databaseFile}.restoring`)).toBe(false);
    expect(fs.existsSync(backups()) ? fs.readdirSync(backups()) : []).toEqual([]);
  });

  it('an encrypted backup into a plain database: the session takes the backup’s password', async () => {
    await villageWithHousehold();
    const session = runtime().session;
    expect((await dispatchSession(session, 'security.setPassword', { next: 'mima-2026' })).ok).toBe(
      true,
    );
    const backup = await backupTo(ctx(), path.join(temp.dir, 'enc.vlbak'));
    expect(
      (await dispatchSession(session, 'security.removePassword', { current: 'mima-2026' })).ok,
    ).toBe(true);
    await call(ctx(), 'grids.create', { parentId: GRID.village, level: 'group', name: '三组' });
    expect(session.key).toBeNull();

    expect((await failure(ctx(), 'backup.restore', { file: backup })).message).toBe(
      '备份文件已加密，请填写做这份备份时的数据库密码。',
    );
    const result = await call<RestoreResult>(ctx(), 'backup.restore', {
      file: backup,
      password: 'mima-2026',
    });
    expect(result.counts.grids).toBe(5);
    expect(session.key).toBe('mima-2026');
    expect(isEncryptedFile(ctx().databaseFile)).toBe(true);
    // The 恢复前 copy was written as the database was then: plain.
    expect(isEncryptedFile(result.safetyBackup)).toBe(false);
    expect(session.status()).toMatchObject({ locked: false, encrypted: true });
  });

  it('a backup from an older version is migrated when it is opened', async () => {
    const olderMigrations = path.join(temp.dir, 'migrations-v2');
    copyRealMigrations(olderMigrations, 2);
    const olderFile = path.join(temp.dir, 'older.db');
    const older = await openDatabase({
      file: olderFile,
      migrationsFolder: olderMigrations,
      backupsDir: path.join(temp.dir, 'older-backups'),
    });
    expect(older.schemaVersion).toBe(2);
    older.sqlite
      .prepare("INSERT INTO grids (id, parent_id, level, name) VALUES (1, NULL, 'village', '老村')")
      .run();
    older.sqlite
      .prepare(
        "INSERT INTO audit_log (at, operator, entity, entity_id, action) VALUES ('2025-01-02T03:04:05.000Z', '老文书', 'grid', '1', 'create')",
      )
      .run();
    older.close();

    const check = await call<BackupCheck>(ctx(), 'backup.check', { file: olderFile });
    expect(check).toMatchObject({
      schemaVersion: 2,
      appSchemaVersion: realJournal().length,
      lastChange: '2025-01-02T03:04:05.000Z',
      counts: { grids: 1, problems: 0, archiveItems: 0 },
    });
    const result = await call<RestoreResult>(ctx(), 'backup.restore', { file: olderFile });
    expect(result.schemaVersion).toBe(realJournal().length);
    expect(ctx().schemaVersion).toBe(realJournal().length);
    expect(count(ctx().sqlite, 'archive_items')).toBe(0);
    const tree = await call<GridNode[]>(ctx(), 'grids.tree', {});
    expect(tree.map((g) => g.name)).toEqual(['老村']);
    // openDatabase kept its own copy of the backup before migrating it.
    const names = fs.readdirSync(backups());
    expect(names.some((n) => /^升级前-\d{8}-\d{6}-v2\.vlbak$/.test(n))).toBe(true);
    expect(names.some((n) => n.startsWith('恢复前-'))).toBe(true);
  });

  it('a backup that passes the checks but cannot be migrated: the state from before goes back', async () => {
    await villageWithHousehold();
    const olderMigrations = path.join(temp.dir, 'migrations-v2');
    copyRealMigrations(olderMigrations, 2);
    const olderFile = path.join(temp.dir, 'older.db');
    const older = await openDatabase({ file: olderFile, migrationsFolder: olderMigrations });
    // A member whose household is gone (foreign keys were off when it was written): the
    // schema is the app's own, so the checks pass, but the upgrade's foreign_key_check fails.
    older.sqlite.pragma('foreign_keys = OFF');
    older.sqlite
      .prepare(
        "INSERT INTO members (household_id, name, sex, relation) VALUES (999, '孤户', '男', '本人')",
      )
      .run();
    older.close();

    const error = await failure(ctx(), 'backup.restore', { file: olderFile });
    expect(error.code).toBe('MIGRATION');
    expect(error.message).toMatch(
      /^这份备份恢复后打不开（数据库升级.*），已换回恢复前的数据，没有改动。$/,
    );
    // The session is open again on the data from before, and takes writes.
    expect(runtime().session.locked).toBe(false);
    expect(count(ctx().sqlite, 'grids')).toBe(5);
    expect(count(ctx().sqlite, 'members')).toBe(1);
    await call(ctx(), 'grids.create', { parentId: GRID.village, level: 'group', name: '三组' });
    expect(fs.existsSync(`${ctx().databaseFile}.restoring`)).toBe(false);
  });
});

/** A date `days` later on the local calendar, at the same clock time. */
function dayLater(date: Date, days: number): number {
  return new Date(
    date.getFullYear(),
    date.getMonth(),
    date.getDate() + days,
    date.getHours(),
    date.getMinutes(),
    date.getSeconds(),
  ).getTime();
}
