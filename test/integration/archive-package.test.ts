import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { SaxesParser } from 'saxes';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ArchiveItem,
  CatalogueRow,
  ExportResult,
  ImportDetail,
  ImportSummary,
  VerifyResult,
} from '../../electron/api/archive-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import { runCli } from '../../electron/cli/commands';
import { exportPackage } from '../../electron/services/archive/package';
import { verifyPackage } from '../../electron/services/archive/verify';
import { ZipWriter } from '../../electron/services/archive/zip-writer';
import type { ServiceContext } from '../../electron/services/context';
import { PdfPages } from '../../electron/documents/pdf/page';
import { FIXED_NOW, openTestRuntime, useTestRuntime } from '../fixtures/runtime';
import { makeTempDir } from '../fixtures/temp-dir';
import { call, callers, failure, VILLAGE } from '../fixtures/village';

const sha = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');
const pdfText = (file: string, page?: number) =>
  execFileSync(
    'pdftotext',
    [...(page === undefined ? [] : ['-f', String(page), '-l', String(page)]), '-layout', file, '-'],
    { encoding: 'utf8' },
  );
const flat = (text: string) => text.replace(/\s+/g, '');

/** A generated document as the app makes them (pdfkit, Chinese), distinct bytes per `n`. */
async function generatedPdf(title: string, n: number): Promise<Buffer> {
  const pages = new PdfPages({ title });
  pages.title(title);
  pages.text(`经村民代表会议研究，现将有关事项公示如下（第 ${n} 号）。`, { size: 12 });
  return pages.finish();
}

/** A scanner's PDF: pages in compressed object streams (pdf-lib's default). */
async function scannedPdf(pages: number, label: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    pdf.addPage([595, 842]).drawText(`${label} page ${i + 1}`, { x: 50, y: 780, size: 18, font });
  }
  return Buffer.from(await pdf.save({ useObjectStreams: true }));
}

/** A real JPG or PNG (a page rendered by poppler), as a phone or scanner gives. */
function image(dir: string, kind: 'jpeg' | 'png', source: Buffer): Buffer {
  const pdfFile = path.join(dir, `img-source-${kind}.pdf`);
  fs.writeFileSync(pdfFile, source);
  const out = path.join(dir, `img-${kind}`);
  execFileSync('pdftoppm', [`-${kind}`, '-r', '20', '-singlefile', pdfFile, out]);
  return fs.readFileSync(`${out}.${kind === 'jpeg' ? 'jpg' : 'png'}`);
}

interface Filed {
  items: ArchiveItem[];
  /** SHA-256 of each stored original before the export, by item id. */
  originals: Map<number, string>;
}

/**
 * A village with 全宗号 set and a small year of items: generated PDFs (one title with
 * characters XML must escape), a scanner PDF of two pages, a JPG and a PNG; across 综合类
 * (30 年) and 精准识别类 (永久).
 */
async function fileYear(
  ctx: ServiceContext,
  village = VILLAGE,
  fondsCode = 'Z109',
): Promise<Filed> {
  await call(ctx, 'setup.createVillage', village);
  await call(ctx, 'settings.update', { fondsCode });
  const items: ArchiveItem[] = [];
  const upload = async (bytes: Buffer, fileName: string, fields: Record<string, unknown>) =>
    items.push(
      await call<ArchiveItem>(ctx, 'archive.fileUpload', {
        fileName,
        data: bytes,
        date: '2026-03-05',
        ...fields,
      }),
    );
  for (let n = 1; n <= 3; n++) {
    await upload(await generatedPdf(`${village.village}公示（第${n}号）`, n), `notice-${n}.pdf`, {
      title:
        n === 2
          ? `${village.village}关于<低保>评议 & “复核”的公示`
          : `${village.village}公示（第${n}号）`,
      category: n === 3 ? '精准识别类' : '综合类',
      date: `2026-0${n + 1}-1${n}`,
      docNo: n === 1 ? `${village.village}〔2026〕1号` : undefined,
    });
  }
  await upload(await scannedPdf(2, 'signed form'), 'form.pdf', { title: '[村民代表会议签到表]' });
  const dir = ctx.dataDir;
  const source = await generatedPdf('扫描件', 9);
  await upload(image(dir, 'jpeg', source), 'scan.jpg', {
    title: '[农户申请书]',
    category: '精准识别类',
  });
  await upload(image(dir, 'png', source), 'scan.png', { title: '[入户核查表]', note: '照片' });
  const originals = new Map<number, string>();
  for (const item of items) {
    const row = ctx.sqlite.prepare('SELECT file FROM archive_items WHERE id = ?').get(item.id) as {
      file: string;
    };
    originals.set(item.id, sha(fs.readFileSync(path.join(ctx.dataDir, row.file))));
  }
  return { items, originals };
}

