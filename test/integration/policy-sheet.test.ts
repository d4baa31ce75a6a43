import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { CardJobStart, CardJobStatus } from '../../electron/api/cards-types';
import type {
  PolicySheetContent,
  PolicyBatch,
  PolicyCoverage,
  PolicyHandout,
  PolicyRecordResult,
} from '../../electron/api/policy-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import { runCli } from '../../electron/cli/commands';
import { PolicySheets } from '../../electron/services/policy/layout';
import { buildCardWorld, CARD_PHONES } from '../fixtures/cards';
import { countRows, useTestRuntime } from '../fixtures/runtime';
import { call, failure, GRID } from '../fixtures/village';

/**
 * 监测对象申报政策明白纸 (docs/domain.md §9 「Publicity」): the batch PDF read back with poppler,
 * and the 「已发放」 records the self-check counts. The village is the card tests' (fixtures/cards.ts),
 * printed on 2026-05-06 (the test clock).
 */

const ID_PATTERN = /\d{17}[\dX]/;
const flat = (text: string) => text.replace(/\s+/g, ' ');
function pdfText(file: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', ['-layout', ...range, file, '-'], { encoding: 'utf8' });
}
const pageCount = (file: string) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

describe('申报政策明白纸', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  async function print(scope: unknown) {
    const start = await call<CardJobStart>(ctx(), 'policy.start', { scope });
    let status: CardJobStatus;
    do {
      await new Promise((resolve) => setTimeout(resolve, 5));
      status = await call<CardJobStatus>(ctx(), 'cards.status', { jobId: start.jobId });
    } while (status.state === 'running');
    return { start, status };
  }

  function save(payload: FilePayload, name: string): string {
    const file = path.join(path.dirname(ctx().databaseFile), name);
    fs.writeFileSync(file, Buffer.from(payload.data));
    return file;
  }

  async function village() {
    const world = await buildCardWorld(ctx());
    await call(ctx(), 'settings.update', {
      incomeLines: [
        { year: 2025, amount: 8050 },
        { year: 2026, amount: 8700 },
      ],
      selfReportApp: '云岭防返贫申报',
    });
    return world;
  }

  it('prints one A4 page per household with the contacts, 12317 and the year’s income line', async () => {
    const world = await village();
    const { start, status } = await print({ gridId: GRID.village });
    expect(start.households).toBe(4);
    expect(status).toMatchObject({ state: 'done', done: 4, total: 4 });
    expect(status.message).toBe('已生成 4 户的申报政策明白纸，共 4 页');
    const file = save(
      await call<FilePayload>(ctx(), 'policy.pdf', { documentId: status.documentId }),
      'policy.pdf',
    );
    expect(pageCount(file)).toBe(4);
    const sizes = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(sizes).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    // Every font embedded (a PC without Noto Sans SC prints the same sheet).
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2);
    const rows = fonts.filter((l) => l.trim() !== '');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/\byes\s+yes\s+yes\b/);

    // By 组 then by house: page 2 is 一组12号 张三.
    const page = flat(pdfText(file, 2));
    expect(page).toContain('防止返贫监测对象申报政策明白纸');
    expect(page).toMatch(/户主：张三\s+所在组：杨柳村一组/);
    expect(page).toContain('2026 年监测收入标准 8700 元');
    expect(page).not.toContain('8050');
    expect(page).toMatch(new RegExp(`网格长 李四，电话 ${CARD_PHONES.liSi}`));
    expect(page).toContain('拨打 12317');
    expect(page).toContain('杨柳村村民委员会');
    expect(page).toContain('「云岭防返贫申报」');
    // The steps with the settings' time limits (2 天, 5 天, 3 个工作日, 15 天).
    expect(page).toContain('2 天内上门核实');
    expect(page).toContain('公示不少于 5 天');
    expect(page).toContain('3 个工作日内审核');
    expect(page).toContain('不超过 15 天');
    // The contacts table: the own group's workers, the village's head, the 帮扶责任人.
    expect(page).toMatch(new RegExp(`组（一组）\\s+网格长\\s+李四\\s+${CARD_PHONES.liSi}`));
    expect(page).toMatch(new RegExp(`村（杨柳村）\\s+网格长\\s+孙书记\\s+${CARD_PHONES.sun}`));
    expect(page).toMatch(
      new RegExp(`帮扶责任人\\s+县农业农村局\\s+刘帮扶\\s+${CARD_PHONES.contact}`),
    );
    expect(page).toContain('监督电话：0871-12345678');
    expect(page).toContain('2026年5月6日');
    expect(page).not.toContain('赵六');
    // Privacy: no ID number, no household phone, no health.
    for (const id of world.h1Ids) expect(page).not.toContain(id);
    expect(page).not.toMatch(ID_PATTERN);
    expect(page).not.toContain('13912345678');
    expect(page).not.toContain('患有大病');
    // 二组's sheets name 王五, not 李四.
    const group2 = flat(pdfText(file, 3));
    expect(group2).toMatch(/所在组：杨柳村二组/);
    expect(group2).toContain(`网格长 王五，电话 ${CARD_PHONES.wangWu}`);
    expect(group2).not.toContain('李四');

    // Filed as a 明白纸 document, and its batch lists its households.
    const batches = await call<PolicyBatch[]>(ctx(), 'policy.batches', {});
    expect(batches).toEqual([
      {
        documentId: status.documentId,
        title: '监测对象申报政策明白纸（杨柳村，4 户）',
        docDate: '2026-05-06',
        households: 4,
        handed: 0,
      },
    ]);
    // A card batch is not a policy batch.
    const card = await call<CardJobStart>(ctx(), 'cards.start', {
      scope: { gridId: GRID.group1 },
    });
    let cardStatus: CardJobStatus;
    do {
      await new Promise((resolve) => setTimeout(resolve, 5));
      cardStatus = await call<CardJobStatus>(ctx(), 'cards.status', { jobId: card.jobId });
    } while (cardStatus.state === 'running');
    const wrong = await failure(ctx(), 'policy.pdf', { documentId: cardStatus.documentId });
    expect(wrong.message).toBe(`编号为 ${cardStatus.documentId} 的文件不是申报政策明白纸`);
  });

  it('previews one household without recording anything', async () => {
    const world = await village();
    const documents = countRows(runtime(), 'documents');
    const preview = await call<FilePayload>(ctx(), 'policy.preview', {
      householdId: world.households.h3,
    });
    expect(preview.fileName).toBe('申报政策明白纸预览-陈刚.pdf');
    const file = save(preview, 'preview.pdf');
    expect(pageCount(file)).toBe(1);
    const text = flat(pdfText(file));
    expect(text).toMatch(/户主：陈刚\s+所在组：杨柳村二组/);
    // h3's 帮扶责任人 ended: not on the sheet.
    expect(text).not.toContain('旧帮扶');
    expect(countRows(runtime(), 'documents')).toBe(documents);
  });

  it('records 「已发放」 for a batch or single households, audited, with the coverage', async () => {
    const world = await village();
    const { status } = await print({ gridId: GRID.group1 });
    const documentId = status.documentId!;
    const audits = () =>
      (
        ctx()
          .sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'policy_handout'")
          .get() as { n: number }
      ).n;

    // Dates typed as the clerk types them; bad ones refused in words.
    const bad = await failure(ctx(), 'policy.record', {
      documentId,
      handedDate: '2026/13/1',
      handedBy: '李四',
    });
    expect(bad.code).toBe('VALIDATION');
    expect(bad.message).toContain('发放日期');
    const future = await failure(ctx(), 'policy.record', {
      documentId,
      handedDate: '2026/5/7',
      handedBy: '李四',
    });
    expect(future.message).toBe('发放日期 2026-05-07 晚于今天，请检查');
    const before = await failure(ctx(), 'policy.record', {
      documentId,
      handedDate: '2026/5/1',
      handedBy: '李四',
    });
    expect(before.message).toBe('发放日期 2026-05-01 早于这批明白纸的打印日期 2026-05-06，请检查');
    const nobody = await failure(ctx(), 'policy.record', { documentId, handedDate: '2026/5/6' });
    expect(nobody.message).toContain('发放人');
    expect(countRows(runtime(), 'policy_handouts')).toBe(0);

    const whole = await call<PolicyRecordResult>(ctx(), 'policy.record', {
      documentId,
      handedDate: '2026/5/6',
      handedBy: '李 四',
    });
    expect(whole).toEqual({ recorded: 2, skipped: 0 });
    expect(audits()).toBe(2);
    const rows = ctx()
      .sqlite.prepare(
        'SELECT household_id AS h, handed_date AS d, handed_by AS b, document_id AS doc FROM policy_handouts ORDER BY household_id',
      )
      .all();
    expect(rows).toEqual([
      { h: world.households.h1, d: '2026-05-06', b: '李四', doc: documentId },
      { h: world.households.h2, d: '2026-05-06', b: '李四', doc: documentId },
    ]);
    // The same batch again on the same day is one handout, not two.
    const again = await failure(ctx(), 'policy.record', {
      documentId,
      handedDate: '2026-05-06',
      handedBy: '李四',
    });
    expect(again.message).toBe('这 2 户在 2026-05-06 已记为发放，不用重复记录');

    let coverage = await call<PolicyCoverage>(ctx(), 'policy.coverage', {});
    expect(coverage).toEqual({
      total: 4,
      handed: 2,
      missing: [
        { householdId: world.households.h3, head: '陈刚', gridName: '二组' },
        { householdId: world.households.h4, head: '黄强', gridName: '二组' },
      ],
    });
    expect(
      await call<PolicyCoverage>(ctx(), 'policy.coverage', { gridId: GRID.group1 }),
    ).toMatchObject({ total: 2, handed: 2, missing: [] });

    // One transaction: an unknown household refuses the whole list, h4 is not recorded.
    const unknown = await failure(ctx(), 'policy.record', {
      householdIds: [world.households.h4, 99999],
      handedDate: '2026年5月5日',
      handedBy: '王五',
    });
    expect(unknown.code).toBe('NOT_FOUND');
    expect(countRows(runtime(), 'policy_handouts')).toBe(2);
    expect(audits()).toBe(2);

    // A single household handed one without a printed batch (a sheet from the township).
    await call(ctx(), 'policy.record', {
      householdIds: [world.households.h3],
      handedDate: '2026年5月5日',
      handedBy: '王五',
    });
    coverage = await call<PolicyCoverage>(ctx(), 'policy.coverage', { gridId: GRID.village });
    expect(coverage).toMatchObject({ total: 4, handed: 3 });
    expect(coverage.missing.map((m) => m.head)).toEqual(['黄强']);
    expect(
      await call<PolicyHandout[]>(ctx(), 'policy.household', { householdId: world.households.h3 }),
    ).toEqual([
      {
        id: expect.any(Number),
        householdId: world.households.h3,
        handedDate: '2026-05-05',
        handedBy: '王五',
        documentId: null,
      },
    ]);
    const audit = ctx()
      .sqlite.prepare(
        "SELECT operator, after FROM audit_log WHERE entity = 'policy_handout' ORDER BY id DESC LIMIT 1",
      )
      .get() as { after: string };
    expect(JSON.parse(audit.after)).toEqual({
      householdId: world.households.h3,
      handedDate: '2026-05-05',
      handedBy: '王五',
      documentId: null,
    });
    const [batch] = await call<PolicyBatch[]>(ctx(), 'policy.batches', {});
    expect(batch).toMatchObject({ documentId, households: 2, handed: 2 });
  });

  it('stops a running batch on cancel and stores nothing', async () => {
    // 300 households: many chunks of 20, so the batch is still drawing when the cancel comes.
    await buildCardWorld(ctx());
    for (let i = 0; i < 296; i++) {
      await call(ctx(), 'households.create', {
        gridId: i % 2 ? GRID.group1 : GRID.group2,
        householdType: '一般农户',
        address: `${i + 20}号`,
        members: [{ name: `户主${i}`, sex: '男', relation: '本人' }],
      });
    }
    const villageId = GRID.village;
    const folder = path.join(ctx().dataDir, 'documents');
    const storedFiles = () =>
      fs.existsSync(folder) ? fs.readdirSync(folder, { recursive: true }) : [];
    const documentsBefore = countRows(runtime(), 'documents');
    const filesBefore = storedFiles();
    const printed = () =>
      (
        ctx()
          .sqlite.prepare(
            "SELECT count(*) AS n FROM audit_log WHERE action = 'print_policy_sheets'",
          )
          .get() as { n: number }
      ).n;
    const printedBefore = printed();
    const start = await call<CardJobStart>(ctx(), 'policy.start', {
      scope: { gridId: villageId },
    });
    expect(start.households).toBe(300);
    let status: CardJobStatus;
    do {
      await new Promise((resolve) => setImmediate(resolve));
      status = await call<CardJobStatus>(ctx(), 'cards.status', { jobId: start.jobId });
    } while (status.done === 0);
    expect(status.state).toBe('running');
    const cancelled = await call<CardJobStatus>(ctx(), 'jobs.cancel', { jobId: start.jobId });
    expect(cancelled.state).toBe('cancelled');
    // Wait for the job to have settled: its status no longer changes.
    const after = await call<CardJobStatus>(ctx(), 'cards.status', { jobId: start.jobId });
    expect(after).toMatchObject({ state: 'cancelled', message: '已取消，未保存任何记录' });
    expect(after.documentId).toBeUndefined();
    expect(countRows(runtime(), 'documents')).toBe(documentsBefore);
    expect(storedFiles()).toEqual(filesBefore);
    expect(printed()).toBe(printedBefore);
  });
});

