import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/commands';
import type {
  VisitDueRow,
  VisitPage,
  VisitsDuePage,
  VisitsDueResult,
  VisitView,
} from '../../electron/api/visits-types';
import { listAudit } from '../../electron/services/audit/audit';
import type { ServiceContext } from '../../electron/services/context';
import { visitsDue } from '../../electron/services/visits/due';
import { createVisit } from '../../electron/services/visits/visits';
import { countRows, useTestRuntime } from '../fixtures/runtime';
import { call, failure, GRID, VILLAGE } from '../fixtures/village';
import { addHousehold, addWorker, away, member } from '../fixtures/visits';

// The fixed clock (test/fixtures/runtime.ts) says today is 2026-05-06: April 2026 has ended,
// May and the second quarter (04-01 .. 06-30) have not.

const monitored = { monitorCategory: '边缘易致贫户', identifiedDate: '2025-01-10' };

/**
 * One village, two groups:
 *   一组 (worker 李明): 陈风险 monitored; 周外出 everyone away; 吴两全 monitored and everyone away;
 *   二组 (worker 赵强): 郑消除 monitored, risk eliminated; 孙一般 ordinary.
 * 王村长 is the village's 网格长 (a role above the groups).
 */
async function buildVillage(ctx: ServiceContext) {
  await call(ctx, 'setup.createVillage', VILLAGE);
  const liMing = await addWorker(ctx, '李明', GRID.group1);
  const zhaoQiang = await addWorker(ctx, '赵强', GRID.group2, '网格长');
  const villageHead = await addWorker(ctx, '王村长', GRID.village, '网格长');
  const risk = await addHousehold(
    ctx,
    GRID.group1,
    member('陈风险', '本人'),
    [member('陈妻', '配偶'), member('陈子', '子', away)],
    monitored,
  );
  const allAway = await addHousehold(ctx, GRID.group1, member('周外出', '本人', away), [
    member('周妻', '配偶', away),
  ]);
  const riskAway = await addHousehold(
    ctx,
    GRID.group1,
    member('吴两全', '本人', away),
    [],
    monitored,
  );
  const eliminated = await addHousehold(ctx, GRID.group2, member('郑消除', '本人'), [], {
    monitorCategory: '突发严重困难户',
    identifiedDate: '2025-01-01',
  });
  await call(ctx, 'measures.save', {
    householdId: eliminated,
    category: '就业',
    content: '推荐到县城务工',
    status: '已完成',
    doneDate: '2025-06-01',
  });
  await call(ctx, 'elimination.mark', {
    householdId: eliminated,
    method: '稳定消除',
    date: '2026-01-15',
  });
  const ordinary = await addHousehold(ctx, GRID.group2, member('孙一般', '本人'), [
    member('孙妻', '配偶'),
  ]);
  return {
    workers: { liMing, zhaoQiang, villageHead },
    households: { risk, allAway, riskAway, eliminated, ordinary },
  };
}

type Village = Awaited<ReturnType<typeof buildVillage>>;

/** Visits inside and outside the periods asked about below. */
async function recordVisits(ctx: ServiceContext, { workers, households }: Village) {
  const visit = (householdId: number, workerId: number, date: string, way: string) =>
    call<VisitView>(ctx, 'visits.create', { householdId, workerId, date, way, findings: '' });
  // A phone call does not count for a household at risk; home visits in May do.
  await visit(households.risk, workers.liMing, '2026-04-10', '电话');
  await visit(households.risk, workers.zhaoQiang, '2026-05-01', '入户');
  await visit(households.risk, workers.liMing, '2026-05-02', '入户');
  await visit(households.allAway, workers.liMing, '2026-04-20', '微信');
  await visit(households.eliminated, workers.zhaoQiang, '2026-04-15', '电话');
  // Last day of the first quarter: counts for Q1, not for Q2.
  await visit(households.ordinary, workers.zhaoQiang, '2026-03-31', '入户');
  // A visit in the previous year's last quarter, outside every period asked about.
  await visit(households.riskAway, workers.liMing, '2025-12-31', '电话');
}

