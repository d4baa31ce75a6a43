import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { FONT_BOLD, registerFonts, resolvePrintFonts } from '../../electron/documents/pdf/fonts';
import { GBT9704, titleLines, titleWords } from '../../electron/documents/pdf/gbt9704';
import { mm } from '../../electron/documents/pdf/page';
import { textWidth } from '../../electron/documents/pdf/text';
import { renderNotice } from '../../electron/services/notices/notice-pdf';
import { makeTempDir } from '../fixtures/temp-dir';

/** Long titles of the kind villages post (GB/T 9704 §7.3.2: 回行时词意完整，排列对称). */
const TITLES = [
  '关于XX村2026年第二批防止返贫监测对象识别认定结果的公示',
  '关于石门县柳湾镇杨柳村2026年度防止返贫监测对象风险消除情况的公示',
  '杨柳村防止返贫动态监测网格划分及网格员公示',
  '柳湾镇杨柳村2026年第一季度防止返贫监测对象帮扶措施落实情况公示',
  '关于杨柳村第三村民小组2026年拟纳入防止返贫监测对象名单的公示',
  '杨柳村村民委员会关于2026年公益岗位人员聘用结果的公告',
  '关于调整杨柳村防止返贫动态监测网格员及帮扶责任人的公示',
  '石门县柳湾镇杨柳村防止返贫监测对象识别认定结果公告（第二批）',
];

/** Words no line may end inside (a place, a term of the work, a year, a count). */
const WHOLE = [
  '杨柳村',
  '柳湾镇',
  '石门县',
  '防止返贫',
  '监测对象',
  '识别认定',
  '风险消除',
  '网格员',
  '帮扶措施',
  '2026年',
  '第二批',
  '村民委员会',
  '公益岗位',
  '帮扶责任人',
];

const style = { font: FONT_BOLD, size: GBT9704.titleSize };
const WIDTH = mm(156);

function doc() {
  const d = new PDFDocument({ autoFirstPage: false });
  registerFonts(d);
  return d;
}

describe('notice titles broken at word boundaries', () => {
  it('keeps places, terms and years whole', () => {
    expect(titleWords('关于XX村2026年第二批防止返贫监测对象识别认定结果的公示')).toEqual([
      '关于',
      'XX村',
      '2026年',
      '第二批',
      '防止返贫',
      '监测对象',
      '识别认定',
      '结果的',
      '公示',
    ]);
    expect(titleWords('杨柳村防止返贫动态监测网格划分及网格员公示')).toEqual([
      '杨柳村',
      '防止返贫',
      '动态监测',
      '网格划分',
      '及',
      '网格员',
      '公示',
    ]);
    expect(titleWords('公告（第二批）').at(-1)).toBe('（第二批）');
  });

  it('sets each long title in the fewest lines, breaking only between words, lines balanced', () => {
    const d = doc();
    for (const title of TITLES) {
      const lines = titleLines(d, title, WIDTH, style);
      expect(lines.join(''), title).toBe(title);
      const widths = lines.map((line) => textWidth(d, line, style));
      for (const w of widths) expect(w, title).toBeLessThanOrEqual(WIDTH + 0.01);
      // As few lines as the words need (filling each line as far as it goes).
      let greedy = 1;
      let used = 0;
      for (const word of titleWords(title)) {
        const w = textWidth(d, word, style);
        if (used > 0 && used + w > WIDTH + 0.01) {
          greedy++;
          used = 0;
        }
        used += w;
      }
      expect(lines.length, title).toBe(greedy);
      // Never inside a word: every break falls on a word boundary and leaves the words whole.
      const words = titleWords(title);
      const boundaries = new Set(words.map((_, i) => words.slice(0, i + 1).join('').length));
      let at = 0;
      for (const line of lines.slice(0, -1)) {
        at += line.length;
        expect(boundaries.has(at), `${title}: ${lines.join(' / ')}`).toBe(true);
      }
      for (const word of WHOLE) {
        if (!title.includes(word)) continue;
        expect(
          lines.some((line) => line.includes(word)),
          `${word} split in ${lines.join(' / ')}`,
        ).toBe(true);
      }
      // Balanced: a two-line title has no short tail (排列对称).
      if (lines.length > 1) {
        expect(Math.min(...widths) / Math.max(...widths), lines.join(' / ')).toBeGreaterThan(0.6);
      }
      // No line starts with 的 or closing punctuation.
      for (const line of lines) expect(line, lines.join(' / ')).not.toMatch(/^[的，。、）》」]/);
    }
  });

  it('prints the broken title centred, line by line (pdftotext)', async () => {
    const temp = makeTempDir('vl-title-');
    try {
      const title = TITLES[1]!;
      const rendered = await renderNotice(
        {
          title,
          number: '〔2026〕3号',
          body: '现予以公示。',
          table: null,
          word: '公示',
          periodStart: '2026-05-06',
          periodEnd: '2026-05-10',
          supervisionPhone: '',
          issuer: '杨柳村村民委员会',
          issueDate: '2026-05-06',
        },
        resolvePrintFonts({ title: 'noto-sans', body: 'noto-sans' }, null),
      );
      const file = path.join(temp.dir, 'title.pdf');
      fs.writeFileSync(file, rendered.buffer);
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      const expected = titleLines(doc(), title, WIDTH, style);
      expect(expected.length).toBe(2);
      expect(text.split('\n').slice(0, 2)).toEqual(expected);
    } finally {
      temp.cleanup();
    }
  });
});
