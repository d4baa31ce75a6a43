import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FONT_BOLD,
  FONT_REGULAR,
  fontPath,
  resolveFont,
  resolveNoticeFonts,
  resolvePrintFonts,
  systemFontDir,
  type PrintFonts,
} from '../../electron/documents/pdf/fonts';
import { GBT9704, noticeMargins } from '../../electron/documents/pdf/gbt9704';
import { mm } from '../../electron/documents/pdf/page';
import { renderNotice, type NoticeLayout } from '../../electron/services/notices/notice-pdf';
import { makeTempDir } from '../fixtures/temp-dir';

const LAYOUT: NoticeLayout = {
  title: '杨柳村防止返贫监测对象识别认定公示',
  number: '〔2026〕第1号',
  body: '经村两委核实评议，拟将以下农户识别认定为防止返贫监测对象，现予以公示。',
  table: {
    columns: ['序号', '户主姓名', '所在组', '家庭人口', '监测类别', '备注'],
    rows: [
      ['1', '张三', '一组', '2', '脱贫不稳定户', ''],
      ['2', '周五', '二组', '3', '边缘易致贫户', ''],
    ],
  },
  word: '公示',
  periodStart: '2026-05-06',
  periodEnd: '2026-05-10',
  supervisionPhone: '0871-6123456',
  issuer: '杨柳村村民委员会',
  issueDate: '2026-05-06',
};

/** Wraps one TTF into a TrueType collection (what simsun.ttc is): header + shifted offsets. */
function asCollection(ttf: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.write('ttcf', 0, 'latin1');
  header.writeUInt32BE(0x00010000, 4);
  header.writeUInt32BE(1, 8);
  header.writeUInt32BE(16, 12);
  const font = Buffer.from(ttf);
  const tables = font.readUInt16BE(4);
  for (let i = 0; i < tables; i++) {
    const at = 12 + 16 * i + 8;
    font.writeUInt32BE(font.readUInt32BE(at) + 16, at);
  }
  return Buffer.concat([header, font]);
}

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

function words(file: string, page?: number): Word[] {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  const html = execFileSync('pdftotext', ['-bbox', ...range, file, '-'], { encoding: 'utf8' });
  return [
    ...html.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    ),
  ].map((m) => ({
    text: m[5]!,
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
  }));
}