const byHead = (result: { rows: VisitDueRow[] }) =>
  Object.fromEntries(result.rows.map((row) => [row.headName, row])) as Record<string, VisitDueRow>;

describe('visits due', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  it('picks each household’s rule and period, and judges April (ended) against the fixed clock', async () => {
    const village = await buildVillage(ctx());
    await recordVisits(ctx(), village);
    // The whole list (the service function the monthly report calls), in grid-tree order.
    const result: VisitsDueResult = visitsDue(ctx(), { month: '2026-04' });
    expect(result.today).toBe('2026-05-06');
    const rows = byHead(result);
    expect(Object.keys(rows)).toEqual(['陈风险', '周外出', '吴两全', '郑消除', '孙一般']);

    expect(rows['陈风险']).toMatchObject({
      kind: '风险户每月入户',
      periodStart: '2026-04-01',
      periodEnd: '2026-04-30',
      // The April phone call does not count for a household at risk.
      lastVisit: null,
      status: '逾期',
      gridName: '一组',
      workers: ['李明'],
    });
    // Everyone away but not monitored: quarterly like any household (docs/domain.md §3).
    expect(rows['周外出']).toMatchObject({
      kind: '一般户每季度',
      periodEnd: '2026-06-30',
      lastVisit: { date: '2026-04-20', way: '微信', workerName: '李明' },
      status: '已走访',
    });
    // Monitored but nobody at home: the monthly phone/WeChat rule, and no contact in April.
    expect(rows['吴两全']).toMatchObject({
      kind: '外出户每月联系',
      periodEnd: '2026-04-30',
      status: '逾期',
    });
    // Risk eliminated: quarterly, any way; the April call counts for the quarter.
    expect(rows['郑消除']).toMatchObject({
      kind: '一般户每季度',
      periodStart: '2026-04-01',
      periodEnd: '2026-06-30',
      lastVisit: { date: '2026-04-15', way: '电话', workerName: '赵强' },
      status: '已走访',
      workers: ['赵强'],
    });
    // Visited on 03-31 (last quarter); the second quarter has not ended: still pending.
    expect(rows['孙一般']).toMatchObject({
      kind: '一般户每季度',
      lastVisit: null,
      status: '待走访',
    });

    expect(result.summary).toEqual({ due: 5, done: 2, pending: 1, overdue: 2 });
    expect(result.byGrid).toEqual([
      { gridId: GRID.group1, gridName: '一组', due: 3, done: 1, pending: 0, overdue: 2 },
      { gridId: GRID.group2, gridName: '二组', due: 2, done: 1, pending: 1, overdue: 0 },
    ]);
    expect(result.byWorker).toEqual(
      expect.arrayContaining([
        {
          workerId: village.workers.liMing,
          workerName: '李明',
          due: 3,
          done: 1,
          pending: 0,
          overdue: 2,
        },
        {
          workerId: village.workers.zhaoQiang,
          workerName: '赵强',
          due: 2,
          done: 1,
          pending: 1,
          overdue: 0,
        },
      ]),
    );
    expect(result.byWorker).toHaveLength(2);
    // The page (method visits.due) has the same rows and counts, 逾期 first, then 待走访, then 已走访.
    const page = await call<VisitsDuePage>(ctx(), 'visits.due', { month: '2026-04' });
    expect(page).toMatchObject({ today: '2026-05-06', total: 5, offset: 0, limit: 50 });
    expect(page.summary).toEqual(result.summary);
    expect(page.rows.map((r) => r.headName)).toEqual([
      '陈风险',
      '吴两全',
      '孙一般',
      '周外出',
      '郑消除',
    ]);
    expect(byHead(page)).toEqual(byHead(result));
  });

  it('takes the latest qualifying visit of the month, and leaves a month not yet ended pending', async () => {
    const village = await buildVillage(ctx());
    await recordVisits(ctx(), village);
    const rows = byHead(await call<VisitsDuePage>(ctx(), 'visits.due', { month: '2026-05' }));
    expect(rows['陈风险']).toMatchObject({
      status: '已走访',
      lastVisit: { date: '2026-05-02', way: '入户', workerName: '李明' },
    });
    // Quarterly: the April WeChat contact counts for the quarter May lies in.
    expect(rows['周外出']).toMatchObject({
      status: '已走访',
      lastVisit: { date: '2026-04-20', way: '微信', workerName: '李明' },
    });
    expect(rows['吴两全']!.status).toBe('待走访');
    expect(rows['郑消除']).toMatchObject({ status: '已走访', periodEnd: '2026-06-30' });
    expect(rows['孙一般']!.status).toBe('待走访');
  });

  it('counts a quarter’s last day in that quarter and makes an ended quarter overdue', async () => {
    const village = await buildVillage(ctx());
    await recordVisits(ctx(), village);
    const rows = byHead(await call<VisitsDuePage>(ctx(), 'visits.due', { month: '2026-01' }));
    expect(rows['孙一般']).toMatchObject({
      periodStart: '2026-01-01',
      periodEnd: '2026-03-31',
      lastVisit: { date: '2026-03-31', way: '入户', workerName: '赵强' },
      status: '已走访',
    });
    expect(rows['郑消除']).toMatchObject({ status: '逾期', lastVisit: null });
    // The 2025-12-31 call belongs to December, not to January.
    expect(rows['吴两全']).toMatchObject({ status: '逾期', lastVisit: null });
    const december = byHead(await call<VisitsDuePage>(ctx(), 'visits.due', { month: '2025-12' }));
    expect(december['吴两全']).toMatchObject({
      periodStart: '2025-12-01',
      periodEnd: '2025-12-31',
      lastVisit: { date: '2025-12-31', way: '电话', workerName: '李明' },
      status: '已走访',
    });
  });

  it('filters by grid subtree and by the worker’s current grids', async () => {
    const village = await buildVillage(ctx());
    await recordVisits(ctx(), village);
    const group2 = await call<VisitsDuePage>(ctx(), 'visits.due', {
      month: '2026-04',
      gridId: GRID.group2,
    });
    expect(group2.rows.map((r) => r.headName)).toEqual(['孙一般', '郑消除']);
    expect(group2.summary).toEqual({ due: 2, done: 1, pending: 1, overdue: 0 });
    const whole = await call<VisitsDuePage>(ctx(), 'visits.due', {
      month: '2026-04',
      gridId: GRID.county,
    });
    expect(whole.rows).toHaveLength(5);

    const liMing = await call<VisitsDuePage>(ctx(), 'visits.due', {
      month: '2026-04',
      workerId: village.workers.liMing,
    });
    expect(liMing.rows.map((r) => r.headName)).toEqual(['陈风险', '吴两全', '周外出']);
    // A role above the groups puts no household on the village head's own list.
    const head = await call<VisitsDuePage>(ctx(), 'visits.due', {
      month: '2026-04',
      workerId: village.workers.villageHead,
    });
    expect(head.rows).toEqual([]);
    expect(head.summary).toEqual({ due: 0, done: 0, pending: 0, overdue: 0 });

    // An ended role takes the grid off the worker's list.
    const roles = await call<{ roles: { id: number }[] }>(ctx(), 'workers.get', {
      id: village.workers.liMing,
    });
    await call(ctx(), 'roles.end', { id: roles.roles[0]!.id, endDate: '2026-05-01' });
    const after = await call<VisitsDuePage>(ctx(), 'visits.due', {
      month: '2026-04',
      workerId: village.workers.liMing,
    });
    expect(after.rows).toEqual([]);
    const group1 = await call<VisitsDuePage>(ctx(), 'visits.due', {
      month: '2026-04',
      gridId: GRID.group1,
    });
    expect(group1.rows.every((r) => r.workers.length === 0)).toBe(true);
  });

  it('follows a household that moved to its new grid only', async () => {
    const village = await buildVillage(ctx());
    await call(ctx(), 'households.move', {
      id: village.households.ordinary,
      gridId: GRID.group1,
    });
    const group2 = await call<VisitsDuePage>(ctx(), 'visits.due', {
      month: '2026-05',
      gridId: GRID.group2,
    });
    expect(group2.rows.map((r) => r.headName)).toEqual(['郑消除']);
    const group1 = byHead(
      await call<VisitsDuePage>(ctx(), 'visits.due', { month: '2026-05', gridId: GRID.group1 }),
    );
    expect(group1['孙一般']).toMatchObject({ gridName: '一组', workers: ['李明'] });
  });

  it('pages the list with the counts of the whole scope, filters by status and finds a name on a later page', async () => {
    const village = await buildVillage(ctx());
    await recordVisits(ctx(), village);
    const page = (input: Record<string, unknown>) =>
      call<VisitsDuePage>(ctx(), 'visits.due', { month: '2026-04', limit: 2, ...input });
    const pages = [await page({}), await page({ offset: 2 }), await page({ offset: 4 })];
    expect(pages.map((p) => p.rows.map((r) => r.headName))).toEqual([
      ['陈风险', '吴两全'],
      ['孙一般', '周外出'],
      ['郑消除'],
    ]);
    // Every page carries the counts of the whole list; they add up to the rows of all pages.
    const all = pages.flatMap((p) => p.rows);
    for (const p of pages) {
      expect(p.total).toBe(5);
      expect(p.summary).toEqual({ due: 5, done: 2, pending: 1, overdue: 2 });
    }
    const counted = (status: string) => all.filter((r) => r.status === status).length;
    expect({
      due: all.length,
      done: counted('已走访'),
      pending: counted('待走访'),
      overdue: counted('逾期'),
    }).toEqual(pages[0]!.summary);
    expect(await page({ offset: 6 })).toMatchObject({ rows: [], total: 5 });

    // 未走访 = 逾期 and 待走访; the counts stay those of the whole scope.
    const notVisited = await page({ status: '未走访', limit: 50 });
    expect(notVisited.rows.map((r) => r.headName)).toEqual(['陈风险', '吴两全', '孙一般']);
    expect(notVisited.summary.due).toBe(5);
    expect((await page({ status: '已走访', limit: 50 })).rows.map((r) => r.headName)).toEqual([
      '周外出',
      '郑消除',
    ]);

    // 孙一般 is on page 2; the search finds the household by 户主 or by any member's name.
    for (const name of ['孙一', '孙妻']) {
      const found = await page({ name });
      expect(found).toMatchObject({ total: 1, summary: { due: 5 } });
      expect(found.rows.map((r) => r.headName)).toEqual(['孙一般']);
    }
    expect(await page({ name: '孙一', status: '已走访' })).toMatchObject({ rows: [], total: 0 });
    // Grid and name together: 孙一般 lives in 二组.
    expect(await page({ name: '孙一', gridId: GRID.group1 })).toMatchObject({ total: 0 });
    expect(
      (await failure(ctx(), 'visits.due', { month: '2026-04', limit: 501 })).message,
    ).toContain('每页最多 500 行');
    expect(
      (await failure(ctx(), 'visits.due', { month: '2026-04', status: '没去' })).message,
    ).toContain('走访状态只能是');
  });

  it('refuses a bad month, an unknown grid or worker', async () => {
    expect((await failure(ctx(), 'visits.due', { month: '2026-13' })).message).toContain(
      '月份的格式应为 2024-01',
    );
    await call(ctx(), 'setup.createVillage', VILLAGE);
    expect(await failure(ctx(), 'visits.due', { month: '2026-04', gridId: 99 })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await failure(ctx(), 'visits.due', { month: '2026-04', workerId: 99 })).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('网格员'),
    });
  });

  it('prints the list on the command line, filtered by status', async () => {
    const village = await buildVillage(ctx());
    await recordVisits(ctx(), village);
    const databaseFile = ctx().databaseFile;
    // One program at a time holds the database: the test's own session steps aside.
    runtime().session.close();
    const out: string[] = [];
    const err: string[] = [];
    // The CLI runs on the real clock (this machine: after June 2026): every period of 2026-04 has ended.
    const code = await runCli(
      ['visits-due', '--db', databaseFile, '--month', '2026-04', '--status', '逾期'],
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      {},
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(
      /^2026-04 应走访 5 户：已走访 2，待走访 0，逾期 3（以 \d{4}-\d{2}-\d{2} 为准）$/,
    );
    expect(out[1]).toBe('其中「逾期」3 户：');
    expect(out.slice(2)).toEqual([
      '陈风险  一组  风险户每月入户（2026-04-01 至 2026-04-30）  逾期  最近走访：无',
      '吴两全  一组  外出户每月联系（2026-04-01 至 2026-04-30）  逾期  最近走访：无',
      '孙一般  二组  一般户每季度（2026-04-01 至 2026-06-30）  逾期  最近走访：无',
    ]);
    const done: string[] = [];
    await runCli(
      ['visits-due', '--db', databaseFile, '--month', '2026-04', '--status', '已走访'],
      { out: (l) => done.push(l), err: () => {} },
      {},
    );
    expect(done).toContain(
      '周外出  一组  一般户每季度（2026-04-01 至 2026-06-30）  已走访  最近走访：2026-04-20 微信 李明',
    );
    const bad: string[] = [];
    const badCode = await runCli(
      ['visits-due', '--db', databaseFile, '--month', '2026-04', '--status', '没去'],
      { out: () => {}, err: (l) => bad.push(l) },
      {},
    );
    expect(badCode).toBe(1);
    expect(bad.join('')).toContain('--status 只能是 未走访、已走访、待走访、逾期');
  });
});