/** The package folder as a .zip (its entries under the folder's name), e.g. after tampering. */
async function zipFolder(folder: string, zipFile: string): Promise<void> {
  const zip = await ZipWriter.create(zipFile, FIXED_NOW);
  const visit = async (dir: string, prefix: string) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const relative = `${prefix}/${entry.name}`;
      if (entry.isDirectory()) await visit(path.join(dir, entry.name), relative);
      else await zip.add(relative, fs.readFileSync(path.join(dir, entry.name)), true);
    }
  };
  await visit(folder, path.basename(folder));
  await zip.close();
}

function copyFolder(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

describe('archive export package', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call: rcall } = callers(ctx);

  it('writes the catalogue xlsx with exactly the nine columns, 8-digit dates, A4 landscape', async () => {
    await fileYear(ctx());
    const result = await rcall<ExportResult>('archive.export', { year: 2026 });
    // Default place: <data>/exports/<全宗号>-<年度>-归档文件-<time>.
    expect(path.dirname(result.folder)).toBe(path.join(ctx().dataDir, 'exports'));
    expect(path.basename(result.folder)).toMatch(/^Z109-2026-归档文件-\d{8}-\d{6}$/);
    // 6 items, 说明, XML, xlsx, a catalogue PDF per retention (永久, 30年), 盒脊, 备考表.
    expect(result).toMatchObject({ zipFile: null, items: 6, files: 13 });
    const all = await rcall<CatalogueRow[]>('archive.catalogue', { year: 2026 });

    // One sheet per 年度-保管期限, permanent first, 序号 1… in each.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(result.folder, '归档文件目录.xlsx'));
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['2026-永久', '2026-30年']);
    expect(workbook.getWorksheet('2026-永久')!.rowCount).toBe(
      1 + all.filter((r) => r.retention === 'Y').length,
    );
    const catalogue = all
      .filter((r) => r.retention === 'D30')
      .map((row, i) => ({ ...row, seq: i + 1 }));
    const sheet = workbook.getWorksheet('2026-30年')!;
    expect(sheet.headerFooter.oddHeader).toContain('&14 2026年度 30年 归档文件目录');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      '序号',
      '档号',
      '文号',
      '责任者',
      '题名',
      '日期',
      '密级',
      '页数',
      '备注',
    ]);
    expect(sheet.rowCount).toBe(1 + catalogue.length);
    catalogue.forEach((row, i) => {
      const cells = sheet.getRow(i + 2);
      expect(cells.getCell(1).value).toBe(row.seq);
      expect(cells.getCell(2).value).toBe(row.archivalCode);
      expect(cells.getCell(5).value).toBe(row.title);
      const date = cells.getCell(6).value;
      expect(typeof date).toBe('string');
      expect(date).toMatch(/^\d{8}$/);
      expect(date).toBe(row.date);
      expect(cells.getCell(8).value).toBe(row.pages);
    });
    // The 文号 of item 1 and the JPG/PNG rows are there as filed.
    expect(all.map((r) => r.docNo)).toContain('杨柳村〔2026〕1号');
    // Ruled and wrapped like the paper catalogue (column styles taken by every row).
    expect(sheet.getRow(2).getCell(5).border?.top?.style).toBe('thin');
    expect(sheet.getRow(2).getCell(5).alignment).toMatchObject({
      wrapText: true,
      horizontal: 'left',
    });
    expect(sheet.getRow(1).getCell(5).alignment).toMatchObject({ horizontal: 'center' });
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.pageSetup.orientation).toBe('landscape');
    expect(sheet.pageSetup.paperSize).toBe(9);
    expect(sheet.pageSetup.printTitlesRow).toBe('1:1');

    // The same catalogue as PDF, one per retention: landscape, its cover on page 1 (全宗名称,
    // 年度, 保管期限, 起止件号), then every 档号 under the header.
    const pdf = path.join(result.folder, '归档文件目录-2026-30年.pdf');
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(
      /Page size:\s+841\.89 x 595\.28/,
    );
    const cover = flat(pdfText(pdf, 1));
    for (const word of [
      '归档文件目录',
      '全宗名称：杨柳村村民委员会',
      '全宗号：Z109',
      '年度：2026',
      '保管期限：30年',
      `起止件号：0001—${String(catalogue.length).padStart(4, '0')}`,
      `件数页数：${catalogue.length}件`,
    ]) {
      expect(cover).toContain(word);
    }
    expect(cover).not.toContain('序号档号');
    const text = flat(pdfText(pdf));
    expect(text).toContain('序号档号文号责任者题名日期密级页数备注');
    for (const row of catalogue) expect(text).toContain(row.archivalCode.replace(/\s+/g, ''));
    expect(flat(pdfText(path.join(result.folder, '归档文件目录-2026-永久.pdf'), 1))).toContain(
      '保管期限：永久',
    );
  });

  it('writes 文件目录.XML that parses and agrees with the catalogue, and 说明文件.TXT for Notepad', async () => {
    await fileYear(ctx());
    const result = await exportPackage(ctx(), { year: 2026 });
    const catalogue = await rcall<CatalogueRow[]>('archive.catalogue', { year: 2026 });
    const xml = fs.readFileSync(path.join(result.folder, '文件目录.XML'), 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);

    // Parsed with saxes (a strict XML parser): any unescaped < or & would throw here.
    const parser = new SaxesParser();
    const items: Record<string, string>[] = [];
    let current: Record<string, string> | null = null;
    let field: string | null = null;
    let rootAttributes: Record<string, string> = {};
    parser.on('opentag', (tag) => {
      if (tag.name === '文件目录') rootAttributes = tag.attributes as Record<string, string>;
      else if (tag.name === '文件') current = {};
      else if (current) {
        field = tag.name;
        current[field] = '';
      }
    });
    parser.on('text', (t) => {
      if (current && field) current[field] += t;
    });
    parser.on('closetag', (tag) => {
      if (tag.name === '文件') {
        items.push(current!);
        current = null;
      } else field = null;
    });
    parser.write(xml).close();

    expect(rootAttributes).toMatchObject({ 全宗号: 'Z109', 年度: '2026', 件数: '6' });
    expect(items).toHaveLength(catalogue.length);
    items.forEach((item, i) => {
      const row = catalogue[i]!;
      expect(Object.keys(item)).toEqual([
        '顺序号',
        '档号',
        '文号',
        '责任者',
        '题名',
        '日期',
        '密级',
        '页数',
        '电子档案名称',
        '备注',
      ]);
      expect(item).toMatchObject({
        顺序号: String(row.seq),
        档号: row.archivalCode,
        文号: row.docNo,
        页数: String(row.pages),
        责任者: row.responsible,
        题名: row.title,
        日期: row.date,
        备注: row.note,
        电子档案名称: `电子档案/2026/${row.category}/${row.archivalCode}.pdf`,
      });
      expect(fs.existsSync(path.join(result.folder, item['电子档案名称']!))).toBe(true);
    });
    // The escaped title came back exactly.
    expect(items.map((i) => i['题名'])).toContain('杨柳村关于<低保>评议 & “复核”的公示');

    const explanation = fs.readFileSync(path.join(result.folder, '说明文件.TXT'));
    expect([...explanation.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = explanation.toString('utf8');
    expect(text).toContain('\r\n');
    expect(text).not.toMatch(/[^\r]\n/);
    for (const line of [
      '立档单位：杨柳村村民委员会',
      '全宗号：Z109',
      '年度：2026',
      '件数：6',
      '导出人：测试员',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toContain('sha256sum -c SHA256SUMS.txt');
    expect(text).toContain('DA/T 22-2015');
  });

  it('stamps 归档章 on page 1 of every exported PDF and leaves the stored originals unchanged', async () => {
    const { items, originals } = await fileYear(ctx());
    const result = await exportPackage(ctx(), { year: 2026 });
    const catalogue = await rcall<CatalogueRow[]>('archive.catalogue', { year: 2026 });
    for (const row of catalogue) {
      const file = path.join(
        result.folder,
        '电子档案',
        '2026',
        row.category,
        `${row.archivalCode}.pdf`,
      );
      const first = flat(pdfText(file, 1));
      for (const label of ['全宗号', '年度', '件号', '机构(问题)', '保管期限', '页数']) {
        expect(first).toContain(label);
      }
      expect(first).toContain('Z1092026');
      expect(first).toContain(String(row.itemNo).padStart(4, '0'));
      expect(first).toContain(`防返贫监测${row.retention === 'Y' ? '永久' : '30年'}${row.pages}`);
      const pages = Number(
        /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1],
      );
      expect(pages).toBe(row.pages);
      // Page 2 of the two-page scan carries no stamp.
      if (row.pages > 1) expect(flat(pdfText(file, 2))).not.toContain('全宗号');
    }
    // The JPG and PNG became A4 PDF pages.
    const jpg = catalogue.find((r) => r.format === 'jpg')!;
    const jpgPdf = path.join(
      result.folder,
      '电子档案',
      '2026',
      jpg.category,
      `${jpg.archivalCode}.pdf`,
    );
    expect(fs.readFileSync(jpgPdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(execFileSync('pdfimages', ['-list', jpgPdf], { encoding: 'utf8' })).toMatch(/jpeg/);

    // Originals: byte for byte as filed (their SHA-256 before and after the export agree).
    for (const item of items) {
      const row = ctx()
        .sqlite.prepare('SELECT file, sha256 FROM archive_items WHERE id = ?')
        .get(item.id) as { file: string; sha256: string };
      const now = sha(fs.readFileSync(path.join(ctx().dataDir, row.file)));
      expect(now).toBe(originals.get(item.id));
      expect(now).toBe(row.sha256);
    }
    // A PDF original is the start of its stamped copy (an incremental update).
    const generated = catalogue.find((r) => r.format === 'pdf')!;
    const original = fs.readFileSync(path.join(ctx().dataDir, generated.file));
    const copy = fs.readFileSync(
      path.join(
        result.folder,
        '电子档案',
        '2026',
        generated.category,
        `${generated.archivalCode}.pdf`,
      ),
    );
    expect(copy.subarray(0, original.length).equals(original)).toBe(true);
    expect(copy.length).toBeGreaterThan(original.length);
  });

  it('writes a SHA-256 manifest sha256sum -c accepts, box labels and 备考表; a .zip that unzips the same', async () => {
    await fileYear(ctx());
    const progress: string[] = [];
    const result = await exportPackage(ctx(), {
      year: 2026,
      folder: path.join(ctx().dataDir, 'usb'),
      zip: true,
      perBox: 2,
      onProgress: (done, total, file) => progress.push(`${done}/${total} ${file}`),
    });
    expect(progress).toHaveLength(14);
    expect(progress.at(-1)).toBe('14/14 SHA256SUMS.txt');

    const manifest = fs.readFileSync(path.join(result.folder, 'SHA256SUMS.txt'), 'utf8');
    const listed = manifest
      .trim()
      .split('\n')
      .map((line) => line.slice(66));
    const walk = (dir: string, prefix = ''): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
          e.isDirectory()
            ? walk(path.join(dir, e.name), `${prefix}${e.name}/`)
            : [`${prefix}${e.name}`],
        );
    expect(listed.sort()).toEqual(
      walk(result.folder)
        .filter((f) => f !== 'SHA256SUMS.txt')
        .sort(),
    );
    const checked = execFileSync('sha256sum', ['-c', 'SHA256SUMS.txt'], {
      cwd: result.folder,
      encoding: 'utf8',
    });
    expect(checked.trim().split('\n')).toHaveLength(13);
    expect(checked).not.toMatch(/FAILED/);

    // 盒脊 and 备考表: boxes of 2 per retention (永久: 2 items, 30 年: 4 items → 1 + 2 boxes).
    // -raw: in drawing order, one strip after the other (-layout would interleave the four).
    const spines = flat(
      execFileSync('pdftotext', ['-raw', path.join(result.folder, '其他', '盒脊.pdf'), '-'], {
        encoding: 'utf8',
      }),
    );
    expect(spines).toContain('全宗号Z109年度2026保管期限永久起止件号0001—0002盒号1');
    expect(spines).toContain('保管期限30年起止件号0003—0004盒号2');
    const notes = pdfText(path.join(result.folder, '其他', '备考表.pdf'));
    expect(notes.match(/备\s*考\s*表/g)).toHaveLength(3);
    for (const word of [
      '情况说明',
      '整理人：测试员',
      '整理日期：2026年5月6日',
      '检查人',
      '检查日期',
    ]) {
      expect(flat(notes)).toContain(word);
    }

    // The zip holds the same files under the package's folder name, UTF-8 names (read back
    // with JSZip, an independent reader).
    expect(result.zipFile).toBe(`${result.folder}.zip`);
    const zip = await JSZip.loadAsync(fs.readFileSync(result.zipFile!));
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
    const top = path.basename(result.folder);
    expect(names.sort()).toEqual(
      walk(result.folder)
        .map((f) => `${top}/${f}`)
        .sort(),
    );
    for (const file of walk(result.folder)) {
      const inside = await zip.file(`${top}/${file}`)!.async('nodebuffer');
      expect(sha(inside)).toBe(sha(fs.readFileSync(path.join(result.folder, file))));
    }
    // No temporary names left behind.
    expect(fs.readdirSync(path.dirname(result.folder)).sort()).toEqual(
      [path.basename(result.folder), path.basename(result.zipFile!)].sort(),
    );
    const audit = ctx()
      .sqlite.prepare(
        "SELECT entity_id AS year, after FROM audit_log WHERE entity = 'archive_export'",
      )
      .all() as { year: string; after: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after)).toMatchObject({
      items: 6,
      files: 13,
      zipFile: result.zipFile,
    });
  });

  it('verify passes an untouched package and lists one changed byte, a missing and an extra file (folder and zip)', async () => {
    await fileYear(ctx());
    const result = await exportPackage(ctx(), { year: 2026, zip: true });
    for (const target of [result.folder, result.zipFile!]) {
      const clean = await rcall<VerifyResult>('archive.verify', { path: target });
      expect(clean).toEqual({
        ok: true,
        checked: 13,
        missing: [],
        changed: [],
        extra: [],
        catalogue: { items: 6, xmlItems: 6, manifestFiles: 6, agree: true },
        problems: [],
      });
    }

    const tampered = path.join(ctx().dataDir, 'tampered', path.basename(result.folder));
    copyFolder(result.folder, tampered);
    const items = fs.readdirSync(path.join(tampered, '电子档案', '2026', '综合类')).sort();
    const changedFile = `电子档案/2026/综合类/${items[0]}`;
    const bytes = fs.readFileSync(path.join(tampered, changedFile));
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0x01; // one bit of one byte
    fs.writeFileSync(path.join(tampered, changedFile), bytes);
    const missingFile = `电子档案/2026/综合类/${items[1]}`;
    fs.rmSync(path.join(tampered, missingFile));
    fs.writeFileSync(path.join(tampered, '其他', '补充说明.txt'), '后加的文件');
    const tamperedZip = path.join(ctx().dataDir, 'tampered.zip');
    await zipFolder(tampered, tamperedZip);

    // The folder given directly, its parent (one package inside), and the zip.
    for (const target of [tampered, path.dirname(tampered), tamperedZip]) {
      const check = await verifyPackage(target);
      expect(check.ok).toBe(false);
      expect(check.changed).toEqual([changedFile]);
      expect(check.missing).toEqual([missingFile]);
      expect(check.extra).toEqual(['其他/补充说明.txt']);
      expect(check.checked).toBe(12);
      // 账账相符: the catalogue lists 6, the manifest 6 — agree; the missing file is listed above.
      expect(check.catalogue).toEqual({ items: 6, xmlItems: 6, manifestFiles: 6, agree: true });
      expect(check.problems.join('\n')).toContain(`缺少 1 个文件：${missingFile}`);
      expect(check.problems.join('\n')).toContain('被改动或损坏');
    }

    // A package whose catalogue was edited by hand (an item removed from the XML and its
    // manifest line re-hashed so the files alone would pass): 账账相符 fails.
    const edited = path.join(ctx().dataDir, 'edited');
    copyFolder(result.folder, edited);
    const xmlFile = path.join(edited, '文件目录.XML');
    const xml = fs
      .readFileSync(xmlFile, 'utf8')
      .replace(/ {2}<文件>(?:(?!<\/文件>)[\s\S])*?<\/文件>\n/, '');
    fs.writeFileSync(xmlFile, xml);
    const manifestFile = path.join(edited, 'SHA256SUMS.txt');
    fs.writeFileSync(
      manifestFile,
      fs
        .readFileSync(manifestFile, 'utf8')
        .replace(/^[0-9a-f]{64}( {2}文件目录\.XML)$/m, `${sha(Buffer.from(xml))}$1`),
    );
    const check = await verifyPackage(edited);
    expect(check.changed).toEqual([]);
    expect(check.catalogue).toEqual({ items: 6, xmlItems: 5, manifestFiles: 6, agree: false });
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toContain('件数不符');
  });

  it('refuses to export from an original that changed since filing, and leaves nothing behind', async () => {
    const { items } = await fileYear(ctx());
    const row = ctx()
      .sqlite.prepare('SELECT file, archival_code AS code FROM archive_items WHERE id = ?')
      .get(items[1]!.id) as { file: string; code: string };
    fs.appendFileSync(path.join(ctx().dataDir, row.file), '\n% edited\n');
    const folder = path.join(ctx().dataDir, 'out');
    const error = await failure(ctx(), 'archive.export', { year: 2026, folder, zip: true });
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain(row.code);
    expect(error.message).toContain('SHA-256');
    expect(fs.readdirSync(folder)).toEqual([]);

    const empty = await failure(ctx(), 'archive.export', { year: 2025 });
    expect(empty.message).toContain('2025 年度还没有归档文件');
  });

  it('archive.exportFile gives the package as one .zip payload', async () => {
    await fileYear(ctx());
    const file = await rcall<FilePayload>('archive.exportFile', { year: 2026 });
    expect(file.fileName).toMatch(/^Z109-2026-归档文件-\d{8}-\d{6}\.zip$/);
    const zipFile = path.join(ctx().dataDir, file.fileName);
    fs.writeFileSync(zipFile, Buffer.from(file.data));
    expect((await verifyPackage(zipFile)).ok).toBe(true);
    expect(fs.readdirSync(path.join(ctx().dataDir, 'tmp'))).toEqual([]);
  });
});

describe('archive import (read-only, side by side)', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call: rcall, fail } = callers(ctx);
  const others: Awaited<ReturnType<typeof openTestRuntime>>[] = [];
  afterEach(() => others.splice(0).forEach((o) => o.cleanup()));

  /** Another village's package, exported in its own data folder. */
  async function villagePackage(
    village: string,
    fondsCode: string,
    zip: boolean,
  ): Promise<ExportResult> {
    const other = await openTestRuntime();
    others.push(other);
    await fileYear(other.ctx, { ...VILLAGE, village }, fondsCode);
    return exportPackage(other.ctx, { year: 2026, zip });
  }

  it('loads two villages’ packages side by side with their 账账相符, unchanged and read-only', async () => {
    const a = await villagePackage('杨柳村', 'Z109', true);
    const b = await villagePackage('鹿林村', 'Z110', false);
    const first = await rcall<ImportSummary>('archive.importPackage', { path: a.zipFile });
    const second = await rcall<ImportSummary>('archive.importPackage', { path: b.folder });
    expect(first).toMatchObject({
      label: '杨柳村村民委员会',
      sourceName: path.basename(a.zipFile!),
      fondsCode: 'Z109',
      year: 2026,
      folder: path.join(ctx().dataDir, 'imports', String(first.id)),
      itemCount: 6,
      fileCount: 13,
    });
    expect(second).toMatchObject({
      label: '鹿林村村民委员会',
      fondsCode: 'Z110',
      sourceName: path.basename(b.folder),
    });
    for (const summary of [first, second]) {
      expect(summary.check.ok).toBe(true);
      expect(summary.check.catalogue).toEqual({
        items: 6,
        xmlItems: 6,
        manifestFiles: 6,
        agree: true,
      });
    }

    const list = await rcall<ImportSummary[]>('archive.imports', {});
    expect(list.map((i) => i.label)).toEqual(['鹿林村村民委员会', '杨柳村村民委员会']);
    const detail = await rcall<ImportDetail>('archive.importDetail', { id: first.id });
    expect(detail.items).toHaveLength(6);
    expect(detail.items[0]).toMatchObject({ seq: 1, archivalCode: 'Z109-WS·2026-Y-FFP-0001' });
    expect(detail.items.map((i) => i.title)).toContain('杨柳村关于<低保>评议 & “复核”的公示');

    // The kept copy is the package byte for byte (the zip unpacked from its folder).
    const kept = path.join(ctx().dataDir, 'imports', String(first.id));
    expect(
      fs
        .readFileSync(path.join(kept, 'SHA256SUMS.txt'))
        .equals(fs.readFileSync(path.join(a.folder, 'SHA256SUMS.txt'))),
    ).toBe(true);
    expect((await verifyPackage(kept)).ok).toBe(true);
    // Nothing entered the village's own archive.
    expect(ctx().sqlite.prepare('SELECT count(*) AS n FROM archive_items').get()).toEqual({ n: 0 });
    const audit = ctx()
      .sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'archive_import'")
      .get();
    expect(audit).toEqual({ n: 2 });

    // The same package again is refused.
    const again = await fail('archive.importPackage', { path: a.folder });
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain(`编号 ${first.id}`);
  });

  it('loads a package that fails verification, marked with its problems', async () => {
    const a = await villagePackage('杨柳村', 'Z109', false);
    const damaged = path.join(ctx().dataDir, 'incoming', path.basename(a.folder));
    copyFolder(a.folder, damaged);
    const victim = fs.readdirSync(path.join(damaged, '电子档案', '2026', '综合类'))[0]!;
    fs.rmSync(path.join(damaged, '电子档案', '2026', '综合类', victim));
    const loaded = await rcall<ImportSummary>('archive.importPackage', { path: damaged });
    expect(loaded.check.ok).toBe(false);
    expect(loaded.check.missing).toEqual([`电子档案/2026/综合类/${victim}`]);
    expect(loaded.itemCount).toBe(6);
    expect(loaded.fileCount).toBe(12);
    const listed = await rcall<ImportSummary[]>('archive.imports', {});
    expect(listed[0]!.check.problems[0]).toContain('缺少 1 个文件');
  });

  it('reads a package zipped by other software: GBK names without the UTF-8 flag, data descriptors', async () => {
    const a = await villagePackage('杨柳村', 'Z109', false);
    // As Windows' 压缩(zipped)文件夹 on a Chinese system names entries (CP936), and streamed
    // entries whose sizes follow the data (JSZip's streamFiles).
    const zip = new JSZip();
    const top = path.basename(a.folder);
    const walk = (dir: string, prefix: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
        else zip.file(`${prefix}${entry.name}`, fs.readFileSync(path.join(dir, entry.name)));
      }
    };
    walk(a.folder, `${top}/`);
    const bytes = await zip.generateAsync({
      type: 'nodebuffer',
      compression: 'DEFLATE',
      streamFiles: true,
      // JSZip takes the encoded name as a "binary string" (one character per byte).
      encodeFileName: (name) => iconv.encode(name, 'gbk').toString('latin1'),
    });
    expect(bytes.includes(Buffer.from('电子档案', 'utf8'))).toBe(true); // only in the Unicode extra field
    expect(bytes.includes(iconv.encode('电子档案', 'gbk'))).toBe(true);
    const file = path.join(ctx().dataDir, 'from-windows.zip');
    fs.writeFileSync(file, bytes);
    expect((await verifyPackage(file)).ok).toBe(true);

    // Without the Unicode Path extra field (Windows' own zipper writes none): the GBK bytes of
    // the names alone. The field's id is overwritten in the central directory, where names
    // are read from.
    const bare = Buffer.from(bytes);
    const end = bare.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    let at = bare.readUInt32LE(end + 16);
    let renamed = 0;
    for (let i = 0; i < bare.readUInt16LE(end + 10); i++) {
      const nameLength = bare.readUInt16LE(at + 28);
      const extraLength = bare.readUInt16LE(at + 30);
      for (let x = at + 46 + nameLength; x < at + 46 + nameLength + extraLength;) {
        if (bare.readUInt16LE(x) === 0x7075) {
          bare.writeUInt16LE(0x9999, x);
          renamed++;
        }
        x += 4 + bare.readUInt16LE(x + 2);
      }
      at += 46 + nameLength + extraLength + bare.readUInt16LE(at + 32);
    }
    // Every entry: 14 files and the 6 folders JSZip lists, each path with Chinese in it.
    expect(renamed).toBe(14 + 6);
    const bareFile = path.join(ctx().dataDir, 'from-windows-bare.zip');
    fs.writeFileSync(bareFile, bare);
    expect((await verifyPackage(bareFile)).ok).toBe(true);
    const loaded = await rcall<ImportSummary>('archive.importPackage', { path: bareFile });
    expect(loaded).toMatchObject({ label: '杨柳村村民委员会', itemCount: 6, fileCount: 13 });
    expect(loaded.check.ok).toBe(true);
  });

  it('refuses a zip whose entry would land outside its folder (../), writing nothing', async () => {
    const evil = path.join(ctx().dataDir, 'evil.zip');
    const zip = await ZipWriter.create(evil, FIXED_NOW);
    await zip.add(
      'pkg/SHA256SUMS.txt',
      Buffer.from(`${sha(Buffer.from('x'))}  ../../escaped.txt\n`),
      true,
    );
    await zip.add('pkg/../../escaped.txt', Buffer.from('x'), true);
    await zip.close();
    const error = await fail('archive.importPackage', { path: evil });
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('不安全的文件路径');
    expect(error.message).toContain('../../escaped.txt');
    expect(fs.existsSync(path.join(ctx().dataDir, 'escaped.txt'))).toBe(false);
    expect(fs.existsSync(path.join(path.dirname(ctx().dataDir), 'escaped.txt'))).toBe(false);
    expect(fs.readdirSync(path.join(ctx().dataDir, 'imports'))).toEqual([]);
    expect(ctx().sqlite.prepare('SELECT count(*) AS n FROM archive_imports').get()).toEqual({
      n: 0,
    });
    await expect(verifyPackage(evil)).rejects.toThrow('不安全的文件路径');

    // An absolute name is refused too; a folder without a manifest is not a package.
    const absolute = path.join(ctx().dataDir, 'absolute.zip');
    const zip2 = await ZipWriter.create(absolute, FIXED_NOW);
    await zip2.add('/etc/SHA256SUMS.txt', Buffer.from('x'), true);
    await zip2.close();
    expect((await fail('archive.importPackage', { path: absolute })).message).toContain('不安全');
    fs.mkdirSync(path.join(ctx().dataDir, 'not-a-package'));
    expect(
      (await fail('archive.importPackage', { path: path.join(ctx().dataDir, 'not-a-package') }))
        .message,
    ).toContain('不是档案包');
  });
});

