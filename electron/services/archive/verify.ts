import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import type { VerifyResult } from '../../api/archive-types';
import { AppError } from '../../api/errors';
import { runBounded } from '../files/bounded-run';
import { PACKAGE_TEXT_MAX, refused, RUN_BUDGETS, SHEET_LIMITS, why } from '../files/limits';
import {
  CATALOGUE_HEADERS,
  CATALOGUE_SHEET,
  ITEMS_DIR,
  MANIFEST_FILE,
  XLSX_FILE,
  XML_FILE,
  XML_FIELDS,
} from './catalogue-files';
import { ZipReader, type ZipEntry } from './zip-reader';

/**
 * Verifies an export package, as a folder or as a .zip (issue 6 part 4):
 *
 * - every file is re-hashed against SHA256SUMS.txt and each one missing, changed or extra is
 *   listed (the manifest itself is not listed in itself);
 * - 账账相符: the items in 归档文件目录.xlsx, the <文件> of 文件目录.XML and the 电子档案 PDFs
 *   in the manifest are the same number, the XML's 电子档案名称 are exactly those PDFs and the
 *   xlsx and the XML list the same 档号.
 *
 * The package root is the folder holding SHA256SUMS.txt: the path given, or its single
 * subfolder (a zip of the folder unpacked one level up, or the zip itself, whose entries sit
 * under the package's name). Nothing is written.
 */

/** One file of a package, by its path relative to the root (forward slashes). */
interface PackageSource {
  /** Absolute path of what was given (folder or zip), for messages. */
  label: string;
  files: string[];
  /** Paths that are not regular files (symbolic links, devices): never followed. */
  oddities: string[];
  hash(relative: string): Promise<string>;
  /** A small file read whole (manifest, catalogues): refused past PACKAGE_TEXT_MAX. */
  read(relative: string): Promise<Buffer>;
  close(): Promise<void>;
}

const notAPackage = (where: string) =>
  new AppError(
    'VALIDATION',
    `${where} 不是档案包：找不到 ${MANIFEST_FILE}（档案包里应有说明文件.TXT、文件目录.XML、电子档案 和 ${MANIFEST_FILE}）`,
  );

async function walk(root: string): Promise<{ files: string[]; oddities: string[] }> {
  const files: string[] = [];
  const oddities: string[] = [];
  const visit = async (dir: string, prefix: string) => {
    for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await visit(path.join(dir, entry.name), relative);
      else if (entry.isFile()) files.push(relative);
      else oddities.push(relative);
    }
  };
  await visit(root, '');
  return { files: files.sort(), oddities: oddities.sort() };
}

/** The package root in a folder: the folder, or its one subfolder holding the manifest. */
export async function packageRoot(folder: string): Promise<string> {
  if (fs.existsSync(path.join(folder, MANIFEST_FILE))) return folder;
  const subfolders = (await fsp.readdir(folder, { withFileTypes: true })).filter((e) =>
    e.isDirectory(),
  );
  const candidates = subfolders.filter((e) =>
    fs.existsSync(path.join(folder, e.name, MANIFEST_FILE)),
  );
  if (candidates.length === 1) return path.join(folder, candidates[0]!.name);
  throw notAPackage(folder);
}

async function hashFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

async function folderSource(folder: string): Promise<PackageSource> {
  const root = await packageRoot(folder);
  const { files, oddities } = await walk(root);
  const full = (relative: string) => path.join(root, ...relative.split('/'));
  return {
    label: root,
    files,
    oddities,
    hash: (relative) => hashFile(full(relative)),
    read: async (relative) => {
      const { size } = await fsp.stat(full(relative));
      if (size > PACKAGE_TEXT_MAX) throw refused(relative, why.part(relative, PACKAGE_TEXT_MAX));
      return fsp.readFile(full(relative));
    },
    close: async () => undefined,
  };
}

/** The shortest-path manifest decides the root; entries outside it count as extra. */
export function zipRoot(entries: readonly ZipEntry[]): string | null {
  const manifests = entries
    .filter(
      (e) => !e.directory && (e.name === MANIFEST_FILE || e.name.endsWith(`/${MANIFEST_FILE}`)),
    )
    .map((e) => e.name)
    .sort((a, b) => a.split('/').length - b.split('/').length);
  if (manifests.length === 0) return null;
  return manifests[0]!.slice(0, -MANIFEST_FILE.length);
}

