import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { SaxesParser } from 'saxes';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ArchiveDeleteResult,
  ArchiveItem,
  FiledRecord,
  ImportSummary,
} from '../../electron/api/archive-types';
import type { Settings } from '../../electron/api/schemas';
import { runCli } from '../../electron/cli/commands';
import { exportPackage } from '../../electron/services/archive/package';
import { verifyPackage } from '../../electron/services/archive/verify';
import { ISSUED_FILE, raiseIssued, readIssued } from '../../electron/services/sequences/issued';
import { buildReportWorld } from '../fixtures/reports';
import { openTestRuntime, useTestRuntime } from '../fixtures/runtime';
import { makeTempDir } from '../fixtures/temp-dir';
import { callers, GRID, VILLAGE } from '../fixtures/village';

/**
 * Archive numbers fixed once handed over, filing a record once, removable imports and the
 * catalogue documents (docs/domain.md §6), on real files: the package folder, its PDFs read
 * with pdftotext, the xlsx printed through LibreOffice.
 */

const pdfText = (file: string, page?: number) =>
  execFileSync(
    'pdftotext',
    [...(page === undefined ? [] : ['-f', String(page), '-l', String(page)]), '-layout', file, '-'],
    { encoding: 'utf8' },
  );
const flat = (text: string) => text.replace(/\s+/g, '');

async function scannedPdf(pages: number, label: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    pdf.addPage([595, 842]).drawText(`${label} page ${i + 1}`, { x: 50, y: 780, size: 18, font });
  }
  return Buffer.from(await pdf.save({ useObjectStreams: true }));
}

/** LibreOffice, when installed: the catalogue's printed header is checked through it. */
const SOFFICE = ['soffice', 'libreoffice'].find(
  (name) => spawnSync(name, ['--version'], { encoding: 'utf8' }).status === 0,
);

const D30 = 'Z109|WS|2026|D30|FFP';

