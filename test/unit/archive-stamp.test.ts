import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import PDFKitDocument from 'pdfkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subsetTrueType } from '../../electron/services/archive/font-subset';
import {
  imagePage,
  stampCells,
  Stamper,
  type StampFields,
} from '../../electron/services/archive/stamp';
import { fontBuffer, FONT_REGULAR } from '../../electron/documents/pdf/fonts';
import { PdfPages } from '../../electron/documents/pdf/page';
import { makeTempDir } from '../fixtures/temp-dir';

const FIELDS: StampFields = {
  fondsCode: 'Z109',
  year: 2026,
  itemNo: 7,
  org: '防返贫监测',
  retention: 'D30',
  pages: 3,
};

const flat = (text: string) => text.replace(/\s+/g, '');

async function notice(pages = 1): Promise<Buffer> {
  const doc = new PdfPages({ title: '公示' });
  doc.title('杨柳村防止返贫监测对象识别认定公示');
  for (let i = 1; i < pages; i++) {
    doc.addPage();
    doc.text(`第 ${i + 1} 页`, { size: 12 });
  }
  return doc.finish();
}

describe('归档章 (stamp on exported copies)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  const save = (name: string, data: Buffer) => {
    const file = path.join(temp.dir, name);
    fs.writeFileSync(file, data);
    return file;
  };
  const text = (file: string, page: number) =>
    execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', file, '-'], {
      encoding: 'utf8',
    });

  /** Red pixels of page 1 rendered at 20 dpi, counted per quarter of the page as seen. */
  function redQuarters(file: string): { topLeft: number; topRight: number; bottom: number } {
    const out = path.join(temp.dir, `render-${path.basename(file)}`);
    execFileSync('pdftoppm', ['-r', '20', '-f', '1', '-l', '1', '-singlefile', file, out]);
    const ppm = fs.readFileSync(`${out}.ppm`);
    // P6 header: "P6\n<w> <h>\n255\n".
    const match = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.toString('latin1', 0, 40))!;
    const [width, height] = [Number(match[1]), Number(match[2])];
    const pixels = ppm.subarray(match[0].length);
    const counts = { topLeft: 0, topRight: 0, bottom: 0 };
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        const red = pixels[i]! > 150 && pixels[i + 1]! < 120 && pixels[i + 2]! < 120;
        if (!red) continue;
        if (y >= height / 2) counts.bottom++;
        else if (x >= width / 2) counts.topRight++;
        else counts.topLeft++;
      }
    }
    return counts;
  }

  it('lays out the 2 × 3 grid: 全宗号 / 年度 / 件号 over 机构(问题) / 保管期限 / 页数', () => {
    expect(stampCells(FIELDS)).toEqual([
      { label: '全宗号', value: 'Z109' },
      { label: '年度', value: '2026' },
      { label: '件号', value: '0007' },
      { label: '机构(问题)', value: '防返贫监测' },
      { label: '保管期限', value: '30年' },
      { label: '页数', value: '3' },
    ]);
    expect(stampCells({ ...FIELDS, retention: 'Y' })[4]!.value).toBe('永久');
  });

  it('stamps page 1 of a copy as real text, top right, in red; the original is the copy’s first bytes', async () => {
    const original = await notice(2);
    const before = Buffer.from(original);
    const stamper = Stamper.create([FIELDS]);
    const copy = await stamper.stampPdf(original, FIELDS, '档号 X');
    expect(original.equals(before)).toBe(true);
    expect(copy.subarray(0, original.length).equals(original)).toBe(true);
    expect(stamper.rewritten).toBe(0);

    const file = save('stamped.pdf', copy);
    const first = flat(text(file, 1));
    expect(first).toContain('全宗号年度件号');
    expect(first).toContain('Z10920260007');
    expect(first).toContain('机构(问题)保管期限页数');
    expect(first).toContain('防返贫监测30年3');
    expect(first).toContain('杨柳村防止返贫监测对象识别认定公示');
    expect(flat(text(file, 2))).not.toContain('全宗号');
    // Still a sound PDF with the same pages.
    const loaded = await PDFDocument.load(copy);
    expect(loaded.getPageCount()).toBe(2);
    const red = redQuarters(file);
    expect(red.topRight).toBeGreaterThan(40);
    expect(red.topLeft + red.bottom).toBe(0);
  });

  it('stamps a scanner PDF (object streams) on a page turned by /Rotate at the top right as seen', async () => {
    const scan = await PDFDocument.create();
    const font = await scan.embedFont(StandardFonts.Helvetica);
    const page = scan.addPage([595, 842]);
    page.drawText('scanned form', { x: 50, y: 780, size: 18, font });
    page.setRotation(degrees(90));
    scan.addPage([595, 842]);
    const original = Buffer.from(await scan.save({ useObjectStreams: true }));
    const stamper = Stamper.create([FIELDS]);
    const copy = await stamper.stampPdf(original, FIELDS, '档号 X');
    expect(stamper.rewritten).toBe(1);
    const file = save('rotated.pdf', copy);
    expect(flat(text(file, 1))).toContain('Z10920260007');
    expect((await PDFDocument.load(copy)).getPageCount()).toBe(2);
    const red = redQuarters(file);
    expect(red.topRight).toBeGreaterThan(40);
    expect(red.topLeft + red.bottom).toBe(0);
  });

  it('reads a hand-made PDF: inherited resources and /Rotate, a contents array, a font dictionary by reference, an earlier update', async () => {
    // Objects written by hand with exact offsets, then an incremental update (as an editor
    // saving over a file would) that adds a second content stream: two xref sections.
    const parts: string[] = ['%PDF-1.4\n'];
    const offsets: number[] = [];
    const length = () => Buffer.byteLength(parts.join(''), 'latin1');
    const object = (num: number, body: string) => {
      offsets[num] = length();
      parts.push(`${num} 0 obj\n${body}\nendobj\n`);
    };
    const stream = (text: string) => `<< /Length ${text.length} >>\nstream\n${text}\nendstream`;
    object(1, '<< /Type /Catalog /Pages 2 0 R >>');
    // Resources, MediaBox and Rotate live on the page tree node, not the page.
    object(
      2,
      '<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font 6 0 R /ProcSet [/PDF /Text] >> /MediaBox [0 0 595 842] /Rotate 180 >>',
    );
    object(3, '<< /Type /Page /Parent 2 0 R /Contents [4 0 R] >>');
    object(4, stream('BT /F1 24 Tf 60 700 Td (Hello village) Tj ET'));
    object(5, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
    object(6, '<< /F1 5 0 R >>');
    const xref = (first: number, nums: number[]) =>
      `xref\n${first} ${nums.length}\n` +
      nums
        .map((n) =>
          n === 0
            ? '0000000000 65535 f\r\n'
            : `${String(offsets[n]).padStart(10, '0')} 00000 n\r\n`,
        )
        .join('');
    let at = length();
    parts.push(
      `${xref(0, [0, 1, 2, 3, 4, 5, 6])}trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`,
    );
    const first = at;
    object(7, stream('BT /F1 18 Tf 60 650 Td (second stream) Tj ET'));
    object(3, '<< /Type /Page /Parent 2 0 R /Contents [4 0 R 7 0 R] >>');
    at = length();
    parts.push(
      `xref\n3 1\n${String(offsets[3]).padStart(10, '0')} 00000 n\r\n7 1\n${String(offsets[7]).padStart(10, '0')} 00000 n\r\n` +
        `trailer\n<< /Size 8 /Root 1 0 R /Prev ${first} >>\nstartxref\n${at}\n%%EOF\n`,
    );
    const original = Buffer.from(parts.join(''), 'latin1');
    const stamper = Stamper.create([FIELDS]);
    const copy = await stamper.stampPdf(original, FIELDS, 'X');
    expect(stamper.rewritten).toBe(0); // read by the fast path itself
    expect(copy.subarray(0, original.length).equals(original)).toBe(true);
    const file = save('hand-made.pdf', copy);
    const page = flat(text(file, 1));
    expect(page).toContain('Hellovillage');
    expect(page).toContain('secondstream');
    expect(page).toContain('Z10920260007');
    // Turned by 180° (inherited): the stamp is still at the top right as the page is seen.
    const red = redQuarters(file);
    expect(red.topRight).toBeGreaterThan(40);
    expect(red.topLeft + red.bottom).toBe(0);
    // The shared resources object is untouched: the font was added to the page's own copy.
    expect(copy.toString('latin1')).toContain('/Font << /F1 5 0 R /VLStamp ');
    expect((await PDFDocument.load(copy)).getPageCount()).toBe(1);
  });

  it('draws every glyph: the font subset keeps each outline (the @pdf-lib/fontkit 1.1.1 loca bug)', () => {
    const fontkit = createRequire(import.meta.url)('@pdf-lib/fontkit') as typeof Fontkit;
    const full = fontkit.create(fontBuffer(FONT_REGULAR));
    const chars = [...new Set(stampCells(FIELDS).flatMap((c) => [...(c.label + c.value)]))];
    const glyphs = chars.map((ch) => full.glyphForCodePoint(ch.codePointAt(0)!));
    const subset = subsetTrueType(
      fontBuffer(FONT_REGULAR),
      glyphs.map((g) => g.id),
    );
    const small = fontkit.create(subset.file);
    expect(small.numGlyphs).toBe(glyphs.length + 1);
    glyphs.forEach((glyph, i) => {
      const copy = small.getGlyph(subset.ids.get(glyph.id)!);
      // Same outline: the same bounding box and the same path, for every character.
      expect(copy.path.toSVG(), chars[i]).toBe(glyph.path.toSVG());
      expect(copy.advanceWidth).toBe(glyph.advanceWidth);
    });
    expect(subset.file.length).toBeLessThan(40_000);
  });

  it('turns a PNG or JPG into one A4 page, landscape when wider than tall, and stamps it', async () => {
    const source = save('src.pdf', await notice());
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '30',
      '-singlefile',
      '-W',
      '200',
      '-H',
      '120',
      source,
      path.join(temp.dir, 'wide'),
    ]);
    const png = fs.readFileSync(path.join(temp.dir, 'wide.png'));
    const page = await imagePage(png);
    const info = execFileSync('pdfinfo', [save('page.pdf', page)], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28/);
    const stamped = save(
      'image-stamped.pdf',
      await Stamper.create([FIELDS]).stampImage(png, FIELDS, 'X'),
    );
    expect(flat(text(stamped, 1))).toContain('Z10920260007');
    expect(execFileSync('pdfimages', ['-list', stamped], { encoding: 'utf8' })).toMatch(
      /\bimage\b/,
    );

    await expect(imagePage(Buffer.from('not an image'), '档号 Y')).rejects.toThrow(
      '档号 Y 的图片无法读取',
    );
  });

  it('refuses an encrypted PDF with a message naming the item', async () => {
    const doc = new PDFKitDocument({ userPassword: 'secret', ownerPassword: 'owner' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve) =>
      doc.on('end', () => resolve(Buffer.concat(chunks))),
    );
    doc.text('locked');
    doc.end();
    const encrypted = await done;
    await expect(
      Stamper.create([FIELDS]).stampPdf(encrypted, FIELDS, '归档文件 Z109-WS·2026-D30-FFP-0007'),
    ).rejects.toThrow('归档文件 Z109-WS·2026-D30-FFP-0007 的 PDF 加了密码');
  });
});
