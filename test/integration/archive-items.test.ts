import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type {
  ArchiveDeleteResult,
  ArchiveItem,
  ArchiveYear,
  CatalogueRow,
  FileableDocument,
} from '../../electron/api/archive-types';
import type { CardJobStart, CardJobStatus } from '../../electron/api/cards-types';
import type { NoticeIssued } from '../../electron/api/notices-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import type { Settings } from '../../electron/api/schemas';
import { formatCode, PRESET_PATTERNS } from '../../electron/services/archive/codes';
import { countPdfPages } from '../../electron/documents/store';
import { LEDGER_COLUMNS } from '../../electron/services/ledger/ledger-xlsx';
import { buildReportWorld } from '../fixtures/reports';
import { useTestRuntime } from '../fixtures/runtime';
import { callers, GRID, VILLAGE } from '../fixtures/village';

/** pdftotext of a file (one page, or all). */
function pdfText(file: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', ['-layout', ...range, file, '-'], { encoding: 'utf8' });
}
const pdfInfo = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });
const flat = (text: string) => text.replace(/\s+/g, '');

/**
 * A PDF as a scanner writes it: pages in compressed object streams (pdf-lib's default), which
 * a plain "/Type /Page" count misses.
 */
async function scannedPdf(pages: number, label: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    pdf.addPage([595, 842]).drawText(`${label} page ${i + 1}`, { x: 50, y: 780, size: 18, font });
  }
  return Buffer.from(await pdf.save({ useObjectStreams: true }));
}

const sha = (buffer: Buffer) => crypto.createHash('sha256').update(buffer).digest('hex');

