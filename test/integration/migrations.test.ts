import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationError } from '../../db/migrate';
import { openDatabase } from '../../db/open';
import {
  copyRealMigrations,
  CREATE_PARENT_CHILD,
  realJournal,
  REBUILD_PARENT,
  writeMigrations,
  type MigrationFile,
} from '../fixtures/migrations';
import { columnNames, count, rowsOf, schemaOf, tableNames } from '../fixtures/sqlite';
import { databaseInBackup } from '../fixtures/backup';
import { makeTempDir, MIGRATIONS_FOLDER, REPO_ROOT } from '../fixtures/temp-dir';

const NOW = new Date('2026-03-04T05:06:07Z');
const PARENTS = [
  { id: 1, name: '甲' },
  { id: 2, name: '乙' },
  { id: 3, name: '丙' },
];
const CHILDREN = [
  { id: 1, parent_id: 1, note: 'a' },
  { id: 2, parent_id: 1, note: 'b' },
  { id: 3, parent_id: 2, note: 'c' },
  { id: 4, parent_id: 3, note: 'd' },
  { id: 5, parent_id: 3, note: 'e' },
];

let temp: ReturnType<typeof makeTempDir>;
let folder: string;
let dataDir: string;
let file: string;
let backupsDir: string;

beforeEach(() => {
  temp = makeTempDir();
  folder = path.join(temp.dir, 'migrations');
  dataDir = path.join(temp.dir, 'data');
  file = path.join(dataDir, 'village-ledger.db');
  backupsDir = path.join(dataDir, 'backups');
});
afterEach(() => temp.cleanup());

const open = (migrationsFolder = folder) =>
  openDatabase({ file, migrationsFolder, now: () => NOW });

/** Opens with migration 0 only and stores 3 parents and 5 children. */
async function seedVersionOne(): Promise<void> {
  writeMigrations(folder, [CREATE_PARENT_CHILD]);
  const db = await open();
  const parent = db.sqlite.prepare('INSERT INTO parent (id, name) VALUES (@id, @name)');
  const child = db.sqlite.prepare(
    'INSERT INTO child (id, parent_id, note) VALUES (@id, @parent_id, @note)',
  );
  for (const row of PARENTS) parent.run(row);
  for (const row of CHILDREN) child.run(row);
  db.close();
}

/** Reads a closed database file without changing it. */
function readOnly<T>(target: string, read: (sqlite: Database.Database) => T): T {
  const sqlite = new Database(target, { readonly: true, fileMustExist: true });
  try {
    return read(sqlite);
  } finally {
    sqlite.close();
  }
}