async function zipSource(file: string): Promise<PackageSource> {
  const zip = await ZipReader.open(file);
  try {
    const prefix = zipRoot(zip.entries);
    if (prefix === null) throw notAPackage(file);
    const byPath = new Map<string, ZipEntry>();
    for (const entry of zip.entries) {
      if (entry.directory) continue;
      // Outside the package's folder: kept under its full name, so it shows as extra.
      const relative = entry.name.startsWith(prefix) ? entry.name.slice(prefix.length) : entry.name;
      if (byPath.has(relative)) {
        throw new AppError('VALIDATION', `${path.basename(file)} 里「${relative}」出现了两次`);
      }
      byPath.set(relative, entry);
    }
    const entryOf = (relative: string) => byPath.get(relative)!;
    return {
      label: file,
      files: [...byPath.keys()].sort(),
      oddities: [],
      hash: async (relative) => {
        const hash = crypto.createHash('sha256');
        await zip.read(entryOf(relative), (chunk) => {
          hash.update(chunk);
        });
        return hash.digest('hex');
      },
      read: (relative) => {
        const entry = entryOf(relative);
        if (entry.size > PACKAGE_TEXT_MAX)
          throw refused(relative, why.part(relative, PACKAGE_TEXT_MAX));
        return zip.buffer(entry);
      },
      close: () => zip.close(),
    };
  } catch (error) {
    await zip.close();
    throw error;
  }
}

export async function openPackage(target: string): Promise<PackageSource> {
  const absolute = path.resolve(target);
  let stat: fs.Stats;
  try {
    stat = await fsp.stat(absolute);
  } catch {
    throw new AppError('NOT_FOUND', `找不到档案包：${absolute}`);
  }
  if (stat.isDirectory()) return folderSource(absolute);
  if (stat.isFile()) return zipSource(absolute);
  throw new AppError('VALIDATION', `${absolute} 既不是文件夹也不是 .zip 压缩包`);
}

export interface Manifest {
  /** Path → SHA-256 (lower case). */
  entries: Map<string, string>;
  problems: string[];
}

/** SHA256SUMS.txt as sha256sum writes it: "<64 hex>  <path>" (or " *<path>", binary mode). */
export function parseManifest(text: string): Manifest {
  const entries = new Map<string, string>();
  const problems: string[] = [];
  text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (line.trim() === '') return;
      const match = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
      if (!match) {
        problems.push(`${MANIFEST_FILE} 第 ${index + 1} 行格式不对：${line.slice(0, 80)}`);
        return;
      }
      const relative = match[2]!.replace(/^\.\//, '');
      if (entries.has(relative)) {
        problems.push(`${MANIFEST_FILE} 中「${relative}」出现了两次`);
        return;
      }
      entries.set(relative, match[1]!.toLowerCase());
    });
  return { entries, problems };
}

export interface XmlCatalogue {
  items: Record<(typeof XML_FIELDS)[number], string>[];
  attributes: Record<string, string>;
}

/** 文件目录.XML read back: the root's attributes and each <文件>'s fields (saxes). */
export function parseCatalogueXml(text: string): XmlCatalogue {
  const parser = new SaxesParser();
  const items: XmlCatalogue['items'] = [];
  let attributes: Record<string, string> = {};
  let depth = 0;
  let current: Partial<Record<string, string>> | null = null;
  let field: string | null = null;
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 1) attributes = { ...(tag.attributes as Record<string, string>) };
    else if (depth === 2 && tag.name === '文件') {
      if (items.length >= SHEET_LIMITS.catalogue.rows)
        throw refused(XML_FILE, why.rows(SHEET_LIMITS.catalogue.rows));
      current = {};
    } else if (depth === 3 && current) {
      field = tag.name;
      current[field] = '';
    }
  });
  parser.on('text', (text) => {
    if (current && field) current[field] += text;
  });
  parser.on('closetag', () => {
    if (depth === 3) field = null;
    if (depth === 2 && current) {
      const item = Object.fromEntries(
        XML_FIELDS.map((f) => [f, current![f] ?? '']),
      ) as XmlCatalogue['items'][number];
      items.push(item);
      current = null;
    }
    depth--;
  });
  parser.write(text).close();
  return { items, attributes };
}

const isItemFile = (relative: string) =>
  relative.startsWith(`${ITEMS_DIR}/`) && relative.toLowerCase().endsWith('.pdf');

/** Lists up to 10 names, then "等 N 个". */
const some = (names: readonly string[]) =>
  names.length <= 10 ? names.join('、') : `${names.slice(0, 10).join('、')} 等 ${names.length} 个`;

