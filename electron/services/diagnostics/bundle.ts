import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import journal from '../../../db/migrations/meta/_journal.json' with { type: 'json' };
import { isEncryptedFile } from '../../../db/cipher';
import { stamp } from '../../../db/open';
import type { FilePayload } from '../../api/roster-io-types';
import { ZipWriter } from '../archive/zip-writer';
import type { ServiceContext } from '../context';
import { log, logFiles } from '../log/logger';
import { hideHomeFolder, scrub } from '../log/scrub';
import { getSettings } from '../settings/settings';
import { APP_VERSION, PRODUCT_NAME } from '../system/app-info';
import { localDateTime } from '../system/local-time';

/**
 * 导出诊断信息 (issue #7): what a maintainer needs to understand a fault on a village PC —
 * versions, the machine, the database's health and size, row counts, the settings, the backups
 * and the logs — and nothing about the people in it. Rules:
 * - From the database only counts, PRAGMA results and the settings, less the personal ones
 *   (operators are clerks' names, the 监督电话 is a phone). No row is ever read.
 * - Every text is run through scrub() (ID numbers, phones, bank cards) and the home folder is
 *   shown as ~ (a Windows account is often named after the clerk).
 * - Numbers are printed with thousands separators or units, so a byte count is never a digit
 *   run that looks like a phone or an ID (and scrub() cannot mistake it for one).
 */

/** Settings that are about people, never exported. */
const PERSONAL_SETTINGS = ['operators', 'supervisionPhone'] as const;

const grouped = (n: number) => n.toLocaleString('en-US');

function size(bytes: number): string {
  if (bytes < 1024) return `${grouped(bytes)} 字节`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}（${grouped(bytes)} 字节）`;
}

function duration(seconds: number): string {
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const minutes = Math.floor((s % 3_600) / 60);
  return `${days > 0 ? `${days} 天 ` : ''}${hours} 小时 ${minutes} 分 ${s % 60} 秒`;
}

/** A file's size, or a note when it is not there (the -wal file between sessions). */
function fileSize(file: string): string {
  try {
    return size(fs.statSync(file).size);
  } catch {
    return '无';
  }
}

/** One PRAGMA's rows as text, one value per row (integrity_check lists each problem). */
function pragmaText(ctx: ServiceContext, pragma: string): string {
  try {
    const rows = ctx.sqlite.pragma(pragma) as Record<string, unknown>[];
    return rows.map((row) => Object.values(row).map(String).join(' ')).join('；') || '（无结果）';
  } catch (error) {
    return `无法读取（${(error as Error).message}）`;
  }
}

function pragmaNumber(ctx: ServiceContext, pragma: string): number {
  return Number(ctx.sqlite.pragma(pragma, { simple: true }));
}

function scalar(ctx: ServiceContext, sql: string): string {
  try {
    const row = ctx.sqlite.prepare(sql).raw().get() as unknown[] | undefined;
    return String(row?.[0] ?? '');
  } catch {
    return '';
  }
}

/** Whether the database is encrypted: the session knows its key; else the file's header says. */
function isEncrypted(ctx: ServiceContext): boolean {
  if (ctx.session) return ctx.session.key !== null;
  return isEncryptedFile(ctx.databaseFile);
}

function migrationLines(ctx: ServiceContext): string[] {
  let applied: number[] = [];
  try {
    applied = (
      ctx.sqlite.prepare('SELECT created_at FROM __drizzle_migrations').raw().all() as [number][]
    ).map(([when]) => Number(when));
  } catch {
    // A database without the table has no migration applied.
  }
  const known = journal.entries.map((entry) => ({ tag: entry.tag, when: entry.when }));
  const lines = [
    `数据库结构版本：${ctx.schemaVersion}（本程序认识 ${known.length} 个迁移，数据库里记录了 ${applied.length} 个）`,
  ];
  for (const entry of known) {
    lines.push(`  ${entry.tag}：${applied.includes(entry.when) ? '已应用' : '未应用'}`);
  }
  const unknown = applied.filter((when) => !known.some((entry) => entry.when === when)).length;
  if (unknown > 0) lines.push(`  另有 ${unknown} 个本程序不认识的迁移（较新版本写入）`);
  return lines;
}

function tableCounts(ctx: ServiceContext): string[] {
  const tables = ctx.sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .raw()
    .all() as [string][];
  return tables.map(([name]) => {
    try {
      const quoted = `"${name.replaceAll('"', '""')}"`;
      const [n] = ctx.sqlite.prepare(`SELECT count(*) FROM ${quoted}`).raw().get() as [number];
      return `  ${name}：${grouped(n)} 条`;
    } catch (error) {
      return `  ${name}：无法计数（${(error as Error).message}）`;
    }
  });
}

function settingsLines(ctx: ServiceContext): string[] {
  try {
    const settings: Record<string, unknown> = { ...getSettings(ctx) };
    for (const key of PERSONAL_SETTINGS) delete settings[key];
    return Object.entries(settings).map(([key, value]) => `  ${key}：${JSON.stringify(value)}`);
  } catch (error) {
    return [`  无法读取设置（${(error as Error).message}）`];
  }
}

function folderLines(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    return ['  （没有这个文件夹）'];
  }
  const lines: string[] = [];
  for (const name of names) {
    try {
      const stat = fs.statSync(path.join(dir, name));
      if (!stat.isFile()) continue;
      lines.push(`  ${name}，${size(stat.size)}，${localDateTime(stat.mtime, true)}`);
    } catch {
      lines.push(`  ${name}，无法读取`);
    }
  }
  return lines.length > 0 ? lines : ['  （空）'];
}

