import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch, settle } from '../../electron/services/dispatch';
import {
  closeLog,
  log,
  LOG_KEEP,
  LOG_MAX_BYTES,
  logFile,
  logFiles,
  openLog,
} from '../../electron/services/log/logger';
import { openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { makeTempDir } from '../fixtures/temp-dir';

/** One entry's first line: local time to the millisecond, the level padded to 5. */
const ENTRY_START = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} (INFO |WARN |ERROR) /;

interface Seeded {
  members: { name: string; idNumber: string }[];
  phones: string[];
}

/** Every seeded ID number and phone: what must never be found in a log file. */
function seededPeople(runtime: TestRuntime): Seeded {
  const sqlite = runtime.ctx.sqlite;
  const members = sqlite
    .prepare("SELECT name, id_number AS idNumber FROM members WHERE coalesce(id_number, '') <> ''")
    .all() as Seeded['members'];
  const phones = (
    sqlite
      .prepare(
        `SELECT phone FROM households WHERE phone <> ''
         UNION SELECT phone FROM workers WHERE phone <> ''
         UNION SELECT phone FROM assistance_contacts WHERE phone <> ''`,
      )
      .raw()
      .all() as [string][]
  ).map(([phone]) => phone);
  return { members, phones };
}

/** The forms in which a seeded value could leak: raw, without dashes and spaces, upper case. */
function needles(seeded: Seeded): string[] {
  const values = [...seeded.members.map((m) => m.idNumber), ...seeded.phones];
  const forms = new Set<string>();
  for (const value of values) {
    forms.add(value);
    forms.add(value.replace(/[- ]/g, ''));
    forms.add(value.toUpperCase());
  }
  return [...forms];
}

function readAllLogs(dataDir: string): { file: string; text: string }[] {
  return logFiles(dataDir).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
}

function expectNoneOf(values: string[], files: { file: string; text: string }[]): void {
  const leaks: string[] = [];
  for (const { file, text } of files) {
    for (const value of values) {
      if (text.includes(value)) leaks.push(`${path.basename(file)}: ${value}`);
    }
  }
  expect(leaks).toEqual([]);
}

