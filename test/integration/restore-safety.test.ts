import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeBackup } from '../../db/backup';
import { applyKey, isEncryptedFile } from '../../db/cipher';
import { openSqlite } from '../../db/sqlite';
import type { BackupCheck, RestoreResult } from '../../electron/api/backup-types';
import {
  checkDatabaseOffThread,
  expectedSchemas,
  MAX_VALUE_BYTES,
  verdictRefusal,
} from '../../electron/services/backup/schema-check';
import { writeWholeBackup } from '../../electron/services/backup/whole';
import { backupTo } from '../../electron/services/backup/write';
import { openRuntime } from '../../electron/services/runtime';
import { dispatchSession } from '../../electron/services/session-dispatch';
import { realJournal } from '../fixtures/migrations';
import { useTestRuntime } from '../fixtures/runtime';
import { count } from '../fixtures/sqlite';
import { makeTempDir, MIGRATIONS_FOLDER, REPO_ROOT } from '../fixtures/temp-dir';
import { call, failure, GRID, VILLAGE } from '../fixtures/village';

// Issue 14 item 4, a safe restore: a backup is code as much as data. Each attack is built
// here from a real backup of the app, shown to work on a plain connection, then refused by
// backup.check and backup.restore with nothing in the data folder changed.

const runtime = useTestRuntime();
const ctx = () => runtime().session.ctx;

/** A folder outside the data folder (a USB stick's), fresh for every test. */
let usb: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  usb = makeTempDir('vl-usb-');
});
afterEach(() => usb.cleanup());
const onUsb = (name: string) => path.join(usb.dir, name);

const SCHEMA_REFUSAL =
  '这份备份的数据库结构与本程序的不一致（多了或改了触发器、视图、索引或约束），可能被人改动过，不能用来恢复，没有做任何改动。请换一份备份。';

const sha256 = (file: string) =>
  crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every file of the data folder with its size and hash (logs and scratch aside). */
function folderState(dir: string): string[] {
  const out: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (child === 'tmp' || child === 'logs') continue;
      if (entry.isDirectory()) walk(child);
      else out.push(`${child} ${sha256(path.join(dir, child))}`);
    }
  };
  walk('');
  return out.sort();
}

async function village(): Promise<number> {
  await call(ctx(), 'setup.createVillage', VILLAGE);
  await call(ctx(), 'households.create', {
    gridId: GRID.group1,
    householdType: '一般农户',
    members: [{ name: '张三', sex: '男', relation: '本人', idNumber: '532529195704204350' }],
  });
  return (ctx().sqlite.prepare('SELECT id FROM members LIMIT 1').get() as { id: number }).id;
}

/** A database-only backup of the live data, changed by `mutate` on a plain connection. */
async function hostileDb(name: string, mutate: (db: Database.Database) => void): Promise<string> {
  const file = await writeBackup(ctx().sqlite, onUsb(`${name}.db`));
  const db = new Database(file);
  mutate(db);
  db.close();
  return file;
}

/** The same hostile database inside a whole backup (.vlbak) to a USB folder. */
async function hostileWhole(db: string, folder: string): Promise<string> {
  const sqlite = new Database(db);
  try {
    const result = await writeWholeBackup({
      sqlite,
      key: null,
      dataDir: runtime().dir,
      target: path.join(folder, `${path.basename(db, '.db')}-whole.vlbak`),
      kind: '手动',
      now: new Date('2026-05-06T07:08:09.000Z'),
      store: null,
    });
    return result.file;
  } finally {
    sqlite.close();
  }
}

const WIPE_REVEALS = `CREATE TRIGGER keep_tidy AFTER INSERT ON audit_log
  BEGIN DELETE FROM audit_log WHERE action = 'reveal'; END`;