/** 诊断信息.txt: versions, the machine, the database, counts, settings, backups, logs. */
export function diagnosticsText(ctx: ServiceContext, logNames: string[]): string {
  const versions = process.versions as NodeJS.ProcessVersions & Record<string, string | undefined>;
  const notElectron = '（未在 Electron 中运行：网页版或命令行）';
  const encrypted = isEncrypted(ctx);
  const cipherLibrary = scalar(ctx, 'SELECT sqlite3mc_version()') || '（未知）';
  const cipher = encrypted
    ? `${pragmaText(ctx, 'cipher')}（SQLCipher ${pragmaText(ctx, 'legacy')} 格式）`
    : '未加密';
  const cpus = os.cpus();
  const pageSize = pragmaNumber(ctx, 'page_size');
  const pageCount = pragmaNumber(ctx, 'page_count');

  const lines = [
    `${PRODUCT_NAME} 诊断信息`,
    `生成时间：${localDateTime(ctx.now(), true)}`,
    '本诊断包只含版本、电脑环境、数据库状况、各表记录条数、设置（不含操作员和监督电话）、',
    '备份文件清单和程序日志；不含身份证号、电话、姓名、住址等个人信息。日志在写入时和导出时',
    '都已隐去身份证号、手机号、电话和银行卡号。',
    '',
    '【程序】',
    `产品：${PRODUCT_NAME}`,
    `程序版本：${APP_VERSION}`,
    ...migrationLines(ctx),
    `Node.js：${versions.node}`,
    `Electron：${versions.electron ?? notElectron}`,
    `Chromium：${versions.chrome ?? notElectron}`,
    `V8：${versions.v8}`,
    `SQLite：${scalar(ctx, 'SELECT sqlite_version()')}`,
    `加密组件：${cipherLibrary}`,
    '',
    '【电脑】',
    `系统：${os.type()} ${os.release()}（${os.platform()}，${os.arch()}）`,
    `处理器：${cpus.length} 个核心${cpus[0] ? `，${cpus[0].model.trim()}` : ''}`,
    `内存：共 ${size(os.totalmem())}，可用 ${size(os.freemem())}`,
    `本程序占用内存：${size(process.memoryUsage().rss)}`,
    `系统已运行：${duration(os.uptime())}`,
    `本程序已运行：${duration(process.uptime())}`,
    `时区：${Intl.DateTimeFormat().resolvedOptions().timeZone}`,
    '',
    '【数据库】',
    `数据文件夹：${ctx.dataDir}`,
    `数据库文件：${ctx.databaseFile}`,
    `文件大小：${fileSize(ctx.databaseFile)}`,
    `预写日志（-wal）大小：${fileSize(`${ctx.databaseFile}-wal`)}`,
    `页大小：${grouped(pageSize)} 字节，页数：${grouped(pageCount)}，空闲页：${grouped(pragmaNumber(ctx, 'freelist_count'))}`,
    `日志模式：${pragmaText(ctx, 'journal_mode')}`,
    `加密：${encrypted ? '是' : '否'}，${cipher}`,
    `完整性检查（integrity_check）：${pragmaText(ctx, 'integrity_check(20)')}`,
    `快速检查（quick_check）：${pragmaText(ctx, 'quick_check(20)')}`,
    `外键检查（foreign_key_check）：${(ctx.sqlite.pragma('foreign_key_check') as unknown[]).length} 条无主记录`,
    '',
    '【各表记录条数】（只有条数，没有内容）',
    ...tableCounts(ctx),
    '',
    '【设置】（已去掉操作员名单和监督电话）',
    ...settingsLines(ctx),
    '',
    '【备份文件】（backups 文件夹）',
    ...folderLines(path.join(ctx.dataDir, 'backups')),
    '',
    '【日志文件】（本诊断包 logs 文件夹里）',
    ...(logNames.length > 0 ? logNames.map((name) => `  ${name}`) : ['  （还没有日志）']),
    '',
  ];
  return cleanText(lines.join('\n'));
}

/** The last guard on every text that leaves in the bundle. */
function cleanText(text: string): string {
  return hideHomeFolder(
    text
      .split('\n')
      .map((line) => scrub(line))
      .join('\n'),
    os.homedir(),
  );
}

/** The .zip of 导出诊断信息: 诊断信息.txt and logs/, named by the time it was made. */
export async function exportDiagnostics(ctx: ServiceContext): Promise<FilePayload> {
  // Written first, so the bundle's own log shows when it was made.
  log.fileOnly('导出诊断信息');
  const logs = logFiles(ctx.dataDir).map((file) => ({
    name: path.basename(file),
    // Scrubbed once more: a file may come from a build older than the scrubbing, or be edited.
    text: cleanText(fs.readFileSync(file, 'utf8')),
  }));
  const report = diagnosticsText(
    ctx,
    logs.map((entry) => entry.name),
  );

  const tmp = path.join(ctx.dataDir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  const work = fs.mkdtempSync(path.join(tmp, 'diagnostics-'));
  const zipFile = path.join(work, 'bundle.zip');
  try {
    const zip = await ZipWriter.create(zipFile, ctx.now());
    try {
      // A BOM, so Notepad on older Windows reads the UTF-8 text as UTF-8, not GBK.
      await zip.add('诊断信息.txt', Buffer.from(`\uFEFF${report.replaceAll('\n', '\r\n')}`), true);
      for (const entry of logs) {
        await zip.add(`logs/${entry.name}`, Buffer.from(entry.text, 'utf8'), true);
      }
      await zip.close();
    } catch (error) {
      await zip.abort();
      throw error;
    }
    return {
      fileName: `诊断信息-${stamp(ctx.now())}.zip`,
      data: fs.readFileSync(zipFile),
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
