import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { AppError } from '../../../api/errors';
import { reportVillages } from '../../../../db/schema';
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context';
import { ZipReader } from '../../archive/zip-reader';
import { decryptPackage, isEncryptedPackage } from '../package/crypto';
import {
  columnNames,
  manifestSchema,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  PACKAGE_LIMITS,
  PACKAGE_TABLES,
  rowSchema,
  tableEntry,
  villageKey,
  type PackageManifest,
  type PackageTable,
} from '../format';
import { workspaceOf, type Workspace } from '../workspace';

/**
 * Checks a village's 上报包 before anything is written (docs/domain.md §11): bounds, the zip's
 * own entry names and nothing else, the manifest, every file's size and SHA-256, every line of
 * every table against its schema, the counts, unique ids, every reference inside the package,
 * the village inside this workspace, and the order against what is loaded. Each refusal is a
 * PackageRefusal carrying a Chinese sentence. The verified content stays as the inflated bytes
 * of each file (not as row objects): load.ts parses it again one line at a time.
 */

/** A package refused before anything was written; the message is for the clerk. */
export class PackageRefusal extends AppError {
  constructor(
    message: string,
    /** What the manifest said, when it was read (for the 导入记录). */
    readonly manifest?: PackageManifest,
    readonly sha256 = '',
  ) {
    super('VALIDATION', message);
  }
}

/** A package that passed every check and is newer than what is loaded. */
export interface VerifiedPackage {
  fileName: string;
  /** SHA-256 of the (decrypted) zip: the same package again has the same one. */
  sha256: string;
  manifest: PackageManifest;
  key: string;
  /** The inflated data files, by entry name. */
  files: Map<string, Buffer>;
  /** The package's rows per table (equal to manifest.counts). */
  counts: Record<string, number>;
}

export type ReadOutcome =
  | { kind: 'verified'; pkg: VerifiedPackage }
  /** The very package already loaded (same SHA-256). */
  | { kind: 'unchanged'; manifest: PackageManifest; key: string; sha256: string };

/** The small JSON files besides the tables. */
export const FIGURE_FILES = ['figures.json', 'self-check.json', 'proposals.json'] as const;
const MANIFEST = 'manifest.json';
/**
 * What one package may unpack to in all: the verified files are held in memory until loaded (a
 * village of 1,500 households unpacks to a few MB; the county's 80 packages to about 100 MB).
 */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
/** manifest.json and the figure files are small; a bigger one is not a package's. */
const MAX_SMALL_FILE = 16 * 1024 * 1024;

/** Every entry a package has, and no other. */
export const PACKAGE_ENTRIES: readonly string[] = [
  MANIFEST,
  ...PACKAGE_TABLES.map((t) => tableEntry(t.name)),
  ...FIGURE_FILES,
];

const sha256Of = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

const NOT_A_PACKAGE = (fileName: string) =>
  `「${fileName}」不是上报包：里面没有上报包清单（manifest.json）。请选择村里导出的上报包（.zip 或加密的 .vlrp）`;

/**
 * Reads and checks one package. `bytes` is the file as given (encrypted or not); `password`
 * opens an encrypted one. Throws PackageRefusal (or the zip reader's AppError) when refused.
 */