describe('a backup must hold the app’s schema and nothing else', () => {
  it('a trigger that deletes every reveal row: works once restored, so the check refuses it', async () => {
    const memberId = await village();
    const file = await hostileDb('trigger', (db) => db.exec(WIPE_REVEALS));

    // The attack, as it was: the app opens such a file and a reveal leaves no audit row.
    const victim = makeTempDir('vl-victim-');
    try {
      fs.copyFileSync(file, path.join(victim.dir, 'village-ledger.db'));
      const opened = await openRuntime({
        dataDir: victim.dir,
        migrationsFolder: MIGRATIONS_FOLDER,
      });
      try {
        await call(opened.ctx, 'sensitive.reveal', { field: 'member.idNumber', id: memberId });
        expect(count(opened.ctx.sqlite, 'audit_log')).toBeGreaterThan(0);
        const reveals = opened.ctx.sqlite
          .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'reveal'")
          .get() as { n: number };
        expect(reveals.n).toBe(0);
      } finally {
        opened.close();
      }
    } finally {
      victim.cleanup();
    }

    // Now: refused by the check and by the restore, as a .db and inside a whole backup.
    {
      const whole = await hostileWhole(file, usb.dir);
      const before = folderState(ctx().dataDir);
      for (const backup of [file, whole]) {
        expect(await failure(ctx(), 'backup.check', { file: backup })).toEqual({
          code: 'VALIDATION',
          message: SCHEMA_REFUSAL,
        });
        expect(await failure(ctx(), 'backup.restore', { file: backup })).toEqual({
          code: 'VALIDATION',
          message: SCHEMA_REFUSAL,
        });
      }
      expect(folderState(ctx().dataDir)).toEqual(before);
      expect(fs.existsSync(`${ctx().databaseFile}.restoring`)).toBe(false);
      // The live data still records reveals.
      await call(ctx(), 'sensitive.reveal', { field: 'member.idNumber', id: memberId });
      const reveals = ctx()
        .sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'reveal'")
        .get() as { n: number };
      expect(reveals.n).toBe(1);
    }
  });

  it('CHECK constraints, expression indexes and views of its own: none runs, each is refused', async () => {
    await village();
    const attacks: Record<string, string> = {
      // integrity_check evaluates CHECK constraints row by row: here one that fails, so the
      // evaluation shows; the reported one allocated 949 MB per row with zeroblob.
      check: `CREATE TABLE notes (body TEXT CHECK (length(zeroblob(1000)) < 10));
              PRAGMA ignore_check_constraints = ON;
              INSERT INTO notes VALUES ('x');`,
      index: 'CREATE INDEX grids_name_expr ON grids (length(zeroblob(1000)) || lower(name))',
      view: `CREATE VIEW numbers AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
             SELECT x FROM c`,
      // The app's own table, re-declared with a CHECK (writable_schema): same name, other SQL.
      changed: '',
    };
    const files: string[] = [];
    for (const [name, sql] of Object.entries(attacks)) {
      files.push(
        await hostileDb(name, (db) => {
          if (sql) db.exec(sql);
          else {
            const original = db
              .prepare("SELECT sql FROM sqlite_master WHERE name = 'settings'")
              .get() as { sql: string };
            db.unsafeMode(true); // better-sqlite3 is defensive by default; an attacker is not
            db.pragma('writable_schema = ON');
            db.prepare("UPDATE sqlite_master SET sql = ? WHERE name = 'settings'").run(
              original.sql.replace(/\)\s*$/, ', CHECK (length(zeroblob(1000)) < 10))'),
            );
            db.pragma('writable_schema = OFF');
          }
        }),
      );
    }
    // The CHECK attack as it was: the old check's integrity_check ran the file's expression.
    const plain = new Database(files[0]!);
    expect(plain.pragma('integrity_check')).toEqual([
      { integrity_check: 'CHECK constraint failed in notes' },
    ]);
    plain.close();

    const before = folderState(ctx().dataDir);
    for (const file of files) {
      expect(await failure(ctx(), 'backup.check', { file })).toEqual({
        code: 'VALIDATION',
        message: SCHEMA_REFUSAL,
      });
      expect((await failure(ctx(), 'backup.restore', { file })).message).toBe(SCHEMA_REFUSAL);
    }
    expect(folderState(ctx().dataDir)).toEqual(before);
  });

  it('a value larger than 16 MB, or data naming 400,001 files: refused, nothing read whole', async () => {
    await village();
    const big = await hostileDb('big-value', (db) =>
      db
        .prepare(
          "INSERT INTO audit_log (at, operator, entity, entity_id, action, after) VALUES ('2026-01-01T00:00:00.000Z', 'x', 'note', '1', 'create', ?)",
        )
        .run('x'.repeat(MAX_VALUE_BYTES + 1)),
    );
    const many = await hostileDb('many-files', (db) =>
      db.exec(
        `INSERT INTO workers (name, sex, photo_file)
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400001)
         SELECT '网格员', '男', 'photos/' || i || '.jpg' FROM n`,
      ),
    );
    const before = folderState(ctx().dataDir);
    expect(await failure(ctx(), 'backup.check', { file: big })).toEqual({
      code: 'VALIDATION',
      message:
        '这份备份里有异常大的数据（单项超过 16 MB），可能被人改动过，不能用来恢复，没有做任何改动。请换一份备份。',
    });
    expect(await failure(ctx(), 'backup.restore', { file: many })).toEqual({
      code: 'VALIDATION',
      message:
        '这份备份的数据指向的文件多得异常（超过 400000 个），可能被人改动过，不能用来恢复，没有做任何改动。请换一份备份。',
    });
    expect(folderState(ctx().dataDir)).toEqual(before);
  });

  it('the expected schema is what the app’s migrations build, for every version', async () => {
    await village();
    const expected = expectedSchemas(MIGRATIONS_FOLDER);
    expect(expected.versions).toHaveLength(realJournal().length + 1);
    const live = (
      ctx().sqlite.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master').all() as {
        type: string;
        name: string;
        tbl_name: string;
        sql: string | null;
      }[]
    ).length;
    expect(expected.versions.at(-1)).toHaveLength(live);
    // A good backup passes, at its version.
    const file = await writeBackup(ctx().sqlite, onUsb('good.db'));
    const verdict = await checkDatabaseOffThread({
      file,
      key: null,
      encrypted: false,
      expected,
      appLast: expected.millis.at(-1)!,
      timeoutMs: 120_000,
    });
    expect(verdict).toEqual({ ok: true, version: realJournal().length });
    // SQLite's own statistics (ANALYZE, PRAGMA optimize) are data of a fixed shape, not code:
    // a database that has them still passes (SQLite refuses any other table of that name).
    ctx().sqlite.exec('ANALYZE');
    const analyzed = await writeBackup(ctx().sqlite, onUsb('analyzed.db'));
    const check = (f: string) =>
      checkDatabaseOffThread({
        file: f,
        key: null,
        encrypted: false,
        expected,
        appLast: expected.millis.at(-1)!,
        timeoutMs: 120_000,
      });
    expect(await check(analyzed)).toEqual({ ok: true, version: realJournal().length });
  });

  it('a check past its time budget is refused without waiting for it', async () => {
    await village();
    const file = await writeBackup(ctx().sqlite, onUsb('slow.db'));
    const verdict = await checkDatabaseOffThread({
      file,
      key: null,
      encrypted: false,
      expected: expectedSchemas(MIGRATIONS_FOLDER),
      appLast: Number.MAX_SAFE_INTEGER,
      timeoutMs: 0,
    });
    expect(verdict).toEqual({ ok: false, reason: 'timeout' });
    expect(verdictRefusal({ ok: false, reason: 'timeout' }, 7)).toMatchObject({
      code: 'VALIDATION',
      message:
        '检查这份备份超出了时间或内存的限度（文件可能已损坏或被人改动过），不能用来恢复，没有做任何改动。请换一份备份。',
    });
  });
});

