import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type {
  CardChangeList,
  CardContent,
  CardJobStart,
  CardJobStatus,
} from '../../electron/api/cards-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import { runCli } from '../../electron/cli/commands';
import { CardSheets, MIN_CARD_TEXT } from '../../electron/services/cards/layout';
import { buildCardWorld, CARD_PHONES, changeWorkerPhone } from '../fixtures/cards';
import { countRows, useTestRuntime } from '../fixtures/runtime';
import { REPO_ROOT } from '../fixtures/temp-dir';
import { call, failure, GRID } from '../fixtures/village';

const ID_PATTERN = /\d{17}[\dX]/;

/** pdftotext of one page (or all), in reading layout. */
function pdfText(file: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', ['-layout', ...range, file, '-'], { encoding: 'utf8' });
}
const pageCount = (file: string) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
/** Collapses the spaces pdftotext puts between table cells. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

/** The note on the cut line between two A5 cards (box.ts drawCutLine): off the cards. */
const CUT_NOTE_SIZE = 6.5;

/**
 * The type sizes each page prints at: every `Tf` in the page's content and in the forms it
 * places. The pages draw with unscaled matrices only (checked here: every cm and Tm is ±1 on
 * the diagonal), so a Tf size is the size on paper.
 */
async function printedSizes(file: string): Promise<number[][]> {
  const doc = await PDFDocument.load(fs.readFileSync(file));
  return doc.getPages().map((page) => {
    const streams: PDFRawStream[] = [];
    const contents = page.node.Contents();
    for (const ref of contents instanceof PDFArray ? contents.asArray() : [contents]) {
      const stream = doc.context.lookup(ref as never);
      if (stream instanceof PDFRawStream) streams.push(stream);
    }
    const xobjects = page.node.Resources()?.lookup(PDFName.of('XObject'), PDFDict);
    for (const key of xobjects?.keys() ?? []) {
      const form = xobjects!.lookup(key);
      if (form instanceof PDFRawStream) streams.push(form);
    }
    const ops = streams
      .map((stream) => Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1'))
      .join('\n');
    const matrices = [
      ...ops.matchAll(/(-?[\d.]+) -?[\d.]+ -?[\d.]+ (-?[\d.]+)(?: -?[\d.]+){2} (?:cm|Tm)/g),
    ];
    expect(matrices.length).toBeGreaterThan(0);
    for (const m of matrices)
      expect([Math.abs(Number(m[1])), Math.abs(Number(m[2]))]).toEqual([1, 1]);
    return [...ops.matchAll(/ ([\d.]+) Tf\b/g)].map((m) => Number(m[1]));
  });
}

/** No text of any card is under 10.5 pt (docs/domain.md §5); the cut notes are off the cards. */
function expectLegible(sizes: number[], cutLines: number) {
  expect(sizes.filter((size) => size < MIN_CARD_TEXT)).toEqual(
    Array<number>(cutLines).fill(CUT_NOTE_SIZE),
  );
}

describe('明白纸 batches', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  /** Starts a batch and waits for it, yielding to the event loop as the UI's polling does. */
  async function print(scope: unknown, layout = 'a4') {
    const start = await call<CardJobStart>(ctx(), 'cards.start', { scope, layout });
    let status: CardJobStatus;
    do {
      await new Promise((resolve) => setTimeout(resolve, 5));
      status = await call<CardJobStatus>(ctx(), 'cards.status', { jobId: start.jobId });
    } while (status.state === 'running');
    return { start, status };
  }

  async function savePdf(payload: FilePayload, name: string): Promise<string> {
    const file = path.join(path.dirname(ctx().databaseFile), name);
    fs.writeFileSync(file, Buffer.from(payload.data));
    return file;
  }

  async function printedPdf(documentId: number, name = 'cards.pdf') {
    return savePdf(await call<FilePayload>(ctx(), 'cards.pdf', { documentId }), name);
  }

  it('prints one A4 card per household of a grid with the right names, phones and levels', async () => {
    const world = await buildCardWorld(ctx());
    const { start, status } = await print({ gridId: GRID.village });
    expect(start.households).toBe(4);
    expect(status).toMatchObject({ state: 'done', done: 4, total: 4 });
    const file = await printedPdf(status.documentId!);
    expect(pageCount(file)).toBe(4);

    // By 组, then by house: 一组 2号 李明 and 一组12号 张三, then 二组 3号 陈刚 and 4号 黄强.
    const first = pdfText(file, 2);
    const line = (text: string, ...parts: string[]) =>
      expect(flat(text)).toMatch(new RegExp(parts.join('\\s+')));
    expect(first).toContain('防止返贫动态监测网格化管理明白纸');
    line(first, '户主', '张三', '所在网格', '柳湾镇杨柳村一组');
    line(first, '住址', '大寨', '一组12号');
    line(first, '乡镇', '柳湾镇', '网格员', '吴干部', '13900000011');
    line(first, '网格长', '钱镇长', CARD_PHONES.qian, '统筹全镇网格工作');
    line(first, '网格长', '孙书记', CARD_PHONES.sun);
    line(first, '村', '杨柳村');
    line(first, '组', '一组', '网格长', '李四', CARD_PHONES.liSi);
    line(
      first,
      '帮扶责任人',
      '刘帮扶',
      '工作单位',
      '县农业农村局',
      '联系电话',
      CARD_PHONES.contact,
    );
    line(first, '向本组网格长', '李四', '反映，电话', CARD_PHONES.liSi);
    expect(first).toContain('拨打 12317');
    expect(first).toContain('到杨柳村村民委员会自主申报');
    line(first, '监督电话：0871-12345678', '发放日期：2026年5月6日');
    // Ended roles and workers beyond one per role above the own grid are not printed.
    expect(first).not.toContain('赵六');
    expect(first).not.toContain('郑干部');
    // Privacy: no member ID numbers, health status or the household's own phone.
    for (const id of world.h1Ids) expect(first).not.toContain(id);
    expect(first).not.toMatch(ID_PATTERN);
    expect(first).not.toContain('患有大病');
    expect(first).not.toContain('13912345678');

    const third = pdfText(file, 3);
    line(third, '户主', '陈刚', '所在网格', '柳湾镇杨柳村二组');
    line(third, '组', '二组', '网格长', '王五', CARD_PHONES.wangWu);
    line(third, '帮扶责任人', '暂无');
    expect(third).not.toContain('旧帮扶');
    expect(third).not.toContain('李四');
    expect(pdfText(file, 1)).toContain('李明');
    expect(pdfText(file, 4)).toContain('黄强');
    for (const sizes of await printedSizes(file)) expectLegible(sizes, 0);

    // Recorded: the document, each household's card hash, one audit row.
    const doc = ctx()
      .sqlite.prepare('SELECT kind, pages, doc_date AS docDate, file FROM documents')
      .get() as { kind: string; pages: number; docDate: string; file: string };
    expect(doc).toMatchObject({ kind: '明白纸', pages: 4, docDate: '2026-05-06' });
    expect(fs.existsSync(path.join(ctx().dataDir, doc.file))).toBe(true);
    const prints = ctx()
      .sqlite.prepare('SELECT household_id AS id, document_id AS doc FROM card_prints ORDER BY 1')
      .all();
    expect(prints).toEqual(
      Object.values(world.households).map((id) => ({ id, doc: status.documentId })),
    );
    const entries = ctx()
      .sqlite.prepare("SELECT after FROM audit_log WHERE action = 'print_cards'")
      .all() as { after: string }[];
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]!.after)).toMatchObject({ households: 4, layout: 'a4' });
    // No phone in the audit entry; its SHA-256 is hex and may hold 11 digits in a row by chance.
    const { sha256, ...rest } = JSON.parse(entries[0]!.after) as Record<string, unknown>;
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rest)).not.toMatch(/1[3-9]\d{9}/);
  });

  it('puts two A5 cards on each A4 sheet, by 组 then house whatever the order chosen, at 10.5 pt or more', async () => {
    const world = await buildCardWorld(ctx());
    const { h1, h3, h4 } = world.households;
    const { status } = await print({ householdIds: [h4, h3, h1, h4] }, 'a5x2');
    expect(status.state).toBe('done');
    expect(status.message).toBe('已生成 3 户的明白纸，共 2 页');
    const file = await printedPdf(status.documentId!);
    expect(pageCount(file)).toBe(2);
    const sheet1 = pdfText(file, 1);
    expect(sheet1.match(/户主/g)).toHaveLength(2);
    // 一组 before 二组, then in 二组 3号 (陈刚) before 4号 (黄强).
    expect(sheet1.indexOf('张三')).toBeLessThan(sheet1.indexOf('陈刚'));
    expect(sheet1).toContain('沿虚线裁开');
    const sheet2 = pdfText(file, 2);
    expect(sheet2.match(/户主/g)).toHaveLength(1);
    expect(sheet2).toContain('黄强');
    const [sizes1, sizes2] = await printedSizes(file);
    expectLegible(sizes1!, 1);
    expectLegible(sizes2!, 1);
    expect(countRows(runtime(), 'card_prints')).toBe(3);

    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n');
    const rows = fonts.slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      // NAME is ABCDEF+NotoSansSC-…; emb, sub and uni are all "yes".
      expect(row).toMatch(/^[A-Z]{6}\+NotoSansSC-\S+\s.*\byes\s+yes\s+yes\b/);
    }
  });

  it('prints an A5 card too long for its half on a whole A4 page and says so', async () => {
    const world = await buildCardWorld(ctx());
    // Every role filled on every level above 一组: 15 workers on the cards of h1 and h2.
    const names = ['韩梅', '魏东', '蒋南', '沈北', '韦西', '杨中', '朱前', '秦后', '许左'];
    const fill: [number, string][] = [
      [GRID.township, '监测员'],
      [GRID.township, '信息员'],
      [GRID.village, '网格员'],
      [GRID.village, '监管员'],
      [GRID.village, '信息员'],
      [GRID.group1, '网格员'],
      [GRID.group1, '监管员'],
      [GRID.group1, '监测员'],
      [GRID.group1, '信息员'],
    ];
    for (const [i, [gridId, role]] of fill.entries()) {
      const { id } = await call<{ id: number }>(ctx(), 'workers.create', {
        name: names[i],
        sex: '女',
        phone: `1370000${1000 + i}`,
        unit: '',
      });
      await call(ctx(), 'roles.assign', {
        workerId: id,
        gridId,
        role,
        startDate: '2025-06-01',
        duties: '入户走访，发现风险及时报告',
      });
    }
    const { h1, h2 } = world.households;
    const { status } = await print({ householdIds: [h1, h2] }, 'a5x2');
    expect(status).toMatchObject({
      state: 'done',
      message:
        '已生成 2 户的明白纸，共 2 页；其中 2 户内容较多，A5 半页放不下，单独印在一整页 A4 上（不用裁开）',
    });
    const file = await printedPdf(status.documentId!);
    expect(pageCount(file)).toBe(2);
    for (const [page, head] of [
      [1, '李明'],
      [2, '张三'],
    ] as const) {
      const text = pdfText(file, page);
      expect(text.match(/户主/g)).toHaveLength(1);
      expect(text).toContain(head);
      expect(text).not.toContain('沿虚线裁开');
      for (const name of names) expect(text).toContain(name);
      expect(flat(text)).toContain('监督电话：0871-12345678');
    }
    for (const sizes of await printedSizes(file)) expectLegible(sizes, 0);
  });

  it('stops a running batch on cancel and records nothing', async () => {
    await call(ctx(), 'demo.seed', { size: 'village', seed: 7 });
    const village = (
      ctx().sqlite.prepare("SELECT id FROM grids WHERE level = 'village'").get() as { id: number }
    ).id;
    // The demo prints and files the village's cards itself (demo/archive-demo.ts).
    const documentsBefore = countRows(runtime(), 'documents');
    const printsBefore = countRows(runtime(), 'card_prints');
    const filesBefore = fs.readdirSync(path.join(ctx().dataDir, 'documents'), { recursive: true });
    const printed = () =>
      (
        ctx()
          .sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'print_cards'")
          .get() as { n: number }
      ).n;
    const printedBefore = printed();
    const start = await call<CardJobStart>(ctx(), 'cards.start', {
      scope: { gridId: village },
      layout: 'a4',
    });
    expect(start.households).toBe(400);
    // Let the batch draw its first chunk, then cancel it while it is still running.
    let status: CardJobStatus;
    do {
      await new Promise((resolve) => setImmediate(resolve));
      status = await call<CardJobStatus>(ctx(), 'cards.status', { jobId: start.jobId });
    } while (status.done === 0);
    expect(status.state).toBe('running');
    expect(status.done).toBeLessThan(400);
    const cancelled = await call<CardJobStatus>(ctx(), 'cards.cancel', { jobId: start.jobId });
    expect(cancelled.state).toBe('cancelled');
    // Give it time to have finished had it not stopped.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await call<CardJobStatus>(ctx(), 'cards.status', { jobId: start.jobId });
    expect(after).toMatchObject({ state: 'cancelled', message: '已取消，未保存任何记录' });
    expect(after.done).toBe(cancelled.done);
    expect(after.documentId).toBeUndefined();
    expect(countRows(runtime(), 'documents')).toBe(documentsBefore);
    expect(countRows(runtime(), 'card_prints')).toBe(printsBefore);
    expect(fs.readdirSync(path.join(ctx().dataDir, 'documents'), { recursive: true })).toEqual(
      filesBefore,
    );
    expect(printed()).toBe(printedBefore);
  });

  it('lists and reprints exactly the households whose card content changed', async () => {
    const world = await buildCardWorld(ctx());
    const { h1, h2, h3, h4 } = world.households;
    const changed = (gridId?: number) => call<CardChangeList>(ctx(), 'cards.changed', { gridId });
    const ids = (list: CardChangeList) => list.households.map((h) => h.householdId);

    expect(await changed()).toMatchObject({ total: 4, neverPrinted: 4, changed: 0 });
    // In print order: 一组 2号 李明 before 一组12号 张三.
    expect(ids(await changed())).toEqual([h2, h1, h3, h4]);
    expect((await changed()).households[1]).toMatchObject({
      householdId: h1,
      head: '张三',
      gridName: '一组',
      reason: '从未打印',
      lastPrintedAt: null,
    });
    await print({ gridId: GRID.village });
    expect(await changed()).toEqual({ total: 4, neverPrinted: 0, changed: 0, households: [] });

    // A group worker's phone: exactly that group's households.
    await changeWorkerPhone(ctx(), world.workers.wangWu, '13700137111');
    const groupChange = await changed();
    expect(ids(groupChange)).toEqual([h3, h4]);
    expect(groupChange.households.every((h) => h.reason === '内容有变化')).toBe(true);
    expect(groupChange.households[0]!.lastPrintedAt).toBe('2026-05-06T07:08:09.000Z');
    expect(ids(await changed(GRID.group1))).toEqual([]);

    const { start, status } = await print({ changedOnly: true });
    expect(start.households).toBe(2);
    const file = await printedPdf(status.documentId!, 'changed.pdf');
    expect(pageCount(file)).toBe(2);
    const text = pdfText(file);
    expect(text).toContain('陈刚');
    expect(text).toContain('黄强');
    expect(text).toContain('13700137111');
    expect(text).not.toContain('张三');
    expect((await changed()).households).toEqual([]);

    // A worker who is not on any card (the second township 网格员): nothing to reprint.
    await changeWorkerPhone(ctx(), world.workers.zheng, '13900000099');
    expect((await changed()).households).toEqual([]);

    // The township's 网格长: every household under the township.
    await changeWorkerPhone(ctx(), world.workers.qian, '13900000111');
    expect(ids(await changed())).toEqual([h2, h1, h3, h4]);
    expect(ids(await changed(GRID.group1))).toEqual([h2, h1]);
    const partial = await print({ changedOnly: true, gridId: GRID.group1 });
    expect(partial.start.households).toBe(2);
    expect(ids(await changed())).toEqual([h3, h4]);

    // Ending a role takes the worker off the cards of every household below the grid.
    const zhou = await call<{ roles: { id: number }[] }>(ctx(), 'workers.get', {
      id: world.workers.zhou,
    });
    await call(ctx(), 'roles.end', { id: zhou.roles[0]!.id, endDate: '2026-05-06' });
    expect(ids(await changed())).toEqual([h2, h1, h3, h4]);
    const all = await print({ changedOnly: true });
    expect(all.start.households).toBe(4);
    expect(pdfText(await printedPdf(all.status.documentId!, 'all.pdf'))).not.toContain('周委员');
    expect((await changed()).households).toEqual([]);
  });

  it('previews one card without recording anything', async () => {
    const world = await buildCardWorld(ctx());
    const payload = await call<FilePayload>(ctx(), 'cards.preview', {
      householdId: world.households.h1,
      layout: 'a5x2',
    });
    expect(payload.fileName).toBe('明白纸预览-张三.pdf');
    const file = await savePdf(payload, 'preview.pdf');
    expect(pageCount(file)).toBe(1);
    expect(pdfText(file)).toContain(CARD_PHONES.liSi);
    expect(countRows(runtime(), 'documents')).toBe(0);
    expect(countRows(runtime(), 'card_prints')).toBe(0);
  });

  it('prints in the fonts chosen in the settings when they are present', async () => {
    const world = await buildCardWorld(ctx());
    // Stand-ins for the Windows fonts: two other weights of Noto Sans SC under their names.
    const fonts = path.join(path.dirname(ctx().databaseFile), 'fonts');
    fs.mkdirSync(fonts);
    const weight = (dir: string) =>
      path.join(
        REPO_ROOT,
        'node_modules/@expo-google-fonts/noto-sans-sc',
        dir,
        `NotoSansSC_${dir}.ttf`,
      );
    fs.copyFileSync(weight('900Black'), path.join(fonts, 'simhei.ttf'));
    fs.copyFileSync(weight('300Light'), path.join(fonts, 'simfang.ttf'));
    await call(ctx(), 'settings.update', { printFonts: { title: 'simhei', body: 'simfang' } });
    const saved = process.env.VILLAGE_LEDGER_FONT_DIR;
    process.env.VILLAGE_LEDGER_FONT_DIR = fonts;
    try {
      const payload = await call<FilePayload>(ctx(), 'cards.preview', {
        householdId: world.households.h1,
        layout: 'a4',
      });
      const file = await savePdf(payload, 'fonts.pdf');
      const names = execFileSync('pdffonts', [file], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .slice(2)
        .map((row) => row.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''))
        .sort();
      expect(names).toEqual(['NotoSansSC-Black', 'NotoSansSC-Light']);
      expect(pdfText(file)).toContain('张三');
    } finally {
      if (saved === undefined) delete process.env.VILLAGE_LEDGER_FONT_DIR;
      else process.env.VILLAGE_LEDGER_FONT_DIR = saved;
    }
  });

  it('refuses bad requests with a Chinese message', async () => {
    await buildCardWorld(ctx());
    expect((await failure(ctx(), 'cards.start', { scope: {} })).message).toContain(
      '请选择打印范围',
    );
    expect(
      (await failure(ctx(), 'cards.start', { scope: { gridId: 3, householdIds: [1] } })).message,
    ).toContain('不能两者都给');
    expect(
      (await failure(ctx(), 'cards.start', { scope: { gridId: 3 }, layout: 'a3' })).message,
    ).toContain('版式只能是 a4');
    expect(
      (await failure(ctx(), 'cards.start', { scope: { householdIds: [] } })).message,
    ).toContain('请至少选择一户');
    const missing = await failure(ctx(), 'cards.start', { scope: { householdIds: [999] } });
    expect(missing).toEqual({
      code: 'NOT_FOUND',
      message: '找不到编号为 999 的农户，可能已被删除',
    });
    expect(
      (await failure(ctx(), 'cards.start', { scope: { gridId: GRID.group2 + 10 } })).code,
    ).toBe('NOT_FOUND');
    const status = await failure(ctx(), 'cards.status', {
      jobId: '00000000-0000-4000-8000-000000000000',
    });
    expect(status.code).toBe('NOT_FOUND');
    expect((await failure(ctx(), 'cards.pdf', { documentId: 1 })).code).toBe('NOT_FOUND');
  });
});