export async function readPackage(
  ctx: ServiceContext,
  input: { fileName: string; bytes: Uint8Array; password?: string | undefined },
  checkpoint: () => void = () => undefined,
): Promise<ReadOutcome> {
  const { fileName } = input;
  const tooBig = `「${fileName}」超过 ${PACKAGE_LIMITS.maxPackageBytes / 1024 / 1024} MB，不是村级上报包，已拒绝读取`;
  if (input.bytes.byteLength > PACKAGE_LIMITS.maxPackageBytes + 64)
    throw new PackageRefusal(tooBig);
  let zip = input.bytes;
  if (isEncryptedPackage(zip)) zip = decryptPackage(zip, input.password);
  if (zip.byteLength > PACKAGE_LIMITS.maxPackageBytes) throw new PackageRefusal(tooBig);
  const sha256 = sha256Of(zip);

  // The zip reader reads from a file: a private folder in the data folder's tmp (the package
  // holds personal data: not in the system's temp), removed whatever happens; one left by a
  // killed process is removed by the next import.
  const tmp = path.join(ctx.dataDir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  removeStale(tmp);
  const dir = fs.mkdtempSync(path.join(tmp, 'report-import-'));
  // The clerk's file name (the reader's refusals name it), reduced to safe characters.
  const safe = fileName.replace(/[^\w.\u4e00-\u9fff-]/g, '_').slice(0, 120);
  const zipFile = path.join(dir, /^\.*$/.test(safe) ? 'package.zip' : safe);
  try {
    fs.writeFileSync(zipFile, zip, { mode: 0o600 });
    let reader: ZipReader;
    try {
      reader = await ZipReader.open(zipFile);
    } catch (error) {
      if (error instanceof AppError) throw new PackageRefusal(error.message, undefined, sha256);
      throw error;
    }
    try {
      return await verify(ctx, reader, fileName, sha256, checkpoint);
    } catch (error) {
      if (error instanceof PackageRefusal) throw error;
      // The zip reader's own refusals (CRC, unsafe names) are already Chinese sentences.
      if (error instanceof AppError) throw new PackageRefusal(error.message, undefined, sha256);
      throw error;
    } finally {
      await reader.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Folders of imports that ended with their process (older than an hour): their data goes. */
function removeStale(tmp: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of fs.readdirSync(tmp)) {
    if (!name.startsWith('report-import-')) continue;
    const full = path.join(tmp, name);
    try {
      if (fs.statSync(full).mtimeMs < hourAgo) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // Gone meanwhile, or not ours to remove: the next import tries again.
    }
  }
}

async function verify(
  ctx: ServiceContext,
  reader: ZipReader,
  fileName: string,
  sha256: string,
  checkpoint: () => void,
): Promise<ReadOutcome> {
  const refuse = (message: string, manifest?: PackageManifest) =>
    new PackageRefusal(message, manifest, sha256);

  // Entry names: exactly the package's own (the reader already refused ../, absolute paths and
  // a name given twice); a directory entry for data/ is harmless.
  const entries = reader.entries.filter((e) => !(e.directory && e.name === 'data'));
  if (entries.length > PACKAGE_LIMITS.maxEntries) {
    throw refuse(`「${fileName}」里的文件太多（${entries.length} 个），不是上报包，已拒绝导入`);
  }
  if (reader.totalSize > MAX_UNPACKED_BYTES) {
    throw refuse(
      `「${fileName}」解压后超过 ${MAX_UNPACKED_BYTES / 1024 / 1024} MB，不是一个村的上报包，已拒绝导入`,
    );
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const manifestEntry = byName.get(MANIFEST);
  if (!manifestEntry) throw refuse(NOT_A_PACKAGE(fileName));
  for (const entry of entries) {
    if (entry.directory || !PACKAGE_ENTRIES.includes(entry.name)) {
      throw refuse(
        `上报包里有不该有的文件「${entry.name}」，已拒绝导入（上报包只含清单、各表数据和汇总数字）`,
      );
    }
  }
  for (const name of PACKAGE_ENTRIES) {
    if (!byName.has(name)) throw refuse(`上报包缺少文件「${name}」，可能不完整，请让村里重新导出`);
  }

  if (manifestEntry.size > MAX_SMALL_FILE) throw refuse(NOT_A_PACKAGE(fileName));
  let raw: unknown;
  try {
    raw = JSON.parse((await reader.buffer(manifestEntry)).toString('utf8'));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw refuse('上报包清单（manifest.json）不是有效的 JSON，上报包已损坏');
  }
  if ((raw as { format?: unknown } | null)?.format !== PACKAGE_FORMAT) {
    throw refuse(NOT_A_PACKAGE(fileName));
  }
  const version = (raw as { formatVersion?: unknown }).formatVersion;
  if (typeof version === 'number' && version > PACKAGE_FORMAT_VERSION) {
    throw refuse(
      `该上报包的格式较新（第${version}版，本程序认识第${PACKAGE_FORMAT_VERSION}版），请先升级本程序`,
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw refuse(
      `上报包清单（manifest.json）不对：${issue.path.join('.') || '整体'} ${issue.message}`,
    );
  }
  const manifest = parsed.data;
  if (manifest.schemaVersion > ctx.schemaVersion) {
    throw refuse(
      `该上报包由较新版本的程序生成（数据结构第${manifest.schemaVersion}版，本程序第${ctx.schemaVersion}版），请先升级本程序`,
      manifest,
    );
  }
  const village = manifest.village;
  const villageName = `${village.township}${village.name}`;
  const key = villageKey(village);

  // The village must be one of this workspace's, and newer than what is loaded of it.
  assertInWorkspace(workspaceOf(ctx), manifest, refuse);
  const loaded = ctx.db
    .select()
    .from(reportVillages)
    .where(eq(reportVillages.villageKey, key))
    .get();
  if (loaded?.packageSha256 === sha256) return { kind: 'unchanged', manifest, key, sha256 };
  if (
    loaded &&
    (manifest.period < loaded.period ||
      (manifest.period === loaded.period && manifest.createdAt <= loaded.packageCreatedAt))
  ) {
    throw refuse(
      `${villageName}：已导入 ${loaded.period} 月更新的上报包，较旧的不会覆盖（本包为 ${manifest.period} 月，数据时间 ${manifest.createdAt}）`,
      manifest,
    );
  }

  // The manifest's file list: every other entry once, each of its size and SHA-256.
  const listed = new Map(manifest.files.map((f) => [f.name, f]));
  if (listed.size !== manifest.files.length) throw refuse('上报包清单中有重复的文件', manifest);
  for (const name of PACKAGE_ENTRIES) {
    if (name !== MANIFEST && !listed.has(name)) {
      throw refuse(`上报包清单没有列出「${name}」，上报包不完整或已被改动`, manifest);
    }
  }
  for (const name of listed.keys()) {
    if (!PACKAGE_ENTRIES.includes(name) || name === MANIFEST) {
      throw refuse(`上报包清单列出了不该有的文件「${name}」，已拒绝导入`, manifest);
    }
  }
  const counts = Object.keys(manifest.counts);
  for (const name of counts) {
    if (!PACKAGE_TABLES.some((t) => t.name === name)) {
      throw refuse(`上报包清单列出了本程序不认识的表「${name}」，请先升级本程序`, manifest);
    }
  }
  for (const t of PACKAGE_TABLES) {
    if (manifest.counts[t.name] === undefined) {
      throw refuse(`上报包清单没有写「${t.label}」的条数，上报包不完整`, manifest);
    }
  }

  const files = new Map<string, Buffer>();
  for (const [name, expected] of listed) {
    checkpoint();
    const entry = byName.get(name)!;
    const limit = name.startsWith('data/') ? PACKAGE_LIMITS.maxEntryBytes : MAX_SMALL_FILE;
    const tampered = `上报包中的「${name}」与清单记录的大小或校验值（SHA-256）不符，可能已被改动或损坏，已拒绝导入`;
    if (entry.size !== expected.bytes || entry.size > limit) throw refuse(tampered, manifest);
    const content = await reader.buffer(entry);
    if (sha256Of(content) !== expected.sha256) throw refuse(tampered, manifest);
    files.set(name, content);
  }
  for (const name of FIGURE_FILES) {
    try {
      JSON.parse(files.get(name)!.toString('utf8'));
    } catch {
      throw refuse(`上报包中的「${name}」不是有效的 JSON，上报包已损坏`, manifest);
    }
  }

  checkTables(files, manifest, refuse, checkpoint);
  return {
    kind: 'verified',
    pkg: { fileName, sha256, manifest, key, files, counts: manifest.counts },
  };
}

function assertInWorkspace(
  ws: Workspace,
  manifest: PackageManifest,
  refuse: (message: string, manifest?: PackageManifest) => PackageRefusal,
): void {
  const v = manifest.village;
  const whose = `${v.county}${v.township}${v.name}`;
  if (ws.kind === 'village') {
    throw refuse('本库是村级台账，不能导入上报包；请在乡镇汇总库中导入', manifest);
  }
  if (ws.kind === 'township') {
    if (v.township !== ws.name || (ws.county && v.county !== ws.county)) {
      const here = `${ws.county}${ws.name}`;
      throw refuse(`该上报包是「${whose}」的，不属于本汇总库（${here}），已拒绝导入`, manifest);
    }
  } else if (v.county !== ws.name) {
    throw refuse(`该上报包是「${whose}」的，不属于本汇总库（${ws.name}），已拒绝导入`, manifest);
  }
}

/** The primary key of a table without an `id` column (its rows' identity in the package). */
function keyColumns(spec: PackageTable): string[] {
  const names = columnNames(spec.table);
  if (names.includes('id')) return ['id'];
  const config = getTableConfig(spec.table);
  const primary = config.primaryKeys[0]?.columns.map((c) => c.name);
  if (primary?.length) return primary;
  return config.columns.filter((c) => c.primary).map((c) => c.name);
}

/**
 * Every line of every table: one JSON object per line within the byte bound, valid for its
 * table, ids unique, references inside the package, the count as the manifest says.
 */
function checkTables(
  files: Map<string, Buffer>,
  manifest: PackageManifest,
  refuse: (message: string, manifest?: PackageManifest) => PackageRefusal,
  checkpoint: () => void,
): void {
  const ids = new Map<string, Set<number>>();
  for (const spec of PACKAGE_TABLES) {
    checkpoint();
    const entry = tableEntry(spec.name);
    const schema = rowSchema(spec);
    const keys = keyColumns(spec);
    const seen = new Set<string | number>();
    const own = new Set<number>();
    const selfRefs: [number, string, number][] = [];
    let count = 0;
    let firstGrid = true;
    forEachLine(files.get(entry)!, entry, refuse, manifest, (text, line) => {
      count++;
      if (count > PACKAGE_LIMITS.maxRows) {
        throw refuse(`「${entry}」的行数超过 ${PACKAGE_LIMITS.maxRows} 行，已拒绝导入`, manifest);
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw refuse(`「${entry}」第 ${line} 行不是有效的 JSON，上报包已损坏`, manifest);
      }
      const result = schema.safeParse(value);
      if (!result.success) {
        const issue = result.error.issues[0]!;
        const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? '' : '整行');
        const extra =
          issue.code === 'unrecognized_keys' ? `多出字段 ${issue.keys.join('、')}` : issue.message;
        throw refuse(
          `「${entry}」第 ${line} 行（${spec.label}）不对：${field ? `${field} ` : ''}${extra}`,
          manifest,
        );
      }
      const row = result.data;
      const identity =
        keys.length === 1 ? (row[keys[0]!] as number) : keys.map((k) => row[k]).join('|');
      if (seen.has(identity)) {
        throw refuse(
          `「${entry}」第 ${line} 行与前面的行重复（编号 ${identity}），上报包已损坏`,
          manifest,
        );
      }
      seen.add(identity);
      if (keys[0] === 'id') own.add(row.id as number);
      for (const [column, target] of Object.entries(spec.refs)) {
        const ref = row[column];
        if (ref === null || ref === undefined) continue;
        if (target === spec.name) {
          // The village's own grid hangs under the township, which is not in the package.
          if (spec.name === 'grids' && firstGrid) continue;
          selfRefs.push([line, column, ref as number]);
          continue;
        }
        if (!ids.get(target)?.has(ref as number)) {
          throw refuse(
            `「${entry}」第 ${line} 行的 ${column}（${String(ref)}）在上报包中找不到对应的记录，上报包不完整或已损坏`,
            manifest,
          );
        }
      }
      if (spec.name === 'grids' && firstGrid) {
        if (row.level !== 'village') {
          throw refuse('上报包的第一个网格不是村级网格，上报包已损坏', manifest);
        }
        firstGrid = false;
      } else if (spec.name === 'grids' && row.parent_id === null) {
        throw refuse(`「${entry}」第 ${line} 行的网格没有上级网格，上报包已损坏`, manifest);
      }
    });
    for (const [line, column, ref] of selfRefs) {
      if (!own.has(ref)) {
        throw refuse(
          `「${entry}」第 ${line} 行的 ${column}（${ref}）在上报包中找不到对应的记录，上报包不完整或已损坏`,
          manifest,
        );
      }
    }
    if (spec.name === 'grids' && count === 0) {
      throw refuse('上报包里没有网格（村级网格），已拒绝导入', manifest);
    }
    const expected = manifest.counts[spec.name]!;
    if (count !== expected) {
      throw refuse(
        `「${spec.label}」的条数与清单不符：清单写 ${expected} 条，实际 ${count} 条，上报包不完整或已被改动`,
        manifest,
      );
    }
    ids.set(spec.name, own);
  }
}

/**
 * Calls `each` with every line of a JSON Lines buffer (1-based line numbers), refusing a line
 * over PACKAGE_LIMITS.maxLineBytes or an empty line before the end.
 */
export function forEachLine(
  buffer: Buffer,
  entry: string,
  refuse: (message: string, manifest?: PackageManifest) => PackageRefusal,
  manifest: PackageManifest | undefined,
  each: (text: string, line: number) => void,
): void {
  let start = 0;
  let line = 0;
  while (start < buffer.length) {
    let end = buffer.indexOf(0x0a, start);
    if (end < 0) end = buffer.length;
    line++;
    if (end - start > PACKAGE_LIMITS.maxLineBytes) {
      throw refuse(
        `「${entry}」第 ${line} 行超过 ${PACKAGE_LIMITS.maxLineBytes / 1024} KB，已拒绝导入`,
        manifest,
      );
    }
    const text = buffer.toString('utf8', start, end);
    if (text.trim() === '') {
      throw refuse(`「${entry}」第 ${line} 行是空行，上报包已损坏`, manifest);
    }
    each(text, line);
    start = end + 1;
  }
}