describe('archive numbers fixed once handed over', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call, fail } = callers(ctx);

  async function setUp() {
    await call('setup.createVillage', VILLAGE);
    await call('settings.update', { fondsCode: 'Z109' });
  }

  let uploads = 0;
  async function upload(fields: Record<string, unknown> = {}): Promise<ArchiveItem> {
    uploads++;
    return call<ArchiveItem>('archive.fileUpload', {
      fileName: `scan-${uploads}.pdf`,
      data: await scannedPdf(1 + (uploads % 2), `item ${uploads}`),
      title: `[签字表${uploads}]`,
      date: '2026-03-05',
      docNo: `杨柳村〔2026〕${uploads}号`,
      ...fields,
    });
  }
  const list = async () =>
    (await call<ArchiveItem[]>('archive.list', { year: 2026 })).map(
      (i) => `${i.itemNo} ${i.archivalCode} ${i.title}`,
    );

  it('deleting after export leaves the gap, a reason in the box’s 备考表, and the package still agrees', async () => {
    await setUp();
    const items: ArchiveItem[] = [];
    for (let i = 0; i < 4; i++) items.push(await upload());
    expect(items.map((i) => i.fixed)).toEqual([false, false, false, false]);

    const first = await exportPackage(ctx(), { year: 2026 });
    // Handed over: exported_at set, the outside mark raised to the highest exported 件号.
    const exported = await call<ArchiveItem>('archive.get', { id: items[1]!.id });
    expect(exported).toMatchObject({ fixed: true, exportedAt: '2026-05-06T07:08:09.000Z' });
    expect(readIssued(ctx().dataDir).archive[D30]).toBe(4);
    // The 文件目录.XML carries 文号 and 页数 for each item.
    const xml = fs.readFileSync(path.join(first.folder, '文件目录.XML'), 'utf8');
    const parsed: Record<string, string>[] = [];
    let current: Record<string, string> | null = null;
    let field: string | null = null;
    const parser = new SaxesParser();
    parser.on('opentag', (tag) => {
      if (tag.name === '文件') current = {};
      else if (current) current[(field = tag.name)] = '';
    });
    parser.on('text', (t) => {
      if (current && field) current[field] += t;
    });
    parser.on('closetag', (tag) => {
      if (tag.name === '文件') {
        parsed.push(current!);
        current = null;
      } else field = null;
    });
    parser.write(xml).close();
    expect(parsed.map((p) => [p['档号'], p['文号'], p['页数']])).toEqual(
      items.map((i) => [i.archivalCode, i.docNo, String(i.pages)]),
    );

    const before = await list();
    // A handed-over item goes only with a reason.
    const noReason = await fail('archive.delete', { id: items[1]!.id });
    expect(noReason).toMatchObject({
      code: 'VALIDATION',
      message: `档号 ${items[1]!.archivalCode} 已经移交，删除后件号 2 空着不再使用，并记入这一盒的备考表：请写明删除原因`,
      fields: [{ path: ['reason'], message: '已移交的文件须写明删除原因' }],
    });
    expect(
      await call<ArchiveDeleteResult>('archive.delete', {
        id: items[1]!.id,
        reason: '与第 3 件重复扫描',
      }),
    ).toEqual({ id: items[1]!.id, renumbered: 0, numberKept: true });
    // Nothing moved: the gap stays.
    expect(await list()).toEqual([before[0], before[2], before[3]]);
    // Nor can a handed-over item move to another retention (its 档号 would change).
    const move = await fail('archive.update', { id: items[2]!.id, fields: { retention: 'Y' } });
    expect(move.code).toBe('CONFLICT');
    expect(move.message).toContain(`档号 ${items[2]!.archivalCode} 已经移交`);
    // New filing continues after the highest number ever handed over.
    const fifth = await upload();
    expect(fifth.itemNo).toBe(5);
    expect(fifth.archivalCode).toBe('Z109-WS·2026-D30-FFP-0005');

    const again = await exportPackage(ctx(), { year: 2026, perBox: 50 });
    expect((await verifyPackage(again.folder)).ok).toBe(true);
    const notes = flat(pdfText(path.join(again.folder, '其他', '备考表.pdf')));
    for (const words of [
      '本盒共4件',
      '件号0001—0005',
      '移交后删除1件，件号空缺，不再使用',
      `件号0002（档号${items[1]!.archivalCode}）「${items[1]!.title}」`,
      '2026年5月6日由测试员删除',
      '原因：与第3件重复扫描',
    ]) {
      expect(notes).toContain(words);
    }
    const spines = flat(
      execFileSync('pdftotext', ['-raw', path.join(again.folder, '其他', '盒脊.pdf'), '-'], {
        encoding: 'utf8',
      }),
    );
    expect(spines).toContain('起止件号0001—0005盒号1');
    const deletes = ctx()
      .sqlite.prepare(
        "SELECT operator, after FROM audit_log WHERE entity = 'archive_item' AND action = 'delete'",
      )
      .all() as { operator: string; after: string }[];
    expect(deletes).toHaveLength(1);
    expect(JSON.parse(deletes[0]!.after)).toEqual({
      renumbered: 0,
      numberKept: true,
      reason: '与第 3 件重复扫描',
    });
  });

  it('before hand-over a delete renumbers; after an export only the items above the mark close up', async () => {
    await setUp();
    const a = [await upload(), await upload(), await upload()];
    // Not handed over: the later items move up, as before.
    expect(await call<ArchiveDeleteResult>('archive.delete', { id: a[0]!.id })).toEqual({
      id: a[0]!.id,
      renumbered: 2,
      numberKept: false,
    });
    expect((await list()).map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual([
      '1 Z109-WS·2026-D30-FFP-0001',
      '2 Z109-WS·2026-D30-FFP-0002',
    ]);

    await exportPackage(ctx(), { year: 2026 });
    const b = [await upload(), await upload(), await upload()];
    expect(b.map((i) => [i.itemNo, i.fixed])).toEqual([
      [3, false],
      [4, false],
      [5, false],
    ]);
    // Deleting item 3 (filed after the export): 4 and 5 close up; 1 and 2 never move.
    expect(await call<ArchiveDeleteResult>('archive.delete', { id: b[0]!.id })).toMatchObject({
      renumbered: 2,
      numberKept: false,
    });
    const now = await call<ArchiveItem[]>('archive.list', { year: 2026 });
    expect(now.map((i) => [i.id, i.itemNo, i.archivalCode])).toEqual([
      [a[1]!.id, 1, 'Z109-WS·2026-D30-FFP-0001'],
      [a[2]!.id, 2, 'Z109-WS·2026-D30-FFP-0002'],
      [b[1]!.id, 3, 'Z109-WS·2026-D30-FFP-0003'],
      [b[2]!.id, 4, 'Z109-WS·2026-D30-FFP-0004'],
    ]);
    // A handed-over item deleted with a reason: the items after it do not move.
    await call('archive.delete', { id: a[1]!.id, reason: '归错年度' });
    expect(
      (await call<ArchiveItem[]>('archive.list', { year: 2026 })).map((i) => i.itemNo),
    ).toEqual([2, 3, 4]);
    // Then deleting an item above the mark closes up to the mark, never below it.
    await call('archive.delete', { id: b[1]!.id });
    expect(
      (await call<ArchiveItem[]>('archive.list', { year: 2026 })).map((i) => [i.id, i.itemNo]),
    ).toEqual([
      [a[2]!.id, 2],
      [b[2]!.id, 3],
    ]);
  });

  it('after a restore-like raise of the mark, filing continues after it; a seal raises the mark', async () => {
    await setUp();
    await upload();
    await upload();
    // As a restore of an older backup leaves it: the database knows 2, the world saw 7.
    raiseIssued(ctx().dataDir, 'archive', D30, 7);
    const next = await upload();
    expect(next).toMatchObject({ itemNo: 8, archivalCode: 'Z109-WS·2026-D30-FFP-0008' });
    // 1 and 2 lie under a handed-over number: fixed.
    const listed = await call<ArchiveItem[]>('archive.list', { year: 2026 });
    expect(listed.map((i) => [i.itemNo, i.fixed])).toEqual([
      [1, true],
      [2, true],
      [8, false],
    ]);

    // Sealing hands a year's numbers over too, and they stay so after an unseal.
    const older = [
      await upload({ date: '2025-04-01' }),
      await upload({ date: '2025-04-02', category: '精准识别类' }),
    ];
    await call('archive.seal', { year: 2025 });
    const marks = JSON.parse(fs.readFileSync(path.join(ctx().dataDir, ISSUED_FILE), 'utf8')) as {
      archive: Record<string, number>;
    };
    expect(marks.archive).toMatchObject({
      'Z109|WS|2025|D30|FFP': 1,
      'Z109|WS|2025|Y|FFP': 1,
      [D30]: 7,
    });
    await call('archive.unseal', { year: 2025, reason: '补归档' });
    expect((await call<ArchiveItem>('archive.get', { id: older[0]!.id })).fixed).toBe(true);
    expect((await upload({ date: '2025-05-01' })).itemNo).toBe(2);
  });

  it('refuses filing the same document or the same 月通报, ledger or minutes twice, naming the 档号', async () => {
    const world = await buildReportWorld(ctx());
    await call('settings.update', { fondsCode: 'Z109' });
    const report = await call<ArchiveItem>('archive.fileGenerated', {
      kind: 'monthlyReport',
      month: '2026-04',
    });
    const documents = () => ctx().sqlite.prepare('SELECT count(*) FROM documents').pluck().get();
    expect(documents()).toBe(1);
    const twice = await fail('archive.fileGenerated', { kind: 'monthlyReport', month: '2026-04' });
    expect(twice.code).toBe('CONFLICT');
    expect(twice.message).toBe(
      `2026年4月月通报已经归档，档号 ${report.archivalCode}。如需归档新的版本，请先在「档案管理」中删除原来那一件`,
    );
    // Refused before a second PDF is made and kept.
    expect(documents()).toBe(1);
    // The same document by its id, too.
    const sameDocument = await fail('archive.fileDocument', { documentId: report.documentId });
    expect(sameDocument.message).toContain(`已经归档，档号 ${report.archivalCode}`);
    // A group's report of the same month is another record.
    const group = await call<ArchiveItem>('archive.fileGenerated', {
      kind: 'monthlyReport',
      month: '2026-04',
      gridId: GRID.group1,
    });
    const groupTwice = await fail('archive.fileGenerated', {
      kind: 'monthlyReport',
      month: '2026-04',
      gridId: GRID.group1,
    });
    expect(groupTwice.message).toContain(`2026年4月月通报已经归档，档号 ${group.archivalCode}`);

    const ledger = await call<ArchiveItem>('archive.fileGenerated', { kind: 'ledger', year: 2025 });
    expect((await fail('archive.fileGenerated', { kind: 'ledger', year: 2025 })).message).toContain(
      `2025年问题登记台账已经归档，档号 ${ledger.archivalCode}`,
    );
    const meeting = await call<{ id: number }>('meetings.save', {
      gridId: GRID.village,
      date: '2026-04-28',
      place: '村委会会议室',
      host: '李四',
      recorder: '王五',
      attendees: '李四、王五',
      topics: '研判4月新增风险户',
      decisions: '落实临时救助',
      problemIds: [world.problems.p1],
    });
    const minutes = await call<ArchiveItem>('archive.fileGenerated', {
      kind: 'minutes',
      meetingId: meeting.id,
    });
    expect(
      (await fail('archive.fileGenerated', { kind: 'minutes', meetingId: meeting.id })).message,
    ).toContain(`2026年4月28日的月度会商记录已经归档，档号 ${minutes.archivalCode}`);

    // What the pages read for their 已归档 badge.
    expect(await call<FiledRecord[]>('archive.filed', { kind: 'monthlyReport' })).toEqual([
      {
        key: '2026-04:village',
        itemId: report.id,
        archivalCode: report.archivalCode,
        title: report.title,
      },
      {
        key: `2026-04:${GRID.group1}`,
        itemId: group.id,
        archivalCode: group.archivalCode,
        title: group.title,
      },
    ]);
    expect(
      (await call<FiledRecord[]>('archive.filed', { kind: 'minutes' })).map((r) => r.key),
    ).toEqual([String(meeting.id)]);
    expect(
      (await call<FiledRecord[]>('archive.filed', { kind: 'ledger' })).map((r) => r.key),
    ).toEqual(['2025:village']);

    // Deleted before hand-over, it can be filed again.
    await call('archive.delete', { id: report.id });
    expect(await call<FiledRecord[]>('archive.filed', { kind: 'monthlyReport' })).toHaveLength(1);
    await call('archive.fileGenerated', { kind: 'monthlyReport', month: '2026-04' });
  });
  it('the kinds table: one category per kind, and no second retention for a kind filed this year', async () => {
    await buildReportWorld(ctx());
    await call('settings.update', { fondsCode: 'Z109' });
    const report = await call<ArchiveItem>('archive.fileGenerated', {
      kind: 'monthlyReport',
      month: '2026-04',
    });
    expect(report).toMatchObject({ category: '综合类', retention: 'D30' });
    const settings = await call<Settings>('settings.get', {});
    const mapped = (kind: string, category: string) =>
      settings.archiveKinds.map((k) => (k.kind === kind ? { ...k, category } : k));
    // A category that is not in the list.
    const unknown = await fail('settings.update', { archiveKinds: mapped('月通报', '报表类') });
    expect(unknown).toMatchObject({
      code: 'VALIDATION',
      message: '「月通报」的归档类别「报表类」不在归档类别中，请重新选择',
    });
    // 月通报 under 精准识别类 (永久) while 2026's are filed 30 年: refused.
    const second = await fail('settings.update', {
      archiveKinds: mapped('月通报', '精准识别类'),
    });
    expect(second.message).toBe(
      '2026 年度已有 1 件「月通报」按保管期限30年归档，改成永久会让同一种文件有两个保管期限。请等 2026 年度封存后再改，或先在「档案管理」中删除这些文件（改后重新归档）',
    );
    // Nor through the category's own retention.
    const viaCategory = await fail('settings.update', {
      archive: {
        ...settings.archive,
        categories: settings.archive.categories.map((c) =>
          c.name === '综合类' ? { ...c, retention: 'D10' } : c,
        ),
      },
    });
    expect(viaCategory.message).toContain('改成10年会让同一种文件有两个保管期限');
    // Saving the same table again (the settings page sends every field) is fine.
    await call('settings.update', {
      archive: settings.archive,
      archiveKinds: settings.archiveKinds,
    });
    // Once 2026 is sealed, the change applies to later filings.
    await call('archive.seal', { year: 2026 });
    const changed = await call<Settings>('settings.update', {
      archiveKinds: mapped('月通报', '精准识别类'),
    });
    expect(changed.archiveKinds.find((k) => k.kind === '月通报')?.category).toBe('精准识别类');
  });
});

