import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveItem } from '../../electron/api/archive-types';
import type { DemoSummary } from '../../electron/api/types';
import { catalogueRows, listItems } from '../../electron/services/archive/catalogue';
import { fileUpload } from '../../electron/services/archive/items';
import { scannedForm } from '../../electron/services/demo/archive-demo';
import { seedDemo } from '../../electron/services/demo/demo';
import { Random } from '../../electron/services/demo/random';
import { listNotices } from '../../electron/services/notices/notices';
import { today } from '../../electron/services/roster/people';
import { getSettings } from '../../electron/services/settings/settings';
import { FIXED_NOW, openTestRuntime } from '../fixtures/runtime';

type Runtime = Awaited<ReturnType<typeof openTestRuntime>>;

/** What a filed item is, by the kept document it came from (a scan has none). */
const kindOf = (item: ArchiveItem) => item.documentKind ?? '扫描件';

/** The catalogue fields that must not depend on anything but the seed and the clock. */
const catalogue = (runtime: Runtime) =>
  listItems(runtime.ctx, undefined).map((i) => ({
    archivalCode: i.archivalCode,
    itemNo: i.itemNo,
    year: i.year,
    retention: i.retention,
    category: i.category,
    title: i.title,
    docNo: i.docNo,
    responsible: i.responsible,
    date: i.date,
    pages: i.pages,
    format: i.format,
  }));

const form = { rows: 3, columns: 2, signatures: 1, signedRows: false, seal: false };

const YEAR = FIXED_NOW.getFullYear();
const PREVIOUS = YEAR - 1;

