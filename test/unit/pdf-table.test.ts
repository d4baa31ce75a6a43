import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fontBuffer, FONT_REGULAR } from '../../electron/documents/pdf/fonts';
import { PdfPages } from '../../electron/documents/pdf/page';
import { drawTable, fitColumns } from '../../electron/documents/pdf/table';
import { textWidth, wrapLines } from '../../electron/documents/pdf/text';
import { makeTempDir } from '../fixtures/temp-dir';

const pageText = (file: string, page: number) =>
  execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-'], {
    encoding: 'utf8',
  });
const pageCount = (file: string) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

describe('PDF text measurement and wrapping', () => {
  const doc = new PdfPages().doc;
  const style = { size: 10 };

  it('loads the font once and measures CJK wider than Latin', () => {
    expect(fontBuffer(FONT_REGULAR)).toBe(fontBuffer(FONT_REGULAR));
    const han = textWidth(doc, '网格', style);
    expect(han).toBeCloseTo(20, 0); // a full-width character is 1 em
    expect(textWidth(doc, 'ab', style)).toBeLessThan(han);
  });

  it('wraps Chinese between characters to the width', () => {
    const text = '防返贫动态监测网格化管理台账'.repeat(3);
    const lines = wrapLines(doc, text, 100, style); // ten characters per line
    expect(lines.join('')).toBe(text);
    expect(lines.length).toBe(5);
    for (const line of lines) expect(textWidth(doc, line, style)).toBeLessThanOrEqual(100.01);
  });

  it('keeps closing punctuation off the line start and opening punctuation off the line end', () => {
    // "一二三四五六七八九十" fills a line exactly; the comma must not start the next one.
    const lines = wrapLines(doc, '一二三四五六七八九十，十一（括号）', 100, style);
    expect(lines.join('')).toBe('一二三四五六七八九十，十一（括号）');
    for (const line of lines) {
      expect(line).not.toMatch(/^[，。、；：？！）》」]/);
      expect(line).not.toMatch(/[（《「]$/);
    }
    const open = wrapLines(doc, '一二三四五六七八九（十）', 100, style);
    for (const line of open) expect(line).not.toMatch(/（$/);
  });

  it('keeps a Latin word or number whole, breaks at spaces and newlines, cuts what is too long', () => {
    expect(textWidth(doc, '2026-04-30', style)).toBeLessThan(60);
    expect(wrapLines(doc, '登记日期 2026-04-30 已办结', 60, style)).toEqual([
      '登记日期',
      '2026-04-30',
      '已办结',
    ]);
    expect(wrapLines(doc, '第一行\n第二行', 200, style)).toEqual(['第一行', '第二行']);
    const long = '1234567890'.repeat(6);
    const cut = wrapLines(doc, long, 50, style);
    expect(cut.join('')).toBe(long);
    expect(cut.length).toBeGreaterThan(1);
    expect(wrapLines(doc, '', 50, style)).toEqual(['']);
  });
});