describe('archive CLI: archive-export, archive-verify, archive-import', () => {
  const temps: ReturnType<typeof makeTempDir>[] = [];
  afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));

  async function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('exports with --zip, verifies (exit 1 listing the problems when not ok) and imports', async () => {
    const village = await openTestRuntime();
    await fileYear(village.ctx);
    const db = village.ctx.databaseFile;
    // One program at a time holds the database: the test's own session steps aside.
    village.session.close();
    const temp = makeTempDir();
    temps.push(temp);
    try {
      const out = path.join(temp.dir, 'out');
      const exported = await cli([
        'archive-export',
        '--db',
        db,
        '--year',
        '2026',
        '--out',
        out,
        '--zip',
      ]);
      expect(exported.code).toBe(0);
      const folder = /档案包：(.+)/.exec(exported.out)![1]!;
      const zipFile = /压缩包：(.+)/.exec(exported.out)![1]!;
      expect(exported.out).toContain('2026 年度 6 件，共 13 个文件');
      expect(exported.err).toContain('导出中：14/14');

      const ok = await cli(['archive-verify', '--db', db, zipFile]);
      expect(ok.code).toBe(0);
      expect(ok.out).toContain('校验通过');
      expect(ok.out).toContain(
        '账账相符：归档文件目录 6 件，文件目录.XML 6 件，电子档案 6 个 —— 相符',
      );

      fs.appendFileSync(path.join(folder, '归档文件目录-2026-30年.pdf'), 'x');
      const bad = await cli(['archive-verify', '--db', db, folder]);
      expect(bad.code).toBe(1);
      expect(bad.out).toContain('改动：归档文件目录-2026-30年.pdf');
      expect(bad.err).toContain('校验未通过');

      const usage = await cli(['archive-verify', '--db', db]);
      expect(usage.code).toBe(1);
      expect(usage.err).toContain('请给出一个档案包');

      const township = path.join(temp.dir, 'township.db');
      const imported = await cli(['archive-import', '--db', township, zipFile]);
      expect(imported.code).toBe(0);
      expect(imported.out).toContain(
        '已导入（编号 1）：杨柳村村民委员会，全宗号 Z109，年度 2026，6 件，13 个文件',
      );
      expect(imported.out).toContain('校验通过');
    } finally {
      village.cleanup();
    }
  });
});
