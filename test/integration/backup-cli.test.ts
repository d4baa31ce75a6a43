import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyKey, isEncryptedFile } from '../../db/cipher';
import { BACKUP_PASSWORD_ENV } from '../../electron/cli/backup-commands';
import { runCli } from '../../electron/cli/commands';
import { readHeaderSync } from '../../electron/services/backup/files';
import { backupOfKind } from '../../electron/services/backup/write';
import { databaseInBackup } from '../fixtures/backup';
import { AppSession } from '../../electron/services/session';
import { openTestRuntime } from '../fixtures/runtime';
import { count } from '../fixtures/sqlite';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { call, GRID, VILLAGE } from '../fixtures/village';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function grids(file: string, key?: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (key) applyKey(db, key);
    return (db.prepare('SELECT name FROM grids ORDER BY id').all() as { name: string }[]).map(
      (row) => row.name,
    );
  } finally {
    db.close();
  }
}

describe('CLI backup and restore', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: string;
  let usb: string;

  beforeEach(async () => {
    // The village is made by a session of the app, which is closed before the CLI runs: only
    // one process or session can hold the database file at a time.
    const runtime = await openTestRuntime();
    await call(runtime.session.ctx, 'setup.createVillage', VILLAGE);
    db = runtime.session.ctx.databaseFile;
    runtime.session.close();
    temp = { dir: runtime.dir, cleanup: runtime.cleanup };
    usb = makeTempDir('vl-usb-').dir;
  });
  afterEach(() => {
    temp.cleanup();
    fs.rmSync(usb, { recursive: true, force: true });
  });

  it('backup --out writes the file with progress on stderr; restore puts it back', async () => {
    // A name without .vlbak gets it: every backup is a whole one (docs/domain.md §6).
    const out = path.join(usb, '台账备份.vlbak');
    const backup = await cli(['backup', '--out', path.join(usb, '台账备份'), '--db', db]);
    expect(backup.code).toBe(0);
    expect(backup.err.split('\n').at(-1)).toBe('备份中 100%');
    expect(backup.err).toMatch(/^备份中 \d+%/);
    expect(backup.out.split('\n')).toEqual([
      `备份完成：${out}`,
      expect.stringMatching(/^含数据库和文件 0 个（0\.0 MB），备份文件 \d+\.\d MB$/),
    ]);
    expect(fs.readdirSync(usb)).toEqual(['台账备份.vlbak']);
    expect(grids(await databaseInBackup(out, temp.dir))).toEqual([
      '石门县',
      '柳湾镇',
      '杨柳村',
      '一组',
      '二组',
    ]);

    // Not over an existing file.
    const again = await cli(['backup', '--out', out, '--db', db]);
    expect(again.code).toBe(1);
    expect(again.err).toBe(`文件已存在：${out}，请换一个文件名。`);

    const added = await cli([
      'call',
      'grids.create',
      JSON.stringify({ parentId: GRID.village, level: 'group', name: '三组' }),
      '--db',
      db,
    ]);
    expect(added.code).toBe(0);
    expect(grids(db)).toContain('三组');
    const household = await cli([
      'call',
      'households.create',
      JSON.stringify({
        gridId: GRID.group1,
        householdType: '一般农户',
        members: [{ name: '王五', sex: '男', relation: '本人' }],
      }),
      '--db',
      db,
    ]);
    expect(household.code).toBe(0);

    const restore = await cli(['restore', out, '--db', db]);
    expect(restore.err).toBe('');
    expect(restore.code).toBe(0);
    const lines = restore.out.split('\n');
    expect(lines[0]).toBe(`备份文件：${out}`);
    expect(lines[2]).toBe('网格 5，农户 0，成员 0，网格员 0，问题 0，走访 0，归档文件 0');
    expect(lines[3]).toMatch(/^最后修改：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(lines[4]).toMatch(/^文件：0 个（0\.0 MB），与备份清单逐一核对无误；备份时间：/);
    // What the current data has and the backup lacks, before anything is replaced.
    expect(lines[5]).toMatch(
      /^恢复后将不再有（现在的数据有、这份备份没有）：农户 1 户（.*王五.*）$/,
    );
    const safety = /^已恢复：(.+)；恢复前的数据已备份到：(.+)$/.exec(lines.at(-1)!);
    expect(safety?.[1]).toBe(out);
    const safetyFile = safety![2]!;
    expect(path.dirname(safetyFile)).toBe(path.join(path.dirname(db), 'backups'));
    expect(path.basename(safetyFile)).toMatch(/^恢复前-\d{8}-\d{6}\.vlbak$/);
    expect(grids(await databaseInBackup(safetyFile, temp.dir))).toContain('三组');
    expect(grids(db)).toEqual(['石门县', '柳湾镇', '杨柳村', '一组', '二组']);

    const audit = await cli(['audit', '--entity', 'database', '--db', db]);
    expect(audit.out).toMatch(/命令行 {2}数据库 {2}恢复备份/);
    expect(audit.out).not.toMatch(/database|restore/);
  });

  it('restore by a name from the backups folder, and refuses a damaged file with its reason', async () => {
    // 立即备份 as the app does it, by a session that is closed again before the CLI runs.
    const session = await new AppSession({
      dataDir: path.dirname(db),
      migrationsFolder: MIGRATIONS_FOLDER,
      operator: '测试员',
    }).open();
    await backupOfKind(session.ctx, '手动');
    session.close();
    const dir = path.join(path.dirname(db), 'backups');
    const names = fs.readdirSync(dir);
    expect(names).toHaveLength(1);
    const restore = await cli(['restore', names[0]!, '--db', db]);
    expect(restore.code).toBe(0);
    expect(restore.out).toContain(`备份文件：${path.join(dir, names[0]!)}`);

    const junk = path.join(usb, 'junk.db');
    fs.writeFileSync(junk, 'not a database');
    const refused = await cli(['restore', junk, '--db', db]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^这不是台账的备份文件/);
    expect(grids(db)).toHaveLength(5);
  });

  it('an encrypted database: the backup is encrypted; a backup with another password takes VILLAGE_LEDGER_BACKUP_PASSWORD', async () => {
    const set = await cli(['call', 'security.setPassword', '{"next":"old-secret"}', '--db', db]);
    expect(set.code).toBe(0);
    const env = { VILLAGE_LEDGER_DB_PASSWORD: 'old-secret' };
    const out = path.join(usb, 'enc.vlbak');
    expect((await cli(['backup', '--out', out, '--db', db], env)).code).toBe(0);
    expect(readHeaderSync(out)?.encrypted).toBe(true);
    const inner = await databaseInBackup(out, temp.dir, 'old-secret');
    expect(isEncryptedFile(inner)).toBe(true);
    expect(grids(inner, 'old-secret')).toHaveLength(5);

    const changed = await cli(
      ['call', 'security.setPassword', '{"current":"old-secret","next":"new-secret"}', '--db', db],
      env,
    );
    expect(changed.code).toBe(0);
    const newEnv = { VILLAGE_LEDGER_DB_PASSWORD: 'new-secret' };

    const refused = await cli(['restore', out, '--db', db], newEnv);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe('备份文件已加密，密码不对。请填写做这份备份时的数据库密码。');

    const previous = process.env[BACKUP_PASSWORD_ENV];
    process.env[BACKUP_PASSWORD_ENV] = 'old-secret';
    try {
      const restore = await cli(['restore', out, '--db', db], newEnv);
      expect(restore.code).toBe(0);
      expect(restore.out).toContain(`备份文件：${out}（已加密）`);
      expect(restore.out).toContain(
        '注意：这份备份的密码与当前的数据库密码不同。恢复后数据库仍使用当前的数据库密码，打开时仍输入当前密码。',
      );
    } finally {
      if (previous === undefined) delete process.env[BACKUP_PASSWORD_ENV];
      else process.env[BACKUP_PASSWORD_ENV] = previous;
    }
    // The database keeps the current password (issue 14 item 4: a restore re-keys it).
    expect((await cli(['grids', '--db', db], env)).code).toBe(1);
    expect((await cli(['grids', '--db', db], newEnv)).code).toBe(0);
    const sqlite = new Database(db, { readonly: true });
    applyKey(sqlite, 'new-secret');
    expect(count(sqlite, 'grids')).toBe(5);
    sqlite.close();
  });
});
