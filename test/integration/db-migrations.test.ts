import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationError } from '../../db/migrate';
import { openDatabase } from '../../db/open';
import { CREATE_PARENT_CHILD, REBUILD_PARENT, writeMigrations } from '../fixtures/migrations';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';

describe('openDatabase and safe migrations', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let folder: string;
  let file: string;
  const now = () => new Date('2026-03-04T05:06:07Z');

  const open = () => openDatabase({ file, migrationsFolder: folder, now });

  /** Opens at migration 0 with 3 parents and 5 children. */
  async function seedVersionOne(): Promise<void> {
    writeMigrations(folder, [CREATE_PARENT_CHILD]);
    const db = await open();
    db.sqlite.exec("INSERT INTO parent VALUES (1,'甲'),(2,'乙'),(3,'丙')");
    db.sqlite.exec("INSERT INTO child VALUES (1,1,'a'),(2,1,'b'),(3,2,'c'),(4,3,'d'),(5,3,'e')");
    db.close();
  }

  const count = (sqlite: Database.Database, table: string) =>
    (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  beforeEach(() => {
    temp = makeTempDir();
    folder = path.join(temp.dir, 'migrations');
    file = path.join(temp.dir, 'data', 'village-ledger.db');
  });
  afterEach(() => temp.cleanup());

  it('sets WAL, foreign keys and busy_timeout, and the real migrations create the first tables', async () => {
    const db = await openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER });
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = db.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining(['grids', 'settings', 'audit_log', '__drizzle_migrations']),
    );
    expect(db.schemaVersion).toBe(
      fs.readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql')).length,
    );
    expect(db.preMigrationBackup).toBeNull();
    db.close();
  });

  it('a drizzle table-rebuild migration keeps every child row', async () => {
    await seedVersionOne();
    writeMigrations(folder, [CREATE_PARENT_CHILD, REBUILD_PARENT]);
    const db = await open();
    expect(count(db.sqlite, 'child')).toBe(5);
    expect(db.sqlite.prepare('SELECT code FROM parent WHERE id = 1').get()).toEqual({ code: '' });
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('the trap is real: drizzle’s own migrate() with foreign keys on loses the child rows', async () => {
    await seedVersionOne();
    writeMigrations(folder, [CREATE_PARENT_CHILD, REBUILD_PARENT]);
    const sqlite = new Database(file);
    sqlite.pragma('foreign_keys = ON');
    migrate(drizzle(sqlite), { migrationsFolder: folder });
    expect(count(sqlite, 'child')).toBe(0);
    sqlite.close();
  });

  it('backs up an existing database before pending migrations, named with time and schema version', async () => {
    await seedVersionOne();
    writeMigrations(folder, [CREATE_PARENT_CHILD, REBUILD_PARENT]);
    const db = await open();
    const backups = fs.readdirSync(path.join(path.dirname(file), 'backups'));
    expect(backups).toEqual(['升级前-20260304-050607-v1.db']);
    expect(db.preMigrationBackup).toBe(path.join(path.dirname(file), 'backups', backups[0]!));
    db.close();
    const copy = new Database(path.join(path.dirname(file), 'backups', backups[0]!), {
      readonly: true,
    });
    expect(count(copy, 'child')).toBe(5);
    expect(
      copy
        .prepare("SELECT count(*) AS n FROM pragma_table_info('parent') WHERE name = 'code'")
        .get(),
    ).toEqual({ n: 0 });
    copy.close();
    // Opening again with nothing pending writes no second backup.
    (await open()).close();
    expect(fs.readdirSync(path.join(path.dirname(file), 'backups'))).toHaveLength(1);
  });

  it('a failing migration leaves the database exactly as it was', async () => {
    await seedVersionOne();
    writeMigrations(folder, [
      CREATE_PARENT_CHILD,
      {
        tag: '0001_broken',
        sql: ['ALTER TABLE `parent` ADD `extra` text;', 'INSERT INTO nowhere VALUES (1);'],
      },
    ]);
    const error = await open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).code).toBe('MIGRATION_FAILED');
    expect((error as MigrationError).message).toContain('已撤销');
    expect(fs.existsSync(file)).toBe(true);
    const sqlite = new Database(file, { readonly: true });
    expect(count(sqlite, 'child')).toBe(5);
    expect(count(sqlite, '__drizzle_migrations')).toBe(1);
    expect(
      sqlite
        .prepare("SELECT count(*) AS n FROM pragma_table_info('parent') WHERE name = 'extra'")
        .get(),
    ).toEqual({ n: 0 });
    sqlite.close();
  });

  it('a migration that would leave dangling rows is aborted by the foreign-key check', async () => {
    await seedVersionOne();
    writeMigrations(folder, [
      CREATE_PARENT_CHILD,
      { tag: '0001_dangling', sql: ['DELETE FROM parent WHERE id = 3;'] },
    ]);
    const error = await open().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FOREIGN_KEY_VIOLATION' });
    expect((error as Error).message).toContain('2 条无主记录');
    const sqlite = new Database(file, { readonly: true });
    expect(count(sqlite, 'parent')).toBe(3);
    expect(count(sqlite, '__drizzle_migrations')).toBe(1);
    sqlite.close();
  });

  it('refuses, and does not touch, a database made by a newer version', async () => {
    writeMigrations(folder, [CREATE_PARENT_CHILD, REBUILD_PARENT]);
    (await open()).close();
    writeMigrations(folder, [CREATE_PARENT_CHILD]);
    fs.rmSync(path.join(folder, `${REBUILD_PARENT.tag}.sql`));
    const before = fs.readFileSync(file);
    const error = await open().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SCHEMA_TOO_NEW' });
    expect((error as Error).message).toContain('较新版本');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
