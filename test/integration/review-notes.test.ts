import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilePayload } from '../../electron/api/roster-io-types';
import type {
  FeedbackImportResult,
  ReceivedNote,
  ReviewNote,
  ReviewVillage,
} from '../../electron/api/review-types';
import type { ProblemDetail } from '../../electron/api/ledger-types';
import { ZipReader } from '../../electron/services/archive/zip-reader';
import { villageKey } from '../../electron/services/reporting/format';
import { zipInMemory } from '../../electron/services/reporting/package/zip';
import { seedLedgerBase, type LedgerBase } from '../fixtures/ledger';
import { openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { makeTempDir } from '../fixtures/temp-dir';
import { call, failure } from '../fixtures/village';

/**
 * 审核意见 (docs/domain.md §11) from the 乡镇汇总库 down to the village: a note on a village's
 * problem goes into a 审核反馈包, the village imports it and shows it on that problem, once
 * however often it is imported; a tampered, misaddressed or path-escaping package is refused.
 *
 * The township database is built as the importer leaves one (fixture): the same village seeded
 * through the services, then made a workspace, with report_villages / report_ids naming the
 * village's own ids — the township's problem ids are shifted, as a real import shifts them.
 */

const KEY = villageKey({ code: '', county: '石门县', township: '柳湾镇', name: '杨柳村' });

let village: TestRuntime;
let township: TestRuntime;
let villageBase: LedgerBase;
/** The village's own ids. */
const src = { problem: 0, clue: 0 };
/** The township's ids of the same records. */
const local = { problem: 0, clue: 0 };
const temp = makeTempDir('review-');

const problemInput = (base: LedgerBase, extra: Record<string, unknown> = {}) => ({
  workerId: base.workers.wang,
  householdId: base.households.zhang,
  category: '医疗',
  source: '网格员排查',
  description: '户主住院，自付医疗费用约 3 万元',
  registeredDate: '2026-04-20',
  ...extra,
});
const clueInput = (base: LedgerBase) => ({
  workerId: base.workers.li,
  gridId: base.grids.village,
  personName: '钱六',
  place: '村东头',
  category: '住房',
  source: '农户自主申报',
  description: '听说村东头有户危房',
  registeredDate: '2026-05-01',
});

async function seedVillageRecords(rt: TestRuntime, shift: number) {
  const c = <T>(m: string, i: unknown) => call<T>(rt.ctx, m, i);
  const base = await seedLedgerBase(c);
  // A roll-up gives the village's records its own ids: shift the township's by a few rows.
  for (let i = 0; i < shift; i++) {
    await c('problems.create', problemInput(base, { description: `占位 ${i}` }));
  }
  const problem = await c<ProblemDetail>('problems.create', problemInput(base));
  const clue = await c<ProblemDetail>('problems.create', clueInput(base));
  return { base, problem: problem.id, clue: clue.id };
}

/** What the importer writes for a loaded village: its row and its ids (fixture). */
function loadFixture(rt: TestRuntime, base: LedgerBase, ids: { source: number; local: number }[]) {
  const s = rt.ctx.sqlite;
  s.prepare(
    `INSERT OR IGNORE INTO workspace (id, kind, name, county) VALUES (1, 'township', '柳湾镇', '石门县')`,
  ).run();
  s.prepare('DELETE FROM report_villages WHERE village_key = ?').run(KEY);
  const { lastInsertRowid } = s
    .prepare(
      `INSERT INTO report_villages (village_key, grid_id, village_name, township_name, county_name,
         period, package_created_at, package_sha256, schema_version, app_version, counts, figures,
         self_check, imported_at, imported_by)
       VALUES (?, ?, '杨柳村', '柳湾镇', '石门县', '2026-05', ?, ?, 8, '1.0.0', '{}', '{}', '{}', ?, '测试员')`,
    )
    .run(
      KEY,
      base.grids.village,
      rt.ctx.now().toISOString(),
      'a'.repeat(64),
      rt.ctx.now().toISOString(),
    );
  const insert = s.prepare(
    'INSERT INTO report_ids (village_id, entity, source_id, local_id) VALUES (?, ?, ?, ?)',
  );
  for (const h of Object.values(base.households)) insert.run(lastInsertRowid, 'household', h, h);
  for (const id of ids) insert.run(lastInsertRowid, 'problem', id.source, id.local);
}

async function saveTo(file: FilePayload): Promise<string> {
  const target = path.join(temp.dir, file.fileName);
  fs.writeFileSync(target, file.data);
  return target;
}

async function unzip(file: string): Promise<Record<string, Buffer>> {
  const zip = await ZipReader.open(file);
  try {
    const out: Record<string, Buffer> = {};
    for (const entry of zip.entries) out[entry.name] = await zip.buffer(entry);
    return out;
  } finally {
    await zip.close();
  }
}

const feedbackCount = () =>
  (village.ctx.sqlite.prepare('SELECT count(*) AS n FROM review_feedback').get() as { n: number })
    .n;

beforeAll(async () => {
  village = await openTestRuntime('村文书');
  township = await openTestRuntime('乡镇审核员');
  const v = await seedVillageRecords(village, 0);
  villageBase = v.base;
  src.problem = v.problem;
  src.clue = v.clue;
  const t = await seedVillageRecords(township, 3);
  local.problem = t.problem;
  local.clue = t.clue;
  expect(local.problem).not.toBe(src.problem);
  loadFixture(township, t.base, [
    { source: src.problem, local: local.problem },
    { source: src.clue, local: local.clue },
  ]);
});

afterAll(() => {
  village?.cleanup();
  township?.cleanup();
  temp.cleanup();
});

describe('审核意见 in the 乡镇汇总库', () => {
  it('notes a village problem by the village’s own id, with a subject and no ID number', async () => {
    const note = await call<ReviewNote>(township.ctx, 'review.add', {
      entity: 'problem',
      localId: local.problem,
      note: '  请补充住院费用票据，核实自付金额  ',
    });
    expect(note).toMatchObject({
      villageKey: KEY,
      villageName: '杨柳村',
      entity: 'problem',
      sourceId: src.problem,
      localId: local.problem,
      subject: '医疗 · 2026-04-20 · 张三',
      note: '请补充住院费用票据，核实自付金额',
      author: '乡镇审核员',
      sentAt: null,
    });
    const onRecord = await call<ReviewNote[]>(township.ctx, 'review.forRecord', {
      entity: 'problem',
      localId: local.problem,
    });
    expect(onRecord.map((n) => n.note)).toEqual(['请补充住院费用票据，核实自付金额']);
    const audit = township.ctx.sqlite
      .prepare("SELECT action, after FROM audit_log WHERE entity = 'review_note'")
      .all() as { action: string; after: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toContain('请补充住院费用票据');
  });

  it('notes a household only when it has a problem or a proposal', async () => {
    const zhang = await call<ReviewNote>(township.ctx, 'review.add', {
      entity: 'household',
      localId: villageBase.households.zhang,
      note: '家庭收入测算偏低，请复核务工收入',
    });
    expect(zhang.subject).toBe('张三户');
    expect(zhang.subject).not.toMatch(/\d{6}/);
    const zhao = await failure(township.ctx, 'review.add', {
      entity: 'household',
      localId: villageBase.households.zhao,
      note: '请核实',
    });
    expect(zhao.code).toBe('CONFLICT');
    expect(zhao.message).toContain('只能对有问题登记或拟纳入、拟消除的农户填写审核意见');
    expect(zhao.message).toContain('赵四');
  });

  it('refuses an empty or over-long note, and a record of no village package', async () => {
    const empty = await failure(township.ctx, 'review.add', {
      entity: 'problem',
      localId: local.problem,
      note: '   ',
    });
    expect(empty.message).toContain('请填写审核意见');
    const long = await failure(township.ctx, 'review.add', {
      entity: 'problem',
      localId: local.problem,
      note: '审'.repeat(501),
    });
    expect(long.message).toContain('审核意见不能超过 500 个字');
    // The township's placeholder problems came from no package.
    const stray = await failure(township.ctx, 'review.add', {
      entity: 'problem',
      localId: local.problem - 1,
      note: '请核实',
    });
    expect(stray.code).toBe('NOT_FOUND');
    expect(stray.message).toContain('找不到这条问题记录');
  });

  it('lists the notes by village and deletes only an unsent one', async () => {
    const extra = await call<ReviewNote>(township.ctx, 'review.add', {
      entity: 'problem',
      localId: local.clue,
      note: '写错了，删掉',
    });
    const villages = await call<ReviewVillage[]>(township.ctx, 'review.villages', {});
    expect(villages).toEqual([{ villageKey: KEY, villageName: '杨柳村', total: 3, unsent: 3 }]);
    await call(township.ctx, 'review.delete', { id: extra.id });
    const list = await call<ReviewNote[]>(township.ctx, 'review.list', { villageKey: KEY });
    expect(list.map((n) => n.entity).sort()).toEqual(['household', 'problem']);
  });
});

describe('the 审核反馈包 goes down and the village shows it', () => {
  let packagePath = '';

  it('writes manifest.json and notes.jsonl and marks the notes sent', async () => {
    const file = await call<FilePayload>(township.ctx, 'review.feedbackPackage', {
      villageKey: KEY,
    });
    expect(file.fileName).toMatch(/^审核反馈_杨柳村_\d{8}\.zip$/);
    packagePath = await saveTo(file);
    const entries = await unzip(packagePath);
    expect(Object.keys(entries).sort()).toEqual(['manifest.json', 'notes.jsonl']);
    const manifest = JSON.parse(entries['manifest.json']!.toString('utf8'));
    expect(manifest).toMatchObject({
      format: 'village-ledger/审核反馈包',
      township: '柳湾镇',
      village: { key: KEY, name: '杨柳村' },
      count: 2,
    });
    const lines = entries['notes.jsonl']!.toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.find((l) => l.entity === 'problem')).toMatchObject({
      sourceId: src.problem,
      note: '请补充住院费用票据，核实自付金额',
      author: '乡镇审核员',
    });
    const list = await call<ReviewNote[]>(township.ctx, 'review.list', {});
    expect(list.every((n) => n.sentAt !== null)).toBe(true);
    const refused = await failure(township.ctx, 'review.delete', { id: list[0]!.id });
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('不能删除');
  });

  it('the village imports it once: the note shows on its own problem', async () => {
    const data = fs.readFileSync(packagePath);
    const fileName = path.basename(packagePath);
    const first = await call<FeedbackImportResult>(village.ctx, 'review.importFeedback', {
      fileName,
      data,
    });
    expect(first).toMatchObject({
      township: '柳湾镇',
      villageName: '杨柳村',
      added: 2,
      missing: [],
    });
    expect(first.message).toContain('已导入柳湾镇的审核意见 2 条');
    const onProblem = await call<ReceivedNote[]>(village.ctx, 'review.received', {
      entity: 'problem',
      recordId: src.problem,
    });
    expect(onProblem).toHaveLength(1);
    expect(onProblem[0]).toMatchObject({
      township: '柳湾镇',
      author: '乡镇审核员',
      note: '请补充住院费用票据，核实自付金额',
      subject: '医疗 · 2026-04-20 · 张三',
    });
    const onHousehold = await call<ReceivedNote[]>(village.ctx, 'review.received', {
      entity: 'household',
      recordId: villageBase.households.zhang,
    });
    expect(onHousehold.map((n) => n.note)).toEqual(['家庭收入测算偏低，请复核务工收入']);

    const again = await call<FeedbackImportResult>(village.ctx, 'review.importFeedback', {
      fileName,
      data,
    });
    expect(again).toMatchObject({ added: 0, already: 2 });
    expect(again.message).toBe('已导入过，无新意见。');
    expect(feedbackCount()).toBe(2);
    const all = await call<ReceivedNote[]>(village.ctx, 'review.receivedAll', {});
    expect(all).toHaveLength(2);
    const audit = village.ctx.sqlite
      .prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'review_feedback'")
      .get() as { n: number };
    expect(audit.n).toBe(2);
  });

  it('a note made after the first package comes in a new package, the old ones not twice', async () => {
    await call(township.ctx, 'review.add', {
      entity: 'problem',
      localId: local.clue,
      note: '线索请尽快核实是否为危房',
    });
    const file = await call<FilePayload>(township.ctx, 'review.feedbackPackage', {
      villageKey: KEY,
    });
    const result = await call<FeedbackImportResult>(village.ctx, 'review.importFeedback', file);
    expect(result).toMatchObject({ total: 3, added: 1, already: 2 });
    const onClue = await call<ReceivedNote[]>(village.ctx, 'review.received', {
      entity: 'problem',
      recordId: src.clue,
    });
    expect(onClue.map((n) => n.note)).toEqual(['线索请尽快核实是否为危房']);
  });
});

describe('a 审核反馈包 that is not right is refused, nothing kept', () => {
  let genuine: Record<string, Buffer> = {};

  beforeAll(async () => {
    const file = await call<FilePayload>(township.ctx, 'review.feedbackPackage', {
      villageKey: KEY,
    });
    genuine = await unzip(await saveTo({ ...file, fileName: `genuine-${file.fileName}` }));
  });

  const rezip = (entries: Record<string, Buffer>) =>
    zipInMemory(
      Object.entries(entries).map(([name, data]) => ({ name, data })),
      new Date('2026-05-06T08:00:00Z'),
    );

  it('refuses a changed notes.jsonl by its hash', async () => {
    const before = feedbackCount();
    const notes = genuine['notes.jsonl']!.toString('utf8').replace('请补充', '不必补充');
    const error = await failure(village.ctx, 'review.importFeedback', {
      fileName: '审核反馈_杨柳村.zip',
      data: rezip({ ...genuine, 'notes.jsonl': Buffer.from(notes) }),
    });
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('校验值');
    expect(error.message).toContain('未导入任何意见');
    expect(feedbackCount()).toBe(before);
  });

  it('refuses another village’s package, naming both villages', async () => {
    const manifest = JSON.parse(genuine['manifest.json']!.toString('utf8'));
    manifest.village = { key: 'name:石门县/柳湾镇/白石村', name: '白石村' };
    const error = await failure(village.ctx, 'review.importFeedback', {
      fileName: '审核反馈_白石村.zip',
      data: rezip({ ...genuine, 'manifest.json': Buffer.from(JSON.stringify(manifest)) }),
    });
    expect(error.message).toContain('「白石村」');
    expect(error.message).toContain('杨柳村');
    expect(error.message).toContain('不能导入其他村的审核意见');
  });

  it('refuses an entry named ../ and an unexpected entry', async () => {
    const escape = await failure(village.ctx, 'review.importFeedback', {
      fileName: '审核反馈.zip',
      data: rezip({ ...genuine, '../notes.jsonl': genuine['notes.jsonl']! }),
    });
    expect(escape.message).toContain('不安全的文件路径');
    const extra = await failure(village.ctx, 'review.importFeedback', {
      fileName: '审核反馈.zip',
      data: rezip({ ...genuine, 'readme.txt': Buffer.from('x') }),
    });
    expect(extra.message).toContain('这不是审核反馈包');
    const junk = await failure(village.ctx, 'review.importFeedback', {
      fileName: '审核反馈.zip',
      data: Buffer.from('not a zip at all, just text'),
    });
    expect(junk.message).toContain('不是完好的 ZIP 压缩包');
  });

  it('lists a note on a record this village does not have, and keeps the rest', async () => {
    const notes = genuine['notes.jsonl']!.toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const ghost = {
      ...notes[0],
      noteId: 9_000,
      entity: 'problem',
      sourceId: 99_999,
      subject: '住房 · 2026-01-01 · 某某',
    };
    const text = Buffer.from([...notes, ghost].map((n) => `${JSON.stringify(n)}\n`).join(''));
    const manifest = JSON.parse(genuine['manifest.json']!.toString('utf8'));
    manifest.count = notes.length + 1;
    manifest.notes.bytes = text.length;
    manifest.notes.sha256 = (await import('node:crypto'))
      .createHash('sha256')
      .update(text)
      .digest('hex');
    const result = await call<FeedbackImportResult>(village.ctx, 'review.importFeedback', {
      fileName: '审核反馈.zip',
      data: rezip({ 'manifest.json': Buffer.from(JSON.stringify(manifest)), 'notes.jsonl': text }),
    });
    expect(result.added).toBe(0);
    expect(result.missing).toEqual([
      { entity: 'problem', recordId: 99_999, subject: '住房 · 2026-01-01 · 某某' },
    ]);
    expect(result.message).toContain('1 条意见所指的记录本村找不到');
  });
});

describe('each side refuses the other’s methods', () => {
  it('a village database cannot write 审核意见 or make a 审核反馈包', async () => {
    const add = await failure(village.ctx, 'review.add', {
      entity: 'problem',
      localId: src.problem,
      note: '请核实',
    });
    expect(add.code).toBe('CONFLICT');
    expect(add.message).toContain('只在乡镇汇总库中使用');
    const pkg = await failure(village.ctx, 'review.feedbackPackage', { villageKey: KEY });
    expect(pkg.message).toContain('只在乡镇汇总库中使用');
  });

  it('a roll-up cannot import a 审核反馈包', async () => {
    const error = await failure(township.ctx, 'review.importFeedback', {
      fileName: '审核反馈.zip',
      data: Buffer.from('PK'),
    });
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('乡镇汇总库不能导入审核反馈包');
  });
});

describe('a newer package of the village keeps the notes on its records', () => {
  it('shows the note again on the re-imported problem under its new id', async () => {
    // The newer package brings the same village problem under a new township id (fixture).
    const c = <T>(m: string, i: unknown) => call<T>(township.ctx, m, i);
    township.ctx.sqlite.prepare('DELETE FROM workspace').run();
    const reloaded = await c<ProblemDetail>('problems.create', problemInput(villageBase));
    loadFixture(township, villageBase, [
      { source: src.problem, local: reloaded.id },
      { source: src.clue, local: local.clue },
    ]);
    expect(reloaded.id).not.toBe(local.problem);
    const notes = await c<ReviewNote[]>('review.forRecord', {
      entity: 'problem',
      localId: reloaded.id,
    });
    expect(notes.map((n) => n.note)).toEqual(['请补充住院费用票据，核实自付金额']);
    const old = await c<ReviewNote[]>('review.forRecord', {
      entity: 'problem',
      localId: local.problem,
    });
    expect(old).toEqual([]);
    const list = await c<ReviewNote[]>('review.list', { villageKey: KEY });
    expect(list.find((n) => n.entity === 'problem' && n.sourceId === src.problem)?.localId).toBe(
      reloaded.id,
    );
  });
});