async function openError(migrationsFolder = folder): Promise<MigrationError> {
  const error = await open(migrationsFolder).then(
    (db) => {
      db.close();
      throw new Error('openDatabase should have refused');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigrationError);
  return error as MigrationError;
}

const CHINESE = /\p{Script=Han}/u;

describe('openDatabase', () => {
  it('sets WAL, foreign keys and busy_timeout, and the real migrations create the tables', async () => {
    const db = await open(MIGRATIONS_FOLDER);
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(50);
    expect(tableNames(db.sqlite)).toEqual(
      expect.arrayContaining(['grids', 'settings', 'audit_log', '__drizzle_migrations']),
    );
    expect(columnNames(db.sqlite, 'audit_log')).toEqual([
      'id',
      'at',
      'operator',
      'entity',
      'entity_id',
      'action',
      'before',
      'after',
    ]);
    expect(columnNames(db.sqlite, 'grids')).toContain('archived_at');
    expect(db.schemaVersion).toBe(realJournal().length);
    expect(count(db.sqlite, '__drizzle_migrations')).toBe(realJournal().length);
    db.close();
  });

  it('writes no backup for a brand-new database', async () => {
    const db = await open(MIGRATIONS_FOLDER);
    expect(db.preMigrationBackup).toBeNull();
    db.close();
    expect(fs.existsSync(backupsDir)).toBe(false);
  });

  it('keeps data across reopening and writes no backup when nothing is pending', async () => {
    await seedVersionOne();
    const db = await open();
    expect(rowsOf(db.sqlite, 'child')).toEqual(CHILDREN);
    expect(db.schemaVersion).toBe(1);
    expect(db.preMigrationBackup).toBeNull();
    db.close();
    expect(fs.existsSync(backupsDir)).toBe(false);
  });

  it('upgrades a database of the previous release to the committed migrations, data kept', async () => {
    const journal = realJournal();
    expect(journal.length).toBeGreaterThanOrEqual(2);
    copyRealMigrations(folder, 1);
    const old = await open();
    expect(columnNames(old.sqlite, 'grids')).not.toContain('archived_at');
    old.sqlite.exec(`
      INSERT INTO grids (id, parent_id, level, name, code, sort_order) VALUES
        (1, NULL, 'county', '石门县', '532529', 0),
        (2, 1, 'township', '柳湾镇', '532529100', 0);
      INSERT INTO settings (key, value) VALUES ('villageName', '"杨柳村"');
      INSERT INTO audit_log (at, operator, entity, entity_id, action, after)
        VALUES ('2026-01-01T00:00:00.000Z', '李会计', 'grid', '1', 'create', '{}');`);
    old.close();

    const db = await open(MIGRATIONS_FOLDER);
    expect(db.schemaVersion).toBe(journal.length);
    expect(db.sqlite.prepare('SELECT id, parent_id, name, archived_at FROM grids').all()).toEqual([
      { id: 1, parent_id: null, name: '石门县', archived_at: null },
      { id: 2, parent_id: 1, name: '柳湾镇', archived_at: null },
    ]);
    expect(db.sqlite.prepare('SELECT value FROM settings').get()).toEqual({ value: '"杨柳村"' });
    expect(count(db.sqlite, 'audit_log')).toBe(1);
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(path.basename(db.preMigrationBackup!)).toMatch(/^升级前-\d{8}-\d{6}-v1\.vlbak$/);
    db.close();
  });
});

describe('drizzle table-rebuild migrations', () => {
  it('keep every child row', async () => {
    await seedVersionOne();
    writeMigrations(folder, [CREATE_PARENT_CHILD, REBUILD_PARENT]);
    const db = await open();
    expect(db.schemaVersion).toBe(2);
    expect(rowsOf(db.sqlite, 'child')).toEqual(CHILDREN);
    expect(rowsOf(db.sqlite, 'parent')).toEqual(PARENTS.map((p) => ({ ...p, code: '' })));
    // Foreign keys are back on and still cascade on the rebuilt table.
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
    db.sqlite.prepare('DELETE FROM parent WHERE id = 3').run();
    expect(count(db.sqlite, 'child')).toBe(3);
    db.close();
  });

  it('lose the child rows under drizzle’s own migrate() with foreign keys on (the trap is real)', async () => {
    await seedVersionOne();
    writeMigrations(folder, [CREATE_PARENT_CHILD, REBUILD_PARENT]);
    const sqlite = new Database(file);
    sqlite.pragma('foreign_keys = ON');
    migrate(drizzle(sqlite), { migrationsFolder: folder });
    expect(count(sqlite, 'parent')).toBe(3);
    expect(count(sqlite, 'child')).toBe(0);
    sqlite.close();
  });

  it('share their history with drizzle’s migrator: only the missing migration runs', async () => {
    writeMigrations(folder, [CREATE_PARENT_CHILD]);
    fs.mkdirSync(dataDir, { recursive: true });
    const sqlite = new Database(file);
    sqlite.pragma('foreign_keys = OFF');
    migrate(drizzle(sqlite), { migrationsFolder: folder });
    sqlite.exec("INSERT INTO parent VALUES (1, '甲'); INSERT INTO child VALUES (1, 1, 'a');");
    sqlite.close();

    writeMigrations(folder, [CREATE_PARENT_CHILD, REBUILD_PARENT]);
    const db = await open();
    expect(db.schemaVersion).toBe(2);
    expect(count(db.sqlite, '__drizzle_migrations')).toBe(2);
    expect(rowsOf(db.sqlite, 'child')).toEqual([{ id: 1, parent_id: 1, note: 'a' }]);
    db.close();
  });
});

describe('backup before pending migrations', () => {
  it('is written to <dir>/backups, named with the time and the schema version, with the old data', async () => {
    await seedVersionOne();
    writeMigrations(folder, [CREATE_PARENT_CHILD, REBUILD_PARENT]);
    const db = await open();
    db.close();

    // The clock is UTC 2026-03-04 05:06:07; the database was at version 1.
    expect(fs.readdirSync(backupsDir)).toEqual(['升级前-20260304-050607-v1.vlbak']);
    const backup = path.join(backupsDir, '升级前-20260304-050607-v1.vlbak');
    expect(db.preMigrationBackup).toBe(backup);
    // A whole backup (docs/domain.md §6): the database copy inside it holds the old data.
    readOnly(await databaseInBackup(backup, temp.dir), (copy) => {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      // One self-contained file: rollback journal, not WAL.
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(rowsOf(copy, 'parent')).toEqual(PARENTS);
      expect(rowsOf(copy, 'child')).toEqual(CHILDREN);
      expect(columnNames(copy, 'parent')).toEqual(['id', 'name']);
      expect(count(copy, '__drizzle_migrations')).toBe(1);
    });
  });

  it('leaves no .partial or journal files beside it', async () => {
    await seedVersionOne();
    writeMigrations(folder, [CREATE_PARENT_CHILD, REBUILD_PARENT]);
    (await open()).close();
    const names = fs.readdirSync(backupsDir);
    expect(names).toHaveLength(1);
    expect(names.filter((n) => /\.partial|-wal$|-shm$|-journal$/.test(n))).toEqual([]);
  });

  it('is not written again once the database is up to date', async () => {
    await seedVersionOne();
    writeMigrations(folder, [CREATE_PARENT_CHILD, REBUILD_PARENT]);
    (await open()).close();
    const db = await open();
    expect(db.preMigrationBackup).toBeNull();
    db.close();
    expect(fs.readdirSync(backupsDir)).toHaveLength(1);
  });

  it('is not written for a brand-new database, even with several migrations', async () => {
    writeMigrations(folder, [CREATE_PARENT_CHILD, REBUILD_PARENT]);
    const db = await open();
    expect(db.schemaVersion).toBe(2);
    expect(db.preMigrationBackup).toBeNull();
    db.close();
    expect(fs.existsSync(backupsDir)).toBe(false);
  });
});

describe('a migration that fails', () => {
  const ADD_AND_FILL: MigrationFile = {
    tag: '0001_add_and_fill',
    sql: ['ALTER TABLE `parent` ADD `extra` text;', "INSERT INTO parent VALUES (4, '丁', 'x');"],
  };
  const BROKEN: MigrationFile = {
    tag: '0002_broken',
    sql: ["UPDATE child SET note = 'changed';", 'INSERT INTO nowhere VALUES (1);'],
  };

  it('leaves the database exactly as it was and says so in Chinese', async () => {
    await seedVersionOne();
    const before = readOnly(file, (sqlite) => ({
      schema: schemaOf(sqlite),
      parents: rowsOf(sqlite, 'parent'),
      children: rowsOf(sqlite, 'child'),
      history: rowsOf(sqlite, '__drizzle_migrations'),
    }));
    writeMigrations(folder, [CREATE_PARENT_CHILD, ADD_AND_FILL, BROKEN]);

    const error = await openError();
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.message).toMatch(CHINESE);
    expect(error.message).toContain('已撤销');
    expect(error.message).toContain('数据未改动');

    expect(fs.existsSync(file)).toBe(true);
    const after = readOnly(file, (sqlite) => ({
      schema: schemaOf(sqlite),
      parents: rowsOf(sqlite, 'parent'),
      children: rowsOf(sqlite, 'child'),
      history: rowsOf(sqlite, '__drizzle_migrations'),
    }));
    expect(after).toEqual(before);
    expect(after.history).toHaveLength(1);
    // The backup taken before the attempt is kept.
    expect(fs.readdirSync(backupsDir)).toEqual(['升级前-20260304-050607-v1.vlbak']);
  });

  it('can be retried once the migration is fixed', async () => {
    await seedVersionOne();
    writeMigrations(folder, [CREATE_PARENT_CHILD, ADD_AND_FILL, BROKEN]);
    await openError();
    writeMigrations(folder, [CREATE_PARENT_CHILD, ADD_AND_FILL]);
    const db = await open();
    expect(db.schemaVersion).toBe(2);
    expect(count(db.sqlite, 'parent')).toBe(4);
    expect(rowsOf(db.sqlite, 'child')).toEqual(CHILDREN);
    db.close();
  });

  it.each([
    [
      'inserts a child of a missing parent',
      "INSERT INTO child (id, parent_id, note) VALUES (9, 99, 'orphan');",
      1,
    ],
    ['deletes a parent that has children', 'DELETE FROM parent WHERE id = 3;', 2],
  ])(
    'is aborted by the foreign-key check when it %s, and nothing is applied',
    async (_what, statement, dangling) => {
      await seedVersionOne();
      writeMigrations(folder, [
        CREATE_PARENT_CHILD,
        { tag: '0001_dangling', sql: ['ALTER TABLE `child` ADD `extra` text;', statement] },
      ]);
      const error = await openError();
      expect(error.code).toBe('FOREIGN_KEY_VIOLATION');
      expect(error.message).toContain(`${dangling} 条无主记录`);
      expect(error.message).toMatch(CHINESE);
      readOnly(file, (sqlite) => {
        expect(rowsOf(sqlite, 'parent')).toEqual(PARENTS);
        expect(rowsOf(sqlite, 'child')).toEqual(CHILDREN);
        expect(columnNames(sqlite, 'child')).toEqual(['id', 'parent_id', 'note']);
        expect(count(sqlite, '__drizzle_migrations')).toBe(1);
      });
    },
  );
});