describe('cards command', () => {
  const runtime = useTestRuntime();

  it('prints a village as A5 pairs with progress on stderr, then only what changed', async () => {
    await buildCardWorld(runtime().ctx);
    const db = runtime().ctx.databaseFile;
    runtime().close();
    const out: string[] = [];
    const err: string[] = [];
    const cli = (args: string[]) =>
      runCli([...args, '--db', db], { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
    const pdf = path.join(path.dirname(db), 'cli.pdf');

    expect(await cli(['cards', '--out', pdf, '--village', '4'])).toBe(1);
    expect(err.at(-1)).toBe('编号为 4 的网格「一组」不是村级网格，请用 --grid');

    expect(await cli(['cards', '--out', pdf, '--village', '3', '--layout', 'a5x2'])).toBe(0);
    expect(err).toContain('明白纸 4/4 户');
    expect(out.at(-1)).toBe(`已生成 4 户的明白纸，共 2 页。文件：${pdf}`);
    expect(pageCount(pdf)).toBe(2);
    expect(pdfText(pdf)).toContain('钱镇长');

    expect(await cli(['cards', '--out', pdf, '--changed'])).toBe(1);
    expect(err.at(-1)).toBe('所选范围内没有内容有变化或从未打印的明白纸，不用重新打印');

    expect(await cli(['cards', '--out', pdf, '--grid', '5', '--layout', 'a4'])).toBe(0);
    expect(pageCount(pdf)).toBe(2);
    expect(pdfText(pdf)).toContain('王五');
    expect(pdfText(pdf)).not.toContain('张三');
  });
});

describe('明白纸 layout', () => {
  const runtime = useTestRuntime();

  type Worker = CardContent['levels'][number]['workers'][number];
  const long = '负责本网格农户的入户走访、信息采集、风险排查、政策宣传和帮扶措施落实跟踪'.repeat(3);
  const NAMES = ['欧阳建国', '司马长风', '诸葛明亮', '上官云飞', '慕容秋水'];
  /** A card with long texts everywhere and `perLevel` workers (all roles: 5) on each level. */
  const card = (head: string, perLevel: readonly number[]): CardContent => ({
    householdId: 1,
    head,
    address: '第十二村民小组上寨自然村三十六号附二号（原老村委会旧址东侧）',
    naturalVillage: '上寨',
    township: '柳湾镇',
    village: '杨柳村',
    group: '第十二村民小组',
    levels: (['township', 'village', 'group'] as const).map((level, i) => ({
      level,
      label: ['乡镇', '村', '组'][i]!,
      grid: ['柳湾镇', '杨柳村', '第十二村民小组'][i]!,
      workers: ['网格长', '网格员', '监管员', '监测员', '信息员']
        .slice(0, perLevel[i])
        .map((role, w) => ({
          role: role as Worker['role'],
          name: NAMES[w]!,
          phone: `1390000000${w}`,
          duties: long,
        })),
    })),
    contact: {
      name: '司马长风',
      unit: '石门县乡村振兴局驻杨柳村第一书记工作队',
      phone: '13600000000',
    },
    report: {
      worker: { level: 'group', role: '网格长', name: '欧阳建国', phone: '13900000000' },
      hotline: '12317',
      committee: '杨柳村村民委员会',
    },
    supervisionPhone: '0871-12345678、0871-87654321',
    issueDate: '2026-05-06',
  });

  async function draw(cards: CardContent[], name: string) {
    const sheets = new CardSheets('a5x2', '测试');
    for (const c of cards) sheets.add(c);
    const file = path.join(path.dirname(runtime().ctx.databaseFile), name);
    fs.writeFileSync(file, await sheets.finish());
    return { sheets, file };
  }

  /** pdftotext's words of one page with their boxes, the cut line's note left out. */
  const words = (file: string, page: number) =>
    [
      ...execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], {
        encoding: 'utf8',
      }).matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</g),
    ]
      .map((m) => ({ top: Number(m[1]), bottom: Number(m[2]), text: m[3]! }))
      .filter((w) => w.text !== '沿虚线裁开');
  const HEIGHT = 841.89;

  it('fits a card with three workers on each level and long texts inside its A5 half at 10.5 pt', async () => {
    const { sheets, file } = await draw(
      [card('欧阳建国', [3, 3, 3]), card('第二户', [3, 3, 3])],
      'a5.pdf',
    );
    expect([pageCount(file), sheets.sheets, sheets.fullPageCards]).toEqual([1, 1, 0]);
    const all = words(file, 1);
    const half = HEIGHT / 2;
    // Each card ends with its footer inside its own half, above the cut line (and its margin).
    for (const [top, bottom] of [
      [0, half],
      [half, HEIGHT],
    ] as const) {
      const own = all.filter((w) => w.top >= top && w.top < bottom);
      expect(own.find((w) => w.text.startsWith('发放日期'))!.bottom).toBeLessThan(bottom - 12);
      expect(Math.min(...own.map((w) => w.top))).toBeGreaterThan(top + 12);
      expect(own.filter((w) => w.text === '13900000002')).toHaveLength(3);
      expect(own.map((w) => w.text)).toContain('监督电话：0871-12345678、0871-87654321');
    }
    expect(all.filter((w) => w.top < half).map((w) => w.text)).toContain('欧阳建国');
    expect(all.filter((w) => w.top >= half).map((w) => w.text)).toContain('第二户');
    const [sizes] = await printedSizes(file);
    expectLegible(sizes!, 1);
    // The title is larger than the rest.
    expect(Math.max(...sizes!)).toBeGreaterThan(MIN_CARD_TEXT);
  });

  it('prints a card too long for an A5 half whole on an A4 page of its own, in its place', async () => {
    const { sheets, file } = await draw(
      [card('第一户', [1, 1, 1]), card('满员户', [5, 5, 5]), card('第三户', [2, 2, 2])],
      'full.pdf',
    );
    // 第一户 alone on sheet 1 (its other half stays blank), 满员户 on sheet 2, 第三户 on sheet 3.
    expect([pageCount(file), sheets.sheets, sheets.fullPageCards]).toEqual([3, 3, 1]);
    const heads = [1, 2, 3].map((page) => flat(pdfText(file, page)));
    expect(heads[0]).toContain('户主 第一户');
    expect(heads[1]).toContain('户主 满员户');
    expect(heads[2]).toContain('户主 第三户');
    expect(heads[1]).not.toContain('沿虚线裁开');
    // Whole: every worker of every level, the report and the footer, on the page.
    const full = words(file, 2);
    for (const phone of [
      '13900000000',
      '13900000001',
      '13900000002',
      '13900000003',
      '13900000004',
    ]) {
      expect(full.filter((w) => w.text === phone)).toHaveLength(3);
    }
    expect(full.some((w) => w.text.endsWith('自主申报。'))).toBe(true);
    expect(full.find((w) => w.text.startsWith('发放日期'))!.bottom).toBeLessThan(HEIGHT - 20);
    const [first, second, third] = await printedSizes(file);
    expectLegible(first!, 1);
    expectLegible(second!, 0);
    expectLegible(third!, 1);
  });
});
