import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NoticeDraft, NoticeIssued, NoticeSummary } from '../../electron/api/notices-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import { runCli } from '../../electron/cli/commands';
import { inTransaction } from '../../electron/services/context';
import { inDocumentTransaction, readDocument, storeDocument } from '../../electron/documents/store';
import { addDays } from '../../electron/services/ledger/calendar';
import { seedMonitoredHouseholds } from '../fixtures/notices';
import { buildReportWorld } from '../fixtures/reports';
import { countRows, useTestRuntime } from '../fixtures/runtime';
import { callers, GRID } from '../fixtures/village';

// The fixed clock is 2026-05-06 (test/fixtures/runtime.ts); the village is test/fixtures/reports.ts.
const ID_PATTERN = /\d{17}[\dXx]|\d{15}/;
const MOBILE_PATTERN = /1[3-9]\d{9}/;

const sha256 = (buffer: Buffer) => crypto.createHash('sha256').update(buffer).digest('hex');
const bytes = (file: FilePayload) => Buffer.from(file.data);

function pdfText(dir: string, file: FilePayload | Buffer, page?: number): string {
  const target = path.join(dir, `check-${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(target, Buffer.isBuffer(file) ? file : bytes(file));
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', ['-layout', ...range, target, '-'], { encoding: 'utf8' });
}

describe('notices: drafts', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call } = callers(ctx);

  it('proposes title, body, issuer, period and the rows of each kind from the roster', async () => {
    await buildReportWorld(ctx());
    const identified = await call<NoticeDraft>('notices.draft', {
      kind: '监测对象识别认定公示',
      from: '2026-04-01',
      to: '2026-05-06',
    });
    expect(identified).toMatchObject({
      title: '杨柳村防止返贫监测对象识别认定公示',
      issuer: '杨柳村村民委员会',
      issueDate: '2026-05-06',
      periodStart: '2026-05-06',
      periodEnd: '2026-05-10', // 5 days, both ends counted
      minDays: 5,
      placeName: '杨柳村',
      notes: [],
    });
    expect(identified.body).toContain('拟将以下 2 户识别认定为防止返贫监测对象');
    // H3 一组 (identified 04-15) and H5 二组 (05-02): group order, then date.
    expect(identified.table).toEqual({
      columns: ['户主姓名', '所在组', '家庭人口', '监测类别', '备注'],
      rows: [
        ['张三', '一组', '2', '脱贫不稳定户', ''],
        ['周五', '二组', '2', '边缘易致贫户', ''],
      ],
    });

    const eliminated = await call<NoticeDraft>('notices.draft', {
      kind: '风险消除公示',
      from: '2026-04-01',
      to: '2026-04-30',
    });
    // 风险消除公示 lasts eliminationNoticeDays (default 7).
    expect(eliminated).toMatchObject({ periodEnd: '2026-05-12', minDays: 7 });
    expect(eliminated.table.rows).toEqual([['刘二', '一组', '2', '稳定消除', '']]);

    const measures = await call<NoticeDraft>('notices.draft', {
      kind: '帮扶措施公示',
      gridId: GRID.group2,
      from: '2026-04-01',
      to: '2026-04-30',
    });
    // 二组: H4's 金融 (no date, entered 04-02) and H5's 产业 (planned 04-01); H6 is no monitoring object.
    expect(measures.title).toBe('杨柳村二组防止返贫监测对象帮扶措施公示');
    expect(measures.table.rows).toEqual([
      ['孙四', '二组', '金融', '金融帮扶', '计划'],
      ['周五', '二组', '产业', '产业帮扶', '计划'],
    ]);

    const division = await call<NoticeDraft>('notices.draft', { kind: '网格划分及网格员公示' });
    // 赵六's role in 一组 ended on 2026-02-28: not listed. Worker phones are public.
    expect(division.table.rows).toEqual([
      ['杨柳村', '6', '', '（待配备）', '', '', ''],
      ['一组', '3', '网格长', '李四', '', '13800138000', ''],
      ['二组', '3', '网格员', '王五', '', '13800138000', ''],
    ]);
    expect(division.body).toContain('共划分 3 个网格');
    expect(division.from).toBeNull();

    const empty = await call<NoticeDraft>('notices.draft', {
      kind: '风险消除公示',
      from: '2025-01-01',
      to: '2025-01-31',
    });
    expect(empty.table.rows).toEqual([]);
    expect(empty.notes).toEqual(['2025年1月1日至2025年1月31日没有可公示的农户']);
  });

  it('drafts the 结果公告 of a 识别认定 notice whose period has ended', async () => {
    await buildReportWorld(ctx());
    const first = await call<NoticeIssued>('notices.issue', {
      kind: '监测对象识别认定公示',
      from: '2026-04-01',
      to: '2026-05-06',
      issueDate: '2026-04-20',
      periodStart: '2026-04-20',
      periodEnd: '2026-04-24',
    });
    const result = await call<NoticeDraft>('notices.draft', { kind: '结果公告' });
    expect(result.sourceNoticeId).toBe(first.id);
    expect(result.title).toBe('杨柳村防止返贫监测对象识别认定结果公告');
    expect(result.body).toContain('2026年4月20日至2026年4月24日');
    expect(result.body).toContain('〔2026〕1号');
    expect(result.table).toEqual({
      columns: ['户主姓名', '所在组', '家庭人口', '监测类别', '结果'],
      rows: [
        ['张三', '一组', '2', '脱贫不稳定户', '确认为监测对象'],
        ['周五', '二组', '2', '边缘易致贫户', '确认为监测对象'],
      ],
    });
    const issued = await call<NoticeIssued>('notices.issue', { kind: '结果公告' });
    expect(issued.number).toBe('〔2026〕2号');
    expect(pdfText(runtime().ctx.dataDir, await call('notices.pdf', { id: issued.id }))).toContain(
      '公告期：2026年5月6日至2026年5月10日',
    );
    expect(
      ctx()
        .sqlite.prepare('SELECT source_notice_id, data_from, data_to FROM notices WHERE id = ?')
        .get(first.id),
    ).toEqual({ source_notice_id: null, data_from: '2026-04-01', data_to: '2026-05-06' });
    expect(
      ctx().sqlite.prepare('SELECT source_notice_id FROM notices WHERE id = ?').get(issued.id),
    ).toEqual({ source_notice_id: first.id });
    // One result per notice: asked again, it says which announced it; by default none is left.
    expect(
      (await callers(ctx).fail('notices.draft', { kind: '结果公告', sourceNoticeId: first.id }))
        .message,
    ).toBe('〔2026〕1号公示已发布过结果公告（〔2026〕2号）');
    expect((await call<NoticeDraft>('notices.draft', { kind: '结果公告' })).sourceNoticeId).toBe(
      null,
    );

    // A notice still running cannot have its result announced yet.
    const running = await call<NoticeIssued>('notices.issue', {
      kind: '风险消除公示',
      from: '2026-04-01',
      to: '2026-04-30',
    });
    const refused = await callers(ctx).fail('notices.draft', {
      kind: '结果公告',
      sourceNoticeId: running.id,
    });
    expect(refused.message).toBe(
      '〔2026〕3号公示到 2026年5月12日 才结束，公示期满后才能发布结果公告',
    );
  });
});

describe('notices: period, numbers, records', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call, fail } = callers(ctx);
  const identified = { kind: '监测对象识别认定公示', from: '2026-04-01', to: '2026-05-06' };

  it('refuses a period shorter than the rule with a Chinese message', async () => {
    await buildReportWorld(ctx());
    const four = await fail('notices.preview', {
      ...identified,
      periodStart: '2026-05-06',
      periodEnd: '2026-05-09',
    });
    expect(four).toEqual({
      code: 'VALIDATION',
      message: '公示期不得少于 5 天（2026年5月6日至2026年5月9日只有 4 天）',
    });
    expect((await fail('notices.issue', { ...identified, periodEnd: '2026-05-09' })).message).toBe(
      '公示期不得少于 5 天（2026年5月6日至2026年5月9日只有 4 天）',
    );
    const elimination = await fail('notices.issue', {
      kind: '风险消除公示',
      from: '2026-04-01',
      to: '2026-04-30',
      periodEnd: '2026-05-10',
    });
    expect(elimination.message).toBe(
      '风险消除公示期不得少于 7 天（2026年5月6日至2026年5月10日只有 5 天）',
    );
    expect(
      (
        await fail('notices.issue', {
          ...identified,
          periodStart: '2026-05-10',
          periodEnd: '2026-05-08',
        })
      ).message,
    ).toBe('公示期的结束日期不能早于开始日期（2026年5月10日至2026年5月8日）');
    // The setting decides the longer period for 风险消除.
    await call('settings.update', { eliminationNoticeDays: 10 });
    expect(
      (
        await fail('notices.issue', {
          kind: '风险消除公示',
          from: '2026-04-01',
          to: '2026-04-30',
          periodEnd: '2026-05-12',
        })
      ).message,
    ).toBe('风险消除公示期不得少于 10 天（2026年5月6日至2026年5月12日只有 7 天）');
    // Nothing was recorded by any refusal.
    expect(countRows(runtime(), 'notices')).toBe(0);
    expect(countRows(runtime(), 'documents')).toBe(0);
    expect(fs.existsSync(path.join(runtime().ctx.dataDir, 'documents'))).toBe(false);

    // Five days is enough; an empty range is refused rather than printed.
    await call('notices.issue', { ...identified, periodEnd: '2026-05-10' });
    expect(
      (await fail('notices.issue', { kind: '风险消除公示', from: '2025-01-01', to: '2025-01-31' }))
        .message,
    ).toBe('2025年1月1日至2025年1月31日没有可公示的农户，不能生成风险消除公示');
  });

  it('numbers notices per year without gaps, also when issued at the same time', async () => {
    await buildReportWorld(ctx());
    const first = await call<NoticeIssued>('notices.issue', identified);
    await fail('notices.issue', { ...identified, periodEnd: '2026-05-07' }); // refused: no number used
    const second = await call<NoticeIssued>('notices.issue', {
      kind: '网格划分及网格员公示',
    });
    const together = await Promise.all(
      [1, 2, 3].map(() => call<NoticeIssued>('notices.issue', identified)),
    );
    expect([first, second, ...together].map((n) => n.serial).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(first.number).toBe('〔2026〕1号');
    // A new year starts at 1.
    const next = await call<NoticeIssued>('notices.issue', {
      ...identified,
      issueDate: '2027-01-04',
      periodStart: '2027-01-04',
      periodEnd: '2027-01-08',
    });
    expect([next.year, next.serial]).toEqual([2027, 1]);
    expect(pdfText(runtime().ctx.dataDir, await call('notices.pdf', { id: next.id }))).toContain(
      '〔2027〕1号',
    );
    const serials = ctx()
      .sqlite.prepare('SELECT year, serial FROM notices ORDER BY year, serial')
      .all();
    expect(serials).toEqual([
      ...[1, 2, 3, 4, 5].map((serial) => ({ year: 2026, serial })),
      { year: 2027, serial: 1 },
    ]);
    // One audit row per notice.
    expect(
      (
        ctx()
          .sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'notice'")
          .get() as {
          n: number;
        }
      ).n,
    ).toBe(6);
  });

  it('keeps the issued PDF with its SHA-256 and refuses it once changed', async () => {
    await buildReportWorld(ctx());
    const issued = await call<NoticeIssued>('notices.issue', identified);
    const file = path.join(runtime().ctx.dataDir, issued.document.file);
    expect(issued.document.file).toBe(
      'documents/2026/2026-1号-杨柳村防止返贫监测对象识别认定公示.pdf',
    );
    const onDisk = fs.readFileSync(file);
    expect(sha256(onDisk)).toBe(issued.document.sha256);
    expect(issued.document.size).toBe(onDisk.length);
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]); // no .partial left
    const payload = await call<FilePayload>('notices.pdf', { id: issued.id });
    expect(sha256(bytes(payload))).toBe(issued.document.sha256);
    expect(payload.fileName).toBe(path.basename(file));
    const row = ctx().sqlite.prepare('SELECT * FROM documents').get() as Record<string, unknown>;
    expect(row).toMatchObject({
      kind: '公示公告',
      title: '杨柳村防止返贫监测对象识别认定公示',
      doc_date: '2026-05-06',
      sha256: issued.document.sha256,
      pages: 1,
    });
    const text = pdfText(runtime().ctx.dataDir, payload);
    expect(text).toContain('〔2026〕1号');
    expect(text).toContain('杨柳村村民委员会');
    expect(text).toContain('2026年5月6日');
    expect(text).toContain('公示期：2026年5月6日至2026年5月10日');

    fs.writeFileSync(file, Buffer.concat([onDisk, Buffer.from('\n%tampered\n')]));
    expect(await fail('notices.pdf', { id: issued.id })).toEqual({
      code: 'CONFLICT',
      message: `文件「杨柳村防止返贫监测对象识别认定公示」与发布时不一致（SHA-256 校验不符），可能被改动或损坏：${issued.document.file}`,
    });
    fs.rmSync(file);
    expect((await fail('notices.pdf', { id: issued.id })).code).toBe('NOT_FOUND');
  });

  it('lists notices with 未开始 / 公示中 / 已结束 from today', async () => {
    await buildReportWorld(ctx());
    const ended = await call<NoticeIssued>('notices.issue', {
      ...identified,
      issueDate: '2026-04-01',
      periodStart: '2026-04-01',
      periodEnd: '2026-05-05', // yesterday
    });
    const running = await call<NoticeIssued>('notices.issue', {
      ...identified,
      issueDate: '2026-05-02',
      periodStart: '2026-05-02',
      periodEnd: '2026-05-06', // today is its last day
    });
    const coming = await call<NoticeIssued>('notices.issue', {
      ...identified,
      periodStart: '2026-05-07',
      periodEnd: '2026-05-11',
    });
    expect([ended.status, running.status, coming.status]).toEqual(['已结束', '公示中', '未开始']);
    const list = await call<NoticeSummary[]>('notices.list', {});
    expect(list.map((n) => [n.number, n.status])).toEqual([
      ['〔2026〕3号', '未开始'],
      ['〔2026〕2号', '公示中'],
      ['〔2026〕1号', '已结束'],
    ]);
    expect(list[0]).toMatchObject({ kind: '监测对象识别认定公示', rowCount: 2, gridId: null });
    expect(
      (await call<NoticeSummary[]>('notices.list', { status: '公示中' })).map((n) => n.id),
    ).toEqual([running.id]);
    expect(await call<NoticeSummary[]>('notices.list', { year: 2025 })).toEqual([]);
  });

  it('issues a 300-row notice whose every row survives and whose header repeats on every page', async () => {
    await call('setup.createVillage', {
      county: '石门县',
      township: '柳湾镇',
      village: '杨柳村',
      groups: ['一组', '二组'],
    });
    seedMonitoredHouseholds(ctx(), {
      gridId: GRID.group1,
      count: 150,
      identifiedDate: '2026-04-10',
    });
    seedMonitoredHouseholds(ctx(), {
      gridId: GRID.group2,
      count: 150,
      start: 151,
      identifiedDate: '2026-04-11',
    });
    const issued = await call<NoticeIssued>('notices.issue', identified);
    expect(issued.rowCount).toBe(300);
    const pdf = await call<FilePayload>('notices.pdf', { id: issued.id });
    const pages = issued.document.pages;
    expect(pages).toBeGreaterThanOrEqual(8);

    const seen = new Map<string, number>();
    let tablePages = 0;
    let headers = 0;
    for (let page = 1; page <= pages; page++) {
      const text = pdfText(runtime().ctx.dataDir, pdf, page);
      const names = [...text.matchAll(/监测户(\d{3})(?!妻)/g)].map((m) => m[1]!);
      const pageHeaders = text.match(/户主姓名/g)?.length ?? 0;
      headers += pageHeaders;
      expect(text, `page ${page}`).toMatch(new RegExp(`—\\s*${page}\\s*—`));
      if (names.length > 0) {
        tablePages++;
        expect(pageHeaders, `header on page ${page}`).toBe(1);
      }
      for (const n of names) seen.set(n, (seen.get(n) ?? 0) + 1);
      expect(text).not.toMatch(ID_PATTERN);
      expect(text).not.toMatch(MOBILE_PATTERN);
    }
    // Every row once, in order 001 … 300, and one header per page the table runs over.
    expect([...seen.keys()]).toEqual(
      Array.from({ length: 300 }, (_, i) => String(i + 1).padStart(3, '0')),
    );
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(headers).toBe(tablePages);
    expect(tablePages).toBeGreaterThanOrEqual(pages - 1);

    const target = path.join(runtime().ctx.dataDir, issued.document.file);
    const fonts = execFileSync('pdffonts', [target], { encoding: 'utf8' });
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansSC-Regular\s.*\syes\s+yes\s+yes/);
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansSC-Bold\s.*\syes\s+yes\s+yes/);
    expect(fonts).not.toMatch(/Helvetica/);
  });
});

describe('documents store', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call } = callers(ctx);

  const pdf = async () =>
    bytes(
      await call<FilePayload>('notices.preview', {
        kind: '其他公示',
        title: '停水通知',
        body: '因管道维修，明日停水一天。',
      }),
    );

  it('writes the file whole before its row, and removes it when the transaction fails', async () => {
    await call('setup.createVillage', {
      county: '石门县',
      township: '柳湾镇',
      village: '杨柳村',
      groups: ['一组'],
    });
    const buffer = await pdf();
    const input = { kind: '公示公告', title: '停水通知', docDate: '2026-05-06', buffer };
    const dir = path.join(runtime().ctx.dataDir, 'documents', '2026');

    // Inside a failing transaction: the file is whole while it runs, gone once it rolled back.
    expect(() =>
      inDocumentTransaction(ctx(), () => {
        storeDocument(ctx(), { ...input, fileName: '失败.pdf' });
        expect(fs.readdirSync(dir)).toEqual(['失败.pdf']);
        throw new Error('后面的写入失败');
      }),
    ).toThrow('后面的写入失败');
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(countRows(runtime(), 'documents')).toBe(0);

    // Alone: its own transaction; the file is in place and readable at once.
    const row = storeDocument(ctx(), { ...input, fileName: '成功.pdf' });
    expect(sha256(bytes(readDocument(ctx(), row.id)))).toBe(sha256(buffer));
    expect(fs.readdirSync(dir)).toEqual(['成功.pdf']);

    // Inside a plain transaction it would leave a file behind on a rollback: refused.
    expect(() =>
      inTransaction(ctx(), () => storeDocument(ctx(), { ...input, fileName: '不行.pdf' })),
    ).toThrow(/use inDocumentTransaction/);
    expect(fs.readdirSync(dir)).toEqual(['成功.pdf']);

    // inDocumentTransaction: in place as soon as it returns; the same name gets a suffix.
    const again = inDocumentTransaction(ctx(), () =>
      storeDocument(ctx(), { ...input, fileName: '成功.pdf' }),
    );
    expect(again.file).toBe('documents/2026/成功-2.pdf');
    expect(fs.readdirSync(dir).sort()).toEqual(['成功-2.pdf', '成功.pdf']);
    expect(again).toMatchObject({ pages: 1, size: buffer.length, sha256: sha256(buffer) });
    expect(() =>
      inDocumentTransaction(ctx(), () => {
        storeDocument(ctx(), { ...input, fileName: '又失败.pdf' });
        throw new Error('失败');
      }),
    ).toThrow('失败');
    expect(fs.readdirSync(dir).sort()).toEqual(['成功-2.pdf', '成功.pdf']);
    // The page count is checked against the PDF itself.
    expect(() => storeDocument(ctx(), { ...input, pages: 3 })).toThrow(/3 pages given/);
  });
});

describe('notice CLI', () => {
  const runtime = useTestRuntime();

  it('previews without recording, issues with --issue, and refuses a 4-day period', async () => {
    await buildReportWorld(runtime().ctx);
    const db = runtime().ctx.databaseFile;
    const dir = runtime().ctx.dataDir;
    runtime().close();
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const cli = (args: string[]) => runCli([...args, '--db', db], io, {});
    // The CLI runs on the real clock: a range wide enough for the fixture's dates.
    const range = ['--from', '2025-01-01', '--to', '2026-12-31'];

    const preview = path.join(dir, 'preview.pdf');
    expect(await cli(['notice', '--kind', '识别认定', ...range, '--out', preview])).toBe(0);
    expect(out.join('\n')).toContain('（预览，未发布）');
    const text = pdfText(dir, fs.readFileSync(preview));
    expect(text).toContain('杨柳村防止返贫监测对象识别认定公示');
    expect(text).toContain('张三');
    expect(text).not.toMatch(ID_PATTERN);

    const issued = path.join(dir, 'issued.pdf');
    expect(
      await cli(['notice', '--kind', '风险消除公示', ...range, '--out', issued, '--issue']),
    ).toBe(0);
    expect(out.join('\n')).toMatch(/已发布 〔\d{4}〕1号/);
    expect(pdfText(dir, fs.readFileSync(issued))).toContain('刘二');

    const now = new Date();
    const start = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    out.length = 0;
    expect(
      await cli([
        'notice',
        '--kind',
        '识别认定',
        ...range,
        '--start',
        start,
        '--end',
        addDays(start, 3),
        '--out',
        preview,
      ]),
    ).toBe(1);
    expect(err.join('\n')).toMatch(/公示期不得少于 5 天（.*只有 4 天）/);
    expect(await cli(['notice', '--kind', '通知', '--out', preview])).toBe(1);
    expect(err.join('\n')).toContain('--kind 只能是');
  });
});