describe('archive items (归档文件)', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call, fail } = callers(ctx);

  const savePayload = (payload: FilePayload, name: string) => {
    const file = path.join(ctx().dataDir, name);
    fs.writeFileSync(file, Buffer.from(payload.data));
    return file;
  };

  /** A real JPG or PNG: a PDF page rendered by poppler, as a phone or scanner would give. */
  async function image(kind: 'jpeg' | 'png'): Promise<Buffer> {
    const pdfFile = path.join(ctx().dataDir, 'source.pdf');
    fs.writeFileSync(pdfFile, await scannedPdf(1, 'signed form'));
    const out = path.join(ctx().dataDir, `scan-${kind}`);
    execFileSync('pdftoppm', [`-${kind}`, '-r', '20', '-singlefile', pdfFile, out]);
    return fs.readFileSync(`${out}.${kind === 'jpeg' ? 'jpg' : 'png'}`);
  }

  async function setUp(fondsCode = 'Z109') {
    await call('setup.createVillage', VILLAGE);
    await call('settings.update', { fondsCode });
  }

  /** Files a small scanned PDF (distinct bytes each time). */
  let uploads = 0;
  async function upload(fields: Record<string, unknown> = {}): Promise<ArchiveItem> {
    uploads++;
    return call<ArchiveItem>('archive.fileUpload', {
      fileName: `scan-${uploads}.pdf`,
      data: await scannedPdf(1, `item ${uploads}`),
      title: `[签字表${uploads}]`,
      date: '2026-03-05',
      ...fields,
    });
  }

  const auditRows = (action: string) =>
    ctx()
      .sqlite.prepare(
        `SELECT entity_id AS entityId, before, after, operator FROM audit_log
         WHERE entity IN ('archive_item', 'archive_year') AND action = ? ORDER BY id`,
      )
      .all(action) as { entityId: string; before: string | null; after: string | null }[];

  /** Every sequence of the table: key → its 件号 in order, and each 档号 as the pattern makes it. */
  function sequences(): Map<string, number[]> {
    const rows = ctx()
      .sqlite.prepare(
        `SELECT year, retention, item_no AS itemNo FROM archive_items ORDER BY year, retention, item_no`,
      )
      .all() as { year: number; retention: string; itemNo: number }[];
    const result = new Map<string, number[]>();
    for (const row of rows) {
      const key = `${row.year}-${row.retention}`;
      result.set(key, [...(result.get(key) ?? []), row.itemNo]);
    }
    return result;
  }
  const gapless = (numbers: number[]) => numbers.every((n, i) => n === i + 1);

  it('refuses filing before the 全宗号 is set, in Chinese', async () => {
    await call('setup.createVillage', VILLAGE);
    const error = await fail('archive.fileUpload', {
      fileName: 'a.pdf',
      data: await scannedPdf(1, 'a'),
      title: '[签字表]',
      date: '2026-03-05',
    });
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('还没有设置全宗号');
    expect(fs.existsSync(path.join(ctx().dataDir, 'archive'))).toBe(false);
  });

  it('files an uploaded PDF and JPG with their pages, SHA-256 and copies; 一户一档 by household', async () => {
    const world = await buildReportWorld(ctx());
    await call('settings.update', { fondsCode: 'Z109' });
    const pdfBytes = await scannedPdf(3, 'minutes');
    expect(countPdfPages(pdfBytes)).toBe(0); // why pdf-lib counts: object streams
    const pdf = await call<ArchiveItem>('archive.fileUpload', {
      fileName: '会议签到表.pdf',
      data: pdfBytes,
      title: '[杨柳村2026年3月村民代表会议签到表]',
      date: '20260305',
      note: '原件存村委会',
    });
    expect(pdf).toMatchObject({
      archivalCode: 'Z109-WS·2026-D30-FFP-0001',
      fondsCode: 'Z109',
      classCode: 'WS',
      year: 2026,
      retention: 'D30',
      orgCode: 'FFP',
      orgName: '防返贫监测',
      itemNo: 1,
      pages: 3,
      format: 'pdf',
      date: '20260305',
      category: '综合类',
      responsible: '杨柳村村民委员会',
      note: '原件存村委会',
      sha256: sha(pdfBytes),
      size: pdfBytes.length,
      documentId: null,
      sealed: false,
    });

    const jpg = await image('jpeg');
    expect(jpg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    // The name says .png: the bytes decide.
    const photo = await call<ArchiveItem>('archive.fileUpload', {
      fileName: '户档案照片.png',
      data: jpg,
      title: '[陈一户家庭情况照片]',
      date: '2026-04-02',
      householdId: world.households.h1,
    });
    expect(photo).toMatchObject({
      format: 'jpg',
      pages: 1,
      category: '一户一档',
      retention: 'D30',
      householdId: world.households.h1,
      householdHead: '陈一',
      archivalCode: 'Z109-WS·2026-D30-FFP-0002',
    });
    const png = await call<ArchiveItem>('archive.fileUpload', {
      fileName: 'form.png',
      data: await image('png'),
      title: '[表]',
      date: '2025-12-30',
      category: '精准识别类',
    });
    expect(png).toMatchObject({ format: 'png', pages: 1, year: 2025, retention: 'Y' });

    // The stored copies: whole, under <data>/archive/<year>/, never named after the title.
    const stored = ctx()
      .sqlite.prepare('SELECT file FROM archive_items ORDER BY id')
      .pluck()
      .all() as string[];
    expect(stored[0]).toMatch(/^archive\/2026\/20260305-[0-9a-f]{12}\.pdf$/);
    expect(stored[1]).toMatch(/^archive\/2026\/20260402-[0-9a-f]{12}\.jpg$/);
    expect(stored[2]).toMatch(/^archive\/2025\/20251230-[0-9a-f]{12}\.png$/);
    expect(fs.readFileSync(path.join(ctx().dataDir, stored[0]!))).toEqual(pdfBytes);
    expect(fs.readdirSync(path.join(ctx().dataDir, 'archive/2026'))).toHaveLength(2);

    const file = await call<FilePayload>('archive.file', { id: photo.id });
    expect(file.fileName).toBe('Z109-WS·2026-D30-FFP-0002.jpg');
    expect(Buffer.from(file.data)).toEqual(jpg);

    // A changed byte in the stored copy is refused, never handed out as the original.
    const target = path.join(ctx().dataDir, stored[0]!);
    const bytes = fs.readFileSync(target);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 1;
    fs.writeFileSync(target, bytes);
    const changed = await fail('archive.file', { id: pdf.id });
    expect(changed.code).toBe('CONFLICT');
    expect(changed.message).toContain('SHA-256 校验不符');

    // Not a PDF, JPG or PNG by its bytes; a broken PDF; an unknown category; a bad date.
    const text = await fail('archive.fileUpload', {
      fileName: '扫描.pdf',
      data: Buffer.from('hello, not a pdf'),
      title: '[x]',
      date: '2026-03-05',
    });
    expect(text.message).toContain('不是 PDF、JPG 或 PNG');
    const broken = await fail('archive.fileUpload', {
      fileName: '坏.pdf',
      data: Buffer.from('%PDF-1.7\n garbage'),
      title: '[x]',
      date: '2026-03-05',
    });
    expect(broken.message).toContain('无法读取 PDF 文件「坏.pdf」');
    const category = await fail('archive.fileUpload', {
      fileName: 'a.pdf',
      data: await scannedPdf(1, 'x'),
      title: '[x]',
      date: '2026-03-05',
      category: '财务类',
    });
    expect(category.message).toBe(
      '归档类别「财务类」不在设置的类别中，可选：综合类、精准识别类、精准施策类、精准脱贫类、一户一档',
    );
    const date = await fail('archive.fileUpload', {
      fileName: 'a.pdf',
      data: await scannedPdf(1, 'x'),
      title: '[x]',
      date: '20260231',
    });
    expect(date.code).toBe('VALIDATION');
    expect(date.message).toContain('日期「2026-02-31」不是有效的日期');
    const future = await fail('archive.fileUpload', {
      fileName: 'a.pdf',
      data: await scannedPdf(1, 'x'),
      title: '[x]',
      date: '2026-05-07',
    });
    expect(future.message).toBe('日期 20260507 晚于今天，请检查文件的日期');
    // Refused uploads left no file behind.
    expect(fs.readdirSync(path.join(ctx().dataDir, 'archive/2026'))).toHaveLength(2);

    const created = auditRows('create');
    expect(created).toHaveLength(3);
    expect(JSON.parse(created[0]!.after!)).toMatchObject({
      archivalCode: 'Z109-WS·2026-D30-FFP-0001',
      how: 'upload',
      sha256: sha(pdfBytes),
    });
  });

  it('files an issued notice with its own title and number, and a card batch with a made-up title', async () => {
    await buildReportWorld(ctx());
    await call('settings.update', { fondsCode: 'Z109' });
    const notice = await call<NoticeIssued>('notices.issue', {
      kind: '监测对象识别认定公示',
      from: '2026-04-01',
      to: '2026-05-06',
      issueDate: '2026-04-20',
      periodStart: '2026-04-20',
      periodEnd: '2026-04-24',
    });
    const start = await call<CardJobStart>('cards.start', {
      scope: { gridId: GRID.group1 },
      layout: 'a4',
    });
    let status: CardJobStatus;
    do {
      await new Promise((resolve) => setTimeout(resolve, 5));
      status = await call<CardJobStatus>('cards.status', { jobId: start.jobId });
    } while (status.state === 'running');
    expect(status.state).toBe('done');

    const fileable = await call<FileableDocument[]>('archive.documents', { filed: false });
    expect(fileable.map((d) => d.kind).sort()).toEqual(['公示公告', '明白纸']);

    const filedNotice = await call<ArchiveItem>('archive.fileDocument', {
      documentId: notice.documentId,
    });
    expect(filedNotice).toMatchObject({
      title: notice.title,
      docNo: notice.number,
      date: '20260420',
      year: 2026,
      category: '精准识别类',
      retention: 'Y',
      archivalCode: 'Z109-WS·2026-Y-FFP-0001',
      responsible: '杨柳村村民委员会',
      documentId: notice.documentId,
      documentKind: '公示公告',
      format: 'pdf',
    });
    expect(filedNotice.title.startsWith('[')).toBe(false);
    const noticeFile = savePayload(
      await call<FilePayload>('notices.pdf', { id: notice.id }),
      'n.pdf',
    );
    expect(filedNotice.pages).toBe(Number(/Pages:\s+(\d+)/.exec(pdfInfo(noticeFile))![1]));

    const filedCards = await call<ArchiveItem>('archive.fileDocument', {
      documentId: status.documentId,
      note: '张贴前留存',
    });
    expect(filedCards).toMatchObject({
      title: '[杨柳村2026年明白纸（一组）]',
      category: '综合类',
      retention: 'D30',
      archivalCode: 'Z109-WS·2026-D30-FFP-0001',
      date: '20260506',
      note: '张贴前留存',
    });
    const cardPdf = savePayload(
      await call<FilePayload>('cards.pdf', { documentId: status.documentId }),
      'c.pdf',
    );
    expect(filedCards.pages).toBe(Number(/Pages:\s+(\d+)/.exec(pdfInfo(cardPdf))![1]));
    // The filed copy is the issued PDF byte for byte.
    const notePdf = await call<FilePayload>('notices.pdf', { id: notice.id });
    const filedPdf = await call<FilePayload>('archive.file', { id: filedNotice.id });
    expect(Buffer.from(filedPdf.data).equals(Buffer.from(notePdf.data))).toBe(true);

    // A document is filed once.
    const again = await fail('archive.fileDocument', { documentId: notice.documentId });
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toBe(`「${notice.title}」已经归档，档号 Z109-WS·2026-Y-FFP-0001`);
    const documents = await call<FileableDocument[]>('archive.documents', {});
    expect(documents.map((d) => d.archivalCode).sort()).toEqual([
      'Z109-WS·2026-D30-FFP-0001',
      'Z109-WS·2026-Y-FFP-0001',
    ]);
    expect(await call('archive.documents', { filed: false })).toEqual([]);

    // The filer may give a title of their own; the category and retention are the kind's
    // (settings.archiveKinds), so one kind never goes under two retention periods.
    await call('archive.delete', { id: filedCards.id });
    const otherCategory = await fail('archive.fileDocument', {
      documentId: status.documentId,
      category: '精准施策类',
    });
    expect(otherCategory.code).toBe('VALIDATION');
    expect(otherCategory.message).toContain('明白纸按设置中的「各类文件的归档类别」归入「综合类」');
    const otherRetention = await fail('archive.fileDocument', {
      documentId: status.documentId,
      retention: 'D10',
    });
    expect(otherRetention.message).toContain('保管期限30年');
    // The table in the settings decides: 明白纸 → 精准施策类 (10 年 here).
    const settings = await call<Settings>('settings.get', {});
    await call('settings.update', {
      archive: {
        ...settings.archive,
        categories: settings.archive.categories.map((c) =>
          c.name === '精准施策类' ? { ...c, retention: 'D10' } : c,
        ),
      },
      archiveKinds: settings.archiveKinds.map((k) =>
        k.kind === '明白纸' ? { ...k, category: '精准施策类' } : k,
      ),
    });
    const refiled = await call<ArchiveItem>('archive.fileDocument', {
      documentId: status.documentId,
      title: '[一组明白纸]',
    });
    expect(refiled).toMatchObject({
      category: '精准施策类',
      retention: 'D10',
      title: '[一组明白纸]',
      archivalCode: 'Z109-WS·2026-D10-FFP-0001',
    });
    // Nor can it be moved to another category or retention one by one.
    const moved = await fail('archive.update', { id: refiled.id, fields: { retention: 'Y' } });
    expect(moved.message).toContain('不能单件改类别或保管期限');
  });

  it('keeps 件号 without gaps through deletes and moves in several sequences', async () => {
    await setUp();
    const d30: ArchiveItem[] = [];
    for (let i = 0; i < 5; i++) d30.push(await upload());
    const y: ArchiveItem[] = [];
    for (let i = 0; i < 3; i++) y.push(await upload({ retention: 'Y' }));
    const old: ArchiveItem[] = [];
    for (let i = 0; i < 3; i++) old.push(await upload({ date: '2025-11-02' }));
    expect(d30.map((i) => i.archivalCode)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `Z109-WS·2026-D30-FFP-000${n}`),
    );
    expect(y.map((i) => i.itemNo)).toEqual([1, 2, 3]);
    expect(old.map((i) => i.archivalCode)).toEqual(
      [1, 2, 3].map((n) => `Z109-WS·2025-D30-FFP-000${n}`),
    );
    const fileOf = (id: number) =>
      ctx().sqlite.prepare('SELECT file FROM archive_items WHERE id = ?').pluck().get(id) as string;
    const filesBefore = new Map(d30.map((i) => [i.id, fileOf(i.id)]));

    // Delete 2026-D30 #2: #3…#5 move up with their 档号; files untouched; only that sequence.
    const deleted = await call<ArchiveDeleteResult>('archive.delete', { id: d30[1]!.id });
    expect(deleted).toEqual({ id: d30[1]!.id, renumbered: 3, numberKept: false });
    const after = await call<ArchiveItem[]>('archive.list', { year: 2026, retention: 'D30' });
    expect(after.map((i) => [i.id, i.archivalCode])).toEqual([
      [d30[0]!.id, 'Z109-WS·2026-D30-FFP-0001'],
      [d30[2]!.id, 'Z109-WS·2026-D30-FFP-0002'],
      [d30[3]!.id, 'Z109-WS·2026-D30-FFP-0003'],
      [d30[4]!.id, 'Z109-WS·2026-D30-FFP-0004'],
    ]);
    for (const item of after) expect(fileOf(item.id)).toBe(filesBefore.get(item.id));
    expect(fs.existsSync(path.join(ctx().dataDir, filesBefore.get(d30[1]!.id)!))).toBe(false);
    expect(sequences().get('2026-Y')).toEqual([1, 2, 3]);
    expect(sequences().get('2025-D30')).toEqual([1, 2, 3]);
    const renumbered = auditRows('renumber');
    expect(renumbered).toHaveLength(3);
    expect(JSON.parse(renumbered[0]!.before!)).toEqual({
      itemNo: 3,
      archivalCode: 'Z109-WS·2026-D30-FFP-0003',
    });
    expect(JSON.parse(renumbered[0]!.after!)).toEqual({
      itemNo: 2,
      archivalCode: 'Z109-WS·2026-D30-FFP-0002',
    });

    // The next filing takes n + 1: no number is reused out of order.
    const fifth = await upload();
    expect(fifth.archivalCode).toBe('Z109-WS·2026-D30-FFP-0005');

    // A new retention moves the item to the end of that sequence; the gap it leaves closes.
    const moved = await call<ArchiveItem>('archive.update', {
      id: d30[0]!.id,
      fields: { retention: 'Y' },
    });
    expect(moved).toMatchObject({
      retention: 'Y',
      itemNo: 4,
      archivalCode: 'Z109-WS·2026-Y-FFP-0004',
    });
    expect(sequences().get('2026-D30')).toEqual([1, 2, 3, 4]);
    expect((await call<ArchiveItem>('archive.get', { id: d30[2]!.id })).archivalCode).toBe(
      'Z109-WS·2026-D30-FFP-0001',
    );

    // A new year likewise (the file stays where it was filed; its path is recorded).
    const toOld = await call<ArchiveItem>('archive.update', {
      id: y[0]!.id,
      fields: { year: 2025 },
    });
    expect(toOld).toMatchObject({
      year: 2025,
      retention: 'Y',
      itemNo: 1,
      archivalCode: 'Z109-WS·2025-Y-FFP-0001',
    });
    expect(sequences().get('2026-Y')).toEqual([1, 2, 3]);
    // Both at once: 2025-D30 #1 → 2026-D10 #1.
    const both = await call<ArchiveItem>('archive.update', {
      id: old[0]!.id,
      fields: { year: 2026, retention: 'D10' },
    });
    expect(both.archivalCode).toBe('Z109-WS·2026-D10-FFP-0001');
    expect(sequences().get('2025-D30')).toEqual([1, 2]);
    expect(auditRows('move')).toHaveLength(3);

    // The preset changes: new items follow it, kept codes keep their form when renumbered.
    await call('settings.update', {
      archive: {
        ...(await call<{ archive: Record<string, unknown> }>('settings.get', {})).archive,
        codePreset: 'DA/T 13-2022',
      },
    });
    const newer = await upload();
    expect(newer.archivalCode).toBe('Z109-WS·2026·D30·FFP-0005');
    await call('archive.delete', { id: d30[2]!.id }); // 2026-D30 #1
    const d30Now = await call<ArchiveItem[]>('archive.list', { year: 2026, retention: 'D30' });
    expect(d30Now.map((i) => i.archivalCode)).toEqual([
      'Z109-WS·2026-D30-FFP-0001',
      'Z109-WS·2026-D30-FFP-0002',
      'Z109-WS·2026-D30-FFP-0003',
      'Z109-WS·2026·D30·FFP-0004',
    ]);

    // Every sequence is 1…n and every 档号 is unique.
    for (const [key, numbers] of sequences()) expect(gapless(numbers), key).toBe(true);
    const codes = ctx().sqlite.prepare('SELECT archival_code FROM archive_items').pluck().all();
    expect(new Set(codes).size).toBe(codes.length);

    // The list and the catalogue are in 档号 order: 永久 before 30 年 before 10 年.
    const list = await call<ArchiveItem[]>('archive.list', { year: 2026 });
    expect(list.map((i) => `${i.retention}-${i.itemNo}`)).toEqual([
      'Y-1',
      'Y-2',
      'Y-3',
      'D30-1',
      'D30-2',
      'D30-3',
      'D30-4',
      'D10-1',
    ]);
    const catalogue = await call<CatalogueRow[]>('archive.catalogue', { year: 2026 });
    expect(catalogue.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(catalogue.map((r) => r.archivalCode)).toEqual(list.map((i) => i.archivalCode));
    expect(Object.keys(catalogue[0]!).slice(0, 9)).toEqual([
      'seq',
      'archivalCode',
      'docNo',
      'responsible',
      'title',
      'date',
      'secrecy',
      'pages',
      'note',
    ]);
    for (const row of catalogue) expect(row.date).toMatch(/^\d{8}$/);
    expect(catalogue.find((r) => r.itemId === both.id)!.date).toBe('20251102');

    const years = await call<ArchiveYear[]>('archive.years', {});
    expect(years.map((y) => [y.year, y.items])).toEqual([
      [2026, 8],
      [2025, 3],
    ]);
    expect(years[0]!.byRetention).toEqual([
      { retention: 'Y', items: 3 },
      { retention: 'D30', items: 4 },
      { retention: 'D10', items: 1 },
    ]);
  });

  it('with a custom pattern numbers and renumbers by it; a code a pattern cannot keep apart is refused', async () => {
    await setUp();
    const settings = await call<{ archive: Record<string, unknown> }>('settings.get', {});
    const custom = '{全宗号}_{年度}_{保管期限}_{件号}';
    await call('settings.update', {
      archive: { ...settings.archive, codePreset: 'custom', customPattern: custom },
    });
    expect(
      await call('archive.codeExample', { codePreset: 'custom', customPattern: custom }),
    ).toEqual({
      example: 'Z109_2026_D30_0001',
    });
    expect(
      (await fail('archive.codeExample', { codePreset: 'custom', customPattern: '{年度}/{件号}' }))
        .message,
    ).toContain('“/”');
    const a = await upload();
    const b = await upload();
    const c = await upload();
    expect([a, b, c].map((i) => i.archivalCode)).toEqual([
      'Z109_2026_D30_0001',
      'Z109_2026_D30_0002',
      'Z109_2026_D30_0003',
    ]);
    await call('archive.delete', { id: a.id });
    expect((await call<ArchiveItem[]>('archive.list', {})).map((i) => i.archivalCode)).toEqual([
      'Z109_2026_D30_0001',
      'Z109_2026_D30_0002',
    ]);
    expect(
      formatCode(PRESET_PATTERNS['DA/T 22-2015'], {
        fondsCode: 'Z109',
        classCode: 'WS',
        year: 2026,
        retention: 'D30',
        orgCode: 'FFP',
        itemNo: 1,
      }),
    ).toBe('Z109-WS·2026-D30-FFP-0001');

    // Without {保管期限}, two sequences would write the same 档号: refused, nothing filed.
    await call('settings.update', {
      archive: { ...settings.archive, codePreset: 'custom', customPattern: '{年度}-{件号}' },
    });
    const d10 = await upload({ retention: 'D10' });
    expect(d10.archivalCode).toBe('2026-0001');
    const clash = await fail('archive.fileUpload', {
      fileName: 'x.pdf',
      data: await scannedPdf(1, 'clash'),
      title: '[x]',
      date: '2026-03-05',
      retention: 'Y',
    });
    expect(clash.code).toBe('CONFLICT');
    expect(clash.message).toContain(`档号 2026-0001 已被「${d10.title}」使用`);
    expect(await call<ArchiveItem[]>('archive.list', {})).toHaveLength(3);
  });

  it('a sealed year refuses edits, deletes, moves and filing; an audited unseal allows them again', async () => {
    await buildReportWorld(ctx());
    await call('settings.update', { fondsCode: 'Z109' });
    const first = await upload();
    const second = await upload();
    const older = await upload({ date: '2025-06-01' });
    const sealed = await call<ArchiveYear>('archive.seal', { year: 2026 });
    expect(sealed).toMatchObject({ year: 2026, sealed: true, items: 2, sealedBy: '测试员' });
    expect((await call<ArchiveItem>('archive.get', { id: first.id })).sealed).toBe(true);
    expect((await fail('archive.seal', { year: 2026 })).message).toBe(
      '2026 年度已于 2026-05-06 封存',
    );

    const message = (doing: string) =>
      `2026 年度的归档文件已封存，不能${doing}。如确需改动，请先在「档案管理」中解除 2026 年度的封存（须填写原因，记入操作记录），改完后再封存。`;
    const refusals = [
      await fail('archive.update', { id: first.id, fields: { title: '[改]' } }),
      await fail('archive.delete', { id: first.id }),
      await fail('archive.update', { id: older.id, fields: { year: 2026 } }),
      await fail('archive.fileUpload', {
        fileName: 'x.pdf',
        data: await scannedPdf(1, 'late'),
        title: '[迟到的文件]',
        date: '2026-05-01',
      }),
      await fail('archive.fileGenerated', { kind: 'monthlyReport', month: '2026-04' }),
    ];
    expect(refusals.map((e) => [e.code, e.message])).toEqual([
      ['CONFLICT', message('修改')],
      ['CONFLICT', message('删除')],
      ['CONFLICT', message('再归入文件')],
      ['CONFLICT', message('再归入文件')],
      ['CONFLICT', message('再归入文件')],
    ]);
    // Nothing changed, nothing was written or kept.
    expect((await call<ArchiveItem[]>('archive.list', { year: 2026 })).map((i) => i.title)).toEqual(
      [first.title, second.title],
    );
    expect(fs.readdirSync(path.join(ctx().dataDir, 'archive/2026'))).toHaveLength(2);
    expect(ctx().sqlite.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(0);
    // The other year is open.
    await call('archive.update', { id: older.id, fields: { note: '补记' } });

    expect((await fail('archive.unseal', { year: 2026, reason: '' })).message).toContain(
      '请填写解除封存的原因',
    );
    const open = await call<ArchiveYear>('archive.unseal', {
      year: 2026,
      reason: '补归入4月月通报',
    });
    expect(open).toMatchObject({ sealed: false, sealedAt: null });
    const unseal = auditRows('unseal');
    expect(unseal).toHaveLength(1);
    expect(unseal[0]!.entityId).toBe('2026');
    expect(JSON.parse(unseal[0]!.after!)).toEqual({ reason: '补归入4月月通报' });
    expect(JSON.parse(unseal[0]!.before!)).toMatchObject({ year: 2026, sealedBy: '测试员' });
    expect(auditRows('seal')).toHaveLength(1);

    const edited = await call<ArchiveItem>('archive.update', {
      id: first.id,
      fields: { title: '[村民代表会议签字表]', date: '2026-03-06', secrecy: '内部' },
    });
    expect(edited).toMatchObject({
      title: '[村民代表会议签字表]',
      date: '20260306',
      secrecy: '内部',
    });
    await call('archive.fileGenerated', { kind: 'monthlyReport', month: '2026-04' });
    // Sealing handed the numbers over: after the unseal they stay fixed, and a delete needs
    // a reason and leaves its number unused (docs/domain.md §6).
    const noReason = await fail('archive.delete', { id: first.id });
    expect(noReason.code).toBe('VALIDATION');
    expect(noReason.message).toContain('请写明删除原因');
    expect(
      await call<ArchiveDeleteResult>('archive.delete', { id: first.id, reason: '重复归档' }),
    ).toEqual({ id: first.id, renumbered: 0, numberKept: true });
    expect(
      (await call<ArchiveItem[]>('archive.list', { year: 2026 })).map((i) => i.itemNo),
    ).toEqual([2, 3]);
    expect((await fail('archive.unseal', { year: 2026, reason: '再解' })).message).toBe(
      '2026 年度没有封存，不用解除',
    );
  });

  it('fileGenerated makes the ledger, 月通报 and minutes as PDFs, kept and filed', async () => {
    const world = await buildReportWorld(ctx());
    await call('settings.update', { fondsCode: 'Z109' });
    // Enough problems for the ledger to run over several pages.
    const insert = ctx().sqlite.prepare(
      `INSERT INTO problems (grid_id, worker_id, household_id, person_name, place, category, source,
         description, registered_date, due_date, status)
       VALUES (4, ?, ?, '', '', '医疗', '网格员排查', ?, '2026-03-01', '2026-03-16', '未解决')`,
    );
    for (let i = 1; i <= 60; i++) {
      insert.run(
        world.workers.liSi,
        world.households.h1,
        `第${i}号问题：慢性病用药负担重，需要核实`,
      );
    }

    const ledger = await call<ArchiveItem>('archive.fileGenerated', { kind: 'ledger', year: 2026 });
    expect(ledger).toMatchObject({
      title: '[杨柳村2026年问题登记台账]',
      documentKind: '问题登记台账',
      date: '20260506',
      year: 2026,
      category: '综合类',
      retention: 'D30',
      format: 'pdf',
    });
    const ledgerFile = savePayload(
      await call<FilePayload>('archive.file', { id: ledger.id }),
      'l.pdf',
    );
    const info = pdfInfo(ledgerFile);
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28/); // A4 landscape
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(ledger.pages);
    expect(ledger.pages).toBeGreaterThan(1);
    const all = pdfText(ledgerFile);
    expect(all).toContain('问题登记台账');
    expect(flat(all)).toContain('务工收入骤减');
    expect(all).not.toContain('13912345678'); // free text masked as lists show it
    expect(flat(all)).toContain('139****5678');
    // The header on every page, the xlsx's columns in order.
    for (let page = 1; page <= ledger.pages; page++) {
      const header = flat(pdfText(ledgerFile, page));
      for (const column of LEDGER_COLUMNS) {
        // A two-line header cell comes out of pdftotext with its lines apart.
        expect(header).toContain(column.header.slice(0, 4));
      }
    }
    expect(flat(all)).toContain('第60号问题');

    const report = await call<ArchiveItem>('archive.fileGenerated', {
      kind: 'monthlyReport',
      month: '2026-04',
    });
    expect(report).toMatchObject({
      title: '杨柳村2026年4月防返贫动态监测月通报',
      documentKind: '月通报',
      date: '20260430',
    });
    const reportFile = savePayload(
      await call<FilePayload>('archive.file', { id: report.id }),
      'r.pdf',
    );
    expect(flat(pdfText(reportFile))).toContain('杨柳村2026年4月防返贫动态监测月通报');

    const meeting = await call<{ id: number }>('meetings.save', {
      gridId: GRID.village,
      date: '2026-04-28',
      place: '村委会会议室',
      host: '李四',
      recorder: '王五',
      attendees: '李四、王五、陈一（电话 13812345678）',
      topics: '研判4月新增风险户',
      decisions: '对陈一户落实临时救助',
      problemIds: [world.problems.p1],
    });
    const minutes = await call<ArchiveItem>('archive.fileGenerated', {
      kind: 'minutes',
      meetingId: meeting.id,
      note: '会后整理',
    });
    expect(minutes).toMatchObject({
      title: '[杨柳村2026年4月28日月度会商记录]',
      documentKind: '月度会商记录',
      date: '20260428',
      note: '会后整理',
    });
    const minutesText = flat(
      pdfText(savePayload(await call<FilePayload>('archive.file', { id: minutes.id }), 'm.pdf')),
    );
    expect(minutesText).toContain('月度会商记录');
    expect(minutesText).toContain('研判4月新增风险户');
    expect(minutesText).toContain('对陈一户落实临时救助');
    expect(minutesText).toContain('务工收入骤减');
    expect(minutesText).toContain('138****5678');
    expect(minutesText).not.toContain('13812345678');

    // Each PDF is kept as a document too, filed once, with the same bytes.
    const documents = await call<FileableDocument[]>('archive.documents', { year: 2026 });
    expect(documents.map((d) => [d.kind, d.archiveItemId]).sort()).toEqual(
      [
        ['月度会商记录', minutes.id],
        ['月通报', report.id],
        ['问题登记台账', ledger.id],
      ].sort(),
    );
    // A range of the ledger; a future year is refused.
    const ranged = await call<ArchiveItem>('archive.fileGenerated', {
      kind: 'ledger',
      from: '2026-04-01',
      to: '2026-04-30',
      gridId: GRID.group1,
    });
    expect(ranged.title).toBe('[一组问题登记台账（2026-04-01至2026-04-30）]');
    expect(ranged.date).toBe('20260430');
    expect((await fail('archive.fileGenerated', { kind: 'ledger', year: 2027 })).message).toBe(
      '2027-01-01 还没有到，不能归档以后的台账',
    );
    expect(
      (await fail('archive.fileGenerated', { kind: 'ledger', year: 2026, from: '2026-01-01' }))
        .message,
    ).toContain('二者只能选一种');
  });
});