describe('print font choice', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir('vl-fonts-');
  });
  afterEach(() => temp.cleanup());

  const write = async (fonts: PrintFonts, name: string) => {
    const file = path.join(temp.dir, name);
    fs.writeFileSync(file, (await renderNotice(LAYOUT, fonts)).buffer);
    return file;
  };
  const pdffonts = (file: string) => execFileSync('pdffonts', [file], { encoding: 'utf8' });

  it('uses the bundled Noto Sans SC for noto-sans: bold titles, regular body', () => {
    expect(resolveFont('noto-sans', 'title', temp.dir)).toMatchObject({
      name: FONT_BOLD,
      fallback: false,
      note: null,
    });
    expect(resolveFont('noto-sans', 'body', null)).toMatchObject({
      name: FONT_REGULAR,
      label: '思源黑体（内置）',
      fallback: false,
    });
  });

  it('falls back to Noto Sans SC with a note when the Windows font is absent', async () => {
    const absent = resolveFont('simfang', 'body', temp.dir);
    expect(absent).toMatchObject({ name: FONT_REGULAR, fallback: true, choice: 'simfang' });
    expect(absent.note).toBe(
      `未找到仿宋字体（${path.join(temp.dir, 'simfang.ttf')}），已改用思源黑体（内置）`,
    );
    expect(resolveFont('kaiti', 'title', null).note).toBe(
      '本机不是 Windows，没有楷体字体，已改用思源黑体（内置）',
    );
    const fonts = resolvePrintFonts({ title: 'noto-sans', body: 'simfang' }, temp.dir);
    expect(fonts.notes).toEqual([absent.note]);
    const fonts2 = pdffonts(await write(fonts, 'fallback.pdf'));
    expect(fonts2).toMatch(/[A-Z]{6}\+NotoSansSC-Regular\s.*\syes\s+yes\s+yes/);
    expect(fonts2).toMatch(/[A-Z]{6}\+NotoSansSC-Bold\s.*\syes\s+yes\s+yes/);
  });

  it('uses a Windows font that is present (checked once, cached) and embeds it as a subset', async () => {
    // A copy of the bundled bold face named simfang.ttf: the body text must come out in it,
    // so the PDF has no regular weight at all.
    fs.copyFileSync(fontPath(FONT_BOLD), path.join(temp.dir, 'simfang.ttf'));
    const present = resolveFont('simfang', 'body', temp.dir);
    expect(present).toMatchObject({
      label: '仿宋',
      fallback: false,
      note: null,
      name: `simfang:${path.join(temp.dir, 'simfang.ttf')}`,
    });
    const fonts = resolvePrintFonts({ title: 'noto-sans', body: 'simfang' }, temp.dir);
    expect(fonts.notes).toEqual([]);
    const file = await write(fonts, 'simfang.pdf');
    const list = pdffonts(file);
    expect(list).toMatch(/[A-Z]{6}\+NotoSansSC-Bold\s.*\syes\s+yes\s+yes/);
    expect(list).not.toMatch(/NotoSansSC-Regular/);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('脱贫不稳定户');

    // Checked once: the answer stays for the process even when the file goes away.
    fs.rmSync(path.join(temp.dir, 'simfang.ttf'));
    expect(resolveFont('simfang', 'body', temp.dir)).toBe(present);
  });

  it('falls back when a font file cannot be used (a damaged file, a collection without SimSun)', () => {
    fs.writeFileSync(path.join(temp.dir, 'simhei.ttf'), Buffer.from('not a font at all'));
    const damaged = resolveFont('simhei', 'title', temp.dir);
    expect(damaged).toMatchObject({ name: FONT_BOLD, fallback: true });
    expect(damaged.note).toBe(
      `黑体字体文件（${path.join(temp.dir, 'simhei.ttf')}）无法使用，已改用思源黑体（内置）`,
    );
    // 宋体 is read from the collection by its PostScript name SimSun; this one has only Noto.
    fs.writeFileSync(
      path.join(temp.dir, 'simsun.ttc'),
      asCollection(fs.readFileSync(fontPath(FONT_REGULAR))),
    );
    const collection = resolveFont('simsun', 'body', temp.dir);
    expect(collection).toMatchObject({ fallback: true, name: FONT_REGULAR });
    expect(collection.note).toContain('宋体字体文件');
  });

  it('looks in %WINDIR%\\Fonts on Windows only, unless VILLAGE_LEDGER_FONT_DIR says otherwise', () => {
    const saved = process.env.VILLAGE_LEDGER_FONT_DIR;
    try {
      process.env.VILLAGE_LEDGER_FONT_DIR = temp.dir;
      expect(systemFontDir()).toBe(temp.dir);
      delete process.env.VILLAGE_LEDGER_FONT_DIR;
      if (process.platform !== 'win32') expect(systemFontDir()).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.VILLAGE_LEDGER_FONT_DIR;
      else process.env.VILLAGE_LEDGER_FONT_DIR = saved;
    }
  });
});

