import { describe, expect, it } from 'vitest';
import type { HistoryEntry, HistoryPage } from '../../electron/api/audit-types';
import { audit } from '../../electron/services/audit/audit';
import { inTransaction } from '../../electron/services/context';
import { dispatchSession } from '../../electron/services/session-dispatch';
import { seedLedgerBase, type LedgerBase } from '../fixtures/ledger';
import { validId } from '../fixtures/people';
import { useTestRuntime } from '../fixtures/runtime';
import { callers } from '../fixtures/village';

/** Local wall-clock times: the date filter is in the clerk's local dates. */
const at = (day: number, hour: number) => () => new Date(2026, 4, day, hour, 0, 0);

const KID_ID = validId('20100304', '071');

describe('修改记录 (audit.history)', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call, fail } = callers(ctx);
  const history = (input: Record<string, unknown>) => call<HistoryPage>('audit.history', input);
  /** Switches operator as the app's 切换操作员 does (a new name joins 设置's list). */
  const as = async (operator: string, day: number, hour = 10) => {
    ctx().now = at(day, hour);
    const switched = await dispatchSession(runtime().session, 'session.setOperator', {
      name: operator,
    });
    if (!switched.ok) throw new Error(switched.error.message);
  };

  /**
   * Two operators on two days: 张文书 adds a member to 张三's household and registers a
   * problem (5 May); 李主任 edits the member, adds a measure and saves a step (12 May).
   * 赵四's household is edited too and must stay out of 张三's history.
   */
  async function scenario(): Promise<{ base: LedgerBase; memberId: number; problemId: number }> {
    ctx().now = at(1, 9);
    const base = await seedLedgerBase(call);
    const { zhang, zhao } = base.households;

    await as('张文书', 5);
    const member = await call<{ id: number }>('members.add', {
      householdId: zhang,
      name: '张小明',
      sex: '男',
      idNumber: KID_ID,
      relation: '子',
    });
    const problem = await call<{ id: number }>('problems.create', {
      workerId: base.workers.wang,
      householdId: zhang,
      category: '医疗',
      description: '张小明住院，联系 13912345678',
      registeredDate: '2026-05-05',
    });
    await call('members.add', { householdId: zhao, name: '赵小红', sex: '女', relation: '女' });

    await as('李主任', 12);
    await call('members.update', {
      id: member.id,
      name: '张小明',
      sex: '男',
      relation: '子',
      keepIdNumber: true,
      health: '患有大病',
      workPlace: '广东东莞',
      workMonths: 6,
    });
    await call('measures.save', {
      householdId: zhang,
      category: '就业',
      content: '推荐到县城务工',
      status: '计划',
    });
    await call('problems.saveStep', {
      problemId: problem.id,
      step: '核实评议',
      date: '2026-05-12',
      person: '李主任',
      outcome: '情况属实',
    });
    await call('sensitive.reveal', { field: 'member.idNumber', id: member.id });
    return { base, memberId: member.id, problemId: problem.id };
  }

  const find = (entries: HistoryEntry[], entity: string, action: string) => {
    const entry = entries.find((e) => e.entity === entity && e.action === action);
    if (!entry) throw new Error(`no ${entity} ${action} in ${entries.map((e) => e.subject)}`);
    return entry;
  };
  const change = (entry: HistoryEntry, label: string) => {
    const found = entry.changes.find((c) => c.label === label);
    if (!found) throw new Error(`no ${label} in ${JSON.stringify(entry.changes)}`);
    return found;
  };

  it("lists a household's own changes and its members', measures', problems' with who and what", async () => {
    const { base } = await scenario();
    const page = await history({ entity: 'household', entityId: base.households.zhang });
    const entries = page.entries;
    expect(page.total).toBe(entries.length);
    // Newest first.
    expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => b - a));

    const edited = find(entries, 'member', 'update');
    expect(edited).toMatchObject({
      operator: '李主任',
      entityLabel: '成员',
      actionLabel: '修改',
      subject: '成员 张小明',
    });
    expect(change(edited, '健康状况')).toMatchObject({ before: '健康', after: '患有大病' });
    expect(change(edited, '务工地点')).toMatchObject({ before: '（空）', after: '广东东莞' });
    expect(change(edited, '务工时长')).toMatchObject({ before: '（空）', after: '6' });
    // Only what changed: the name, the ID and the flags were left alone.
    expect(edited.changes.map((c) => c.label)).not.toContain('姓名');
    expect(edited.changes.map((c) => c.label)).not.toContain('身份证号');

    const added = find(entries, 'member', 'create');
    expect(added).toMatchObject({
      operator: '张文书',
      actionLabel: '新增',
      subject: '成员 张小明',
    });
    expect(change(added, '姓名')).toMatchObject({ before: '（空）', after: '张小明' });
    expect(change(added, '与户主关系').after).toBe('子');
    expect(change(added, '农户').after).toBe('张三户');
    // Masked values stay masked: 前6后4, never the number.
    expect(change(added, '身份证号').after).toBe(
      `${KID_ID.slice(0, 6)}********${KID_ID.slice(-4)}`,
    );
    expect(added.changes.map((c) => c.field)).not.toContain('nameInitials');

    const measure = find(entries, 'measure', 'create');
    expect(measure).toMatchObject({ operator: '李主任', subject: '帮扶措施 就业' });
    expect(change(measure, '措施内容').after).toBe('推荐到县城务工');
    expect(change(measure, '措施状态').after).toBe('计划');

    const reveal = find(entries, 'member', 'reveal');
    expect(reveal).toMatchObject({ actionLabel: '查看完整号码', subject: '成员 张小明' });
    expect(reveal.changes).toEqual([
      { field: 'field', label: '查看项目', before: '（空）', after: '身份证号' },
    ]);

    const problem = find(entries, 'problem', 'create');
    expect(problem).toMatchObject({ operator: '张文书', subject: '问题登记 张三户·医疗' });
    expect(change(problem, '问题描述').after).toBe('张小明住院，联系 139****5678');

    const created = find(entries, 'household', 'create');
    expect(created).toMatchObject({ operator: '测试员', subject: '农户 张三' });
    expect(change(created, '成员').after).toBe('张三（本人）、王芳（配偶）');
    expect(change(created, '包保网格').after).toContain('一组');

    // Another household's entries are not in this one's history.
    const text = JSON.stringify(page);
    expect(text).not.toContain('赵小红');
    expect(text).not.toContain('赵四');
    // Neither the full ID numbers nor the phones appear anywhere.
    expect(text).not.toContain(KID_ID);
    expect(text).not.toContain('13912345678');
    expect(text).not.toMatch(/1391234500[12]/);
  });

  it('filters by operator and by local date, inclusive, and pages', async () => {
    const { base } = await scenario();
    const zhang = { entity: 'household', entityId: base.households.zhang };

    const byLi = await history({ ...zhang, operator: '李主任' });
    expect(byLi.entries.map((e) => `${e.entity}:${e.action}`).sort()).toEqual([
      'measure:create',
      'member:reveal',
      'member:update',
    ]);
    expect(byLi.entries.every((e) => e.operator === '李主任')).toBe(true);

    const fifth = await history({ ...zhang, from: '2026-05-05', to: '2026-05-05' });
    expect(fifth.entries.map((e) => `${e.entity}:${e.action}`).sort()).toEqual([
      'member:create',
      'problem:create',
    ]);
    const fromSixth = await history({ ...zhang, from: '2026-05-06' });
    expect(fromSixth.entries.every((e) => e.operator === '李主任')).toBe(true);
    const untilFifth = await history({ ...zhang, to: '2026-05-05' });
    expect(untilFifth.entries.some((e) => e.operator === '李主任')).toBe(false);
    expect(untilFifth.entries.some((e) => e.operator === '测试员')).toBe(true);
    expect((await history({ ...zhang, from: '2026-05-13' })).total).toBe(0);

    const all = await history(zhang);
    const first = await history({ ...zhang, limit: 2 });
    const second = await history({ ...zhang, limit: 2, offset: 2 });
    expect(first.total).toBe(all.total);
    expect([...first.entries, ...second.entries].map((e) => e.id)).toEqual(
      all.entries.slice(0, 4).map((e) => e.id),
    );

    expect(
      (await fail('audit.history', { ...zhang, from: '2026-05-12', to: '2026-05-01' })).message,
    ).toContain('结束日期不能早于开始日期');
    expect((await fail('audit.history', { entityId: 1 })).message).toContain('记录类型');
    expect((await fail('audit.history', { limit: 501 })).message).toContain('500');
  });

  it("lists a problem's steps with before → after, and not another problem's", async () => {
    const { base, problemId } = await scenario();
    const other = await call<{ id: number }>('problems.create', {
      workerId: base.workers.li,
      householdId: base.households.zhao,
      category: '住房',
      description: '房屋漏雨',
      registeredDate: '2026-05-12',
    });
    await call('problems.saveStep', {
      problemId: other.id,
      step: '发现报告',
      date: '2026-05-12',
    });
    await as('张文书', 12, 15);
    await call('problems.saveStep', {
      problemId,
      step: '核实评议',
      date: '2026-05-12',
      person: '李主任',
      outcome: '情况属实，已评议',
    });

    const page = await history({ entity: 'problem', entityId: problemId });
    const steps = page.entries.filter((e) => e.entity === 'problem_step');
    expect(steps.map((e) => `${e.operator}:${e.actionLabel}`)).toEqual([
      '张文书:修改',
      '李主任:新增',
    ]);
    expect(steps[0]!.subject).toBe('办理环节 核实评议');
    expect(steps[0]!.changes).toEqual([
      { field: 'outcome', label: '办理结果', before: '情况属实', after: '情况属实，已评议' },
    ]);
    expect(change(steps[1]!, '日期').after).toBe('2026-05-12');
    expect(change(steps[1]!, '经办人').after).toBe('李主任');
    expect(page.entries.some((e) => e.entity === 'problem' && e.action === 'create')).toBe(true);
    expect(JSON.stringify(page)).not.toContain('房屋漏雨');
    expect(page.entries.some((e) => e.subject.includes('发现报告'))).toBe(false);
  });

  it('keeps a deleted member in the household history; workers and grids show their roles and moves', async () => {
    const { base, memberId } = await scenario();
    await call('members.remove', { id: memberId });
    const household = await history({ entity: 'household', entityId: base.households.zhang });
    const removed = find(household.entries, 'member', 'delete');
    expect(removed).toMatchObject({
      operator: '李主任',
      actionLabel: '删除',
      subject: '成员 张小明',
    });
    expect(change(removed, '姓名')).toMatchObject({ before: '张小明', after: '（空）' });
    // The member's earlier rows stay with the household too.
    expect(
      household.entries.filter((e) => e.subject === '成员 张小明').length,
    ).toBeGreaterThanOrEqual(4);

    const worker = await history({ entity: 'worker', entityId: base.workers.wang });
    const role = find(worker.entries, 'worker_role', 'create');
    expect(role.subject).toBe('分工 王网格·网格员（杨柳村 / 一组）');
    expect(find(worker.entries, 'worker', 'create').subject).toBe('网格员 王网格');
    expect(worker.entries.some((e) => e.subject.includes('李网格'))).toBe(false);

    await call('households.move', { id: base.households.zhang, gridId: base.grids.group2 });
    const group2 = await history({ entity: 'grid', entityId: base.grids.group2 });
    const moved = find(group2.entries, 'household', 'move');
    expect(moved.subject).toBe('农户 张三');
    expect(change(moved, '网格')).toMatchObject({
      before: '杨柳村 / 一组',
      after: '杨柳村 / 二组',
    });
    expect(find(group2.entries, 'worker_role', 'create').subject).toContain('李网格');
    expect(group2.entries.some((e) => e.subject.includes('王网格'))).toBe(false);
  });

  it('gives the whole trail, by kind, and the operators in it; an unknown entry still reads', async () => {
    await scenario();
    inTransaction(ctx(), () =>
      audit(ctx(), {
        entity: 'mystery',
        entityId: 7,
        action: 'twist',
        before: { oddField: [1, 2], flag: true },
        after: { oddField: { deep: { deeper: { deepest: 'x' } } }, flag: false },
      }),
    );
    const all = await history({});
    expect(all.total).toBeGreaterThan(10);
    const odd = all.entries[0]!;
    // Its code words stay off the screen: plain Chinese stand-ins, the values still shown.
    expect(odd).toMatchObject({
      entityLabel: '其他记录',
      actionLabel: '其他操作',
      subject: '其他记录 7',
    });
    expect(odd.changes.map((c) => [c.field, c.label, c.before])).toEqual([
      ['oddField', '其他字段', '1、2'],
      ['flag', '其他字段', '是'],
    ]);
    expect(odd.changes[1]!.after).toBe('否');

    const workers = await history({ entity: 'worker' });
    expect(new Set(workers.entries.map((e) => e.entity))).toEqual(
      new Set(['worker', 'worker_role']),
    );

    // The operator list is who wrote, including the 设置 rows session.setOperator adds.
    const operators = await call<string[]>('audit.operators', {});
    expect(operators).toEqual(['张文书', '李主任', '测试员'].sort());
    const setting = (await history({ operator: '张文书' })).entries.find(
      (e) => e.entity === 'setting',
    );
    expect(setting).toMatchObject({ subject: '设置「操作员名单」' });
    expect(setting!.changes[0]!.after).toContain('张文书');
  });
});
