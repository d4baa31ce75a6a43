import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../electron/api/errors';
import { XLSX_FILE } from '../../electron/services/archive/catalogue-files';
import { importPackage, removeImport } from '../../electron/services/archive/import';
import { pdfPageCount } from '../../electron/services/archive/items';
import { verifyPackage } from '../../electron/services/archive/verify';
import { runBounded } from '../../electron/services/files/bounded-run';
import { assertImagePixels } from '../../electron/services/files/image-size';
import { SHEET_LIMITS } from '../../electron/services/files/limits';
import { analyseImport } from '../../electron/services/roster-io/import';
import { unpackRows } from '../../electron/services/roster-io/packed-table';
import { assembleTable, type Row } from '../../electron/services/roster-io/read';
import {
  dagPdf,
  memoryMb,
  packageEntries,
  pdfkitPdf,
  rawPdf,
  rawXlsx,
  rawZip,
} from '../fixtures/hostile-files';
import { useTestRuntime } from '../fixtures/runtime';

/**
 * Issue 14 item 2: each hostile file that once grew the process to gigabytes, burned minutes
 * of CPU or left gigabytes behind is generated here and must now be refused with a Chinese
 * message naming the file, quickly, with the process alive. Bounds are counts and bytes; the
 * time limits are only a safety net.
 */

const CHINESE = /[\u4e00-\u9fff]/;

/** The refusal of `run`: an AppError in Chinese naming the file, within `seconds`. */
async function refusal(run: () => Promise<unknown>, seconds = 60): Promise<AppError> {
  const started = performance.now();
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the file was accepted').toBeInstanceOf(AppError);
  expect((error as AppError).message).toMatch(CHINESE);
  expect(performance.now() - started).toBeLessThan(seconds * 1000);
  return error as AppError;
}

const HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>户主姓名</t></is></c></row>';

