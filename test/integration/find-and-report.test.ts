import { describe, expect, it } from 'vitest';
import type { LedgerPage } from '../../electron/api/ledger-types';
import type { NoticeSummary } from '../../electron/api/notices-types';
import type { EvaluationList, MonthlyReport } from '../../electron/api/reports-types';
import type { SearchHit } from '../../electron/api/roster-types';
import type { VisitPage } from '../../electron/api/visits-types';
import type { ServiceContext } from '../../electron/services/context';
import { ledgerRowsInOrder } from '../../electron/services/ledger/query';
import { householdInput, validId } from '../fixtures/people';
import { buildReportWorld } from '../fixtures/reports';
import { useTestRuntime } from '../fixtures/runtime';
import { call, callers, GRID, VILLAGE } from '../fixtures/village';

// Issue 12 items 6 and 8: find by any part of a name, and one 逾期 rule for the ledger and
// the 月通报. The fixed clock is 2026-05-06.

/** The same database read on another day (the ledger and the report both ask ctx.now()). */
const onDay = (ctx: ServiceContext, day: string): ServiceContext => ({
  ...ctx,
  now: () => new Date(`${day}T10:00:00`),
});

describe('finding households and people', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call: bound } = callers(ctx);

  /** 一组: 张三 (head) with 李桂英 (spouse); 二组: 桂芳 (head); a clue from 王桂兰. */
  async function village() {
    await bound('setup.createVillage', VILLAGE);
    const withGuiying = await bound<{ id: number }>(
      'households.create',
      householdInput(GRID.group1, 1, {
        members: [
          { name: '张三', sex: '男', idNumber: validId('19700101', '011'), relation: '本人' },
          { name: '李桂英', sex: '女', idNumber: validId('19720305', '012'), relation: '配偶' },
        ],
      }),
    );
    const guifang = await bound<{ id: number }>(
      'households.create',
      householdInput(GRID.group2, 2, {
        members: [
          { name: '桂芳', sex: '女', idNumber: validId('19800101', '022'), relation: '本人' },
        ],
      }),
    );
    const other = await bound<{ id: number }>('households.create', householdInput(GRID.group2, 3));
    return { withGuiying: withGuiying.id, guifang: guifang.id, other: other.id };
  }

  it('finds a name by a character in its middle, names starting with it first, with village and group', async () => {
    const h = await village();
    const hits = await bound<SearchHit[]>('roster.search', { query: '桂' });
    expect(hits.map((hit) => hit.name)).toEqual(['桂芳', '李桂英']);
    expect(hits[1]).toMatchObject({
      householdId: h.withGuiying,
      headName: '张三',
      relation: '配偶',
      villageName: '杨柳村',
      gridName: '一组',
      matchedBy: '姓名',
    });
    expect(hits[0]).toMatchObject({ villageName: '杨柳村', gridName: '二组' });
    // The end of a name, and a name typed with blanks, find it too.
    expect(
      (await bound<SearchHit[]>('roster.search', { query: '桂英' })).map((x) => x.name),
    ).toEqual(['李桂英']);
    // Pinyin initials and the last digits of an ID still work.
    expect(
      (await bound<SearchHit[]>('roster.search', { query: 'lgy' })).map((x) => x.name),
    ).toEqual(['李桂英']);
    const idTail = validId('19720305', '012').slice(-4);
    expect(
      (await bound<SearchHit[]>('roster.search', { query: idTail })).map((x) => x.name),
    ).toContain('李桂英');
    expect(await bound<SearchHit[]>('roster.search', { query: '齉' })).toEqual([]);
  });

  it('filters the ledger, the visits and the notices by a name anywhere in it', async () => {
    const h = await village();
    const worker = await bound<{ id: number }>('workers.create', {
      name: '赵网格',
      sex: '男',
      phone: '13800138000',
    });
    await bound('roles.assign', {
      workerId: worker.id,
      gridId: GRID.group1,
      role: '网格员',
      startDate: '2025-01-01',
    });
    const problem = (householdId: number | null, personName = '') =>
      bound<{ id: number }>('problems.create', {
        workerId: worker.id,
        ...(householdId === null ? { personName, gridId: GRID.village } : { householdId }),
        category: '医疗',
        source: '网格员排查',
        description: '看病花费大',
        registeredDate: '2026-05-01',
      });
    const p1 = await problem(h.withGuiying);
    const p2 = await problem(h.guifang);
    await problem(h.other);
    const clue = await problem(null, '王 桂兰');

    // 李桂英 is not the head of her household: a member's name finds its problems too.
    const byMember = await bound<LedgerPage>('problems.list', { name: '桂英' });
    expect(byMember.rows.map((r) => r.id)).toEqual([p1.id]);
    expect(byMember.totals.total).toBe(1);
    const byChar = await bound<LedgerPage>('problems.list', { name: ' 桂 ' });
    expect(byChar.rows.map((r) => r.id).sort()).toEqual([p1.id, p2.id, clue.id].sort());
    expect(byChar.totals.total).toBe(3);
    // The export runs the same filter in SQL.
    expect([...ledgerRowsInOrder(ctx(), { name: '桂' })].map((r) => r.id).sort()).toEqual(
      [p1.id, p2.id, clue.id].sort(),
    );
    expect(
      (await bound<LedgerPage>('problems.list', { name: '桂兰' })).rows.map((r) => r.id),
    ).toEqual([clue.id]);
    expect((await bound<LedgerPage>('problems.list', { name: '齉' })).totals.total).toBe(0);
    expect((await bound<LedgerPage>('problems.list', { name: '' })).totals.total).toBe(4);

    for (const householdId of [h.withGuiying, h.other]) {
      await bound('visits.create', {
        householdId,
        workerId: worker.id,
        date: '2026-05-02',
        way: '入户',
        findings: '家中正常',
      });
    }
    const visits = await bound<VisitPage>('visits.list', { name: '桂英' });
    expect(visits.total).toBe(1);
    expect(visits.rows[0]).toMatchObject({ householdId: h.withGuiying, headName: '张三' });
    expect((await bound<VisitPage>('visits.list', { name: '王芳' })).total).toBe(1);
    expect((await bound<VisitPage>('visits.list', {})).total).toBe(2);
  });

  it('filters the notices by a name printed in them', async () => {
    await buildReportWorld(ctx());
    await call(ctx(), 'notices.issue', {
      kind: '监测对象识别认定公示',
      from: '2026-04-01',
      to: '2026-05-06',
      issueDate: '2026-04-20',
      periodStart: '2026-04-20',
      periodEnd: '2026-04-24',
    });
    await call(ctx(), 'notices.issue', { kind: '网格划分及网格员公示' });
    expect(await call<NoticeSummary[]>(ctx(), 'notices.list', {})).toHaveLength(2);
    // 周五 heads a household identified in May: only the 识别认定 notice lists it.
    const found = await call<NoticeSummary[]>(ctx(), 'notices.list', { name: '周五' });
    expect(found.map((n) => n.kind)).toEqual(['监测对象识别认定公示']);
    expect(await call<NoticeSummary[]>(ctx(), 'notices.list', { name: '齉' })).toEqual([]);
  });
});

