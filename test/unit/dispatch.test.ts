import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES } from '../../electron/api/contract';
import { isSessionMethod } from '../../electron/api/session-contract';
import { AppError } from '../../electron/api/errors';
import { MigrationError } from '../../db/migrate';
import { lockFileOf, openDatabase } from '../../db/open';
import { MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { dispatch, toApiError } from '../../electron/services/dispatch';
import { handlers } from '../../electron/services/handlers';
import { closeLog, logFile, openLog } from '../../electron/services/log/logger';
import { countRows, openTestRuntime, useTestRuntime } from '../fixtures/runtime';

const TEN_MB = 10 * 1024 * 1024;

describe('dispatch: the one entry point of every door', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  afterEach(() => vi.restoreAllMocks());

  it('has a handler for every method of the contract and nothing else', () => {
    // The session's own methods (unlock, operator) run on the session, not on a context.
    const contextMethods = METHOD_NAMES.filter((m) => !isSessionMethod(m));
    expect(Object.keys(handlers).sort()).toEqual(contextMethods.sort());
  });

  describe('unknown methods', () => {
    it.each(['fs.readFile', 'grids', 'grids.drop', '', 'GRIDS.TREE'])(
      'refuses %j, naming it',
      async (method) => {
        expect(await dispatch(ctx(), method, {})).toEqual({
          ok: false,
          error: { code: 'UNKNOWN_METHOD', message: `没有名为「${method}」的功能` },
        });
      },
    );

    it('refuses names that live on Object.prototype', async () => {
      for (const method of ['__proto__', 'constructor', 'hasOwnProperty', 'toString']) {
        expect(await dispatch(ctx(), method, {})).toMatchObject({
          ok: false,
          error: { code: 'UNKNOWN_METHOD' },
        });
      }
    });

    it('refuses a method that is not a string, and cuts a long name short', async () => {
      expect(await dispatch(ctx(), 42, {})).toEqual({
        ok: false,
        error: { code: 'UNKNOWN_METHOD', message: '没有名为「number」的功能' },
      });
      expect(await dispatch(ctx(), ['grids.tree'], {})).toMatchObject({
        error: { code: 'UNKNOWN_METHOD', message: '没有名为「object」的功能' },
      });
      const long = await dispatch(ctx(), 'x'.repeat(TEN_MB), {});
      expect(long).toEqual({
        ok: false,
        error: { code: 'UNKNOWN_METHOD', message: `没有名为「${'x'.repeat(60)}」的功能` },
      });
    });
  });

  describe('validation', () => {
    it('lists each bad field with its path, and names list items plainly', async () => {
      const result = await dispatch(ctx(), 'households.create', {
        gridId: 1,
        householdType: '一般农户',
        members: [
          { name: '张三', sex: '男', relation: '本人' },
          { name: '李四', sex: '女', relation: '配偶', idNumber: '110105194912310020' },
        ],
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      const error = (result as { error: { message: string; fields: unknown[] } }).error;
      expect(error.message).toBe('输入有误：第 2 位成员：身份证号校验位不对，请核对是否抄错');
      expect(error.fields).toEqual([
        { path: ['members', 1, 'idNumber'], message: '身份证号校验位不对，请核对是否抄错' },
      ]);
      const date = await dispatch(ctx(), 'roles.assign', {
        workerId: 1,
        gridId: 1,
        role: '网格员',
        startDate: '2026/2/30',
      });
      expect(date).toMatchObject({
        ok: false,
        error: {
          code: 'VALIDATION',
          fields: [
            { path: ['startDate'], message: expect.stringContaining('开始日期「2026/2/30」') },
          ],
        },
      });
    });

    it('names the bad field in Chinese for wrong types', async () => {
      expect(await dispatch(ctx(), 'grids.rename', { id: '1', name: '甲' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: '输入有误：编号必须是数字' },
      });
      expect(
        await dispatch(ctx(), 'grids.create', { parentId: 'x', level: 'group', name: '甲' }),
      ).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: '输入有误：上级网格：编号必须是数字' },
      });
      expect(
        await dispatch(ctx(), 'grids.create', { parentId: null, level: 'group', name: 123 }),
      ).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: '输入有误：请填写网格名称' },
      });
      expect(
        await dispatch(ctx(), 'grids.create', { parentId: null, level: 'city', name: '甲' }),
      ).toMatchObject({
        ok: false,
        error: {
          code: 'VALIDATION',
          message: '输入有误：层级只能是 县、乡镇、村、村民小组 或 组内网格',
        },
      });
      expect(await dispatch(ctx(), 'demo.seed', { size: 'village', seed: 'abc' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: '输入有误：随机种子必须是数字' },
      });
      expect(await dispatch(ctx(), 'grids.delete', { id: -3 })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: '输入有误：编号必须大于 0' },
      });
    });

    it('lists several bad fields in one message', async () => {
      const result = await dispatch(ctx(), 'setup.createVillage', {
        county: '',
        township: 5,
        village: '杨柳村',
        groups: ['一组'],
      });
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: '输入有误：请填写县名称；请填写乡镇名称' },
      });
    });

    it.each([
      ['nothing', undefined],
      ['null', null],
      ['an array', []],
      ['a string', 'grids'],
      ['a number', 7],
    ])('refuses %s where an object is expected, in Chinese', async (_what, input) => {
      const result = await dispatch(ctx(), 'grids.create', input);
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: expect.stringMatching(/^输入有误：无效输入/) },
      });
    });

    it('accepts no input at all for methods that take none', async () => {
      expect(await dispatch(ctx(), 'grids.tree', undefined)).toEqual({ ok: true, result: [] });
    });
  });

  describe('hostile input', () => {
    it('refuses an own __proto__ key and leaves Object.prototype alone', async () => {
      const polluted = JSON.parse('{"id": 1, "name": "甲", "__proto__": {"admin": true}}');
      expect(Object.hasOwn(polluted, '__proto__')).toBe(true);
      expect(await dispatch(ctx(), 'grids.rename', polluted)).toEqual({
        ok: false,
        error: {
          code: 'VALIDATION',
          message: expect.stringMatching(/^输入有误：\p{Script=Han}.*__proto__/u),
        },
      });
      expect(await dispatch(ctx(), 'settings.get', JSON.parse('{"__proto__":{}}'))).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('admin');
    });

    it('refuses extra keys at the top level', async () => {
      expect(await dispatch(ctx(), 'grids.rename', { id: 1, name: '甲', extra: 1 })).toEqual({
        ok: false,
        error: {
          code: 'VALIDATION',
          message: expect.stringMatching(/^输入有误：\p{Script=Han}.*extra/u),
        },
      });
      expect(await dispatch(ctx(), 'settings.get', { extra: 1 })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
    });

    it('refuses extra keys inside nested objects too (contract: every object is strict)', async () => {
      const line = JSON.parse('{"year": 2026, "amount": 8700, "__proto__": {"admin": true}}');
      for (const incomeLine of [line, { year: 2026, amount: 8700, note: '多余' }]) {
        expect(
          await dispatch(ctx(), 'settings.update', { incomeLines: [incomeLine] }),
        ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      }
      expect(countRows(runtime(), 'settings')).toBe(0);
    });

    it('refuses a 10 MB string value without crashing, with a short message', async () => {
      const huge = '村'.repeat(TEN_MB);
      for (const input of [
        { parentId: null, level: 'county', name: huge },
        { parentId: null, level: 'county', name: '甲', code: 'x'.repeat(TEN_MB) },
        { parentId: null, level: huge, name: '甲' },
      ]) {
        const result = await dispatch(ctx(), 'grids.create', input);
        expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
        // The field list names where, never what: still short, never megabytes.
        expect(JSON.stringify(result).length).toBeLessThan(600);
      }
      expect(
        await dispatch(ctx(), 'grids.create', { parentId: null, level: 'county', name: huge }),
      ).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: '输入有误：网格名称不能超过 50 个字' },
      });
      expect(countRows(runtime(), 'grids')).toBe(0);
    });

    it('refuses a 10 MB unknown key with a short message', async () => {
      const result = await dispatch(ctx(), 'grids.rename', {
        id: 1,
        name: '甲',
        ['k'.repeat(TEN_MB)]: 1,
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      // The message is shown to the clerk as is: it must not echo megabytes of input.
      expect(JSON.stringify(result).length).toBeLessThan(300);
    });

    it('stores SQL-looking text verbatim and runs none of it', async () => {
      const names = [
        "x'); DROP TABLE grids;--",
        'Robert"); DELETE FROM audit_log; --',
        "' OR '1'='1",
        "杨柳村; ATTACH DATABASE '/tmp/x.db' AS x;",
      ];
      const created = await dispatch(ctx(), 'grids.create', {
        parentId: null,
        level: 'county',
        name: names[0],
      });
      expect(created).toMatchObject({ ok: true, result: { name: names[0] } });
      const rootId = (created as { result: { id: number } }).result.id;
      for (const name of names.slice(1)) {
        expect(
          await dispatch(ctx(), 'grids.create', { parentId: rootId, level: 'township', name }),
        ).toMatchObject({ ok: true, result: { name } });
      }
      expect(ctx().sqlite.prepare('SELECT name FROM grids ORDER BY id').all()).toEqual(
        names.map((name) => ({ name })),
      );
      expect(countRows(runtime(), 'audit_log')).toBe(names.length);
      expect(ctx().sqlite.prepare('PRAGMA database_list').all()).toHaveLength(1);
      expect(await dispatch(ctx(), 'audit.list', { entity: "grid' OR '1'='1" })).toEqual({
        ok: true,
        result: [],
      });
    });
  });

  describe('errors from inside the services', () => {
    it('turns a closed database into INTERNAL with a Chinese message, logging no input', async () => {
      const broken = await openTestRuntime();
      openLog(broken.dir, { console: false });
      broken.close();
      try {
        const secret = '张三 110105194912310021';
        const result = await dispatch(broken.ctx, 'grids.rename', { id: 1, name: secret });
        expect(result).toEqual({
          ok: false,
          error: {
            code: 'INTERNAL',
            message:
              '程序内部出错，本次操作未完成，原有数据未受影响。请记下操作步骤并联系维护人员。',
          },
        });
        expect(JSON.stringify(result)).not.toContain('database connection');
        // The log file keeps the method and the error's own stack, never the input.
        const text = fs.readFileSync(logFile(broken.dir), 'utf8');
        const entries = text.split('\n').filter((line) => /^\d{4}-\d\d-\d\d /.test(line));
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatch(
          /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} ERROR \[grids\.rename\] 内部错误$/,
        );
        expect(text).toMatch(/\n {4}\S*Error: The database connection is not open\n/);
        expect(text).toMatch(/\n {4} +at /);
        expect(text).not.toContain('张三');
        expect(text).not.toContain('110105194912310021');
      } finally {
        closeLog();
        broken.cleanup();
      }
    });

    it('keeps the database to itself while open: another opening of it is refused', async () => {
      // The claim is the lock beside the file (db/open.ts claim()), so that a job's worker thread
      // of this process may open its own connection (services/jobs/worker-run.ts).
      const other = new Database(lockFileOf(ctx().databaseFile));
      other.pragma('busy_timeout = 0');
      try {
        expect(() => other.exec('BEGIN IMMEDIATE')).toThrow(/database is locked/);
      } finally {
        other.close();
      }
      await expect(
        openDatabase({ file: ctx().databaseFile, migrationsFolder: MIGRATIONS_FOLDER }),
      ).rejects.toThrow(/数据库正被另一个程序使用/);
      const created = await dispatch(ctx(), 'grids.create', {
        parentId: null,
        level: 'county',
        name: '石门县',
      });
      expect(created.ok).toBe(true);
      expect(countRows(runtime(), 'grids')).toBe(1);
    });

    it('maps a busy database to BUSY in Chinese', () => {
      const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      expect(toApiError(busy)).toEqual({
        code: 'BUSY',
        message: '数据库正被另一个程序使用，请稍后再试。本次修改未保存。',
      });
    });

    it('maps service, migration and disk errors to their codes', () => {
      expect(toApiError(new AppError('CONFLICT', '已存在'))).toEqual({
        code: 'CONFLICT',
        message: '已存在',
      });
      expect(toApiError(new MigrationError('数据库升级失败', 'MIGRATION_FAILED'))).toEqual({
        code: 'MIGRATION',
        message: '数据库升级失败',
      });
      const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      expect(toApiError(full)).toMatchObject({
        code: 'DISK_FULL',
        message: expect.stringContaining('磁盘空间已满'),
      });
      expect(toApiError('just a string')).toMatchObject({ code: 'INTERNAL' });
      expect(toApiError(null)).toMatchObject({ code: 'INTERNAL' });
    });
  });
});
