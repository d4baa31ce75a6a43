import { describe, expect, it } from 'vitest';
import type { SelfCheckReport, SelfCheckTarget } from '../../electron/api/self-check-types';
import { SELF_CHECK_GROUPS } from '../../electron/api/self-check-types';
import { CardSource } from '../../electron/services/cards/content';
import { cardHash } from '../../electron/services/cards/hash';
import type { ServiceContext } from '../../electron/services/context';
import { windowIncome } from '../../electron/services/self-check/households';
import {
  incomeWindow,
  resolvePeriod,
  windowYears,
} from '../../electron/services/self-check/period';
import { useTestRuntime } from '../fixtures/runtime';
import { call, GRID, VILLAGE } from '../fixtures/village';
import { addWorker } from '../fixtures/visits';

/**
 * 迎检自查 on a hand-built village (docs/domain.md §9): a clean village finds nothing in any
 * check; the same village with one planted record per check finds exactly those records. The
 * clock is 2026-05-06 (fixtures/runtime.ts); the period 2026-01-01 .. 2026-04-30, so the income
 * window is 2025-05 .. 2026-04 (8 months of 2025, 4 of 2026) and the line 2026's 8000 元.
 * Bad records are written as rows, as old data or an import would have left them: the services
 * refuse most of them today.
 */

const PERIOD = { from: '2026-01-01', to: '2026-04-30' };
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04'];

interface HouseholdPlan {
  grid?: number;
  head: string;
  monitored?: boolean;
  fields?: Record<string, string | number | null>;
  /** [labour_skill, health] per member; the first is the head. */
  members?: [string | null, string][];
  incomes?: [number, number | null][];
  measures?: [string, string][];
  risks?: string[];
  contact?: boolean;
  /** Visit months (入户 on the 10th); default every month of the period. */
  visits?: string[];
  handout?: boolean;
  minimumLivingSince?: string;
}

function run(ctx: ServiceContext, sql: string, ...params: unknown[]): number {
  return Number(ctx.sqlite.prepare(sql).run(...params).lastInsertRowid);
}