describe('hostile spreadsheets (roster import, in the bounded worker)', () => {
  const runtime = useTestRuntime();
  const analyse = (fileName: string, bytes: Buffer) => () =>
    analyseImport(runtime().ctx, 'households', fileName, bytes);

  it('refuses a 3 KB xlsx with cells at column ZZZZZ (once 4 GB and a dead process)', async () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `<row r="${i + 2}"><c r="ZZZZZ${i + 2}"><v>1</v></c></row>`,
    ).join('');
    const file = rawXlsx('农户与成员', HEADER_ROW + rows);
    expect(file.length).toBeLessThan(4096);
    const error = await refusal(analyse('列炸弹.xlsx', file));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('「列炸弹.xlsx」');
    expect(error.message).toContain('XFD');
    expect(memoryMb().rss).toBeLessThan(1500);
  });

  it('refuses shared strings that inflate past their declared size or their bounds', async () => {
    // The 2 MB bomb: a part that declares 1 KB and inflates to 30 MB stops at byte 1,025.
    const lying = rawXlsx('农户与成员', HEADER_ROW, {
      sharedStrings: {
        name: 'xl/sharedStrings.xml',
        data: Buffer.alloc(30 * 1024 * 1024, 'a'),
        declaredSize: 1024,
      },
    });
    expect((await refusal(analyse('共享字符串.xlsx', lying))).message).toContain('比记录的大');
    // Declaring 4 GB honestly is refused before a byte is inflated.
    const huge = rawXlsx('农户与成员', HEADER_ROW, {
      sharedStrings: {
        name: 'xl/sharedStrings.xml',
        data: Buffer.from('<sst></sst>'),
        declaredSize: 0xffffffff,
      },
    });
    expect((await refusal(analyse('共享字符串.xlsx', huge))).message).toContain(
      '「xl/sharedStrings.xml」解压后超过 128 MB',
    );
    // Millions of empty strings: bounded by count.
    const many = rawXlsx('农户与成员', HEADER_ROW, {
      sharedStrings: { name: 'xl/sharedStrings.xml', data: Buffer.from('<si/>'.repeat(2_000_001)) },
    });
    expect((await refusal(analyse('共享字符串.xlsx', many))).message).toContain('共享字符串超过');
  });

  it('refuses an 88 KB sheet whose rows never close in one pass (once 268 s of CPU)', async () => {
    const open = Array.from(
      { length: 2600 },
      (_, i) => `<row r="${i + 2}"><c r="A${i + 2}"><v>1</v></c>`,
    ).join('');
    const file = rawXlsx('农户与成员', HEADER_ROW + open);
    expect(file.length).toBeLessThan(100 * 1024);
    expect(Buffer.byteLength(open)).toBeGreaterThan(80 * 1024);
    const started = performance.now();
    const error = await refusal(analyse('无行尾.xlsx', file), 30);
    expect(error.message).toContain('</row>');
    // The scan itself is linear: the reader alone (no worker start) answers in well under 5 s.
    const { readTable } = await import('../../electron/services/roster-io/read');
    const direct = performance.now();
    await expect(readTable(file, '无行尾.xlsx', '农户与成员')).rejects.toThrow('</row>');
    expect(performance.now() - direct).toBeLessThan(5000);
    expect(performance.now() - started).toBeLessThan(30_000);
    // A sheet that never closes a row at all is refused once it holds more than one row's
    // worth of text, not at its end.
    const endless = rawXlsx(
      '农户与成员',
      HEADER_ROW + `<row r="2">${'<c r="A2"><v>1</v></c>'.repeat(250_000)}`,
    );
    expect((await refusal(analyse('无行尾.xlsx', endless))).message).toContain('4 MB');
  });

  it('refuses an 18 MB CSV of tiny rows at the row bound (once 3.7 GB)', async () => {
    const csv = Buffer.from('户主姓名\n' + 'a\n'.repeat(9_000_000));
    expect(csv.length).toBeGreaterThan(18_000_000);
    const error = await refusal(analyse('小行.csv', csv));
    expect(error.message).toContain('「小行.csv」');
    expect(error.message).toContain(SHEET_LIMITS.roster.rows.toLocaleString('en-US'));
    expect(memoryMb().rss).toBeLessThan(1500);
  });

  it('turns a worker that runs out of heap or time into a Chinese error, the process alive', async () => {
    const csv = Buffer.from('户主姓名,电话\n' + '张三,13800138000\n'.repeat(150_000));
    const oom = await refusal(() =>
      runBounded(
        'roster-table',
        { bytes: csv, fileName: '内存.csv', sheet: '农户与成员' },
        { fileName: '内存.csv', budget: { heapMb: 24, timeoutMs: 60_000 } },
      ),
    );
    expect(oom.message).toContain('「内存.csv」');
    expect(oom.message).toContain('内存');
    const slow = await refusal(() =>
      runBounded(
        'roster-table',
        { bytes: csv, fileName: '超时.csv', sheet: '农户与成员' },
        { fileName: '超时.csv', budget: { heapMb: 512, timeoutMs: 1 } },
      ),
    );
    expect(slow.message).toContain('秒仍未完成');
    // The normal path through the same worker still reads every row.
    const rows: Row[] = [];
    const { sheet } = await runBounded(
      'roster-table',
      { bytes: csv, fileName: '正常.csv', sheet: '农户与成员' },
      {
        fileName: '正常.csv',
        budget: { heapMb: 512, timeoutMs: 60_000 },
        onPart: (part) => rows.push(...unpackRows(part)),
      },
    );
    const table = assembleTable(sheet, rows);
    expect(table.rows).toHaveLength(150_000);
    expect(table.rows[149_999]!.cells.map((c) => c.text)).toEqual(['张三', '13800138000']);
  });
});