describe('GB/T 9704 notice frame', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir('vl-frame-');
  });
  afterEach(() => temp.cleanup());

  it('has the standard margins and text block', () => {
    const portrait = noticeMargins('portrait');
    expect(portrait.top).toBeCloseTo(mm(37), 5);
    expect(portrait.left).toBeCloseTo(mm(28), 5);
    expect(mm(210) - portrait.left - portrait.right).toBeCloseTo(mm(156), 5);
    expect(mm(297) - portrait.top - portrait.bottom).toBeCloseTo(mm(225), 5);
  });

  it('places title, body, issuer, date and page number where the standard says', async () => {
    const fonts = resolvePrintFonts({ title: 'noto-sans', body: 'noto-sans' }, null);
    const rendered = await renderNotice(LAYOUT, fonts);
    expect(rendered).toMatchObject({ pages: 1, orientation: 'portrait' });
    const file = path.join(temp.dir, 'frame.pdf');
    fs.writeFileSync(file, rendered.buffer);
    const all = words(file);
    const find = (text: string) => {
      const word = all.find((w) => w.text === text);
      if (!word) throw new Error(`${text} not in ${all.map((w) => w.text).join(' ')}`);
      return word;
    };
    const left = mm(28);
    const right = mm(28 + 156);

    const title = find(LAYOUT.title);
    expect(title.yMin).toBeGreaterThanOrEqual(mm(37) - 0.5);
    expect(title.yMax - title.yMin).toBeCloseTo(GBT9704.titleSize * 1.448, 0); // 2号 22 pt
    expect((title.xMin + title.xMax) / 2).toBeCloseTo((left + right) / 2, 0);

    // Body in 3号 (16 pt), each paragraph two characters in.
    const body = all.find((w) => w.text.startsWith('经村两委'))!;
    expect(body.xMin).toBeCloseTo(left + 2 * GBT9704.bodySize, 0);
    expect(body.yMax - body.yMin).toBeCloseTo(GBT9704.bodySize * 1.448, 0);

    // The date ends four characters from the right edge; the issuer is centred over it.
    const date = find('2026年5月6日');
    const issuer = find('杨柳村村民委员会');
    expect(date.xMax).toBeCloseTo(right - 4 * GBT9704.bodySize, 0);
    expect((issuer.xMin + issuer.xMax) / 2).toBeCloseTo((date.xMin + date.xMax) / 2, 0);
    expect(issuer.yMin).toBeLessThan(date.yMin);
    // Room for the seal above the issuer (the seal is 42 mm across and covers both lines).
    const period = all.find((w) => w.text.startsWith('监督电话'))!;
    expect(issuer.yMin - period.yMax).toBeGreaterThan(mm(42) - 3 * GBT9704.bodySize * 1.8);

    // "— 1 —" 7 mm below the text block.
    const number = all.find((w) => w.text === '1' && w.yMin > mm(37 + 225))!;
    expect(number.yMin).toBeCloseTo(mm(37 + 225 + 7), 0);
    expect(all.filter((w) => w.text === '—' && Math.abs(w.yMin - number.yMin) < 1)).toHaveLength(2);
  });

  it('turns a wide table to landscape and keeps the issuer off a page of its own', async () => {
    const fonts = resolvePrintFonts({ title: 'noto-sans', body: 'noto-sans' }, null);
    const wide: NoticeLayout = {
      ...LAYOUT,
      title: '杨柳村防止返贫动态监测网格划分及网格员公示',
      table: {
        columns: [
          '序号',
          '网格',
          '包保户数',
          '职务',
          '姓名',
          '工作单位及职务',
          '联系电话',
          '工作职责',
        ],
        rows: [
          [
            '1',
            '一组',
            '48',
            '网格长',
            '李四',
            '杨柳村村民委员会 村民小组长',
            '13800138000',
            '负责本组农户的走访排查、信息收集、政策宣传和困难上报',
          ],
        ],
      },
    };
    const landscape = await renderNotice(wide, fonts);
    expect(landscape.orientation).toBe('landscape');
    const narrow = await renderNotice(LAYOUT, fonts);
    expect(narrow.orientation).toBe('portrait');

    // Whatever the table's length, the issuer and date are never alone on the last page:
    // the 公示期 and 监督电话 lines go with them (and at some length they all move over).
    let movedOver = 0;
    for (let n = 12; n <= 24; n++) {
      const long: NoticeLayout = {
        ...LAYOUT,
        table: {
          columns: LAYOUT.table!.columns,
          rows: Array.from({ length: n }, (_, i) => [
            String(i + 1),
            `户${i + 1}`,
            '一组',
            '2',
            '脱贫不稳定户',
            '',
          ]),
        },
      };
      const rendered = await renderNotice(long, fonts);
      const file = path.join(temp.dir, `long-${n}.pdf`);
      fs.writeFileSync(file, rendered.buffer);
      const last = execFileSync(
        'pdftotext',
        ['-f', String(rendered.pages), '-l', String(rendered.pages), file, '-'],
        { encoding: 'utf8' },
      );
      expect(last, `${n} rows`).toContain('杨柳村村民委员会');
      expect(last, `${n} rows`).toContain('公示期：2026年5月6日至2026年5月10日。');
      expect(last, `${n} rows`).toContain('监督电话：0871-6123456。');
      // Never the closing alone: on a page of its own the table's last rows come with it.
      if (rendered.pages === 2) {
        expect(last, `${n} rows`).toContain('户主姓名');
        expect(last, `${n} rows`).toContain(`户${n}`);
        movedOver++;
      }
    }
    expect(movedOver).toBeGreaterThan(0);
  });
});