/** A household as rows: clean unless the plan says otherwise. */
function household(ctx: ServiceContext, worker: number, plan: HouseholdPlan): number {
  const monitored = plan.monitored ?? false;
  const fields: Record<string, string | number | null> = {
    household_type: '一般农户',
    ...(monitored
      ? {
          monitor_category: '脱贫不稳定户',
          identified_date: '2025-06-01',
          elimination_status: '未消除',
          developmental_aid: 1,
        }
      : {}),
    ...plan.fields,
  };
  const keys = Object.keys(fields);
  const id = run(
    ctx,
    `INSERT INTO households (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
    ...keys.map((k) => fields[k]),
  );
  run(
    ctx,
    `INSERT INTO household_grids (household_id, grid_id, start_date) VALUES (?, ?, '2024-01-01')`,
    id,
    plan.grid ?? GRID.group1,
  );
  (plan.members ?? [['普通劳动力', '健康']]).forEach(([labour, health], i) => {
    run(
      ctx,
      `INSERT INTO members (household_id, name, sex, relation, labour_skill, health, minimum_living_since, sort_order)
       VALUES (?, ?, '男', ?, ?, ?, ?, ?)`,
      id,
      i === 0 ? plan.head : `${plan.head}之子${i}`,
      i === 0 ? '本人' : '子',
      labour,
      health,
      i === 0 ? (plan.minimumLivingSince ?? null) : null,
      i,
    );
  });
  for (const [year, amount] of plan.incomes ?? [
    [2025, 12000],
    [2026, 12000],
  ]) {
    run(
      ctx,
      'INSERT INTO household_incomes (household_id, year, per_capita_net_income) VALUES (?, ?, ?)',
      id,
      year,
      amount,
    );
  }
  for (const [category, status] of plan.measures ?? (monitored ? [['产业', '实施中']] : [])) {
    run(
      ctx,
      `INSERT INTO measures (household_id, category, content, status) VALUES (?, ?, '措施', ?)`,
      id,
      category,
      status,
    );
  }
  for (const risk of plan.risks ?? (monitored ? ['因病'] : [])) {
    run(ctx, 'INSERT INTO household_risks (household_id, risk_type) VALUES (?, ?)', id, risk);
  }
  if (plan.contact ?? monitored) {
    run(
      ctx,
      `INSERT INTO assistance_contacts (household_id, name, start_date) VALUES (?, '帮扶干部', '2025-06-01')`,
      id,
    );
  }
  for (const month of plan.visits ?? MONTHS) {
    run(
      ctx,
      `INSERT INTO visits (household_id, worker_id, date, way) VALUES (?, ?, ?, '入户')`,
      id,
      worker,
      `${month}-10`,
    );
  }
  if (plan.handout ?? true) {
    run(
      ctx,
      `INSERT INTO policy_handouts (household_id, handed_date, handed_by) VALUES (?, '2026-01-05', '王一')`,
      id,
    );
  }
  return id;
}

function problem(
  ctx: ServiceContext,
  worker: number,
  fields: Record<string, string | number | null>,
  steps: [string, string, string | null, string][] = [],
): number {
  const row: Record<string, string | number | null> = {
    grid_id: GRID.group1,
    worker_id: worker,
    person_name: '路人甲',
    category: '其他',
    source: '网格员排查',
    description: '反映困难',
    registered_date: '2026-02-01',
    due_date: '2026-02-16',
    status: '已解决',
    resolved_date: '2026-02-12',
    ...fields,
  };
  const keys = Object.keys(row);
  const id = run(
    ctx,
    `INSERT INTO problems (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
    ...keys.map((k) => row[k]),
  );
  for (const [step, date, endDate, backfill] of steps) {
    run(
      ctx,
      `INSERT INTO problem_steps (problem_id, step, date, end_date, backfill_reason) VALUES (?, ?, ?, ?, ?)`,
      id,
      step,
      date,
      endDate,
      backfill,
    );
  }
  return id;
}

function document(ctx: ServiceContext, title: string, date: string, filed: boolean): number {
  const id = run(
    ctx,
    `INSERT INTO documents (kind, title, doc_date, file, sha256, size, pages)
     VALUES ('公示公告', ?, ?, 'documents/x.pdf', 'x', 1, 1)`,
    title,
    date,
  );
  if (filed) {
    run(
      ctx,
      `INSERT INTO archive_items (fonds_code, year, retention, org_code, org_name, item_no, archival_code,
         responsible, title, date, pages, category, file, sha256, size, format, document_id)
       VALUES ('Z1', 2026, 'D30', 'FFP', '防返贫监测', ?, ?, '杨柳村', ?, ?, 1, '综合类', 'archive/x.pdf', 'x', 1, 'pdf', ?)`,
      id,
      `Z1-WS·2026-D30-FFP-${String(id).padStart(4, '0')}`,
      title,
      date.replaceAll('-', ''),
      id,
    );
  }
  return id;
}

let serial = 0;
function notice(
  ctx: ServiceContext,
  kind: string,
  title: string,
  start: string,
  end: string,
  options: { source?: number; filed?: boolean } = {},
): number {
  const doc = document(ctx, title, start, options.filed ?? true);
  serial += 1;
  return run(
    ctx,
    `INSERT INTO notices (kind, year, serial, title, body, issuer, issue_date, period_start, period_end,
       grid_id, source_notice_id, table_json, document_id)
     VALUES (?, 2026, ?, ?, '', '杨柳村村民委员会', ?, ?, ?, ?, ?, '{"columns":[],"rows":[]}', ?)`,
    kind,
    serial,
    title,
    start,
    start,
    end,
    GRID.village,
    options.source ?? null,
    doc,
  );
}

/** The clean village: two groups with a 网格长 each, a village meeting every month, two households. */
async function cleanVillage(ctx: ServiceContext) {
  await call(ctx, 'setup.createVillage', VILLAGE);
  await call(ctx, 'settings.update', { incomeLines: [{ year: 2026, amount: 8000 }] });
  const worker = await addWorker(ctx, '王一', GRID.group1, '网格长');
  await addWorker(ctx, '王二', GRID.group2, '网格长');
  const meetings = new Map<string, number>();
  for (const month of MONTHS) {
    meetings.set(
      month,
      run(ctx, `INSERT INTO meetings (grid_id, date) VALUES (?, ?)`, GRID.village, `${month}-20`),
    );
  }
  const general = household(ctx, worker, { head: '赵甲' });
  const monitored = household(ctx, worker, { head: '钱乙', monitored: true, grid: GRID.group2 });
  // A card printed and still current, a notice with its result, both filed.
  const [content] = new CardSource(ctx).contents([general]);
  run(
    ctx,
    `INSERT INTO card_prints (household_id, content_hash, printed_at) VALUES (?, ?, '2026-01-05T08:00:00Z')`,
    general,
    cardHash(content!),
  );
  const identified = notice(
    ctx,
    '监测对象识别认定公示',
    '识别认定公示',
    '2026-02-01',
    '2026-02-07',
  );
  notice(ctx, '结果公告', '识别认定结果公告', '2026-02-10', '2026-02-16', { source: identified });
  return { worker, meetings, general, monitored };
}

/** code → the targets found, each as a comparable string. */
function found(report: SelfCheckReport): Record<string, string[]> {
  const key = (t: SelfCheckTarget) =>
    t.kind === 'meetings' ? `meetings:${t.gridId}:${t.month}` : `${t.kind}:${t.id}`;
  return Object.fromEntries(
    report.groups.flatMap((g) =>
      g.items.map((i) => [i.code, i.findings.map((f) => key(f.target))]),
    ),
  );
}

const CODES = [
  'income-below-line',
  'guarantee-without-measure',
  'labour-without-developmental',
  'no-labour-without-support',
  'no-labour-flag-mismatch',
  'elimination-recheck-due',
  'new-assistance-not-screened',
  'missing-risk-types',
  'missing-incomes',
  'missing-member-health-labour',
  'missing-contact',
  'missing-measures',
  'steps-out-of-order',
  'steps-backfilled',
  'problems-overdue',
  'visits-overdue',
  'months-without-meeting',
  'cards-changed',
  'policy-handouts-missing',
  'notices-too-short',
  'notices-without-result',
  'documents-not-filed',
  'grids-over-cap',
  'workers-without-role',
  'grids-without-head',
];

describe('迎检自查', () => {
  const runtime = useTestRuntime();

  it('finds nothing in a clean village, and still lists every check with 0', async () => {
    const ctx = runtime().ctx;
    await cleanVillage(ctx);
    const report = await call<SelfCheckReport>(ctx, 'selfCheck.run', PERIOD);
    expect(report.total).toBe(0);
    expect(report.groups.map((g) => g.group)).toEqual([...SELF_CHECK_GROUPS]);
    expect(Object.keys(found(report)).sort()).toEqual([...CODES].sort());
    for (const g of report.groups) {
      expect(g.count).toBe(0);
      for (const i of g.items) expect(i.findings).toEqual([]);
    }
    expect(report).toMatchObject({ ...PERIOD, asOf: '2026-05-06', gridId: null });
  });

  it('finds exactly the planted records, each with its figures', async () => {
    const ctx = runtime().ctx;
    const { worker, meetings } = await cleanVillage(ctx);
    const h = (plan: HouseholdPlan) => household(ctx, worker, plan);

    // 政策落实
    const lowIncome = h({
      head: '孙低',
      grid: GRID.group2,
      incomes: [
        [2025, 6000],
        [2026, 9000],
      ],
    });
    // Below the line but already proposed for monitoring: being screened, not a finding.
    const proposed = h({
      head: '孙拟',
      incomes: [
        [2025, 5000],
        [2026, 5000],
      ],
    });
    problem(
      ctx,
      worker,
      {
        household_id: proposed,
        proposal: '拟纳入',
        proposal_date: '2026-04-20',
      },
      [['核实评议', '2026-04-18', null, '']],
    );
    const unsafeHouse = h({
      head: '李危',
      fields: { housing_unsafe: 1 },
      measures: [['住房安全', '计划']],
    });
    h({ head: '李水', fields: { water_unsafe: 1 }, measures: [['饮水安全', '已完成']] });
    const noDevelopmental = h({
      head: '周劳',
      monitored: true,
      fields: { developmental_aid: 0 },
      measures: [['综合保障', '实施中']],
    });
    const noSupport = h({
      head: '吴弱',
      monitored: true,
      fields: { no_labour_support: 1 },
      members: [['丧失劳动力', '患有大病']],
      measures: [['健康', '实施中']],
    });
    const flagWrong = h({ head: '郑标', fields: { no_labour_support: 1 } });
    const recheck = h({
      head: '冯消',
      monitored: true,
      fields: {
        elimination_status: '已消除',
        elimination_method: '稳定消除',
        elimination_date: '2025-10-01',
      },
      visits: [],
    });
    const newAid = h({ head: '陈保', minimumLivingSince: '2026-02-10' });
    const screened = h({ head: '陈查', minimumLivingSince: '2026-03-03' });
    problem(ctx, worker, {
      household_id: screened,
      registered_date: '2026-03-15',
      due_date: '2026-03-30',
      resolved_date: '2026-03-20',
    });
    // 数据完整: monitored with nothing filled in.
    const incomplete = h({
      head: '褚缺',
      monitored: true,
      members: [[null, '健康']],
      incomes: [],
      measures: [],
      risks: [],
      contact: false,
    });
    // 工作程序
    const outOfOrder = problem(ctx, worker, {}, [
      ['核实评议', '2026-02-02', null, ''],
      ['村内公示', '2026-02-03', '2026-02-07', ''],
      ['乡镇审核', '2026-02-05', null, ''],
    ]);
    const backfilled = problem(ctx, worker, {}, [
      ['核实评议', '2026-02-02', null, ''],
      ['村内公示', '2026-02-03', '2026-02-07', ''],
      ['乡镇审核', '2026-02-05', null, '当时漏录，按纸质记录补录'],
    ]);
    const overdue = problem(ctx, worker, {
      registered_date: '2026-01-10',
      due_date: '2026-01-25',
      status: '处理中',
      resolved_date: null,
    });
    // 日常工作
    const unvisited = h({ head: '蒋空', grid: GRID.group2, visits: ['2026-04'] });
    ctx.sqlite.prepare('DELETE FROM meetings WHERE id = ?').run(meetings.get('2026-03'));
    run(ctx, `INSERT INTO meetings (grid_id, date) VALUES (?, '2026-03-18')`, GRID.group1);
    const changedCard = h({ head: '沈卡' });
    run(
      ctx,
      `INSERT INTO card_prints (household_id, content_hash, printed_at) VALUES (?, 'old', '2026-01-05T08:00:00Z')`,
      changedCard,
    );
    const noHandout = h({ head: '韩无', handout: false });
    // 公示公告与档案
    const short = notice(ctx, '其他公示', '短公示', '2026-03-01', '2026-03-03');
    const noResult = notice(ctx, '监测对象识别认定公示', '无结果公示', '2026-03-10', '2026-03-16');
    const unfiledNotice = notice(ctx, '其他公示', '未归档公示', '2026-04-01', '2026-04-07', {
      filed: false,
    });
    const unfiledDoc = ctx.sqlite
      .prepare('SELECT document_id AS id FROM notices WHERE id = ?')
      .get(unfiledNotice) as { id: number };
    // 网格与人员: group 1 holds more households than the cap; a third group with no 网格长.
    const counts = ctx.sqlite
      .prepare(
        'SELECT grid_id AS gridId, count(*) AS n FROM household_grids WHERE end_date IS NULL GROUP BY grid_id',
      )
      .all() as { gridId: number; n: number }[];
    const inGroup = (g: number) => counts.find((c) => c.gridId === g)!.n;
    expect(inGroup(GRID.group1)).toBeGreaterThan(inGroup(GRID.group2));
    await call(ctx, 'settings.update', { householdCap: inGroup(GRID.group2) });
    const group3 = (
      await call<{ id: number }>(ctx, 'grids.create', {
        parentId: GRID.village,
        level: 'group',
        name: '三组',
        code: '',
      })
    ).id;
    // A worker never given a role is a finding; one whose role ended is history.
    const idle = (await call<{ id: number }>(ctx, 'workers.create', { name: '钱闲', sex: '男' }))
      .id;
    const former = await addWorker(ctx, '孙卸', GRID.group2);
    run(ctx, `UPDATE worker_roles SET end_date = '2025-12-31' WHERE worker_id = ?`, former);

    const report = await call<SelfCheckReport>(ctx, 'selfCheck.run', PERIOD);
    const hh = (...ids: number[]) => ids.map((id) => `household:${id}`);
    expect(found(report)).toEqual({
      'income-below-line': hh(lowIncome),
      'guarantee-without-measure': hh(unsafeHouse),
      'labour-without-developmental': hh(noDevelopmental),
      'no-labour-without-support': hh(noSupport),
      'no-labour-flag-mismatch': hh(flagWrong),
      'elimination-recheck-due': hh(recheck),
      'new-assistance-not-screened': hh(newAid),
      'missing-risk-types': hh(incomplete),
      'missing-incomes': hh(incomplete),
      'missing-member-health-labour': hh(incomplete),
      'missing-contact': hh(incomplete),
      'missing-measures': hh(incomplete),
      'steps-out-of-order': [`problem:${outOfOrder}`],
      'steps-backfilled': [`problem:${backfilled}`],
      'problems-overdue': [`problem:${overdue}`],
      // Group 1's households come first (grid-tree order); 冯消 has had no visit at all.
      'visits-overdue': hh(recheck, unvisited),
      'months-without-meeting': [`meetings:${GRID.group2}:2026-03`, `meetings:${group3}:2026-03`],
      'cards-changed': hh(changedCard),
      'policy-handouts-missing': hh(noHandout),
      'notices-too-short': [`notice:${short}`],
      'notices-without-result': [`notice:${noResult}`],
      'documents-not-filed': [`document:${unfiledDoc.id}`],
      'grids-over-cap': [`grid:${GRID.group1}`],
      'workers-without-role': [`worker:${idle}`],
      'grids-without-head': [`grid:${group3}`],
    });
    expect(report.total).toBe(27);

    const detail = (code: string) =>
      report.groups.flatMap((g) => g.items).find((i) => i.code === code)!.findings[0]!;
    // 8 months at 6000 and 4 at 9000: 7000 元 against 8000.
    expect(detail('income-below-line')).toMatchObject({
      subject: '孙低户',
      gridName: '二组',
      detail: expect.stringContaining('约 7000 元，低于 2026 年监测收入标准 8000 元'),
    });
    expect(detail('guarantee-without-measure').detail).toContain('住房出现安全问题');
    expect(detail('labour-without-developmental').detail).toBe(
      '有 1 名劳动力，没有开发式帮扶措施（产业、就业、金融、公益岗位），未标记「已实施开发式帮扶」',
    );
    expect(detail('elimination-recheck-due').detail).toContain('2025年10月1日风险消除');
    expect(detail('new-assistance-not-screened').detail).toContain('2026年2月10日新纳入低保');
    expect(detail('steps-out-of-order').detail).toContain('「乡镇审核」日期 2026-02-05');
    expect(detail('steps-backfilled').detail).toBe(
      '「乡镇审核」（2026年2月5日）为补录，原因：当时漏录，按纸质记录补录',
    );
    expect(detail('problems-overdue').detail).toBe(
      '办结时限 2026年1月25日，至2026年4月30日仍未办结，逾期 95 天',
    );
    expect(detail('visits-overdue').detail).toBe(
      '按「一般户每季度」，1 个周期逾期未走访：2026年第1季度',
    );
    expect(detail('notices-too-short').detail).toBe(
      '公示期2026年3月1日至2026年3月3日只有 3 天，不得少于 5 天',
    );
    const policy = report.groups.find((g) => g.group === '政策落实')!;
    expect(policy.count).toBe(7);
    expect(policy.items.find((i) => i.code === 'income-below-line')!.rule).toBe(
      '2025年5月1日至2026年4月30日家庭人均纯收入低于 2026 年监测收入标准 8000 元',
    );
  });

  it('limits every check to a grid’s subtree', async () => {
    const ctx = runtime().ctx;
    const { worker } = await cleanVillage(ctx);
    const one = household(ctx, worker, { head: '甲一', handout: false });
    const two = household(ctx, worker, { head: '乙二', grid: GRID.group2, handout: false });
    notice(ctx, '其他公示', '短公示', '2026-03-01', '2026-03-02');

    const whole = await call<SelfCheckReport>(ctx, 'selfCheck.run', PERIOD);
    expect(found(whole)['policy-handouts-missing']).toEqual([
      `household:${one}`,
      `household:${two}`,
    ]);
    expect(whole.total).toBe(3);

    const group2 = await call<SelfCheckReport>(ctx, 'selfCheck.run', {
      ...PERIOD,
      gridId: GRID.group2,
    });
    expect(group2).toMatchObject({ gridId: GRID.group2, scopeName: '二组', total: 1 });
    expect(found(group2)['policy-handouts-missing']).toEqual([`household:${two}`]);
    // The village's notice is not about group 2 alone.
    expect(found(group2)['notices-too-short']).toEqual([]);
  });

  it('files a 组内网格 household’s finding under its 所在组, labelled 组·网格', async () => {
    const ctx = runtime().ctx;
    const { worker } = await cleanVillage(ctx);
    const cell = (
      await call<{ id: number }>(ctx, 'grids.create', {
        parentId: GRID.group1,
        level: 'cell',
        name: '东片',
        code: '',
      })
    ).id;
    const inCell = household(ctx, worker, { head: '东一', grid: cell, handout: false });
    const report = await call<SelfCheckReport>(ctx, 'selfCheck.run', {
      ...PERIOD,
      gridId: GRID.group1,
    });
    const handouts = report.groups
      .flatMap((g) => g.items)
      .find((i) => i.code === 'policy-handouts-missing')!;
    expect(handouts.findings).toEqual([
      {
        subject: '东一户',
        gridId: GRID.group1,
        gridName: '一组·东片',
        detail: '没有发放监测对象申报政策明白纸的记录',
        target: { kind: 'household', id: inCell },
      },
    ]);
    // A 组内网格 needs no 网格长 of its own: its group's leads it.
    expect(found(report)['grids-without-head']).toEqual([]);
  });

  it('defaults to the 12 months ending today and weighs the income window by months', async () => {
    expect(resolvePeriod({}, '2026-05-06')).toEqual({
      from: '2025-06-01',
      to: '2026-05-06',
      asOf: '2026-05-06',
      judgedOn: '2026-05-06',
    });
    expect(incomeWindow('2026-05-20')).toEqual({ start: '2025-06-01', end: '2026-05-31' });
    const years = windowYears(incomeWindow('2026-05-20'));
    expect(years).toEqual([
      [2025, 7],
      [2026, 5],
    ]);
    expect(windowIncome('2025:12000,2026:6000', years)).toBe(9500);
    // A year without a figure leaves its months to the other.
    expect(windowIncome('2026:6000', years)).toBe(6000);
    expect(windowIncome(null, years)).toBeNull();
    const ctx = runtime().ctx;
    await cleanVillage(ctx);
    const error = await call(ctx, 'selfCheck.run', { from: '2026-05-01', to: '2026-04-01' }).catch(
      (e: Error) => e.message,
    );
    expect(error).toContain('结束日期不能早于开始日期');
  });
});