describe('hostile PDFs and images (filing)', () => {
  it('refuses a 2 KB page-tree DAG that pdf-lib counted as 1,048,576 pages', async () => {
    const file = dagPdf(20);
    expect(file.length).toBeLessThan(2600);
    const error = await refusal(() => pdfPageCount(file, '页面树.pdf'), 30);
    expect(error.message).toContain('「页面树.pdf」');
    expect(error.message).toContain('页面树');
  });

  it('refuses a wide DAG (once 84 s in pdf-lib) and a tree past the page bound', async () => {
    // Three references to the next node per level: 3^12 = 531,441 paths in 3.7 KB.
    const objects = ['<< /Type /Catalog /Pages 2 0 R >>'];
    for (let i = 0; i < 12; i++)
      objects.push(`<< /Type /Pages /Kids [${i + 3} 0 R ${i + 3} 0 R ${i + 3} 0 R] /Count 1 >>`);
    objects.push('<< /Type /Page /MediaBox [0 0 595 842] >>');
    expect((await refusal(() => pdfPageCount(rawPdf(objects), '宽.pdf'), 30)).message).toContain(
      '页面树',
    );
    // 10,001 distinct pages (no DAG): refused at the page bound, not counted.
    const pages = Array.from({ length: 10_001 }, (_, i) => `${i + 3} 0 R`).join(' ');
    const many = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      `<< /Type /Pages /Kids [${pages}] /Count 10001 >>`,
      ...Array.from({ length: 10_001 }, () => '<< /Type /Page /MediaBox [0 0 595 842] >>'),
    ];
    expect((await refusal(() => pdfPageCount(rawPdf(many), '万页.pdf'), 60)).message).toContain(
      '页数超过 10,000 页',
    );
  });

  it('still counts the pages of a real PDF', async () => {
    expect(await pdfPageCount(await pdfkitPdf(3), '三页.pdf')).toBe(3);
  });

  it('refuses a PNG that declares 50,000 × 50,000 pixels before decoding it', () => {
    const png = Buffer.alloc(33);
    png.writeUInt32BE(0x89504e47, 0);
    png.writeUInt32BE(0x0d0a1a0a, 4);
    png.writeUInt32BE(13, 8);
    png.write('IHDR', 12, 'latin1');
    png.writeUInt32BE(50_000, 16);
    png.writeUInt32BE(50_000, 20);
    expect(() => assertImagePixels(png, '大图.png')).toThrow(/「大图\.png」.*50,000 × 50,000/);
  });
});