/** Source files under `dir` (recursively) that open a connection themselves. */
function directOpens(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (/new Database\(/.test(fs.readFileSync(file, 'utf8'))) {
      found.push(path.relative(REPO_ROOT, file).split(path.sep).join('/'));
    }
  }
  return found.sort();
}

describe('trusted_schema is OFF on every connection the app opens', () => {
  it('every connection goes through db/sqlite.ts (the schema check’s worker sets it itself)', () => {
    expect([
      ...directOpens(path.join(REPO_ROOT, 'db')),
      ...directOpens(path.join(REPO_ROOT, 'electron')),
    ]).toEqual(['db/sqlite.ts', 'electron/services/backup/schema-check.ts']);
  });

  it('the live database, again after a restore, and openSqlite', async () => {
    await village();
    expect(ctx().sqlite.pragma('trusted_schema', { simple: true })).toBe(0);
    const file = await backupTo(ctx(), onUsb('tidy.vlbak'));
    await call<RestoreResult>(ctx(), 'backup.restore', { file });
    expect(ctx().sqlite.pragma('trusted_schema', { simple: true })).toBe(0);
    const scratch = openSqlite(':memory:');
    expect(scratch.pragma('trusted_schema', { simple: true })).toBe(0);
    // A function SQLite does not mark harmless cannot run from a schema.
    scratch.exec("CREATE VIEW v AS SELECT load_extension('/tmp/evil') AS x");
    expect(() => scratch.prepare('SELECT x FROM v').get()).toThrow(/unsafe use/);
    scratch.close();
  });
});