describe('the log file: rotating, and never an ID number or a phone', () => {
  let runtime: TestRuntime;
  let seeded: Seeded;

  beforeAll(async () => {
    runtime = await openTestRuntime();
    openLog(runtime.dir, { console: false });
    const result = await dispatch(runtime.ctx, 'demo.seed', { size: 'village', seed: 1 });
    expect(result.ok).toBe(true);
    seeded = seededPeople(runtime);
    expect(seeded.members.length).toBeGreaterThan(100);
    expect(seeded.phones.length).toBeGreaterThan(20);
  }, 120_000);

  afterAll(() => {
    closeLog();
    runtime.cleanup();
  });

  it('writes one stamped line per entry, at once, with a stack on indented lines', async () => {
    log.info('程序已启动');
    // Synchronous: on disk (in the OS's hands) the moment log.info returns.
    const after = fs.readFileSync(logFile(runtime.dir), 'utf8').trimEnd().split('\n');
    expect(after.at(-1)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} INFO {2}程序已启动$/);
    const now = new Date();
    const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    expect(after.at(-1)!.startsWith(day)).toBe(true); // local time, not UTC's date

    log.error('保存失败', new Error('第一行\n第二行'));
    const lines = fs.readFileSync(logFile(runtime.dir), 'utf8').trimEnd().split('\n');
    const start = lines.findLastIndex((line) => line.includes('ERROR 保存失败'));
    expect(lines[start]).toMatch(ENTRY_START);
    expect(lines[start + 1]).toBe('    Error: 第一行');
    expect(lines[start + 2]).toBe('    第二行');
    expect(lines[start + 3]).toMatch(/^ {4} +at .*log\.test\.ts/);
    for (const line of lines.slice(start + 1)) expect(line).toMatch(/^ {4}\S|^ {5,}/);
  });

  it('logs internal errors carrying seeded IDs and phones without them', async () => {
    const ctx = runtime.ctx;
    for (const [i, member] of seeded.members.slice(0, 40).entries()) {
      const phone = seeded.phones[i % seeded.phones.length]!;
      const digits = phone.replace(/\D/g, '');
      // The service layer's own failures, through the one place dispatch() logs them.
      const thrown = await settle('grids.rename', () => {
        throw new Error(`无法保存成员 身份证号 ${member.idNumber}，电话 ${phone}`, {
          cause: new Error(`联系电话 ${digits} 已存在；证件 ${member.idNumber.toLowerCase()}`),
        });
      });
      expect(thrown).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      // A real SQLite error whose message quotes the number.
      await settle('grids.rename', () =>
        ctx.sqlite.prepare(`INSERT INTO t_${digits} VALUES ('${member.idNumber}')`).run(),
      );
      // A message changed after the error was built (V8 formats the stack lazily).
      const changed = new Error(`旧消息 ${member.idNumber}`);
      changed.message = `新消息 +86 ${digits}`;
      await settle('grids.rename', () => Promise.reject(changed));
      // Something thrown that is not an Error at all.
      await settle('grids.rename', () => {
        throw { idNumber: member.idNumber, phone, note: `${digits}` };
      });
      log.warn(`导入第 ${i + 2} 行：身份证号 ${member.idNumber} 重复`, new Error(phone));
      log.info(`核对 ${member.idNumber}`);
    }
    const phone = seeded.phones.find((p) => /^1\d{10}$/.test(p))!;
    log.info(`手机 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`);
    log.info(`手机 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}，86${phone}`);

    const files = readAllLogs(runtime.dir);
    const text = files.map((f) => f.text).join('\n');
    // The lines are there, with the numbers replaced, not dropped.
    expect(text).toContain('ERROR [grids.rename] 内部错误');
    expect(text).toMatch(/Error: 无法保存成员 身份证号 \[身份证号\]，电话 \[(手机号|电话)\]/);
    expect(text).toMatch(/Caused by: Error: 联系电话 \[(手机号|电话)\] 已存在；证件 \[身份证号\]/);
    expect(text).toMatch(/SqliteError: no such table: t_\[(手机号|电话)\]/);
    expect(text).toMatch(/Error: 新消息 \[手机号\]/);
    expect(text).toContain("idNumber: '[身份证号]'");
    expect(text).toContain('WARN  导入第 2 行：身份证号 [身份证号] 重复');
    expect(text).toContain('手机 [手机号]，[手机号]');
    expectNoneOf(needles(seeded), files);
  });

  it('rotates at 1 MiB, keeps 5 old files and never loses the newest line', () => {
    const ids = seeded.members.map((m) => m.idNumber);
    const filler = '填'.repeat(300);
    // More than six files' worth, so the oldest has been dropped at least once.
    const total = Math.ceil(((LOG_KEEP + 2) * LOG_MAX_BYTES) / 1_000);
    for (let n = 1; n <= total; n++) {
      const phone = seeded.phones[n % seeded.phones.length]!;
      log.info(`第 ${n} 行 ${ids[n % ids.length]} ${phone} ${filler}`);
    }

    expect(logFiles(runtime.dir).map((f) => path.basename(f))).toEqual([
      'village-ledger.log',
      'village-ledger.1.log',
      'village-ledger.2.log',
      'village-ledger.3.log',
      'village-ledger.4.log',
      'village-ledger.5.log',
    ]);
    expect(fs.existsSync(logFile(runtime.dir, 6))).toBe(false);
    const entryBytes = Buffer.byteLength(
      `2026-01-01 00:00:00.000 INFO  第 ${total} 行 [身份证号] [手机号] ${filler}\n`,
    );
    for (let generation = 1; generation <= LOG_KEEP; generation++) {
      const { size } = fs.statSync(logFile(runtime.dir, generation));
      expect(size).toBeLessThanOrEqual(LOG_MAX_BYTES);
      // Rotated only when the next line would not fit.
      expect(size).toBeGreaterThan(LOG_MAX_BYTES - entryBytes - 16);
    }

    // Oldest to newest, the numbered lines run without a gap up to the last one written.
    const numbers: number[] = [];
    for (let generation = LOG_KEEP; generation >= 0; generation--) {
      const text = fs.readFileSync(logFile(runtime.dir, generation), 'utf8');
      for (const match of text.matchAll(/ INFO {2}第 (\d+) 行 /g)) numbers.push(Number(match[1]));
    }
    expect(numbers.at(-1)).toBe(total);
    expect(numbers.length).toBeGreaterThan(5 * 1000);
    const first = numbers[0]!;
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => first + i));

    expectNoneOf(needles(seeded), readAllLogs(runtime.dir));
  });

  it('goes on from an existing file after a restart, rotating when it is full', () => {
    closeLog();
    const before = fs.statSync(logFile(runtime.dir)).size;
    openLog(runtime.dir, { console: false });
    log.info('重新启动');
    const text = fs.readFileSync(logFile(runtime.dir), 'utf8');
    if (before + 100 <= LOG_MAX_BYTES) {
      expect(text.trimEnd().split('\n').at(-1)).toMatch(/INFO {2}重新启动$/);
      expect(fs.statSync(logFile(runtime.dir)).size).toBeGreaterThan(before);
    } else {
      expect(text).toMatch(/^\S+ \S+ INFO {2}重新启动\n$/);
    }
  });
});

describe('the console, before the log is opened and while it is', () => {
  it('prints scrubbed lines to the console only until openLog', () => {
    closeLog();
    const temp = makeTempDir();
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      log.error('出错 110105194912310021', new Error('电话 13800138000'));
      expect(printed).toHaveBeenCalledTimes(1);
      const line = String(printed.mock.calls[0]![0]);
      expect(line).toMatch(/ERROR 出错 \[身份证号\]\n {4}Error: 电话 \[手机号\]/);
      expect(line).not.toMatch(/110105194912310021|13800138000/);
      expect(fs.existsSync(path.join(temp.dir, 'logs'))).toBe(false);

      // Opened with the console on (development): both get the same scrubbed line.
      openLog(temp.dir);
      log.error('再次出错 13800138000');
      expect(printed).toHaveBeenCalledTimes(2);
      expect(String(printed.mock.calls[1]![0])).toMatch(/ERROR 再次出错 \[手机号\]$/);
      expect(fs.readFileSync(logFile(temp.dir), 'utf8')).toMatch(/ERROR 再次出错 \[手机号\]\n$/);
    } finally {
      closeLog();
      printed.mockRestore();
      temp.cleanup();
    }
  });

  it('drops file-only lines while no file is open (the CLI), writes them when one is', () => {
    closeLog();
    const temp = makeTempDir();
    const printed = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      log.fileOnly('数据库已打开');
      expect(printed).not.toHaveBeenCalled();
      openLog(temp.dir, { console: false });
      log.fileOnly('数据库已打开');
      expect(printed).not.toHaveBeenCalled();
      expect(fs.readFileSync(logFile(temp.dir), 'utf8')).toMatch(/INFO {2}数据库已打开\n$/);
    } finally {
      closeLog();
      printed.mockRestore();
      temp.cleanup();
    }
  });
});