describe('hostile package zips (archive verify and import)', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const importsDir = () => path.join(ctx().dataDir, 'imports');
  const write = (name: string, data: Buffer) => {
    const file = path.join(ctx().dataDir, name);
    fs.writeFileSync(file, data);
    return file;
  };

  it('refuses a zip whose entries overlap, leaving nothing in imports/ (once 3 GB kept)', async () => {
    // One 40 MB deflate stream (about 40 KB) named 60 times: 2.4 GB if each name were unpacked.
    const entries = packageEntries('村档案', { '说明文件.TXT': Buffer.from('立档单位：某村') });
    const bomb = entries.push({ name: '村档案/电子档案/0.pdf', data: Buffer.alloc(40 << 20) }) - 1;
    const aliases = Array.from({ length: 60 }, (_, i) => ({
      of: bomb,
      name: `村档案/电子档案/${i + 1}.pdf`,
    }));
    const file = write('重叠.zip', rawZip(entries, aliases));
    expect(fs.statSync(file).size).toBeLessThan(300 * 1024);
    const error = await refusal(() => importPackage(ctx(), { path: file }));
    expect(error.message).toContain('重叠');
    expect(error.message).toContain('重叠.zip');
    expect(fs.readdirSync(importsDir())).toEqual([]);
    expect(ctx().sqlite.prepare('SELECT count(*) AS n FROM archive_imports').get()).toEqual({
      n: 0,
    });
    // Verifying the zip in place refuses it the same way.
    expect((await refusal(() => verifyPackage(file))).message).toContain('重叠');
  });

  it('refuses a zip that declares 1,000 times its size (a plain zip bomb)', async () => {
    const entries = packageEntries('村档案', { '大.bin': Buffer.alloc(100 << 20) });
    const file = write('炸弹.zip', rawZip(entries));
    const error = await refusal(() => importPackage(ctx(), { path: file }));
    expect(error.message).toContain('解压炸弹');
    expect(fs.readdirSync(importsDir())).toEqual([]);
  });

  it('refuses an entry that inflates past its declared size, writing nothing of it', async () => {
    const entries = packageEntries('村档案', { 'a.txt': Buffer.from('x') });
    entries.push({ name: '村档案/b.bin', data: Buffer.alloc(8 << 20), declaredSize: 10 });
    const file = write('撒谎.zip', rawZip(entries));
    const error = await refusal(() => importPackage(ctx(), { path: file }));
    expect(error.message).toContain('解压后比记录的大');
    expect(fs.readdirSync(importsDir())).toEqual([]);
  });

  it('reports a catalogue xlsx at column ZZZZZ as a problem of the package, without dying', async () => {
    const catalogue = rawXlsx(
      '归档文件目录',
      '<row r="1"><c r="ZZZZZ1"><v>1</v></c></row>'.repeat(1) +
        Array.from(
          { length: 30 },
          (_, i) => `<row r="${i + 2}"><c r="ZZZZZ${i + 2}"><v>1</v></c></row>`,
        ).join(''),
    );
    const file = write(
      '目录炸弹.zip',
      rawZip(
        packageEntries('村档案', {
          [XLSX_FILE]: catalogue,
          '文件目录.XML': Buffer.from('<档案/>'),
        }),
      ),
    );
    const check = await verifyPackage(file);
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toContain(`「${XLSX_FILE}」已拒绝读取`);
    expect(check.problems.join('\n')).toContain('XFD');
    // Imported, it is loaded and marked failed (the township must see it), and removable.
    const loaded = await importPackage(ctx(), { path: file });
    expect(loaded.check.ok).toBe(false);
    expect(fs.readdirSync(importsDir())).toEqual([String(loaded.id)]);
    await removeImport(ctx(), loaded.id);
    expect(fs.readdirSync(importsDir())).toEqual([]);
  });

  it('refuses a package that would not fit on the disk with room to spare, writing nothing', async () => {
    const file = write(
      '装不下.zip',
      rawZip(packageEntries('村档案', { '电子档案/1.pdf': await pdfkitPdf(1) })),
    );
    // A disk with 100 MB free: the package itself is small, but 512 MB must stay free.
    const statfs = vi
      .spyOn(fsp, 'statfs')
      .mockResolvedValue({ bavail: 100 * 256, bsize: 4096 } as Awaited<
        ReturnType<typeof fsp.statfs>
      >);
    try {
      const error = await refusal(() => importPackage(ctx(), { path: file }));
      expect(error.code).toBe('DISK_FULL');
      expect(error.message).toContain('「装不下.zip」解压后需要');
      expect(error.message).toContain('只剩 100 MB');
    } finally {
      statfs.mockRestore();
    }
    expect(fs.readdirSync(importsDir())).toEqual([]);
  });

  it('clears what a died import left in imports/, and removal deletes every file', async () => {
    fs.mkdirSync(path.join(importsDir(), '.partial-deadbeef', '电子档案'), { recursive: true });
    fs.writeFileSync(path.join(importsDir(), '.partial-deadbeef', '电子档案', 'x.pdf'), 'x');
    fs.mkdirSync(path.join(importsDir(), '77'));
    fs.writeFileSync(path.join(importsDir(), '77', 'left.txt'), 'x');
    const file = write(
      '小包.zip',
      rawZip(packageEntries('村档案', { '电子档案/1.pdf': await pdfkitPdf(1) })),
    );
    const loaded = await importPackage(ctx(), { path: file });
    expect(fs.readdirSync(importsDir())).toEqual([String(loaded.id)]);
    expect(fs.readdirSync(path.join(importsDir(), String(loaded.id))).sort()).toEqual([
      'SHA256SUMS.txt',
      '电子档案',
    ]);
    await removeImport(ctx(), loaded.id);
    expect(fs.readdirSync(importsDir())).toEqual([]);
    const audit = ctx()
      .sqlite.prepare("SELECT action FROM audit_log WHERE entity = 'archive_import' ORDER BY id")
      .all();
    expect(audit).toEqual([{ action: 'import' }, { action: 'delete' }]);
  });
});