describe('a restore never takes the database password away', () => {
  it('a plain backup onto an encrypted database: re-keyed with the current password', async () => {
    await village();
    const session = runtime().session;
    const plain = await backupTo(ctx(), onUsb('plain.vlbak'));
    expect((await dispatchSession(session, 'security.setPassword', { next: 'mima-2026' })).ok).toBe(
      true,
    );
    expect(isEncryptedFile(ctx().databaseFile)).toBe(true);

    const check = await call<BackupCheck>(ctx(), 'backup.check', { file: plain });
    expect(check.encrypted).toBe(false);
    expect(check.notes).toContain(
      '这份备份没有加密。恢复后数据库仍由当前的数据库密码保护：恢复时会用当前密码把它加密，打开时仍输入当前密码。',
    );
    await call<RestoreResult>(ctx(), 'backup.restore', { file: plain });
    // The attack was: the live file came back plain and the session forgot its password.
    expect(isEncryptedFile(ctx().databaseFile)).toBe(true);
    expect(session.key).toBe('mima-2026');
    expect(session.status()).toMatchObject({ locked: false, encrypted: true });
    expect(count(ctx().sqlite, 'members')).toBe(1);
    // Unreadable without the password, readable with it.
    const live = ctx().databaseFile;
    session.close();
    const raw = new Database(live, { readonly: true });
    expect(() => raw.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow();
    raw.close();
    const keyed = new Database(live, { readonly: true });
    applyKey(keyed, 'mima-2026');
    expect(count(keyed, 'members')).toBe(1);
    keyed.close();
  });

  it('a backup with another password onto an encrypted database keeps the current one', async () => {
    await village();
    const session = runtime().session;
    expect((await dispatchSession(session, 'security.setPassword', { next: 'old-pass' })).ok).toBe(
      true,
    );
    const other = await backupTo(ctx(), onUsb('other.vlbak'));
    expect(
      (
        await dispatchSession(session, 'security.setPassword', {
          current: 'old-pass',
          next: 'new-pass',
        })
      ).ok,
    ).toBe(true);
    const check = await call<BackupCheck>(ctx(), 'backup.check', {
      file: other,
      password: 'old-pass',
    });
    expect(check.notes).toContain(
      '这份备份的密码与当前的数据库密码不同。恢复后数据库仍使用当前的数据库密码，打开时仍输入当前密码。',
    );
    await call<RestoreResult>(ctx(), 'backup.restore', { file: other, password: 'old-pass' });
    expect(session.key).toBe('new-pass');
    const live = ctx().databaseFile;
    session.close();
    const keyed = new Database(live, { readonly: true });
    applyKey(keyed, 'new-pass');
    expect(count(keyed, 'members')).toBe(1);
    keyed.close();
  });

  it('an encrypted backup onto a plain database keeps the backup’s password, and says so', async () => {
    await village();
    const session = runtime().session;
    expect((await dispatchSession(session, 'security.setPassword', { next: 'usb-pass' })).ok).toBe(
      true,
    );
    const encrypted = await backupTo(ctx(), onUsb('enc.vlbak'));
    expect(
      (await dispatchSession(session, 'security.removePassword', { current: 'usb-pass' })).ok,
    ).toBe(true);
    const check = await call<BackupCheck>(ctx(), 'backup.check', {
      file: encrypted,
      password: 'usb-pass',
    });
    expect(check.notes).toContain(
      '这份备份已加密，当前数据库没有设密码。恢复后数据库使用这份备份的密码，以后打开时要输入它。',
    );
    await call<RestoreResult>(ctx(), 'backup.restore', { file: encrypted, password: 'usb-pass' });
    expect(isEncryptedFile(ctx().databaseFile)).toBe(true);
    expect(session.key).toBe('usb-pass');
  });
});