describe('a database made by a newer build', () => {
  it('is refused when it records more migrations than this build knows, and left untouched', async () => {
    writeMigrations(folder, [CREATE_PARENT_CHILD, REBUILD_PARENT]);
    const db = await open();
    db.sqlite.exec("INSERT INTO parent VALUES (1, '甲', 'P1')");
    db.close();
    const bytes = fs.readFileSync(file);

    writeMigrations(folder, [CREATE_PARENT_CHILD]);
    const error = await openError();
    expect(error.code).toBe('SCHEMA_TOO_NEW');
    expect(error.message).toContain('较新版本');
    expect(error.message).toContain('结构版本 2');
    expect(error.message).toContain('只认识 1');
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.existsSync(backupsDir)).toBe(false);
    readOnly(file, (sqlite) =>
      expect(rowsOf(sqlite, 'parent')).toEqual([{ id: 1, name: '甲', code: 'P1' }]),
    );
  });

  it('is refused when its last migration is newer than any this build knows', async () => {
    writeMigrations(folder, [
      CREATE_PARENT_CHILD,
      { tag: '0001_newer', sql: ['CREATE TABLE `extra` (`id` integer);'], when: 1_800_000_000_000 },
    ]);
    (await open()).close();
    writeMigrations(folder, [
      CREATE_PARENT_CHILD,
      { tag: '0001_other', sql: ['CREATE TABLE `other` (`id` integer);'] },
    ]);
    const error = await openError();
    expect(error.code).toBe('SCHEMA_TOO_NEW');
    readOnly(file, (sqlite) => expect(tableNames(sqlite)).not.toContain('other'));
  });
});

