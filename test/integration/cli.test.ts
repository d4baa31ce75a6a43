import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/commands';
import { makeTempDir, REPO_ROOT } from '../fixtures/temp-dir';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('CLI', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: string;

  beforeEach(() => {
    temp = makeTempDir();
    db = path.join(temp.dir, 'village-ledger.db');
  });
  afterEach(() => temp.cleanup());

  it('help lists every command', async () => {
    const { code, out } = await cli(['help']);
    expect(code).toBe(0);
    for (const command of ['info', 'init', 'grids', 'settings', 'seed-demo', 'audit', 'call']) {
      expect(out).toContain(command);
    }
  });

  it('init builds the tree and grids prints it, against the --db file', async () => {
    const init = await cli([
      'init',
      '--db',
      db,
      '--county',
      '石门县',
      '--township',
      '柳湾镇',
      '--village',
      '杨柳村',
      '--groups',
      '第一村民小组，第二村民小组',
    ]);
    expect(init.code).toBe(0);
    const grids = await cli(['grids', '--db', db]);
    expect(grids.out.split('\n')).toEqual([
      '石门县（县，编号 1）',
      '  柳湾镇（乡镇，编号 2）',
      '    杨柳村（村，编号 3）',
      '      第一村民小组（村民小组，编号 4）',
      '      第二村民小组（村民小组，编号 5）',
    ]);
    const sqlite = new Database(db, { readonly: true });
    expect(
      sqlite.prepare("select operator from audit_log where entity = 'grid' limit 1").get(),
    ).toEqual({ operator: '命令行' });
    sqlite.close();
  });

  it('prints the Chinese message and fails on bad input', async () => {
    const result = await cli(['init', '--db', db, '--county', '石门县']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('请填写乡镇名称');
    expect(result.err).toContain('至少填写一个村民小组');
  });

  it('refuses unknown commands and options with exit code 2', async () => {
    expect(await cli(['frobnicate'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('未知命令「frobnicate」'),
    });
    expect(await cli(['grids', '--db', db, '--bogus'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('参数有误'),
    });
  });

  it('seed-demo and settings go through the same services', async () => {
    const seeded = await cli(['seed-demo', '--db', db, '--size', 'village', '--seed', '3']);
    expect(seeded.code).toBe(0);
    expect(seeded.out).toContain('村民小组 10');
    expect(seeded.out).toMatch(/问题 [1-9]\d*，走访 [1-9]\d*，会商 [1-9]\d*/);
    const again = await cli(['seed-demo', '--db', db, '--size', 'village', '--seed', '3']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('只能载入到空的数据库');
    const set = await cli(['settings', '--db', db, '--set', '{"householdCap":80}']);
    expect(JSON.parse(set.out).householdCap).toBe(80);
    const bad = await cli(['settings', '--db', db, '--set', '{"householdCap":0}']);
    expect(bad).toMatchObject({ code: 1, err: expect.stringContaining('户数上限至少为 1') });
  });

  it('call reaches any contract method', async () => {
    const result = await cli(['call', 'settings.get', '--db', db]);
    expect(JSON.parse(result.out)).toMatchObject({ householdCap: 100 });
  });

  it('as a real process: exit code non-zero and message on stderr', () => {
    const run = spawnSync(
      process.execPath,
      [
        path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'),
        'electron/cli/main.ts',
        'init',
        '--db',
        db,
      ],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('请填写县名称');
  });
});