describe('policy-sheets command', () => {
  const runtime = useTestRuntime();

  it('prints a group’s sheets with progress on stderr', async () => {
    await buildCardWorld(runtime().ctx);
    const db = runtime().ctx.databaseFile;
    runtime().close();
    const out: string[] = [];
    const err: string[] = [];
    const cli = (args: string[]) =>
      runCli([...args, '--db', db], { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
    const pdf = path.join(path.dirname(db), 'policy-cli.pdf');

    expect(await cli(['policy-sheets', '--out', path.join(path.dirname(db), 'x.txt')])).toBe(1);
    expect(err.at(-1)).toBe('--out 的文件扩展名应为 .pdf');
    expect(await cli(['policy-sheets', '--out', pdf, '--grid', String(GRID.group2)])).toBe(0);
    expect(err).toContain('政策明白纸 2/2 户');
    expect(out.at(-1)).toBe(`已生成 2 户的申报政策明白纸，共 2 页。文件：${pdf}`);
    expect(pageCount(pdf)).toBe(2);
    const text = flat(pdfText(pdf));
    expect(text).toContain('王五');
    expect(text).toContain('12317');
    expect(text).not.toContain('张三');
  });
});

describe('申报政策明白纸 layout', () => {
  /** The type sizes (Tf) of each page's content streams. */
  async function sizes(buffer: Buffer): Promise<number[][]> {
    const doc = await PDFDocument.load(buffer);
    return doc.getPages().map((page) => {
      const contents = page.node.Contents();
      const ops = (contents instanceof PDFArray ? contents.asArray() : [contents])
        .map((ref) => doc.context.lookup(ref as never))
        .filter((stream): stream is PDFRawStream => stream instanceof PDFRawStream)
        .map((stream) => Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1'))
        .join('\n');
      return [...ops.matchAll(/ ([\d.]+) Tf\b/g)].map((m) => Number(m[1]));
    });
  }

  const worker = (role: string, name: string) => ({
    role: role as '网格长',
    name,
    phone: '13800138000',
    duties: '入户走访',
  });
  const sheet = (own: number, extra: Partial<PolicySheetContent> = {}): PolicySheetContent => ({
    householdId: 1,
    head: '欧阳建国',
    group: '第十二村民小组',
    village: '杨柳村',
    incomeYear: 2026,
    incomeLine: 8700,
    levels: [
      { level: 'village', label: '村', grid: '杨柳村', workers: [worker('网格长', '孙书记')] },
      {
        level: 'group',
        label: '组',
        grid: '第十二村民小组',
        workers: ['网格长', '网格员', '监管员', '监测员', '信息员']
          .slice(0, own)
          .map((role, i) =>
            worker(role, ['司马长风', '诸葛明亮', '上官云飞', '慕容秋水', '令狐冲'][i]!),
          ),
      },
    ],
    contact: { name: '刘帮扶', unit: '县农业农村局乡村振兴服务中心', phone: '13600136000' },
    reportWorker: { role: '网格长', name: '司马长风', phone: '13800138000' },
    hotline: '12317',
    committee: '杨柳村村民委员会',
    appChannel: '云岭防返贫监测申报小程序',
    limits: { verify: '2 天', notice: '5 天', township: '3 个工作日', total: '15 天' },
    supervisionPhone: '0871-12345678',
    issueDate: '2026-05-06',
    ...extra,
  });

  it('keeps every sheet on one A4 page, 14 pt when it fits and never under 12 pt', async () => {
    const pdf = new PolicySheets('测试');
    pdf.add(sheet(1));
    pdf.add(sheet(5));
    pdf.add(sheet(0, { incomeLine: null, supervisionPhone: '', appChannel: '', contact: null }));
    const buffer = await pdf.finish();
    expect(pdf.sheets).toBe(3);
    const pages = await sizes(buffer);
    expect(pages).toHaveLength(3);
    // Body 14 pt on a sheet with few contacts; the fullest steps down but stays ≥ 12 pt.
    expect(Math.min(...pages[0]!)).toBe(14);
    expect(Math.min(...pages[1]!)).toBeGreaterThanOrEqual(12);
    expect(Math.min(...pages[1]!)).toBeLessThan(14);
    expect(pdf.reducedType).toBe(1);
    const file = path.join(os.tmpdir(), `policy-layout-${process.pid}.pdf`);
    fs.writeFileSync(file, buffer);
    try {
      const full = flat(pdfText(file, 2));
      expect(full).toContain('令狐冲');
      expect(full).toContain('「云岭防返贫监测申报小程序」');
      const bare = flat(pdfText(file, 3));
      expect(bare.replace(/\s/g, '')).toContain('低于或接近当年监测收入标准（以县里公布的为准）');
      expect(bare).toContain('监督电话：＿');
      expect(bare).not.toContain('小程序');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