export async function verifyPackage(target: string): Promise<VerifyResult> {
  const source = await openPackage(target);
  try {
    const manifest = parseManifest((await source.read(MANIFEST_FILE)).toString('utf8'));
    const problems = [...manifest.problems];
    const present = new Set(source.files);
    const missing: string[] = [];
    const changed: string[] = [];
    const extra: string[] = [];
    let checked = 0;
    for (const relative of source.files) {
      if (relative === MANIFEST_FILE) continue;
      const expected = manifest.entries.get(relative);
      if (expected === undefined) {
        extra.push(relative);
        continue;
      }
      checked++;
      if ((await source.hash(relative)) !== expected) changed.push(relative);
    }
    for (const relative of manifest.entries.keys())
      if (!present.has(relative)) missing.push(relative);
    extra.push(...source.oddities);
    missing.sort();
    extra.sort();
    if (missing.length) problems.push(`缺少 ${missing.length} 个文件：${some(missing)}`);
    if (changed.length)
      problems.push(`${changed.length} 个文件与校验值不符（被改动或损坏）：${some(changed)}`);
    if (extra.length) problems.push(`多出 ${extra.length} 个清单外的文件：${some(extra)}`);

    // 账账相符.
    const manifestItems = [...manifest.entries.keys()].filter(isItemFile);
    let xlsx: string[] = [];
    if (present.has(XLSX_FILE)) {
      try {
        // In a bounded worker: a column at ZZZZZ or a shared-strings bomb once took 4 GB here.
        const read = await runBounded(
          'catalogue-codes',
          {
            bytes: await source.read(XLSX_FILE),
            shape: { file: XLSX_FILE, sheet: CATALOGUE_SHEET, headers: CATALOGUE_HEADERS },
          },
          { fileName: XLSX_FILE, budget: RUN_BUDGETS.catalogue },
        );
        xlsx = read.codes;
        problems.push(...read.problems);
      } catch (error) {
        problems.push(
          error instanceof AppError ? error.message : `${XLSX_FILE} 无法读取，可能已损坏`,
        );
      }
    } else problems.push(`缺少 ${XLSX_FILE}，无法核对目录件数`);
    let xml: XmlCatalogue['items'] = [];
    if (present.has(XML_FILE)) {
      try {
        xml = parseCatalogueXml((await source.read(XML_FILE)).toString('utf8')).items;
      } catch (error) {
        // saxes' own words ("unclosed tag") are not shown; the position says where.
        const at = /^(\d+:\d+)/.exec((error as Error).message)?.[1];
        problems.push(
          error instanceof AppError
            ? error.message
            : `${XML_FILE} 无法解析：不是完整的 XML${at ? `（第 ${at.replace(':', ' 行第 ')} 列附近）` : ''}，可能已损坏`,
        );
      }
    } else problems.push(`缺少 ${XML_FILE}，无法核对目录件数`);

    const catalogueProblems: string[] = [];
    if (xlsx.length !== xml.length || xml.length !== manifestItems.length) {
      catalogueProblems.push(
        `件数不符：${XLSX_FILE} ${xlsx.length} 件，${XML_FILE} ${xml.length} 件，清单中电子档案 ${manifestItems.length} 个`,
      );
    }
    const xmlFiles = new Set(xml.map((item) => item.电子档案名称));
    const unlisted = manifestItems.filter((f) => !xmlFiles.has(f));
    const notInManifest = [...xmlFiles].filter((f) => !manifest.entries.has(f));
    if (notInManifest.length) {
      catalogueProblems.push(`${XML_FILE} 中的电子档案不在清单里：${some(notInManifest)}`);
    }
    if (unlisted.length) {
      catalogueProblems.push(`清单中的电子档案不在 ${XML_FILE} 里：${some(unlisted)}`);
    }
    const xmlCodes = new Set(xml.map((item) => item.档号));
    const xlsxOnly = xlsx.filter((code) => !xmlCodes.has(code));
    const xlsxSet = new Set(xlsx);
    const xmlOnly = [...xmlCodes].filter((code) => !xlsxSet.has(code));
    if (xlsxOnly.length || xmlOnly.length) {
      catalogueProblems.push(
        `${XLSX_FILE} 与 ${XML_FILE} 的档号不一致：${[...xlsxOnly.map((c) => `仅在目录中 ${c}`), ...xmlOnly.map((c) => `仅在 XML 中 ${c}`)].slice(0, 10).join('、')}`,
      );
    }
    problems.push(...catalogueProblems);
    const agree =
      catalogueProblems.length === 0 &&
      present.has(XLSX_FILE) &&
      present.has(XML_FILE) &&
      xml.length > 0;
    return {
      ok: problems.length === 0 && agree,
      checked,
      missing,
      changed,
      extra,
      catalogue: {
        items: xlsx.length,
        xmlItems: xml.length,
        manifestFiles: manifestItems.length,
        agree,
      },
      problems,
    };
  } finally {
    await source.close();
  }
}
