import { describe, expect, it } from 'vitest';
import type { NoticeDraft } from '../../electron/api/notices-types';
import type { ProblemDetail } from '../../electron/api/ledger-types';
import type { Settings } from '../../electron/api/schemas';
import { listAudit } from '../../electron/services/audit/audit';
import { seedLedgerBase, type LedgerBase } from '../fixtures/ledger';
import { useTestRuntime } from '../fixtures/runtime';
import { callers } from '../fixtures/village';

/**
 * The workflow in order (docs/domain.md §3 「Order matters」), through dispatch on a real
 * database: 核实评议 → 拟纳入 / 拟消除 → 村内公示 → 乡镇审核 → 认定 / 消除; each out-of-order
 * record refused with a message naming both steps, accepted as 补录 with a reason and audited.
 * Today is 2026-05-06 in the test runtime.
 */
describe('procedure: proposals, decisions and the order of the steps', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call, fail } = callers(ctx);
  let base: LedgerBase;

  const register = (householdId: number, registeredDate = '2026-04-01') =>
    call<ProblemDetail>('problems.create', {
      workerId: base.workers.wang,
      householdId,
      category: '医疗',
      source: '网格员排查',
      description: '户主住院，自付医疗费用约 3 万元',
      registeredDate,
    });
  const step = (problemId: number, s: string, date: string, extra: Record<string, unknown> = {}) =>
    call<ProblemDetail>('problems.saveStep', { problemId, step: s, date, ...extra });
  const propose = (problemId: number, date: string, extra: Record<string, unknown> = {}) =>
    call<ProblemDetail>('problems.propose', {
      problemId,
      proposal: '拟纳入',
      proposalDate: date,
      monitorCategory: '突发严重困难户',
      riskTypes: ['因病', '因自然灾害'],
      disasterSubtype: '洪涝',
      ...extra,
    });

  it('defaults the decision level to 乡镇审定（县级备案） and lets it change', async () => {
    base = await seedLedgerBase(call);
    const settings = await call<Settings>('settings.get', {});
    expect(settings.decisionLevel).toBe('township');
    const problem = await register(base.households.zhang);
    expect(problem.decisionLabel).toBe('乡镇审定（县级备案）');
    await call('settings.update', { decisionLevel: 'county' });
    expect((await call<Settings>('settings.get', {})).decisionLevel).toBe('county');
    expect((await call<ProblemDetail>('problems.get', { id: problem.id })).decisionLabel).toBe(
      '县级审定',
    );
    const bad = await fail('settings.update', { decisionLevel: 'city' });
    expect(bad.message).toContain('审定层级只能是');
  });

  it('refuses each out-of-order record with a message naming both steps and dates', async () => {
    base = await seedLedgerBase(call);
    const p = await register(base.households.zhang);
    // The proposal before 核实评议 is recorded.
    const early = await fail('problems.propose', {
      problemId: p.id,
      proposal: '拟纳入',
      proposalDate: '2026-04-02',
      monitorCategory: '边缘易致贫户',
      riskTypes: ['因病'],
    });
    expect(early.message).toContain('「拟纳入」（2026-04-02）之前没有记录「核实评议」');
    expect(early.message).toContain('补录');
    expect(early.fields?.[0]?.path).toEqual(['proposalDate']);
    await step(p.id, '核实评议', '2026-04-03');
    // The proposal dated before 核实评议.
    expect(
      (
        await fail('problems.propose', {
          problemId: p.id,
          proposal: '拟纳入',
          proposalDate: '2026-04-02',
          monitorCategory: '边缘易致贫户',
          riskTypes: ['因病'],
        })
      ).message,
    ).toContain('「拟纳入」日期 2026-04-02 早于「核实评议」2026-04-03');
    await propose(p.id, '2026-04-04');
    // The 公示 before the proposal.
    const notice = await fail('problems.saveStep', {
      problemId: p.id,
      step: '村内公示',
      date: '2026-04-03',
      endDate: '2026-04-08',
    });
    expect(notice.message).toContain('「村内公示」开始日期 2026-04-03 早于「拟纳入」2026-04-04');
    expect(notice.fields?.[0]?.path).toEqual(['date']);
    await step(p.id, '村内公示', '2026-04-05', { endDate: '2026-04-09' });
    // 审核 inside the 公示 period.
    const review = await fail('problems.saveStep', {
      problemId: p.id,
      step: '乡镇审核',
      date: '2026-04-09',
    });
    expect(review.message).toContain(
      '「乡镇审核」日期 2026-04-09 不能早于「村内公示」（2026-04-05 至 2026-04-09）结束的次日',
    );
    // The decision before 审核 is recorded.
    const decide = await fail('problems.decide', {
      problemId: p.id,
      decision: '认定',
      decisionDate: '2026-04-12',
    });
    expect(decide.message).toContain('「认定」（2026-04-12）之前没有记录「乡镇审核」');
    expect(decide.fields?.[0]?.path).toEqual(['decisionDate']);
    await step(p.id, '乡镇审核', '2026-04-10');
    // The decision before 审核's date.
    expect(
      (
        await fail('problems.decide', {
          problemId: p.id,
          decision: '认定',
          decisionDate: '2026-04-09',
        })
      ).message,
    ).toContain(
      '「认定」日期 2026-04-09 不能早于「村内公示」（2026-04-05 至 2026-04-09）结束的次日',
    );
    // 核实评议 moved after the 公示: refused, naming the 公示.
    expect(
      (await fail('problems.saveStep', { problemId: p.id, step: '核实评议', date: '2026-04-06' }))
        .message,
    ).toContain('早于「核实评议」2026-04-06');
    // Nothing refused was written.
    const stored = await call<ProblemDetail>('problems.get', { id: p.id });
    expect(stored.decision).toBeNull();
    expect(stored.orderIssues).toEqual([]);
    expect(stored.steps.map((s) => [s.step, s.date])).toEqual([
      ['核实评议', '2026-04-03'],
      ['村内公示', '2026-04-05'],
      ['乡镇审核', '2026-04-10'],
    ]);
  });

  it('accepts a 补录 with its reason, audited and shown on the problem', async () => {
    base = await seedLedgerBase(call);
    const p = await register(base.households.zhang);
    await step(p.id, '核实评议', '2026-04-03');
    await propose(p.id, '2026-04-03');
    await step(p.id, '村内公示', '2026-04-04', { endDate: '2026-04-08' });
    const saved = await step(p.id, '乡镇审核', '2026-04-07', {
      backfillReason: '乡镇提前到村核查，当时未录入',
    });
    const review = saved.steps.find((s) => s.step === '乡镇审核')!;
    expect(review.backfillReason).toBe('乡镇提前到村核查，当时未录入');
    expect(saved.orderIssues).toEqual([
      expect.objectContaining({
        step: '乡镇审核',
        dependsOn: '村内公示',
        backfillReason: '乡镇提前到村核查，当时未录入',
      }),
    ]);
    const entries = listAudit(ctx(), { entity: 'problem_step', entityId: String(review.id) });
    expect(entries[0]!.after).toMatchObject({ backfillReason: '乡镇提前到村核查，当时未录入' });
    // Editing the 补录 step without a reason keeps it while it is still out of order.
    const edited = await step(p.id, '乡镇审核', '2026-04-07', { person: '柳湾镇' });
    expect(edited.steps.find((s) => s.step === '乡镇审核')!.backfillReason).toBe(
      '乡镇提前到村核查，当时未录入',
    );
    // The decision as 补录: its reason on the 审定 step and in the audit row.
    const decided = await call<ProblemDetail>('problems.decide', {
      problemId: p.id,
      decision: '认定',
      decisionDate: '2026-04-07',
      backfillReason: '县里当天审定，纸质文件后补',
    });
    expect(decided.decision).toEqual({
      kind: '认定',
      date: '2026-04-07',
      backfillReason: '县里当天审定，纸质文件后补',
    });
    const decideAudit = listAudit(ctx(), {
      entity: 'problem',
      entityId: String(p.id),
    }).find((e) => e.action === 'decide')!;
    expect(decideAudit.after).toMatchObject({
      backfillReason: '县里当天审定，纸质文件后补',
      outOfOrder: [expect.stringContaining('「认定」日期 2026-04-07')],
    });
  });

  it('proposal → 识别认定公示 lists it → decision → the household is monitored', async () => {
    base = await seedLedgerBase(call);
    const p = await register(base.households.zhang);
    await step(p.id, '核实评议', '2026-04-02');
    const proposed = await propose(p.id, '2026-04-02');
    expect(proposed.proposal).toMatchObject({
      kind: '拟纳入',
      monitorCategory: '突发严重困难户',
      risks: [
        { riskType: '因病', disasterSubtype: null },
        { riskType: '因自然灾害', disasterSubtype: '洪涝' },
      ],
    });
    expect(proposed.household).toMatchObject({ monitorCategory: null });
    const draft = await call<NoticeDraft>('notices.draft', {
      kind: '监测对象识别认定公示',
      from: '2026-04-01',
      to: '2026-04-03',
      issueDate: '2026-04-03',
      periodStart: '2026-04-03',
    });
    expect(draft.table.rows).toEqual([['张三', '一组', expect.any(String), '突发严重困难户', '']]);
    await step(p.id, '村内公示', '2026-04-03', { endDate: '2026-04-07' });
    await step(p.id, '乡镇审核', '2026-04-08');
    const decided = await call<ProblemDetail>('problems.decide', {
      problemId: p.id,
      decision: '认定',
      decisionDate: '2026-04-09',
      person: '柳湾镇',
    });
    expect(decided.household).toMatchObject({
      monitorCategory: '突发严重困难户',
      identifiedDate: '2026-04-09',
      eliminationStatus: '未消除',
    });
    expect(decided.steps.find((s) => s.step === '县级审定')).toMatchObject({
      date: '2026-04-09',
      person: '柳湾镇',
      backfillReason: null,
    });
    expect(decided.orderIssues).toEqual([]);
    // A notice posted after the decision no longer announces it; one posted while it was
    // pending (2026-04-03) still does.
    const after = await call<NoticeDraft>('notices.draft', {
      kind: '监测对象识别认定公示',
      from: '2026-04-01',
      to: '2026-04-03',
      issueDate: '2026-04-10',
      periodStart: '2026-04-10',
    });
    expect(
      (
        await call<NoticeDraft>('notices.draft', {
          kind: '监测对象识别认定公示',
          from: '2026-04-01',
          to: '2026-04-03',
          issueDate: '2026-04-03',
          periodStart: '2026-04-03',
        })
      ).table.rows,
    ).toHaveLength(1);
    expect(after.table.rows).toEqual([]);
    // Decided once: not again.
    expect(
      (
        await fail('problems.decide', {
          problemId: p.id,
          decision: '不予认定',
          decisionDate: '2026-04-10',
        })
      ).message,
    ).toContain('已于 2026-04-09 作出「认定」的决定');
  });

  it('elimination: 拟消除 → 风险消除公示 (≥ eliminationNoticeDays) → 消除 under the roster rules', async () => {
    base = await seedLedgerBase(call);
    ctx()
      .sqlite.prepare(
        "UPDATE households SET monitor_category = '边缘易致贫户', identified_date = '2025-06-01', elimination_status = '未消除' WHERE id = ?",
      )
      .run(base.households.zhao);
    const p = await register(base.households.zhao);
    await step(p.id, '核实评议', '2026-04-02');
    expect(
      (
        await fail('problems.propose', {
          problemId: p.id,
          proposal: '拟消除',
          proposalDate: '2026-04-02',
        })
      ).message,
    ).toContain('请选择消除方式');
    await call('problems.propose', {
      problemId: p.id,
      proposal: '拟消除',
      proposalDate: '2026-04-02',
      method: '稳定消除',
    });
    const draft = await call<NoticeDraft>('notices.draft', {
      kind: '风险消除公示',
      from: '2026-04-01',
      to: '2026-04-03',
      issueDate: '2026-04-03',
      periodStart: '2026-04-03',
    });
    expect(draft.table.rows).toEqual([['赵四', '二组', expect.any(String), '稳定消除', '']]);
    // A 5-day 公示 is short for elimination (default 7 days).
    expect(
      (
        await fail('problems.saveStep', {
          problemId: p.id,
          step: '村内公示',
          date: '2026-04-03',
          endDate: '2026-04-07',
        })
      ).message,
    ).toContain('只有 5 天，不能少于 7 天');
    await step(p.id, '村内公示', '2026-04-03', { endDate: '2026-04-09' });
    await step(p.id, '乡镇审核', '2026-04-10');
    // No measure done yet: the roster's rule refuses 消除.
    expect(
      (
        await fail('problems.decide', {
          problemId: p.id,
          decision: '消除',
          decisionDate: '2026-04-11',
        })
      ).message,
    ).toContain('至少要有一项帮扶措施已完成');
    await call('measures.save', {
      householdId: base.households.zhao,
      category: '产业',
      content: '发展养殖',
      plannedDate: '2025-08-01',
      doneDate: '2025-10-01',
      status: '已完成',
    });
    expect(
      (
        await fail('problems.decide', {
          problemId: p.id,
          decision: '认定',
          decisionDate: '2026-04-11',
        })
      ).message,
    ).toContain('「拟消除」的决定只能是：消除、不予消除');
    const decided = await call<ProblemDetail>('problems.decide', {
      problemId: p.id,
      decision: '消除',
      decisionDate: '2026-04-11',
    });
    expect(decided.household).toMatchObject({ eliminationStatus: '已消除' });
    const row = ctx()
      .sqlite.prepare(
        'SELECT elimination_method AS m, elimination_date AS d FROM households WHERE id = ?',
      )
      .get(base.households.zhao);
    expect(row).toEqual({ m: '稳定消除', d: '2026-04-11' });
  });
});
