import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/commands';
import type { ProblemDetail } from '../../electron/api/ledger-types';
import type { ReportImportFileResult } from '../../electron/api/report-import-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import type {
  FeedbackImportResult,
  ReceivedNote,
  ReviewNote,
} from '../../electron/api/review-types';
import { buildReportPackage } from '../../electron/services/reporting/package/write';
import { seedLedgerBase, type LedgerBase } from '../fixtures/ledger';
import { openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { makeTempDir } from '../fixtures/temp-dir';
import { call, failure } from '../fixtures/village';

/**
 * 审核意见 with real packages (docs/domain.md §11): the village's 上报包 is loaded into a
 * 乡镇汇总库, the township notes one of its problems, the 审核反馈包 goes down and the village
 * shows the note on that problem; a newer package of the village gives the problem a new id in
 * the workspace and the note shows on it again.
 */

let village: TestRuntime;
let township: TestRuntime;
let base: LedgerBase;
let problemId = 0;
const temp = makeTempDir('review-cli-');

const localId = (entity: string, sourceId: number): number =>
  (
    township.ctx.sqlite
      .prepare('SELECT local_id AS id FROM report_ids WHERE entity = ? AND source_id = ?')
      .get(entity, sourceId) as { id: number }
  ).id;

async function upload(period: string): Promise<ReportImportFileResult> {
  const pkg = buildReportPackage(village.ctx, { period, villageGridId: base.grids.village });
  const [result] = await call<ReportImportFileResult[]>(township.ctx, 'township.importPackages', {
    files: [{ fileName: pkg.fileName, data: pkg.bytes }],
  });
  return result!;
}

beforeAll(async () => {
  village = await openTestRuntime('村文书');
  township = await openTestRuntime('乡镇审核员');
  base = await seedLedgerBase((m, i) => call(village.ctx, m, i));
  const problem = await call<ProblemDetail>(village.ctx, 'problems.create', {
    workerId: base.workers.wang,
    householdId: base.households.zhang,
    category: '医疗',
    source: '网格员排查',
    description: '户主住院，自付医疗费用约 3 万元',
    registeredDate: '2026-04-20',
  });
  problemId = problem.id;
  await call(township.ctx, 'setup.createWorkspace', {
    kind: 'township',
    county: '石门县',
    township: '柳湾镇',
  });
}, 120_000);

afterAll(() => {
  village?.cleanup();
  township?.cleanup();
  temp.cleanup();
});

describe('审核意见 through real packages', () => {
  it('goes from the township’s note to the village’s problem, once', async () => {
    expect((await upload('2026-04')).outcome).toBe('loaded');
    const local = localId('problem', problemId);
    const note = await call<ReviewNote>(township.ctx, 'review.add', {
      entity: 'problem',
      localId: local,
      note: '请补充住院费用票据',
    });
    expect(note).toMatchObject({ villageName: '杨柳村', sourceId: problemId, localId: local });
    expect(note.subject).toBe('医疗 · 2026-04-20 · 张三');

    const file = await call<FilePayload>(township.ctx, 'review.feedbackPackage', {
      villageKey: note.villageKey,
    });
    const first = await call<FeedbackImportResult>(village.ctx, 'review.importFeedback', file);
    expect(first).toMatchObject({ added: 1, missing: [] });
    const shown = await call<ReceivedNote[]>(village.ctx, 'review.received', {
      entity: 'problem',
      recordId: problemId,
    });
    expect(shown.map((n) => [n.township, n.author, n.note])).toEqual([
      ['柳湾镇', '乡镇审核员', '请补充住院费用票据'],
    ]);
    const again = await call<FeedbackImportResult>(village.ctx, 'review.importFeedback', file);
    expect(again.added).toBe(0);
    expect(again.message).toBe('已导入过，无新意见。');
  });

  it('the note survives a newer package of the village and shows on the re-imported record', async () => {
    const before = localId('problem', problemId);
    const loaded = await upload('2026-05');
    expect(loaded.outcome).toBe('loaded');
    const after = localId('problem', problemId);
    const notes = await call<ReviewNote[]>(township.ctx, 'review.forRecord', {
      entity: 'problem',
      localId: after,
    });
    expect(notes.map((n) => n.note)).toEqual(['请补充住院费用票据']);
    expect(notes[0]!.localId).toBe(after);
    // AUTOINCREMENT ids are never reused: the newer package's problem has a new id here.
    expect(after).not.toBe(before);
    const stale = await failure(township.ctx, 'review.add', {
      entity: 'problem',
      localId: before,
      note: '旧编号',
    });
    expect(stale.code).toBe('NOT_FOUND');
  });

  it('a roll-up refuses to import a 审核反馈包 and a village refuses to write notes', async () => {
    const inRollUp = await failure(township.ctx, 'review.importFeedback', {
      fileName: '审核反馈.zip',
      data: Buffer.from('PK'),
    });
    expect(inRollUp.message).toContain('乡镇汇总库不能导入审核反馈包');
    const inVillage = await failure(village.ctx, 'review.add', {
      entity: 'problem',
      localId: problemId,
      note: '请核实',
    });
    expect(inVillage.message).toContain('只在乡镇汇总库中使用');
  });

  it('goes down by the command line too: review-feedback and review-import', async () => {
    await call(township.ctx, 'review.add', {
      entity: 'household',
      localId: localId('household', base.households.zhang),
      note: '请复核家庭收入',
    });
    const cli = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const file = path.join(temp.dir, '审核反馈_杨柳村.zip');
    township.session.close();
    const made = await cli([
      'review-feedback',
      '--data',
      township.dir,
      '--village',
      '杨柳村',
      '--out',
      file,
    ]);
    expect(made.err).toBe('');
    expect(made.out).toContain('杨柳村的审核反馈包：2 条审核意见（其中 1 条首次发出）');
    const unknown = await cli([
      'review-feedback',
      '--data',
      township.dir,
      '--village',
      '白石村',
      '--out',
      file,
    ]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('本汇总库没有「白石村」。已导入的村：杨柳村');
    village.session.close();
    const read = await cli(['review-import', '--data', village.dir, file]);
    expect(read.err).toBe('');
    expect(read.out).toContain('已导入柳湾镇的审核意见 1 条（另有 1 条已导入过）');
  });
});