describe('notice fonts (GB/T 9704: 小标宋 title, 仿宋 body)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir('vl-notice-fonts-');
  });
  afterEach(() => temp.cleanup());

  // Fake font files: the bundled faces under the Windows names (a usable CJK font each).
  const install = (name: string, collection = false) => {
    const data = fs.readFileSync(fontPath(FONT_REGULAR));
    fs.writeFileSync(path.join(temp.dir, name), collection ? asCollection(data) : data);
  };
  const choose = (dir: string | null = temp.dir) =>
    resolveNoticeFonts({ title: 'noto-sans', body: 'noto-sans' }, dir);
  // Each call looks again (the cache is per folder): a fresh sub-folder per step.
  let step = 0;
  const folder = (...names: string[]) => {
    const dir = path.join(temp.dir, `step-${step++}`);
    fs.mkdirSync(dir);
    for (const name of names) {
      fs.copyFileSync(path.join(temp.dir, name), path.join(dir, name));
    }
    return dir;
  };

  it('takes 方正小标宋简体, then 华文中宋, then 宋体; 仿宋_GB2312, then 仿宋; the bundled font last', () => {
    install('FZXBSJW.TTF');
    install('STZHONGS.TTF');
    install('simfang.ttf');
    install('仿宋_GB2312.ttf');
    install('SIMHEI.TTF');

    const all = choose(folder('FZXBSJW.TTF', 'STZHONGS.TTF', 'simfang.ttf', '仿宋_GB2312.ttf'));
    expect([all.title.label, all.body.label]).toEqual(['方正小标宋简体', '仿宋_GB2312']);
    expect(all.notes).toEqual([
      '标题用方正小标宋简体（FZXBSJW.TTF）',
      '正文用仿宋_GB2312（仿宋_GB2312.ttf）',
    ]);

    const office = choose(folder('STZHONGS.TTF', 'simfang.ttf'));
    expect([office.title.label, office.body.label]).toEqual(['华文中宋', '仿宋']);
    expect(office.notes).toEqual(['标题用华文中宋（STZHONGS.TTF）', '正文用仿宋（simfang.ttf）']);

    // A 宋体 collection is read by its face name: this fake one has no SimSun face, so the
    // printFonts choice (黑体, file named in capitals as Windows may) stands in.
    fs.writeFileSync(
      path.join(temp.dir, 'simsun.ttc'),
      asCollection(fs.readFileSync(fontPath(FONT_REGULAR))),
    );
    const plain = resolveNoticeFonts(
      { title: 'simhei', body: 'noto-sans' },
      folder('simsun.ttc', 'SIMHEI.TTF'),
    );
    expect(plain.title.label).toBe('黑体');
    expect(plain.notes[0]).toBe('标题用黑体（SIMHEI.TTF）');
    expect(plain.body.name).toBe(FONT_REGULAR);
    expect(plain.notes[1]).toMatch(
      /^正文用思源黑体（内置）：本机（.*）没有可用的仿宋_GB2312、仿宋字体$/,
    );

    const none = choose(null);
    expect([none.title.name, none.body.name]).toEqual([FONT_BOLD, FONT_REGULAR]);
    expect(none.notes).toEqual([
      '标题用思源黑体（内置）：本机不是 Windows，没有方正小标宋简体、华文中宋、宋体字体',
      '正文用思源黑体（内置）：本机不是 Windows，没有仿宋_GB2312、仿宋字体',
    ]);
  });

  it('prints with the fonts found (pdffonts) and names them in the preview notes', async () => {
    // The bold face as 方正小标宋简体 and the regular as 仿宋: every glyph comes from them.
    fs.copyFileSync(fontPath(FONT_BOLD), path.join(temp.dir, 'FZXBSJW.TTF'));
    install('simfang.ttf');
    const fonts = choose(folder('FZXBSJW.TTF', 'simfang.ttf'));
    const file = path.join(temp.dir, 'notice.pdf');
    fs.writeFileSync(file, (await renderNotice(LAYOUT, fonts)).buffer);
    const list = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(list.match(/[A-Z]{6}\+NotoSansSC-\w+/g)?.length).toBe(2);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain(LAYOUT.title);
  });
});

describe('notice page numbers', () => {
  it('stand at the outer edge: odd pages right, even pages left, one character in', async () => {
    const temp = makeTempDir('vl-pages-');
    try {
      const fonts = resolvePrintFonts({ title: 'noto-sans', body: 'noto-sans' }, null);
      const rows = Array.from({ length: 60 }, (_, i) => [
        String(i + 1),
        `户${i + 1}`,
        '一组',
        '2',
        '脱贫不稳定户',
        '',
      ]);
      const rendered = await renderNotice(
        { ...LAYOUT, table: { columns: LAYOUT.table!.columns, rows } },
        fonts,
      );
      expect(rendered.pages).toBeGreaterThanOrEqual(3);
      const file = path.join(temp.dir, 'pages.pdf');
      fs.writeFileSync(file, rendered.buffer);
      const left = mm(28);
      const right = mm(28 + 156);
      const char = GBT9704.pageNumberSize;
      for (let page = 1; page <= rendered.pages; page++) {
        // The number sits 7 mm below the text block, between two 一字线.
        const line = words(file, page).filter((w) => Math.abs(w.yMin - mm(37 + 225 + 7)) < 3);
        expect(line.map((w) => w.text).join(' '), `page ${page}`).toBe(`— ${page} —`);
        if (page % 2 === 1) expect(line[2]!.xMax, `page ${page}`).toBeCloseTo(right - char, 0);
        else expect(line[0]!.xMin, `page ${page}`).toBeCloseTo(left + char, 0);
      }
    } finally {
      temp.cleanup();
    }
  });
});