describe('demo archive (village, seed 11)', () => {
  let runtime: Runtime;
  let summary: DemoSummary;
  let items: ArchiveItem[];
  let villageId: number;
  let villageName: string;

  beforeAll(async () => {
    runtime = await openTestRuntime();
    summary = await seedDemo(runtime.ctx, { size: 'village', seed: 11 });
    items = listItems(runtime.ctx, undefined);
    ({ id: villageId, name: villageName } = runtime.ctx.sqlite
      .prepare("SELECT id, name FROM grids WHERE level = 'village' ORDER BY id LIMIT 1")
      .get() as { id: number; name: string });
  }, 120_000);
  afterAll(() => runtime?.cleanup());

  it('files items for the previous and the current year only, counted in the summary', () => {
    expect(summary.archiveItems).toBe(items.length);
    expect(new Set(items.map((i) => i.year))).toEqual(new Set([PREVIOUS, YEAR]));
    const fondsCode = getSettings(runtime.ctx).fondsCode;
    expect(fondsCode).toMatch(/^Z\d{3}$/);
    for (const item of items) {
      expect(item.fondsCode).toBe(fondsCode);
      expect(item.archivalCode.startsWith(`${fondsCode}-WS·${item.year}-${item.retention}-`)).toBe(
        true,
      );
      expect(item.date.slice(0, 4)).toBe(String(item.year));
      expect(item.date <= today(runtime.ctx).replaceAll('-', '')).toBe(true);
      expect(item.responsible).toBe(`${villageName}村民委员会`);
    }
  });

  it('has every kind in both years: notices, 月通报, 明白纸, 会商记录, scans; the ledger last year', () => {
    const kinds = (year: number) => new Set(items.filter((i) => i.year === year).map(kindOf));
    const every = ['公示公告', '月通报', '明白纸', '月度会商记录', '扫描件'];
    expect([...kinds(PREVIOUS)].sort()).toEqual([...every, '问题登记台账'].sort());
    expect([...kinds(YEAR)].sort()).toEqual([...every].sort());

    // 月通报: the 12 months of last year, and this year's finished months (Jan-Apr on 6 May).
    const reports = (year: number) =>
      items
        .filter((i) => i.year === year && i.documentKind === '月通报')
        .map((i) => i.title)
        .sort();
    const monthTitles = (year: number, months: number) =>
      Array.from(
        { length: months },
        (_, m) => `${villageName}${year}年${m + 1}月防返贫动态监测月通报`,
      ).sort();
    expect(reports(PREVIOUS)).toEqual(monthTitles(PREVIOUS, 12));
    expect(reports(YEAR)).toEqual(monthTitles(YEAR, FIXED_NOW.getMonth()));
    for (const report of items.filter((i) => i.documentKind === '月通报')) {
      expect(report.retention).toBe('D10');
    }

    const ledger = items.filter((i) => i.documentKind === '问题登记台账');
    expect(ledger.map((i) => [i.year, i.title, i.date])).toEqual([
      [PREVIOUS, `[${villageName}${PREVIOUS}年问题登记台账]`, `${PREVIOUS}1231`],
    ]);
    // One card batch a year, its made-up title in [ ].
    expect(items.filter((i) => i.documentKind === '明白纸').map((i) => [i.year, i.title])).toEqual([
      [PREVIOUS, `[${villageName}${PREVIOUS}年明白纸]`],
      [YEAR, `[${villageName}${YEAR}年明白纸]`],
    ]);
  });

  it('files the village notices it issued, with their 文号, and a 结果公告 after each decision', () => {
    const notices = listNotices(runtime.ctx, undefined);
    const filedNotices = items.filter((i) => i.documentKind === '公示公告');
    // Every issued notice is filed, under its own number and title.
    expect(filedNotices.map((i) => i.docNo).sort()).toEqual(notices.map((n) => n.number).sort());
    for (const n of notices) {
      const item = filedNotices.find((i) => i.documentId === n.documentId)!;
      expect(item.title).toBe(n.title);
      expect(item.date).toBe(n.issueDate.replaceAll('-', ''));
      expect(n.gridId).toBe(villageId);
    }
    const kinds = new Set(notices.map((n) => n.kind));
    for (const kind of [
      '网格划分及网格员公示',
      '帮扶措施公示',
      '监测对象识别认定公示',
      '结果公告',
    ]) {
      expect(kinds).toContain(kind);
    }
    // 网格划分 once a year.
    expect(
      notices
        .filter((n) => n.kind === '网格划分及网格员公示')
        .map((n) => n.year)
        .sort(),
    ).toEqual([PREVIOUS, YEAR]);
    // A 结果公告 is issued after the period of the notice it announces.
    const rows = runtime.ctx.sqlite
      .prepare(
        `SELECT r.issue_date AS issued, s.period_end AS sourceEnd, s.kind AS sourceKind
         FROM notices r JOIN notices s ON s.id = r.source_notice_id WHERE r.kind = '结果公告'`,
      )
      .all() as { issued: string; sourceEnd: string; sourceKind: string }[];
    expect(rows.length).toBe(notices.filter((n) => n.kind === '结果公告').length);
    for (const row of rows) expect(row.issued > row.sourceEnd).toBe(true);
    // Identifications are announced where the roster's 识别认定日期 fall: each listed head
    // belongs to a household of the village identified inside the notice's data range.
    const identified = runtime.ctx.sqlite
      .prepare(
        `SELECT n.data_from AS dataFrom, n.data_to AS dataTo, n.period_end AS periodEnd,
                (SELECT count(*) FROM households h WHERE h.identified_date BETWEEN n.data_from AND n.data_to) AS inRange,
                (SELECT min(h.identified_date) FROM households h WHERE h.identified_date BETWEEN n.data_from AND n.data_to) AS firstDecision,
                n.table_json AS tableJson
         FROM notices n WHERE n.kind = '监测对象识别认定公示'`,
      )
      .all() as {
      dataFrom: string;
      dataTo: string;
      periodEnd: string;
      inRange: number;
      firstDecision: string;
      tableJson: string;
    }[];
    expect(identified.length).toBeGreaterThan(0);
    for (const n of identified) {
      const table = JSON.parse(n.tableJson) as { rows: string[][] };
      expect(table.rows.length).toBe(n.inRange);
      // 公示 first, then 县级审定 (docs/domain.md §3).
      expect(n.periodEnd < n.firstDecision).toBe(true);
    }
  });

  it('numbers every (全宗, 门类, 年度, 保管期限, 机构) sequence 1…n without a gap', () => {
    const sequences = new Map<string, number[]>();
    for (const i of items) {
      const key = [i.fondsCode, i.classCode, i.year, i.retention, i.orgCode].join('|');
      sequences.set(key, [...(sequences.get(key) ?? []), i.itemNo]);
    }
    // Permanent (识别认定), 30-year and 10-year (月通报) sequences in both years.
    expect(sequences.size).toBe(6);
    for (const [key, numbers] of sequences) {
      expect(
        numbers.sort((a, b) => a - b),
        key,
      ).toEqual(Array.from({ length: numbers.length }, (_, n) => n + 1));
    }
    for (const i of items) {
      expect(i.archivalCode.endsWith(`-${String(i.itemNo).padStart(4, '0')}`)).toBe(true);
    }
    expect(new Set(items.map((i) => i.archivalCode)).size).toBe(items.length);
  });

  it('keeps every original in the data folder with the SHA-256 the catalogue records', async () => {
    for (const year of [PREVIOUS, YEAR]) {
      const rows = catalogueRows(runtime.ctx, year);
      expect(rows.length).toBe(items.filter((i) => i.year === year).length);
      for (const row of rows) {
        const bytes = fs.readFileSync(path.join(runtime.dir, row.file));
        expect(createHash('sha256').update(bytes).digest('hex'), row.file).toBe(row.sha256);
        expect(bytes.length).toBe(row.size);
        if (row.format === 'pdf') {
          expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
          const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
          expect(pdf.getPageCount(), row.title).toBe(row.pages);
        }
      }
    }
    // The ledger's PDF is the village's ledger of that year, read back as text.
    const ledger = catalogueRows(runtime.ctx, PREVIOUS).find((r) =>
      r.title.includes('问题登记台账'),
    )!;
    const text = execFileSync('pdftotext', ['-layout', path.join(runtime.dir, ledger.file), '-'], {
      encoding: 'utf8',
    });
    expect(text).toContain('问题登记台账');
    expect(text).toContain(villageName);
  });

  it('files five scans drawn as real pictures, two of them 一户一档 of monitored households', async () => {
    const scans = items.filter((i) => i.documentId === null);
    expect(scans).toHaveLength(5);
    for (const scan of scans) expect(scan.title).toMatch(/^\[.+\]$/);
    const pngs = scans.filter((s) => s.format === 'png');
    expect(pngs).toHaveLength(4);
    for (const scan of pngs) {
      const file = catalogueRows(runtime.ctx, scan.year).find((r) => r.itemId === scan.id)!.file;
      const bytes = fs.readFileSync(path.join(runtime.dir, file));
      // A4 at 96 dpi, 8-bit grayscale, with dark marks on white paper.
      expect(bytes.readUInt32BE(16)).toBe(794);
      expect(bytes.readUInt32BE(20)).toBe(1123);
      expect([bytes[24], bytes[25]]).toEqual([8, 0]);
      const pdf = await PDFDocument.create();
      const image = await pdf.embedPng(bytes);
      expect(image.width).toBe(794);
    }
    // The signed pledges: a scanned PDF of two pages.
    const pledge = scans.find((s) => s.format === 'pdf')!;
    expect(pledge.pages).toBe(2);
    expect(pledge.category).toBe('精准施策类');
    expect(pledge.year).toBe(PREVIOUS);

    const households = scans.filter((s) => s.category === '一户一档');
    expect(households.map((s) => s.year).sort()).toEqual([PREVIOUS, YEAR]);
    for (const scan of households) {
      const household = runtime.ctx.sqlite
        .prepare(
          `SELECT h.monitor_category AS category, g.parent_id AS villageId
           FROM households h JOIN household_grids hg ON hg.household_id = h.id AND hg.end_date IS NULL
           JOIN grids g ON g.id = hg.grid_id WHERE h.id = ?`,
        )
        .get(scan.householdId) as { category: string | null; villageId: number };
      expect(household.category).not.toBeNull();
      expect(household.villageId).toBe(villageId);
      expect(scan.title).toContain(scan.householdHead!);
    }
    expect(
      scans
        .filter((s) => s.category === '精准识别类')
        .map((s) => s.year)
        .sort(),
    ).toEqual([PREVIOUS, YEAR]);
  });

  it('seals the previous year after filing it, and leaves the current year open', async () => {
    expect(items.filter((i) => i.year === PREVIOUS).every((i) => i.sealed)).toBe(true);
    expect(items.filter((i) => i.year === YEAR).some((i) => i.sealed)).toBe(false);
    const seal = runtime.ctx.sqlite.prepare('SELECT year FROM archive_seals').all();
    expect(seal).toEqual([{ year: PREVIOUS }]);
    // The seal was the last archive write: nothing was filed into the year after it.
    const lastWrites = runtime.ctx.sqlite
      .prepare(
        `SELECT entity, action FROM audit_log WHERE entity IN ('archive_item', 'archive_year')
         ORDER BY id DESC LIMIT 1`,
      )
      .all();
    expect(lastWrites).toEqual([{ entity: 'archive_year', action: 'seal' }]);
    await expect(
      fileUpload(runtime.ctx, {
        fileName: '补充材料.png',
        data: scannedForm(new Random(5), form).png(),
        title: '[补充材料]',
        date: `${PREVIOUS}0301`,
      }),
    ).rejects.toThrow(`${PREVIOUS} 年度的归档文件已封存`);
  });

  it('gives the same catalogue for the same seed, and another for another seed', async () => {
    const again = await openTestRuntime();
    const other = await openTestRuntime();
    try {
      await seedDemo(again.ctx, { size: 'village', seed: 11 });
      expect(catalogue(again)).toEqual(catalogue(runtime));
      await seedDemo(other.ctx, { size: 'village', seed: 12 });
      expect(catalogue(other)).not.toEqual(catalogue(runtime));
    } finally {
      again.cleanup();
      other.cleanup();
    }
  }, 120_000);
});