describe('a file that is not a database', () => {
  it('is refused and never deleted or replaced', async () => {
    fs.mkdirSync(dataDir, { recursive: true });
    const garbage = Buffer.from('这不是数据库文件 — not a database '.repeat(200));
    fs.writeFileSync(file, garbage);
    await expect(open(MIGRATIONS_FOLDER)).rejects.toMatchObject({
      problem: 'NOT_A_DATABASE',
      message: expect.stringContaining('这个文件不是台账数据库'),
    });
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
  });
});

describe('the committed migrations', () => {
  it('match db/schema: drizzle-kit generate finds nothing to add', () => {
    const copy = path.join(temp.dir, 'committed');
    fs.cpSync(MIGRATIONS_FOLDER, copy, { recursive: true });
    const before = fs.readdirSync(copy).sort();
    // drizzle-kit puts "./" in front of --out, so it must be relative to the working folder.
    const output = execFileSync(
      process.execPath,
      [
        path.join(REPO_ROOT, 'node_modules', 'drizzle-kit', 'bin.cjs'),
        'generate',
        '--dialect',
        'sqlite',
        '--schema',
        'db/schema/index.ts',
        '--out',
        path.relative(REPO_ROOT, copy),
      ],
      { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(output).toContain('No schema changes');
    expect(fs.readdirSync(copy).sort()).toEqual(before);
  });

  it('drop a table only inside a drizzle-kit rebuild (__new_ table renamed back)', () => {
    for (const entry of realJournal()) {
      const text = fs.readFileSync(path.join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), 'utf8');
      for (const [, table] of text.matchAll(/DROP TABLE `([^`]+)`/g)) {
        expect(text, `${entry.tag} drops ${table}`).toContain(
          `ALTER TABLE \`__new_${table}\` RENAME TO \`${table}\``,
        );
      }
    }
  });
});
