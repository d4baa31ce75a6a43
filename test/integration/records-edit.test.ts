import { describe, expect, it } from 'vitest';
import type { ProblemDetail } from '../../electron/api/ledger-types';
import type { RoleAssignment, WorkerDetail, WorkerPage } from '../../electron/api/roster-types';
import type { MeetingDetail, VisitView } from '../../electron/api/visits-types';
import { listAudit } from '../../electron/services/audit/audit';
import { countRows, useTestRuntime } from '../fixtures/runtime';
import { seedLedgerBase, type LedgerBase } from '../fixtures/ledger';
import { callers } from '../fixtures/village';

// Issue 12 item 1: every record a clerk entered can be corrected, or deleted where the rules
// allow, with the reason when not; item 2: a typed date is saved as typed; item 3: a rule about
// one field comes back with that field's path. The fixed clock says today is 2026-05-06.

describe('correcting workers, problems, visits and meetings', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call, fail } = callers(ctx);
  let base: LedgerBase;

  const register = (extra: Record<string, unknown> = {}) =>
    call<ProblemDetail>('problems.create', {
      workerId: base.workers.wang,
      householdId: base.households.zhang,
      category: '医疗',
      source: '网格员排查',
      description: '户主住院，自付医疗费用约 3 万元',
      registeredDate: '2026-04-20',
      ...extra,
    });

  it('edits every field of a worker, audited', async () => {
    base = await seedLedgerBase(call);
    const created = await call<WorkerDetail>('workers.create', { name: '周临时', sex: '男' });
    const edited = await call<WorkerDetail>('workers.update', {
      id: created.id,
      name: ' 周  正 ',
      sex: '女',
      phone: '138 1234 5678',
      unit: '杨柳村村民委员会',
      post: '村民小组长',
      birthYear: 1980,
      note: '兼任信息员',
    });
    expect(edited).toMatchObject({
      name: '周正',
      initials: 'zz',
      sex: '女',
      phoneMasked: '138****5678',
      unit: '杨柳村村民委员会',
      post: '村民小组长',
      birthYear: 1980,
      note: '兼任信息员',
    });
    const entry = listAudit(ctx(), { entity: 'worker', entityId: String(created.id) })[0]!;
    expect(entry).toMatchObject({ action: 'update', after: { name: '周正', post: '村民小组长' } });
  });

  it('deletes a worker with no history, and refuses one with roles, problems or visits, naming them', async () => {
    base = await seedLedgerBase(call);
    const spare = await call<WorkerDetail>('workers.create', { name: '钱多余', sex: '男' });
    await call('workers.delete', { id: spare.id });
    expect((await fail('workers.get', { id: spare.id })).code).toBe('NOT_FOUND');
    expect(listAudit(ctx(), { entity: 'worker', entityId: String(spare.id) })[0]).toMatchObject({
      action: 'delete',
      before: { name: '钱多余' },
    });

    // 王网格 holds a role in 一组, registered a problem and visited twice.
    await register();
    for (const date of ['2026-04-01', '2026-05-02']) {
      await call('visits.create', {
        householdId: base.households.zhang,
        workerId: base.workers.wang,
        date,
        way: '入户',
      });
    }
    expect(await fail('workers.delete', { id: base.workers.wang })).toEqual({
      code: 'CONFLICT',
      message:
        '「王网格」担任过 1 项网格分工（1 项仍在岗）、登记了 1 条问题、有 2 次走访记录，不能删除（历史记录和台账记录要保留）。如已不再担任，请结束其分工。',
    });
    // An ended role is history too.
    const former = await call<WorkerDetail>('workers.create', { name: '孙卸任', sex: '男' });
    const role = await call<RoleAssignment>('roles.assign', {
      workerId: former.id,
      gridId: base.grids.group2,
      role: '信息员',
      startDate: '2025-03-01',
    });
    await call('roles.end', { id: role.id, endDate: '2026-01-31' });
    expect((await fail('workers.delete', { id: former.id })).message).toBe(
      '「孙卸任」担任过 1 项网格分工，不能删除（历史记录要保留）。',
    );
    expect(countRows(runtime(), 'workers')).toBe(3);
  });

  it('stores the start and end dates of a role exactly as typed, and puts a bad end date under its field', async () => {
    base = await seedLedgerBase(call);
    const worker = await call<WorkerDetail>('workers.create', { name: '吴新来', sex: '女' });
    const role = await call<RoleAssignment>('roles.assign', {
      workerId: worker.id,
      gridId: base.grids.group1,
      role: '监测员',
      startDate: '2026/3/1',
    });
    expect(role.startDate).toBe('2026-03-01');
    const early = await fail('roles.end', { id: role.id, endDate: '2026年2月1日' });
    expect(early).toMatchObject({
      code: 'VALIDATION',
      message: '结束日期 2026-02-01 不能早于开始日期 2026-03-01',
      fields: [{ path: ['endDate'], message: '不能早于开始日期 2026-03-01' }],
    });
    const ended = await call<RoleAssignment>('roles.end', { id: role.id, endDate: '20260430' });
    expect(ended.endDate).toBe('2026-04-30');
    // The list carries current roles and initials without a query per worker.
    const list = (await call<WorkerPage>('workers.list', {})).rows;
    expect(list.find((w) => w.id === worker.id)).toMatchObject({
      initials: 'wxl',
      activeRoles: [],
    });
    expect(list.find((w) => w.id === base.workers.wang)?.activeRoles).toEqual([
      { gridId: base.grids.group1, gridName: '一组', role: '网格员' },
    ]);
  });

  it('edits every field of a problem, and refuses a registration date after a recorded step under that field', async () => {
    base = await seedLedgerBase(call);
    const problem = await register();
    const edited = await call<ProblemDetail>('problems.update', {
      id: problem.id,
      workerId: base.workers.li,
      householdId: base.households.zhao,
      category: '住房',
      source: '农户自主申报',
      description: '房屋漏雨，需要维修',
      registeredDate: '2026/4/22',
      note: '电话反映',
    });
    expect(edited).toMatchObject({
      workerName: '李网格',
      headName: '赵四',
      gridName: '二组',
      category: '住房',
      source: '农户自主申报',
      description: '房屋漏雨，需要维修',
      registeredDate: '2026-04-22',
      note: '电话反映',
    });
    await call('problems.saveStep', {
      problemId: problem.id,
      step: '发现报告',
      date: '2026-04-23',
    });
    expect(
      await fail('problems.update', { id: problem.id, registeredDate: '2026-04-25' }),
    ).toMatchObject({
      code: 'VALIDATION',
      fields: [
        { path: ['registeredDate'], message: '不能晚于已记录的「发现报告」的日期 2026-04-23' },
      ],
    });
    const audit = listAudit(ctx(), { entity: 'problem', entityId: String(problem.id) });
    expect(audit.map((e) => e.action)).toEqual(['update', 'create']);
  });

  it('returns the step date’s path for a step dated before registration, in the future, or a 公示 too short', async () => {
    base = await seedLedgerBase(call);
    const problem = await register();
    expect(
      await fail('problems.saveStep', {
        problemId: problem.id,
        step: '核实评议',
        date: '2026/4/19',
      }),
    ).toEqual({
      code: 'VALIDATION',
      message: '「核实评议」的日期 2026-04-19 不能早于问题的登记日期 2026-04-20',
      fields: [{ path: ['date'], message: '不能早于问题的登记日期 2026-04-20' }],
    });
    expect(
      (
        await fail('problems.saveStep', {
          problemId: problem.id,
          step: '核实评议',
          date: '2026-05-07',
        })
      ).fields,
    ).toEqual([{ path: ['date'], message: '不能晚于今天（2026-05-06）' }]);
    const short = await fail('problems.saveStep', {
      problemId: problem.id,
      step: '村内公示',
      date: '2026-04-24',
      endDate: '2026-04-26',
    });
    expect(short.fields?.[0]?.path).toEqual(['endDate']);
    expect(short.fields?.[0]?.message).toContain('不能少于 5 天');
    const resolveEarly = await fail('problems.resolve', {
      id: problem.id,
      measureTaken: '已协助报销',
      responsiblePerson: '王网格',
      resolvedDate: '2026-04-01',
    });
    expect(resolveEarly.fields).toEqual([
      { path: ['resolvedDate'], message: '不能早于问题的登记日期 2026-04-20' },
    ]);
  });

  it('deletes a problem registered by mistake, and refuses one that was handled, resolved or discussed', async () => {
    base = await seedLedgerBase(call);
    const mistake = await register({ description: '登记错了' });
    await call('problems.saveStep', {
      problemId: mistake.id,
      step: '发现报告',
      date: '2026-04-20',
    });
    await call('problems.delete', { id: mistake.id });
    expect((await fail('problems.get', { id: mistake.id })).code).toBe('NOT_FOUND');
    expect(countRows(runtime(), 'problem_steps')).toBe(0);
    expect(listAudit(ctx(), { entity: 'problem', entityId: String(mistake.id) })[0]).toMatchObject({
      action: 'delete',
      before: { description: '登记错了' },
    });

    const resolved = await register();
    await call('problems.resolve', {
      id: resolved.id,
      measureTaken: '已协助报销',
      responsiblePerson: '王网格',
      resolvedDate: '2026-04-30',
    });
    expect((await fail('problems.delete', { id: resolved.id })).message).toBe(
      '这个问题已于 2026-04-30 办结，不能删除（台账记录要保留）。登记有误请用「修改」更正。',
    );

    const discussed = await register();
    await call('meetings.save', {
      gridId: base.grids.village,
      date: '2026-04-28',
      problemIds: [discussed.id],
    });
    expect((await fail('problems.delete', { id: discussed.id })).message).toBe(
      '这个问题已在 1 次月度会商中研判（2026-04-28），不能删除（台账记录要保留）。登记有误请用「修改」更正。',
    );
    expect(countRows(runtime(), 'problems')).toBe(2);
  });

  it('edits and deletes a visit, keeping a problem it registered, with the date under its field', async () => {
    base = await seedLedgerBase(call);
    const visit = await call<VisitView>('visits.create', {
      householdId: base.households.zhang,
      workerId: base.workers.wang,
      date: '2026年5月2日',
      way: '入户',
      findings: '家中无异常',
      followUp: { category: '医疗', description: '户主慢性病，药费负担重' },
    });
    expect(visit.date).toBe('2026-05-02');
    const edited = await call<VisitView>('visits.update', {
      id: visit.id,
      householdId: base.households.zhang,
      workerId: base.workers.li,
      date: '2026.5.3',
      way: '电话',
      findings: '电话回访，已按时服药',
    });
    expect(edited).toMatchObject({
      workerName: '李网格',
      date: '2026-05-03',
      way: '电话',
      findings: '电话回访，已按时服药',
      problemId: visit.problemId,
    });
    const future = await fail('visits.update', {
      id: visit.id,
      householdId: base.households.zhang,
      workerId: base.workers.li,
      date: '2026-05-09',
      way: '电话',
    });
    expect(future.fields).toEqual([{ path: ['date'], message: '不能晚于今天（2026-05-06）' }]);
    const moved = await fail('visits.update', {
      id: visit.id,
      householdId: base.households.zhao,
      workerId: base.workers.li,
      date: '2026-05-03',
      way: '电话',
    });
    expect(moved.code).toBe('CONFLICT');
    expect(moved.fields?.[0]?.path).toEqual(['householdId']);
    await call('visits.delete', { id: visit.id });
    expect(countRows(runtime(), 'visits')).toBe(0);
    expect(countRows(runtime(), 'problems')).toBe(1);
    expect(listAudit(ctx(), { entity: 'visit' }).map((e) => e.action)).toEqual([
      'delete',
      'update',
      'create',
    ]);
  });

  it('edits and deletes a meeting, refusing a problem of another grid under the problems field', async () => {
    base = await seedLedgerBase(call);
    const problem = await register();
    const other = await register({
      householdId: base.households.sun,
      workerId: base.workers.li,
    });
    const meeting = await call<MeetingDetail>('meetings.save', {
      gridId: base.grids.group1,
      date: '2026/4/28',
      host: '王网格',
      problemIds: [problem.id],
    });
    expect(meeting.date).toBe('2026-04-28');
    const wrong = await fail('meetings.save', {
      id: meeting.id,
      gridId: base.grids.group1,
      date: '2026-04-28',
      problemIds: [other.id],
    });
    expect(wrong.fields?.[0]?.path).toEqual(['problemIds']);
    const edited = await call<MeetingDetail>('meetings.save', {
      id: meeting.id,
      gridId: base.grids.village,
      date: '2026-04-29',
      place: '村委会会议室',
      host: '王网格',
      recorder: '李网格',
      attendees: '王网格、李网格',
      topics: '研判一组医疗问题',
      decisions: '协助申请临时救助',
      problemIds: [],
    });
    expect(edited).toMatchObject({ gridName: '杨柳村', date: '2026-04-29', problems: [] });
    const future = await fail('meetings.save', {
      id: meeting.id,
      gridId: base.grids.village,
      date: '2026-06-01',
    });
    expect(future.fields).toEqual([{ path: ['date'], message: '不能晚于今天（2026-05-06）' }]);
    await call('meetings.delete', { id: meeting.id });
    expect(countRows(runtime(), 'meetings')).toBe(0);
    expect(listAudit(ctx(), { entity: 'meeting' }).map((e) => e.action)).toEqual([
      'delete',
      'update',
      'create',
    ]);
  });
});