describe('a damaged package import can be removed, then the intact copy imports', () => {
  const temps: ReturnType<typeof makeTempDir>[] = [];
  const runtimes: Awaited<ReturnType<typeof openTestRuntime>>[] = [];
  afterEach(() => {
    runtimes.splice(0).forEach((r) => r.cleanup());
    temps.splice(0).forEach((t) => t.cleanup());
  });

  async function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('through the API and the CLI (archive-import --remove ID), audited, its files deleted', async () => {
    // The other village's package.
    const other = await openTestRuntime();
    runtimes.push(other);
    const { call: otherCall } = callers(() => other.ctx);
    await otherCall('setup.createVillage', { ...VILLAGE, village: '鹿林村' });
    await otherCall('settings.update', { fondsCode: 'Z110' });
    for (let i = 1; i <= 2; i++) {
      await otherCall('archive.fileUpload', {
        fileName: `s${i}.pdf`,
        data: await scannedPdf(1, `other ${i}`),
        title: `[鹿林村签字表${i}]`,
        date: '2026-03-05',
      });
    }
    const intact = await exportPackage(other.ctx, { year: 2026 });
    const temp = makeTempDir();
    temps.push(temp);
    // A copy damaged on the way (one byte of an item changed): same manifest, other bytes.
    const damaged = path.join(temp.dir, 'damaged', path.basename(intact.folder));
    fs.cpSync(intact.folder, damaged, { recursive: true });
    const itemDir = path.join(damaged, '电子档案', '2026', '综合类');
    const victim = path.join(itemDir, fs.readdirSync(itemDir)[0]!);
    const bytes = fs.readFileSync(victim);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    fs.writeFileSync(victim, bytes);

    const township = await openTestRuntime();
    runtimes.push(township);
    const { call, fail } = callers(() => township.ctx);
    await call('setup.createVillage', VILLAGE);
    const bad = await call<ImportSummary>('archive.importPackage', { path: damaged });
    expect(bad.check.ok).toBe(false);
    expect(bad.check.changed).toHaveLength(1);
    // The intact copy is refused while the damaged one is there, and the message says how.
    const blocked = await fail('archive.importPackage', { path: intact.folder });
    expect(blocked.code).toBe('CONFLICT');
    expect(blocked.message).toContain(`但那一份校验未通过`);
    expect(blocked.message).toContain(`archive-import --remove ${bad.id}`);

    expect(await call('archive.removeImport', { id: bad.id })).toEqual({ id: bad.id });
    expect(fs.existsSync(bad.folder)).toBe(false);
    expect(await call<ImportSummary[]>('archive.imports', {})).toEqual([]);
    const removed = township.ctx.sqlite
      .prepare(
        "SELECT operator, before FROM audit_log WHERE entity = 'archive_import' AND action = 'delete'",
      )
      .get() as { operator: string; before: string };
    expect(removed.operator).toBe('测试员');
    expect(JSON.parse(removed.before)).toMatchObject({ label: '鹿林村村民委员会', ok: false });
    expect(
      township.ctx.sqlite.prepare('SELECT count(*) FROM archive_import_items').pluck().get(),
    ).toBe(0);

    const good = await call<ImportSummary>('archive.importPackage', { path: intact.folder });
    expect(good.check.ok).toBe(true);
    expect(good.id).not.toBe(bad.id);
    expect((await fail('archive.removeImport', { id: bad.id })).code).toBe('NOT_FOUND');

    // The CLI: archive-import --remove ID.
    const db = township.ctx.databaseFile;
    township.session.close();
    const out = await cli(['archive-import', '--db', db, '--remove', String(good.id)]);
    expect(out.code).toBe(0);
    expect(out.out).toContain(`已删除导入的档案包（编号 ${good.id}）：鹿林村村民委员会，2 件`);
    expect(fs.existsSync(good.folder)).toBe(false);
    const again = await cli(['archive-import', '--db', db, intact.folder]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('校验通过');
  });
});

describe('the catalogue documents', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call } = callers(ctx);

  it.skipIf(!SOFFICE)(
    `the catalogue xlsx printed by LibreOffice shows 全宗号, the year and the retention in its header${SOFFICE ? '' : ' (SKIPPED: LibreOffice `soffice` is not installed)'}`,
    async () => {
      await call('setup.createVillage', VILLAGE);
      await call('settings.update', { fondsCode: 'Z109' });
      for (const category of ['综合类', '精准识别类']) {
        await call('archive.fileUpload', {
          fileName: 'a.pdf',
          data: await scannedPdf(1, `item ${category.length}`),
          title: `[${category}签字表]`,
          date: '2026-03-05',
          category,
        });
      }
      const result = await exportPackage(ctx(), { year: 2026 });
      const outDir = path.join(ctx().dataDir, 'lo-out');
      // Its own profile folder: another LibreOffice running on the machine cannot interfere.
      const profile = `file://${path.join(ctx().dataDir, 'lo-profile')}`;
      execFileSync(
        SOFFICE!,
        [
          `-env:UserInstallation=${profile}`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          outDir,
          path.join(result.folder, '归档文件目录.xlsx'),
        ],
        { stdio: 'ignore', timeout: 120_000 },
      );
      const printed = path.join(outDir, '归档文件目录.pdf');
      const first = flat(pdfText(printed, 1));
      expect(first).toContain('全宗号Z109');
      expect(first).toContain('2026年度永久归档文件目录');
      expect(first).not.toContain('142026');
      const all = flat(pdfText(printed));
      expect(all).toContain('2026年度30年归档文件目录');
      expect(all).toContain('杨柳村村民委员会');
      expect(all).toContain('第1页，共');
    },
    180_000,
  );
});