describe('逾期: the ledger and the 月通报 count the same problems on the same day', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  const ledgerOverdue = async (day: string) =>
    (await call<LedgerPage>(onDay(ctx(), day), 'problems.list', {})).totals.overdue;
  const reportOverdue = async (day: string, month: string) =>
    (await call<MonthlyReport>(onDay(ctx(), day), 'reports.monthly', { month })).problems.overdue;

  it('the current month counts on today, not on the month end', async () => {
    const world = await buildReportWorld(ctx());
    // 2026-05-06: P4 (due 04-04) and P2 (due 05-05) are open and late; P7 (due 05-17) is
    // open but its 办结时限 has not come yet — the report used to count it (3 against 2).
    expect(await ledgerOverdue('2026-05-06')).toBe(2);
    expect(await reportOverdue('2026-05-06', '2026-05')).toBe(2);
    const rows = (await call<LedgerPage>(ctx(), 'problems.list', { overdue: true })).rows;
    expect(rows.map((r) => r.id).sort()).toEqual([world.problems.p2, world.problems.p4].sort());
    // Each grid's row adds up to the same figure.
    const report = await call<MonthlyReport>(ctx(), 'reports.monthly', { month: '2026-05' });
    expect(report.byGrid.reduce((n, r) => n + r.problemsOverdue, 0)).toBe(2);
  });

  it('a past month counts on its last day, as the ledger did that day', async () => {
    const world = await buildReportWorld(ctx());
    // The ledger as it stood on 2026-04-30: P9 was resolved only on 05-03.
    const p9 = ctx()
      .sqlite.prepare('SELECT status, resolved_date AS resolved FROM problems WHERE id = ?')
      .get(world.problems.p9) as { status: string; resolved: string };
    ctx()
      .sqlite.prepare("UPDATE problems SET status = '未解决', resolved_date = NULL WHERE id = ?")
      .run(world.problems.p9);
    const onApril30 = await ledgerOverdue('2026-04-30');
    // P4 (due 04-04) and P9 (due 02-16); P2 (due 05-05) not yet.
    expect(onApril30).toBe(2);
    expect(await reportOverdue('2026-04-30', '2026-04')).toBe(onApril30);

    ctx()
      .sqlite.prepare('UPDATE problems SET status = ?, resolved_date = ? WHERE id = ?')
      .run(p9.status, p9.resolved, world.problems.p9);
    // Read later, April's report still gives what the ledger said on April 30.
    expect(await reportOverdue('2026-05-06', '2026-04')).toBe(onApril30);
  });
});

describe('实绩评价', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  it('lists the people with figures first, then those without', async () => {
    await buildReportWorld(ctx());
    // A worker holding a role in the period over a group with no households: nothing counted.
    const empty = await call<{ id: number }>(ctx(), 'grids.create', {
      parentId: GRID.village,
      level: 'group',
      name: '三组',
    });
    // Placed before 一组 and 二组 in the tree, so grid order alone would list 钱七 first.
    ctx().sqlite.prepare('UPDATE grids SET sort_order = -1 WHERE id = ?').run(empty.id);
    const idle = await call<{ id: number }>(ctx(), 'workers.create', { name: '钱七', sex: '男' });
    await call(ctx(), 'roles.assign', {
      workerId: idle.id,
      gridId: empty.id,
      role: '网格员',
      startDate: '2026-01-01',
    });
    const list = await call<EvaluationList>(ctx(), 'evaluations.list', { period: '2026-04' });
    const figures = list.rows.map(
      (r) =>
        r.visitsDone + r.visitsDue + r.problemsFound + r.problemsDue > 0 || r.manualScore !== null,
    );
    expect(figures).toContain(true);
    expect(figures).toContain(false);
    // Every row with figures comes before every row without.
    expect(figures).toEqual([...figures].sort((a, b) => Number(b) - Number(a)));
    expect(list.rows.at(-1)!.workerName).toBe('钱七');
  });
});