describe('PDF table over pages', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  const columns = [
    { header: '序号', width: 1, align: 'center' as const },
    { header: '户主姓名', width: 2 },
    { header: '问题描述（较长的中文会自动换行）', width: 7 },
    { header: '件数', width: 1, align: 'right' as const },
  ];

  it('repeats the header on every page and numbers the pages', async () => {
    const pages = new PdfPages({ title: '长表格' });
    pages.title('长表格测试');
    const rows = Array.from({ length: 90 }, (_, i) => [
      i + 1,
      `农户${i + 1}`,
      `第${i + 1}行：家中老人长期慢性病，需要定期复查和购药，${'自付费用较高，'.repeat(i % 4)}已登记`,
      i,
    ]);
    const result = drawTable(pages, { columns, rows });
    const file = path.join(temp.dir, 'table.pdf');
    fs.writeFileSync(file, await pages.finish());

    const count = pageCount(file);
    expect(count).toBeGreaterThanOrEqual(3);
    expect(result).toEqual({ firstPage: 1, lastPage: count, rows: 90 });
    const seen = new Set<number>();
    for (let page = 1; page <= count; page++) {
      const text = pageText(file, page);
      expect(text, `page ${page}`).toContain('户主姓名');
      expect(text, `page ${page}`).toContain('问题描述');
      expect(text, `page ${page}`).toMatch(new RegExp(`—\\s*${page}\\s*—`));
      for (const match of text.matchAll(/第(\d+)行：/g)) seen.add(Number(match[1]));
    }
    expect(seen.size).toBe(90);
    expect(pageText(file, 1)).toContain('长表格测试');
    expect(pageText(file, 2)).not.toContain('长表格测试');

    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansSC-Regular\s.*\syes\s+yes\s+yes/);
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansSC-Bold\s.*\syes\s+yes\s+yes/);
    expect(fonts).not.toMatch(/Helvetica/);
  });

  it('splits a row taller than a page and continues it under the repeated header', async () => {
    const pages = new PdfPages({ orientation: 'landscape' });
    const tall = Array.from({ length: 60 }, (_, i) => `记录${i + 1}`).join('\n');
    drawTable(pages, {
      columns,
      rows: [
        [1, '甲', '短行', 1],
        [2, '乙', tall, 2],
        [3, '丙', '最后一行', 3],
      ],
    });
    const file = path.join(temp.dir, 'tall.pdf');
    fs.writeFileSync(file, await pages.finish());
    const count = pageCount(file);
    expect(count).toBeGreaterThanOrEqual(2);
    const first = pageText(file, 1);
    const second = pageText(file, 2);
    // The tall row starts on page 1 right after the short one, and goes on on page 2.
    expect(first).toContain('短行');
    expect(first).toMatch(/记录1(?!\d)/);
    expect(second).not.toMatch(/记录1(?!\d)/);
    // 60 lines are more than a landscape page holds: every page after the first starts with
    // the header, and the records go on in order.
    expect(count).toBeGreaterThanOrEqual(3);
    const last = pageText(file, count);
    expect(last).toContain('记录60');
    expect(last).toContain('最后一行');
    let previous = 0;
    for (let page = 1; page <= count; page++) {
      const text = pageText(file, page);
      expect(text).toContain('户主姓名');
      for (const match of text.matchAll(/记录(\d+)/g)) {
        expect(Number(match[1])).toBe(previous + 1);
        previous = Number(match[1]);
      }
    }
    expect(previous).toBe(60);
  });

  it('moves a row that fits on a page to the next page whole', async () => {
    const pages = new PdfPages();
    // Fill most of the first page, then a ten-line row that cannot fit below.
    pages.skip(pages.frame.height - 120);
    const ten = Array.from({ length: 10 }, (_, i) => `整行${i + 1}`).join('\n');
    drawTable(pages, { columns, rows: [[1, '甲', ten, 1]] });
    const file = path.join(temp.dir, 'whole.pdf');
    fs.writeFileSync(file, await pages.finish());
    expect(pageCount(file)).toBe(2);
    // The header goes with the row: nothing of the table is left on page 1.
    expect(pageText(file, 1)).not.toContain('户主姓名');
    const second = pageText(file, 2);
    for (let i = 1; i <= 10; i++) expect(second).toContain(`整行${i}`);
  });
});

describe('table columns sized to content', () => {
  it('lets the columns that wrap anyway give way first, so short ones stay on one line', () => {
    const measure = { natural: [40, 200, 220], minimum: [40, 60, 60], wraps: [false, false, true] };
    // 60 points short: by default both long columns give way in proportion to their slack …
    const plain = fitColumns(measure, 400);
    expect(plain[1]).toBeLessThan(200);
    // … with wrappingFirst only the column that wraps whatever it gets does.
    const first = fitColumns(measure, 400, { wrappingFirst: true });
    expect(first.map(Math.round)).toEqual([40, 200, 160]);
    expect(first.reduce((a, b) => a + b, 0)).toBeCloseTo(400, 5);
    // Not enough there: the rest is shared as before.
    const tight = fitColumns(measure, 250, { wrappingFirst: true });
    expect(tight.reduce((a, b) => a + b, 0)).toBeCloseTo(250, 5);
    expect(tight[2]).toBeCloseTo(60, 5);
  });
});

describe('a 发文字号 in running text', () => {
  it('is never broken across lines', () => {
    const doc = new PDFDocument({ autoFirstPage: false });
    doc.registerFont(FONT_REGULAR, fontBuffer(FONT_REGULAR));
    const style = { font: FONT_REGULAR, size: 16 };
    const text =
      '杨柳村于2026年4月20日至2026年4月24日对拟识别认定的 6 户进行了公示（杨柳村委发〔2026〕1号），公示期间未收到异议。';
    for (let chars = 10; chars <= 30; chars++) {
      const lines = wrapLines(doc, text, chars * 16, style);
      expect(lines.join('').replace(/\s/g, ''), `${chars}`).toBe(text.replace(/\s/g, ''));
      expect(
        lines.some((line) => line.includes('〔2026〕1号')),
        `${chars}: ${lines.join(' / ')}`,
      ).toBe(true);
    }
  });
});
