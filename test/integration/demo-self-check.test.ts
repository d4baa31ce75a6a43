import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SelfCheckReport } from '../../electron/api/self-check-types';
import { seedDemo } from '../../electron/services/demo/demo';
import { BACKFILL_REASON } from '../../electron/services/demo/self-check-demo';
import { openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { call } from '../fixtures/village';

/**
 * 迎检自查 on the village demo (400 households, clock 2026-05-06): a few findings of each group,
 * most households clean (docs/domain.md §9), and the same seed giving the same report.
 */

let runtime: TestRuntime;
let again: TestRuntime;
let report: SelfCheckReport;
let second: SelfCheckReport;

beforeAll(async () => {
  runtime = await openTestRuntime();
  again = await openTestRuntime();
  await seedDemo(runtime.ctx, { size: 'village', seed: 1 });
  await seedDemo(again.ctx, { size: 'village', seed: 1 });
  report = await call<SelfCheckReport>(runtime.ctx, 'selfCheck.run', {});
  second = await call<SelfCheckReport>(again.ctx, 'selfCheck.run', {});
}, 300_000);
afterAll(() => {
  runtime.cleanup();
  again.cleanup();
});

const counts = (r: SelfCheckReport) =>
  Object.fromEntries(r.groups.flatMap((g) => g.items.map((i) => [i.code, i.count])));
const households = () =>
  (runtime.ctx.sqlite.prepare('SELECT count(*) AS n FROM households').get() as { n: number }).n;

describe('village demo self-check', () => {
  it('finds something in every group', () => {
    console.log(counts(report));
    for (const group of report.groups) expect(group.count, group.group).toBeGreaterThan(0);
  });

  it('finds a few of each kind the demo writes, never most households', () => {
    const c = counts(report);
    for (const code of [
      'steps-out-of-order',
      'steps-backfilled',
      'months-without-meeting',
      'cards-changed',
      'missing-contact',
      'missing-risk-types',
      'missing-member-health-labour',
    ]) {
      expect(c[code], code).toBeGreaterThanOrEqual(1);
      expect(c[code], code).toBeLessThanOrEqual(5);
    }
    // visits-overdue is the visit rule's own figure on the demo's visits (evaluation-demo
    // holds those figures); every other check stays within a tenth of the households.
    for (const [code, n] of Object.entries(c)) {
      if (code === 'visits-overdue') continue;
      expect(n, code).toBeLessThanOrEqual(households() / 10);
    }
  });

  it('records the 补录 with its reason and the proposals through the procedure', () => {
    const backfilled = report.groups
      .flatMap((g) => g.items)
      .find((i) => i.code === 'steps-backfilled')!;
    for (const f of backfilled.findings) expect(f.detail).toContain(BACKFILL_REASON);
    const proposals = runtime.ctx.sqlite
      .prepare(
        `SELECT proposal, count(*) AS n FROM problems
         WHERE proposal IS NOT NULL AND decision IS NULL GROUP BY proposal ORDER BY proposal`,
      )
      .all() as { proposal: string; n: number }[];
    expect(proposals.map((p) => p.proposal)).toEqual(['拟消除', '拟纳入'].sort());
    for (const p of proposals) expect(p.n).toBeLessThanOrEqual(5);
    // Taken the whole way: the decision after the 公示 and 审核, the household now monitored.
    const decided = runtime.ctx.sqlite
      .prepare(
        `SELECT p.decision_date AS decided, h.identified_date AS identified,
           (SELECT end_date FROM problem_steps s WHERE s.problem_id = p.id
            AND s.step = '村内公示') AS noticeEnd,
           (SELECT date FROM problem_steps s WHERE s.problem_id = p.id
            AND s.step = '乡镇审核') AS reviewed
         FROM problems p JOIN households h ON h.id = p.household_id
         WHERE p.proposal = '拟纳入' AND p.decision = '认定'`,
      )
      .all() as { decided: string; identified: string; noticeEnd: string; reviewed: string }[];
    expect(decided.length).toBeGreaterThanOrEqual(1);
    for (const d of decided) {
      expect(d.reviewed > d.noticeEnd).toBe(true);
      expect(d.decided >= d.reviewed).toBe(true);
      expect(d.identified).toBe(d.decided);
    }
  });

  it('gives the same findings for the same seed', () => {
    expect(counts(second)).toEqual(counts(report));
    const details = (r: SelfCheckReport) =>
      r.groups.flatMap((g) => g.items.flatMap((i) => i.findings.map((f) => f.detail)));
    expect(details(second)).toEqual(details(report));
  });
});
