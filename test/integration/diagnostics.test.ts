import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilePayload } from '../../electron/api/roster-io-types';
import { stamp } from '../../db/open';
import { ZipReader } from '../../electron/services/archive/zip-reader';
import { dispatch, settle } from '../../electron/services/dispatch';
import { closeLog, log, openLog } from '../../electron/services/log/logger';
import { dispatchSession } from '../../electron/services/session-dispatch';
import { APP_VERSION, PRODUCT_NAME } from '../../electron/services/system/app-info';
import { FIXED_NOW, openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { makeTempDir } from '../fixtures/temp-dir';

const OPERATOR = '王会计';
const SUPERVISION_PHONE = '0871-6543210';

/** Exports through the real dispatch and reads the .zip back with the project's reader. */
async function exportBundle(runtime: TestRuntime): Promise<{
  fileName: string;
  files: Map<string, string>;
}> {
  const result = await dispatchSession(runtime.session, 'diagnostics.export', {});
  if (!result.ok) throw new Error(result.error.message);
  const payload = result.result as FilePayload;
  const temp = makeTempDir();
  try {
    const file = path.join(temp.dir, payload.fileName);
    fs.writeFileSync(file, Buffer.from(payload.data));
    const zip = await ZipReader.open(file);
    try {
      const files = new Map<string, string>();
      for (const entry of zip.entries) {
        files.set(entry.name, (await zip.buffer(entry)).toString('utf8'));
      }
      return { fileName: payload.fileName, files };
    } finally {
      await zip.close();
    }
  } finally {
    temp.cleanup();
  }
}

function column(runtime: TestRuntime, sql: string): string[] {
  return (runtime.ctx.sqlite.prepare(sql).raw().all() as [string][])
    .map(([value]) => value)
    .filter((value) => value !== null && value !== '');
}

const count = (runtime: TestRuntime, table: string) =>
  (runtime.ctx.sqlite.prepare(`SELECT count(*) FROM ${table}`).raw().get() as [number])[0];

describe('导出诊断信息: versions and counts, no personal data', () => {
  let runtime: TestRuntime;
  let bundle: Awaited<ReturnType<typeof exportBundle>>;
  let personal: { kind: string; value: string }[];

  beforeAll(async () => {
    runtime = await openTestRuntime();
    openLog(runtime.dir, { console: false });
    const seeded = await dispatch(runtime.ctx, 'demo.seed', { size: 'village', seed: 1 });
    expect(seeded.ok).toBe(true);
    const settings = await dispatch(runtime.ctx, 'settings.update', {
      operators: [OPERATOR],
      supervisionPhone: SUPERVISION_PHONE,
    });
    expect(settings.ok).toBe(true);

    const ids = column(runtime, 'SELECT id_number FROM members');
    const phones = column(
      runtime,
      `SELECT phone FROM households UNION SELECT phone FROM workers
       UNION SELECT phone FROM assistance_contacts`,
    );
    personal = [
      ...ids.flatMap((value) => [{ kind: '身份证号', value }]),
      ...[...phones, SUPERVISION_PHONE].flatMap((value) => [
        { kind: '电话', value },
        { kind: '电话', value: value.replace(/[- ]/g, '') },
      ]),
      ...column(runtime, 'SELECT name FROM members').map((value) => ({ kind: '姓名', value })),
      ...column(runtime, 'SELECT name FROM workers').map((value) => ({ kind: '姓名', value })),
      ...column(runtime, 'SELECT address FROM households').map((value) => ({
        kind: '住址',
        value,
      })),
      { kind: '操作员', value: OPERATOR },
    ];
    expect(ids.length).toBeGreaterThan(100);
    expect(phones.length).toBeGreaterThan(20);

    // The log has what a real fault leaves: internal errors quoting people, and notes.
    for (const id of ids.slice(0, 20)) {
      await settle('grids.rename', () => {
        throw new Error(`成员 ${id} 电话 ${phones[0]} 保存失败`);
      });
      log.info(`核对身份证号 ${id}`);
    }
    bundle = await exportBundle(runtime);
  }, 120_000);

  afterAll(() => {
    closeLog();
    runtime.cleanup();
  });

  it('is a .zip named by the time, with 诊断信息.txt and the logs', () => {
    expect(bundle.fileName).toBe(`诊断信息-${stamp(FIXED_NOW)}.zip`);
    expect([...bundle.files.keys()]).toEqual(['诊断信息.txt', 'logs/village-ledger.log']);
    const logText = bundle.files.get('logs/village-ledger.log')!;
    expect(logText).toContain('ERROR [grids.rename] 内部错误');
    expect(logText).toContain('INFO  核对身份证号 [身份证号]');
    expect(logText).toMatch(/INFO {2}导出诊断信息\n$/);
  });

  it('names the versions, the machine and the database', () => {
    const text = bundle.files.get('诊断信息.txt')!;
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    for (const line of [
      `${PRODUCT_NAME} 诊断信息`,
      `产品：${PRODUCT_NAME}`,
      `程序版本：${APP_VERSION}`,
      `数据库结构版本：${runtime.ctx.schemaVersion}（本程序认识 ${runtime.ctx.schemaVersion} 个迁移`,
      '0000_foundation：已应用',
      `Node.js：${process.versions.node}`,
      'Electron：（未在 Electron 中运行',
      `V8：${process.versions.v8}`,
      `加密组件：SQLite3 Multiple Ciphers`,
      '日志模式：wal',
      '加密：否，未加密',
      '完整性检查（integrity_check）：ok',
      '快速检查（quick_check）：ok',
      '外键检查（foreign_key_check）：0 条无主记录',
      '  village-ledger.log',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toMatch(/SQLite：3\.\d+\.\d+/);
    expect(text).toMatch(/处理器：\d+ 个核心/);
    expect(text).toMatch(/文件大小：[\d.]+ [KMG]B（[\d,]+ 字节）/);
    expect(text).toContain(`数据文件夹：${runtime.dir}`);
  });

  it('counts the rows of every table, and only counts', () => {
    const text = bundle.files.get('诊断信息.txt')!;
    for (const table of ['members', 'households', 'workers', 'grids', 'problems', 'audit_log']) {
      expect(text).toContain(`  ${table}：${count(runtime, table).toLocaleString('en-US')} 条`);
    }
    expect(count(runtime, 'members')).toBeGreaterThan(100);
  });

  it('has the settings without operators and the supervision phone', () => {
    const text = bundle.files.get('诊断信息.txt')!;
    expect(text).toContain('  householdCap：100\r\n');
    expect(text).toContain('  deadlines：{"verify":{"days":2,"workingDays":false}');
    expect(text).not.toContain('operators');
    expect(text).not.toContain('supervisionPhone');
  });

  it('carries no seeded ID number, phone, name or address in any file', () => {
    const leaks: string[] = [];
    for (const [name, text] of bundle.files) {
      for (const { kind, value } of personal) {
        if (text.includes(value)) leaks.push(`${name}: ${kind} ${value}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('lists the backups by name and size, and says when the database is encrypted', async () => {
    const password = await dispatchSession(runtime.session, 'security.setPassword', {
      next: 'mima-123456',
    });
    expect(password.ok).toBe(true);
    const backups = path.join(runtime.dir, 'backups');
    fs.mkdirSync(backups, { recursive: true });
    fs.writeFileSync(path.join(backups, '手动-20260506-150809.db'), Buffer.alloc(5_000));
    const text = (await exportBundle(runtime)).files.get('诊断信息.txt')!;
    expect(text).toMatch(/ {2}手动-20260506-150809\.db，4\.9 KB（5,000 字节），\d{4}-\d\d-\d\d /);
    expect(text).toContain('加密：是，sqlcipher（SQLCipher 4 格式）');
    expect(text).toContain('完整性检查（integrity_check）：ok');
  });
});