describe('visit records', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  it('creates, lists with names, updates and deletes a visit, each audited', async () => {
    const { workers, households } = await buildVillage(ctx());
    const visit = await call<VisitView>(ctx(), 'visits.create', {
      householdId: households.risk,
      workerId: workers.liMing,
      date: '2026-05-03',
      way: '入户',
      findings: '  家中老人住院，已联系村医  ',
    });
    expect(visit).toMatchObject({
      householdId: households.risk,
      headName: '陈风险',
      gridId: GRID.group1,
      gridName: '一组',
      workerName: '李明',
      date: '2026-05-03',
      way: '入户',
      findings: '家中老人住院，已联系村医',
      problemId: null,
    });
    const updated = await call<VisitView>(ctx(), 'visits.update', {
      id: visit.id,
      householdId: households.ordinary,
      workerId: workers.zhaoQiang,
      date: '2026-05-04',
      way: '电话',
      findings: '一切正常',
    });
    expect(updated).toMatchObject({ headName: '孙一般', gridName: '二组', workerName: '赵强' });
    await call(ctx(), 'visits.delete', { id: visit.id });
    expect(countRows(runtime(), 'visits')).toBe(0);
    const trail = listAudit(ctx(), { entity: 'visit', entityId: String(visit.id) });
    expect(trail.map((e) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(trail[1]!.before).toMatchObject({ way: '入户', date: '2026-05-03' });
    expect(trail[1]!.after).toMatchObject({ way: '电话', date: '2026-05-04' });
    expect(await failure(ctx(), 'visits.delete', { id: visit.id })).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('lists visits newest first with filters, paging and a total', async () => {
    const village = await buildVillage(ctx());
    await recordVisits(ctx(), village);
    const all = await call<VisitPage>(ctx(), 'visits.list', {});
    expect(all.total).toBe(7);
    expect(all.rows.map((r) => r.date)).toEqual([
      '2026-05-02',
      '2026-05-01',
      '2026-04-20',
      '2026-04-15',
      '2026-04-10',
      '2026-03-31',
      '2025-12-31',
    ]);
    const group2 = await call<VisitPage>(ctx(), 'visits.list', { gridId: GRID.group2 });
    expect(group2.rows.map((r) => r.headName)).toEqual(['郑消除', '孙一般']);
    const village3 = await call<VisitPage>(ctx(), 'visits.list', { gridId: GRID.village });
    expect(village3.total).toBe(7);
    const zhao = await call<VisitPage>(ctx(), 'visits.list', {
      workerId: village.workers.zhaoQiang,
    });
    expect(zhao.rows.map((r) => [r.headName, r.date])).toEqual([
      ['陈风险', '2026-05-01'],
      ['郑消除', '2026-04-15'],
      ['孙一般', '2026-03-31'],
    ]);
    const april = await call<VisitPage>(ctx(), 'visits.list', {
      from: '2026-04-01',
      to: '2026-04-30',
    });
    expect(april.total).toBe(3);
    const one = await call<VisitPage>(ctx(), 'visits.list', {
      householdId: village.households.risk,
    });
    expect(one.total).toBe(3);
    const page = await call<VisitPage>(ctx(), 'visits.list', { offset: 2, limit: 2 });
    expect(page.total).toBe(7);
    expect(page.rows.map((r) => r.date)).toEqual(['2026-04-20', '2026-04-15']);
    expect(
      (await failure(ctx(), 'visits.list', { from: '2026-05-01', to: '2026-04-01' })).message,
    ).toContain('结束日期不能早于开始日期');
  });

  it('refuses a date after today or before 2015, an unknown household, worker or way', async () => {
    const { workers, households } = await buildVillage(ctx());
    const base = { householdId: households.risk, workerId: workers.liMing, way: '入户' };
    expect(await failure(ctx(), 'visits.create', { ...base, date: '2026-05-07' })).toMatchObject({
      code: 'VALIDATION',
      message: '走访日期 2026-05-07 不能晚于今天（2026-05-06）',
    });
    expect(
      (await failure(ctx(), 'visits.create', { ...base, date: '2014-12-31' })).message,
    ).toContain('走访日期不能早于 2015 年');
    expect(
      (await failure(ctx(), 'visits.create', { ...base, date: '2026-05-01', way: '上门' })).message,
    ).toContain('走访方式只能是：入户、电话、微信');
    expect(
      await failure(ctx(), 'visits.create', { ...base, date: '2026-05-01', householdId: 999 }),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await failure(ctx(), 'visits.create', { ...base, date: '2026-05-01', workerId: 999 }),
    ).toMatchObject({ code: 'NOT_FOUND', message: '找不到编号为 999 的网格员' });
    expect(countRows(runtime(), 'visits')).toBe(0);
  });

  it('masks phone and ID numbers typed into the findings in the audit trail only', async () => {
    const { workers, households } = await buildVillage(ctx());
    const visit = await call<VisitView>(ctx(), 'visits.create', {
      householdId: households.allAway,
      workerId: workers.liMing,
      date: '2026-05-01',
      way: '电话',
      findings: '联系其子 13800138000，身份证 11010519491231002X 已核对',
    });
    expect(visit.findings).toBe('联系其子 13800138000，身份证 11010519491231002X 已核对');
    const [entry] = listAudit(ctx(), { entity: 'visit', entityId: String(visit.id) });
    const text = JSON.stringify(entry);
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('11010519491231002X');
    expect((entry!.after as { findings: string }).findings).toBe(
      '联系其子 138****8000，身份证 110105********002X 已核对',
    );
  });
});

describe('需要跟进: a visit that registers a problem', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  it('creates the visit and exactly one problem, linked, in one step', async () => {
    const { workers, households } = await buildVillage(ctx());
    const visit = await call<VisitView>(ctx(), 'visits.create', {
      householdId: households.ordinary,
      workerId: workers.zhaoQiang,
      date: '2026-05-05',
      way: '入户',
      findings: '户主腿部受伤，不能外出务工',
      followUp: { category: '收入骤减', description: '户主受伤无法务工，收入骤减' },
    });
    expect(visit.problemId).toEqual(expect.any(Number));
    expect(countRows(runtime(), 'problems')).toBe(1);
    const problem = runtime()
      .ctx.sqlite.prepare('SELECT * FROM problems WHERE id = ?')
      .get(visit.problemId) as Record<string, unknown>;
    expect(problem).toMatchObject({
      household_id: households.ordinary,
      worker_id: workers.zhaoQiang,
      grid_id: GRID.group2,
      category: '收入骤减',
      source: '网格员排查',
      description: '户主受伤无法务工，收入骤减',
      registered_date: '2026-05-05',
      status: '未解决',
    });
    const stored = runtime()
      .ctx.sqlite.prepare('SELECT problem_id AS problemId FROM visits WHERE id = ?')
      .get(visit.id);
    expect(stored).toEqual({ problemId: visit.problemId });
    expect(listAudit(ctx(), { entity: 'problem' })).toHaveLength(1);
    const [created] = listAudit(ctx(), { entity: 'visit', entityId: String(visit.id) });
    expect(created!.after).toMatchObject({ problemId: visit.problemId });

    // A source other than the default is kept.
    const second = await call<VisitView>(ctx(), 'visits.create', {
      householdId: households.risk,
      workerId: workers.liMing,
      date: '2026-05-05',
      way: '入户',
      followUp: { category: '医疗', source: '农户自主申报', description: '申请医疗救助' },
    });
    expect(
      runtime()
        .ctx.sqlite.prepare('SELECT source FROM problems WHERE id = ?')
        .get(second.problemId),
    ).toEqual({ source: '农户自主申报' });
  });

  it('writes nothing when the problem part fails validation', async () => {
    const { workers, households } = await buildVillage(ctx());
    const before = listAudit(ctx(), { limit: 1000 }).length;
    const base = {
      householdId: households.ordinary,
      workerId: workers.zhaoQiang,
      date: '2026-05-05',
      way: '入户' as const,
      findings: '情况',
    };
    const badCategory = await failure(ctx(), 'visits.create', {
      ...base,
      followUp: { category: '天气', description: '下雨' },
    });
    expect(badCategory.code).toBe('VALIDATION');
    expect(badCategory.message).toContain('问题类别只能是');
    const noDescription = await failure(ctx(), 'visits.create', {
      ...base,
      followUp: { category: '住房', description: '   ' },
    });
    expect(noDescription.message).toContain('请填写问题描述');

    // Past the contract (a service caller): the ledger's own schema still refuses it.
    expect(() =>
      createVisit(ctx(), {
        ...base,
        followUp: { category: '住房', source: '网格员排查', description: '' },
      }),
    ).toThrow(/请填写问题描述/);

    // The ledger refuses the problem after the visit row was written (a household that is in
    // no grid has no grid for its problem): the visit is rolled back with it.
    runtime()
      .ctx.sqlite.prepare('UPDATE household_grids SET end_date = ? WHERE household_id = ?')
      .run('2026-05-01', households.ordinary);
    const noGrid = await failure(ctx(), 'visits.create', {
      ...base,
      followUp: { category: '住房', description: '房屋漏雨' },
    });
    expect(noGrid).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('不在任何网格'),
    });

    expect(countRows(runtime(), 'visits')).toBe(0);
    expect(countRows(runtime(), 'problems')).toBe(0);
    expect(listAudit(ctx(), { limit: 1000 })).toHaveLength(before);
    // The same visit without a follow-up is fine: only the problem part was wrong.
    await call(ctx(), 'visits.create', base);
    expect(countRows(runtime(), 'visits')).toBe(1);
  });

  it('adds a follow-up on edit once; keeps the household of a visit that has one', async () => {
    const { workers, households } = await buildVillage(ctx());
    const visit = await call<VisitView>(ctx(), 'visits.create', {
      householdId: households.risk,
      workerId: workers.liMing,
      date: '2026-05-02',
      way: '入户',
    });
    const edit = {
      id: visit.id,
      householdId: households.risk,
      workerId: workers.liMing,
      date: '2026-05-02',
      way: '入户' as const,
      findings: '饮水管道损坏',
    };
    const linked = await call<VisitView>(ctx(), 'visits.update', {
      ...edit,
      followUp: { category: '饮水', description: '饮水管道损坏' },
    });
    expect(linked.problemId).toEqual(expect.any(Number));
    expect(countRows(runtime(), 'problems')).toBe(1);
    expect(
      await failure(ctx(), 'visits.update', {
        ...edit,
        followUp: { category: '饮水', description: '再登记一次' },
      }),
    ).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('请到问题台账中修改') });
    expect(
      await failure(ctx(), 'visits.update', { ...edit, householdId: households.ordinary }),
    ).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('不能改到另一户') });
    // A plain edit keeps the link.
    const kept = await call<VisitView>(ctx(), 'visits.update', { ...edit, way: '电话' });
    expect(kept).toMatchObject({ way: '电话', problemId: linked.problemId });
    // Deleting the visit leaves the problem in the ledger.
    await call(ctx(), 'visits.delete', { id: visit.id });
    expect(countRows(runtime(), 'problems')).toBe(1);
  });
});
