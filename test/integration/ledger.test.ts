import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LedgerPage, ProblemDetail } from '../../electron/api/ledger-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import { inTransaction } from '../../electron/services/context';
import { createProblem } from '../../electron/services/ledger/problems';
import { filterClause, ledgerTotals, listProblems } from '../../electron/services/ledger/query';
import { listAudit } from '../../electron/services/audit/audit';
import { countRows, useTestRuntime } from '../fixtures/runtime';
import { PDF_BYTES, PNG_BYTES, seedLedgerBase, type LedgerBase } from '../fixtures/ledger';
import { callers } from '../fixtures/village';

// The fixed clock (test/fixtures/runtime.ts) makes today 2026-05-06, a Wednesday.

describe('problem ledger', () => {
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

  it('registers a problem for a household in its grid, with 办结时限 and an audit row', async () => {
    base = await seedLedgerBase(call);
    const problem = await register();
    expect(problem).toMatchObject({
      gridId: base.grids.group1,
      gridName: '一组',
      gridPath: ['石门县', '柳湾镇', '杨柳村', '一组'],
      workerName: '王网格',
      headName: '张三',
      status: '未解决',
      registeredDate: '2026-04-20',
      dueDate: '2026-05-05', // + 15 calendar days
      overdueDays: 1, // today is 2026-05-06
      closedOnTime: null,
      household: { headName: '张三', monitorCategory: null },
    });
    expect(problem.workflow.map((w) => w.step)).toEqual([
      '发现报告',
      '核实评议',
      '村内公示',
      '乡镇审核',
      '县级审定',
      '部门落实',
      '镇村落实',
    ]);
    expect(problem.workflow[1]).toMatchObject({ dueDate: '2026-04-22', overdueDays: 14 });
    const entries = listAudit(ctx(), { entity: 'problem', entityId: String(problem.id) });
    expect(entries.map((e) => e.action)).toEqual(['create']);
    expect(entries[0]!.after).toMatchObject({ description: '户主住院，自付医疗费用约 3 万元' });
  });

  it('keeps the 办结时限 of the settings in force at registration', async () => {
    base = await seedLedgerBase(call);
    await call('settings.update', {
      deadlines: {
        verify: { days: 2, workingDays: false },
        notice: { days: 5, workingDays: false },
        township: { days: 3, workingDays: true },
        total: { days: 10, workingDays: true },
      },
      holidays: ['2026-05-01', '2026-05-04', '2026-05-05'],
      workdays: ['2026-05-09'],
    });
    // Tue 4-28 + 10 working days: 29, 30, 6, 7, 8, 9 (调休), 11, 12, 13, 14.
    const problem = await register({ registeredDate: '2026-04-28' });
    expect(problem.dueDate).toBe('2026-05-14');
    await call('settings.update', {
      deadlines: {
        verify: { days: 2, workingDays: false },
        notice: { days: 5, workingDays: false },
        township: { days: 3, workingDays: true },
        total: { days: 15, workingDays: false },
      },
    });
    // A later change of the rules does not move an existing 办结时限 …
    const edited = await call<ProblemDetail>('problems.update', {
      id: problem.id,
      description: '改了描述',
    });
    expect(edited.dueDate).toBe('2026-05-14');
    // … a corrected registration date does, under the rules in force now.
    const moved = await call<ProblemDetail>('problems.update', {
      id: problem.id,
      registeredDate: '2026-04-29',
    });
    expect(moved.dueDate).toBe('2026-05-14');
    expect(
      (
        await call<ProblemDetail>('problems.update', {
          id: problem.id,
          registeredDate: '2026-04-25',
        })
      ).dueDate,
    ).toBe('2026-05-10');
  });

  it('registers a clue without a household, which needs a grid and a 反映人', async () => {
    base = await seedLedgerBase(call);
    const missing = await fail('problems.create', {
      workerId: base.workers.li,
      category: '住房',
      source: '农户自主申报',
      description: '听说村东头有户危房',
      registeredDate: '2026-05-01',
    });
    expect(missing.code).toBe('VALIDATION');
    expect(missing.message).toContain('没有关联农户的线索请选择所在网格');
    expect(missing.message).toContain('没有关联农户的线索请填写反映人');
    const clue = await call<ProblemDetail>('problems.create', {
      workerId: base.workers.li,
      gridId: base.grids.village,
      personName: '钱六',
      place: '村东头',
      category: '住房',
      source: '农户自主申报',
      description: '听说村东头有户危房',
      registeredDate: '2026-05-01',
    });
    expect(clue).toMatchObject({
      householdId: null,
      headName: null,
      personName: '钱六',
      gridName: '杨柳村',
      household: null,
    });
    // Tying the clue to a household moves it to that household's grid.
    const tied = await call<ProblemDetail>('problems.update', {
      id: clue.id,
      householdId: base.households.zhao,
    });
    expect(tied).toMatchObject({ gridId: base.grids.group2, headName: '赵四' });
    expect(
      await fail('problems.identify', {
        problemId: (
          await call<ProblemDetail>('problems.update', {
            id: clue.id,
            householdId: null,
            gridId: base.grids.village,
          })
        ).id,
        monitorCategory: '边缘易致贫户',
        riskTypes: ['因病'],
        identifiedDate: '2026-05-02',
      }),
    ).toMatchObject({ message: '这条线索还没有关联农户，请先关联农户再识别认定' });
  });

  it('refuses a grid other than the household’s, a future date and an unknown worker', async () => {
    base = await seedLedgerBase(call);
    expect(
      (
        await fail('problems.create', {
          workerId: base.workers.wang,
          householdId: base.households.zhang,
          gridId: base.grids.group2,
          category: '医疗',
          description: '住院',
          registeredDate: '2026-05-01',
        })
      ).message,
    ).toContain('该户现在属于「一组」');
    expect(
      (
        await fail('problems.create', {
          workerId: base.workers.wang,
          householdId: base.households.zhang,
          category: '医疗',
          description: '住院',
          registeredDate: '2026-05-07',
        })
      ).message,
    ).toBe('登记日期 2026-05-07 不能晚于今天（2026-05-06）');
    expect(
      (
        await fail('problems.create', {
          workerId: 999,
          householdId: base.households.zhang,
          category: '医疗',
          description: '住院',
          registeredDate: '2026-05-01',
        })
      ).code,
    ).toBe('NOT_FOUND');
    const bad = await fail('problems.create', {
      workerId: base.workers.wang,
      householdId: base.households.zhang,
      category: '看病',
      description: '住院',
      registeredDate: '2026-05-01',
    });
    expect(bad.message).toContain('问题类别只能是：收入骤减、支出骤增');
    expect(countRows(runtime(), 'problems')).toBe(0);
  });

  it('derives the status from the steps and keeps one row per step', async () => {
    base = await seedLedgerBase(call);
    const problem = await register();
    const reported = await call<ProblemDetail>('problems.saveStep', {
      problemId: problem.id,
      step: '发现报告',
      date: '2026-04-20',
      person: '王网格',
    });
    expect(reported.status).toBe('未解决');
    const verified = await call<ProblemDetail>('problems.saveStep', {
      problemId: problem.id,
      step: '核实评议',
      date: '2026-04-23',
      person: '村两委',
      outcome: '情况属实，同意纳入评议',
    });
    expect(verified.status).toBe('处理中');
    // 核实评议 due 4-22, done 4-23: late.
    expect(verified.steps.find((s) => s.step === '核实评议')).toMatchObject({
      dueDate: '2026-04-22',
      late: true,
    });
    const again = await call<ProblemDetail>('problems.saveStep', {
      problemId: problem.id,
      step: '核实评议',
      date: '2026-04-22',
      outcome: '改正日期',
    });
    expect(again.steps.filter((s) => s.step === '核实评议')).toHaveLength(1);
    expect(again.steps.find((s) => s.step === '核实评议')).toMatchObject({
      date: '2026-04-22',
      late: false,
      outcome: '改正日期',
    });
    expect(countRows(runtime(), 'problem_steps')).toBe(2);
    // The stored status is what the ledger filters on.
    const stored = ctx().sqlite.prepare('SELECT status FROM problems WHERE id = ?').get(problem.id);
    expect(stored).toEqual({ status: '处理中' });
    const stepId = again.steps.find((s) => s.step === '核实评议')!.id;
    const removed = await call<ProblemDetail>('problems.removeStep', { id: stepId });
    expect(removed.status).toBe('未解决');
    expect(listAudit(ctx(), { entity: 'problem_step' }).map((e) => e.action)).toEqual([
      'delete',
      'update',
      'create',
      'create',
    ]);
    // A measure being taken also means 处理中.
    const measuring = await call<ProblemDetail>('problems.update', {
      id: problem.id,
      measureTaken: '申请临时救助',
    });
    expect(measuring.status).toBe('处理中');
  });

  it('refuses step dates before registration or in the future, and end dates on other steps', async () => {
    base = await seedLedgerBase(call);
    const problem = await register();
    expect(
      (
        await fail('problems.saveStep', {
          problemId: problem.id,
          step: '核实评议',
          date: '2026-04-19',
        })
      ).message,
    ).toBe('「核实评议」的日期 2026-04-19 不能早于问题的登记日期 2026-04-20');
    expect(
      (
        await fail('problems.saveStep', {
          problemId: problem.id,
          step: '乡镇审核',
          date: '2026-05-08',
        })
      ).message,
    ).toContain('不能晚于今天');
    expect(
      (
        await fail('problems.saveStep', {
          problemId: problem.id,
          step: '乡镇审核',
          date: '2026-05-01',
          endDate: '2026-05-05',
        })
      ).message,
    ).toContain('只有「村内公示」填写结束日期');
    expect(countRows(runtime(), 'problem_steps')).toBe(0);
  });

  it('holds 村内公示 to the notice rule, counting both days, and dates 乡镇审核 from its end', async () => {
    base = await seedLedgerBase(call);
    const problem = await register();
    const short = await fail('problems.saveStep', {
      problemId: problem.id,
      step: '村内公示',
      date: '2026-04-24',
      endDate: '2026-04-27',
    });
    expect(short.message).toBe(
      '村内公示期 2026-04-24 至 2026-04-27 只有 4 天，公示不能少于 5 天（最早 2026-04-28 结束）',
    );
    const noticed = await call<ProblemDetail>('problems.saveStep', {
      problemId: problem.id,
      step: '村内公示',
      date: '2026-04-24',
    });
    const notice = noticed.steps.find((s) => s.step === '村内公示')!;
    expect(notice).toMatchObject({ date: '2026-04-24', endDate: '2026-04-28' });
    // 乡镇审核: three working days after Tue 4-28 → Fri 5-01.
    const township = noticed.workflow.find((w) => w.step === '乡镇审核')!;
    expect(township).toMatchObject({ dueDate: '2026-05-01', overdueDays: 5, record: null });
    expect(noticed.workflow.find((w) => w.step === '村内公示')!.earliestEndDate).toBe('2026-04-28');
    // With 5-01 a holiday (settings), the due date moves to Mon 5-04.
    await call('settings.update', { holidays: ['2026-05-01'] });
    const detail = await call<ProblemDetail>('problems.get', { id: problem.id });
    expect(detail.workflow.find((w) => w.step === '乡镇审核')!.dueDate).toBe('2026-05-04');
    // A longer notice is fine, and its end may be after today.
    const longer = await call<ProblemDetail>('problems.saveStep', {
      problemId: problem.id,
      step: '村内公示',
      date: '2026-05-04',
      endDate: '2026-05-10',
    });
    expect(longer.steps.find((s) => s.step === '村内公示')!.endDate).toBe('2026-05-10');
  });

  it('resolves, follows up and reopens, with the dates in order', async () => {
    base = await seedLedgerBase(call);
    const problem = await register();
    expect(
      (
        await fail('problems.followUp', {
          id: problem.id,
          followUpDate: '2026-05-01',
          followUpResult: '已回访',
          satisfaction: '满意',
        })
      ).message,
    ).toBe('问题办结后才能登记回访');
    expect(
      (
        await fail('problems.resolve', {
          id: problem.id,
          measureTaken: '落实医疗救助',
          responsiblePerson: '王网格',
          resolvedDate: '2026-04-19',
        })
      ).message,
    ).toContain('不能早于问题的登记日期');
    const resolved = await call<ProblemDetail>('problems.resolve', {
      id: problem.id,
      measureTaken: '落实医疗救助 2 万元',
      responsiblePerson: '王网格',
      resolvedDate: '2026-05-03',
    });
    expect(resolved).toMatchObject({
      status: '已解决',
      closedOnTime: true,
      overdueDays: null,
      measureTaken: '落实医疗救助 2 万元',
    });
    expect(resolved.workflow.every((w) => w.overdueDays === null)).toBe(true);
    expect(
      (
        await fail('problems.followUp', {
          id: problem.id,
          followUpDate: '2026-05-02',
          followUpResult: '已回访',
          satisfaction: '满意',
        })
      ).message,
    ).toBe('回访日期 2026-05-02 不能早于办结日期 2026-05-03');
    const visited = await call<ProblemDetail>('problems.followUp', {
      id: problem.id,
      followUpDate: '2026-05-05',
      followUpResult: '救助款已到账',
      satisfaction: '满意',
    });
    expect(visited).toMatchObject({ followUpResult: '救助款已到账', satisfaction: '满意' });
    expect((await fail('problems.update', { id: problem.id, measureTaken: '' })).message).toContain(
      '已办结的问题要保留处置措施',
    );
    expect(
      (await fail('problems.update', { id: problem.id, registeredDate: '2026-05-04' })).message,
    ).toBe('登记日期 2026-05-04 不能晚于已记录的办结日期 2026-05-03');
    await call('problems.saveStep', {
      problemId: problem.id,
      step: '核实评议',
      date: '2026-04-21',
    });
    const reopened = await call<ProblemDetail>('problems.reopen', {
      id: problem.id,
      reason: '病情复发',
    });
    expect(reopened).toMatchObject({
      status: '处理中',
      resolvedDate: null,
      measureTaken: '',
      responsiblePerson: '',
      followUpDate: null,
      followUpResult: '',
      satisfaction: null,
      overdueDays: 1,
    });
    const audit = listAudit(ctx(), { entity: 'problem', entityId: String(problem.id) });
    expect(audit.map((e) => e.action)).toEqual(['reopen', 'follow-up', 'resolve', 'create']);
    expect(audit[0]!.before).toMatchObject({ measureTaken: '落实医疗救助 2 万元' });
    expect(audit[0]!.after).toMatchObject({ reason: '病情复发', status: '处理中' });
    expect((await fail('problems.reopen', { id: problem.id })).code).toBe('CONFLICT');
    // Resolved late: not on time.
    const late = await call<ProblemDetail>('problems.resolve', {
      id: problem.id,
      measureTaken: '再次救助',
      responsiblePerson: '王网格',
      resolvedDate: '2026-05-06',
    });
    expect(late.closedOnTime).toBe(false);
  });

  it('filters the ledger by grid subtree, worker, status, category, source, dates and overdue', async () => {
    base = await seedLedgerBase(call);
    const a = await register({ registeredDate: '2026-04-01', category: '医疗' }); // due 4-16, overdue 20
    const b = await register({
      householdId: base.households.zhao,
      workerId: base.workers.li,
      registeredDate: '2026-04-25',
      category: '就业',
      source: '部门筛查预警',
    }); // due 5-10
    const c = await register({
      householdId: base.households.sun,
      workerId: base.workers.li,
      registeredDate: '2026-03-10',
      category: '教育',
    }); // due 3-25
    await call('problems.resolve', {
      id: c.id,
      measureTaken: '落实助学金',
      responsiblePerson: '李网格',
      resolvedDate: '2026-03-20',
    });
    await call('problems.saveStep', { problemId: b.id, step: '核实评议', date: '2026-04-26' });
    const ids = (page: LedgerPage) => page.rows.map((r) => r.id);
    const list = (filter: Record<string, unknown>) => call<LedgerPage>('problems.list', filter);

    const all = await list({});
    expect(ids(all)).toEqual([b.id, a.id, c.id]); // newest registration first
    expect(all.totals).toEqual({
      total: 3,
      byStatus: { 未解决: 1, 处理中: 1, 已解决: 1 },
      overdue: 1,
    });
    expect(all.rows.find((r) => r.id === a.id)).toMatchObject({
      overdueDays: 20,
      headName: '张三',
    });
    expect(all.rows.find((r) => r.id === c.id)).toMatchObject({
      overdueDays: null,
      closedOnTime: true,
      gridPath: ['石门县', '柳湾镇', '石桥村', '一组'],
    });

    expect(ids(await list({ gridId: base.grids.village }))).toEqual([b.id, a.id]);
    expect(ids(await list({ gridId: base.grids.group2 }))).toEqual([b.id]);
    expect(ids(await list({ gridId: base.grids.county }))).toEqual([b.id, a.id, c.id]);
    expect(ids(await list({ workerId: base.workers.li }))).toEqual([b.id, c.id]);
    expect(ids(await list({ status: '处理中' }))).toEqual([b.id]);
    expect(ids(await list({ category: '医疗' }))).toEqual([a.id]);
    expect(ids(await list({ source: '部门筛查预警' }))).toEqual([b.id]);
    expect(ids(await list({ from: '2026-04-01', to: '2026-04-25' }))).toEqual([b.id, a.id]);
    expect(ids(await list({ from: '2026-04-02' }))).toEqual([b.id]);
    expect(ids(await list({ to: '2026-03-31' }))).toEqual([c.id]);
    const overdue = await list({ overdue: true });
    expect(ids(overdue)).toEqual([a.id]);
    expect(overdue.totals).toEqual({
      total: 1,
      byStatus: { 未解决: 1, 处理中: 0, 已解决: 0 },
      overdue: 1,
    });
    expect(ids(await list({ householdId: base.households.zhang }))).toEqual([a.id]);
    const page = await list({ limit: 1, offset: 1 });
    expect(ids(page)).toEqual([a.id]);
    expect(page.totals.total).toBe(3);
    expect(
      (await fail('problems.list', { from: '2026-05-01', to: '2026-04-01' })).message,
    ).toContain('结束日期不能早于开始日期');
    expect((await fail('problems.list', { status: '已完成' })).message).toContain(
      '状态只能是：未解决、处理中、已解决',
    );
  });

  it('keeps attachments in the data folder under its own names, checked by content and SHA-256', async () => {
    base = await seedLedgerBase(call);
    const problem = await register();
    const step = await call<ProblemDetail>('problems.saveStep', {
      problemId: problem.id,
      step: '核实评议',
      date: '2026-04-21',
    });
    const withPdf = await call<ProblemDetail>('problems.addAttachment', {
      problemId: problem.id,
      stepId: step.steps[0]!.id,
      fileName: '../../../../tmp/评议记录',
      data: PDF_BYTES,
    });
    const pdf = withPdf.attachments[0]!;
    expect(pdf).toMatchObject({
      fileName: '评议记录.pdf',
      type: 'pdf',
      size: PDF_BYTES.length,
      sha256: crypto.createHash('sha256').update(PDF_BYTES).digest('hex'),
      stepId: step.steps[0]!.id,
    });
    const dir = path.join(ctx().dataDir, 'attachments');
    const stored = fs.readdirSync(dir);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatch(new RegExp(`^problem-${problem.id}-[0-9a-f-]{36}\\.pdf$`));
    expect(fs.readFileSync(path.join(dir, stored[0]!)).equals(PDF_BYTES)).toBe(true);
    expect(fs.existsSync(path.resolve(ctx().dataDir, '../../../../tmp/评议记录'))).toBe(false);

    const withPng = await call<ProblemDetail>('problems.addAttachment', {
      problemId: problem.id,
      fileName: 'C:\\Users\\文书\\照片.png',
      data: PNG_BYTES,
    });
    expect(withPng.attachments.map((a) => a.fileName)).toEqual(['评议记录.pdf', '照片.png']);

    const fetched = await call<FilePayload>('problems.attachment', { id: pdf.id });
    expect(fetched.fileName).toBe('评议记录.pdf');
    expect(Buffer.from(fetched.data).equals(PDF_BYTES)).toBe(true);

    // Content decides, not the name: a text file called .pdf is refused.
    const text = await fail('problems.addAttachment', {
      problemId: problem.id,
      fileName: '证明.pdf',
      data: Buffer.from('not really a pdf'),
    });
    expect(text.message).toBe('附件只能是 PDF、JPG 或 PNG 文件（按文件内容判断）');
    expect(
      (
        await fail('problems.addAttachment', {
          problemId: problem.id,
          fileName: '又一份.pdf',
          data: PDF_BYTES,
        })
      ).message,
    ).toBe('同样内容的附件「评议记录.pdf」已经添加过');
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 0x20);
    PDF_BYTES.copy(big);
    expect(
      (
        await fail('problems.addAttachment', {
          problemId: problem.id,
          fileName: '大.pdf',
          data: big,
        })
      ).message,
    ).toContain('附件不能超过 10 MB');
    expect(fs.readdirSync(dir)).toHaveLength(2);

    // A file changed on disk is reported, not handed out.
    fs.appendFileSync(path.join(dir, stored[0]!), 'x');
    expect((await fail('problems.attachment', { id: pdf.id })).message).toContain('已被改动');

    const afterRemove = await call<ProblemDetail>('problems.removeAttachment', { id: pdf.id });
    expect(afterRemove.attachments.map((a) => a.fileName)).toEqual(['照片.png']);
    expect(fs.readdirSync(dir)).toHaveLength(1);
    const removal = listAudit(ctx(), { entity: 'problem_attachment' })[0]!;
    expect(removal).toMatchObject({
      action: 'delete',
      before: { fileName: '评议记录.pdf', sha256: pdf.sha256 },
    });

    // A handled problem (a step after 发现报告, a scan) stays: deleting is refused, saying why.
    expect(await fail('problems.delete', { id: problem.id })).toEqual({
      code: 'CONFLICT',
      message:
        '这个问题已记录 1 个办理环节「核实评议」，有 1 个附件，不能删除（台账记录要保留）。登记有误请用「修改」更正。',
    });
    // Once the scan and the step are removed (each audited), it can go.
    const png = afterRemove.attachments[0]!;
    await call('problems.removeAttachment', { id: png.id });
    expect(fs.readdirSync(dir)).toHaveLength(0);
    await call('problems.removeStep', { id: step.steps[0]!.id });
    await call('problems.delete', { id: problem.id });
    expect(countRows(runtime(), 'problems')).toBe(0);
    expect(countRows(runtime(), 'problem_steps')).toBe(0);
    expect(countRows(runtime(), 'problem_attachments')).toBe(0);
    expect((await fail('problems.get', { id: problem.id })).code).toBe('NOT_FOUND');
  });

  it('identifies the household as a monitoring object in one audited step', async () => {
    base = await seedLedgerBase(call);
    const problem = await register();
    await call('problems.saveStep', {
      problemId: problem.id,
      step: '县级审定',
      date: '2026-04-29',
      person: '县乡村振兴局',
      // Without 核实评议, 公示 and 审核 the decision is out of order (docs/domain.md §3).
      backfillReason: '纸质台账事后补录',
    });
    const before = countRows(runtime(), 'audit_log');
    const identified = await call<ProblemDetail>('problems.identify', {
      problemId: problem.id,
      monitorCategory: '突发严重困难户',
      riskTypes: ['因病', '因自然灾害'],
      disasterSubtype: '洪涝',
      identifiedDate: '2026-04-30',
      backfillReason: '纸质台账事后补录',
    });
    expect(identified.household).toMatchObject({
      monitorCategory: '突发严重困难户',
      identifiedDate: '2026-04-30',
      eliminationStatus: '未消除',
    });
    expect(identified.steps.find((s) => s.step === '县级审定')).toMatchObject({
      date: '2026-04-30',
      person: '县乡村振兴局',
      outcome: '识别认定为监测对象（突发严重困难户），风险类型：因病、因自然灾害（洪涝）',
    });
    expect(identified.status).toBe('处理中');
    const household = await call<{ risks: { riskType: string; disasterSubtype: string | null }[] }>(
      'households.get',
      { id: base.households.zhang },
    );
    expect(household.risks).toEqual([
      { riskType: '因病', disasterSubtype: null },
      { riskType: '因自然灾害', disasterSubtype: '洪涝' },
    ]);
    const written = listAudit(ctx(), { limit: countRows(runtime(), 'audit_log') - before });
    expect(written.map((e) => `${e.entity}:${e.action}`).sort()).toEqual([
      'household:update',
      'problem:identify',
      'problem_step:update',
    ]);
    // The household's audit copy masks IDs and phones.
    expect(JSON.stringify(written)).not.toMatch(/1391234\d{4}/);

    // Already a monitoring object: refused, nothing written.
    const again = await fail('problems.identify', {
      problemId: problem.id,
      monitorCategory: '边缘易致贫户',
      riskTypes: ['因学'],
      identifiedDate: '2026-05-01',
    });
    expect(again.message).toContain(
      '「张三」户已是监测对象（突发严重困难户，识别认定日期 2026-04-30）',
    );
  });

  it('writes nothing when identification fails half-way, and re-identifies an eliminated household', async () => {
    base = await seedLedgerBase(call);
    const problem = await register({
      householdId: base.households.zhao,
      workerId: base.workers.li,
    });
    const count = countRows(runtime(), 'audit_log');
    expect(
      (
        await fail('problems.identify', {
          problemId: problem.id,
          monitorCategory: '边缘易致贫户',
          riskTypes: ['因病'],
          identifiedDate: '2026-04-19',
        })
      ).message,
    ).toContain('不能早于问题的登记日期');
    expect(
      (
        await fail('problems.identify', {
          problemId: problem.id,
          monitorCategory: '边缘易致贫户',
          riskTypes: ['因病', '因学', '因残', '其他', '缺劳动力', '因意外事故'],
          identifiedDate: '2026-04-21',
        })
      ).message,
    ).toContain('风险类型最多 5 项');
    expect(countRows(runtime(), 'audit_log')).toBe(count);
    expect(countRows(runtime(), 'household_risks')).toBe(0);

    // A household whose risk was eliminated (已消除) may be identified again: starts over.
    ctx()
      .sqlite.prepare(
        "UPDATE households SET monitor_category = '边缘易致贫户', identified_date = '2025-01-01', elimination_status = '已消除', elimination_method = '稳定消除', elimination_date = '2025-09-01' WHERE id = ?",
      )
      .run(base.households.zhao);
    const identified = await call<ProblemDetail>('problems.identify', {
      problemId: problem.id,
      monitorCategory: '脱贫不稳定户',
      riskTypes: ['因务工就业不稳'],
      identifiedDate: '2026-04-22',
      backfillReason: '纸质台账事后补录',
    });
    expect(identified.household).toMatchObject({
      monitorCategory: '脱贫不稳定户',
      identifiedDate: '2026-04-22',
      eliminationStatus: '未消除',
    });
    const row = ctx()
      .sqlite.prepare(
        'SELECT elimination_method AS m, elimination_date AS d FROM households WHERE id = ?',
      )
      .get(base.households.zhao);
    expect(row).toEqual({ m: null, d: null });
  });

  it('createProblem joins the caller’s transaction: all or nothing', async () => {
    base = await seedLedgerBase(call);
    const input = {
      workerId: base.workers.wang,
      householdId: base.households.zhang,
      category: '收入骤减' as const,
      source: '网格员排查' as const,
      description: '务工返乡，收入中断',
      registeredDate: '2026-05-01',
      personName: '',
      place: '',
      note: '',
    };
    expect(() =>
      inTransaction(ctx(), () => {
        createProblem(ctx(), input);
        throw new Error('the visit part failed');
      }),
    ).toThrow('the visit part failed');
    expect(countRows(runtime(), 'problems')).toBe(0);
    expect(listAudit(ctx(), { entity: 'problem' })).toEqual([]);
    const created = inTransaction(ctx(), () => createProblem(ctx(), input));
    expect(created).toMatchObject({ status: '未解决', dueDate: '2026-05-16', headName: '张三' });
  });

  it('pages from the in-memory index agree with SQL, and see writes that bypass the services', async () => {
    base = await seedLedgerBase(call);
    const households = [base.households.zhang, base.households.zhao, base.households.sun];
    const workers = [base.workers.wang, base.workers.li];
    const categories = ['收入骤减', '医疗', '就业', '住房'];
    const sources = ['网格员排查', '部门筛查预警', '农户自主申报'];
    for (let i = 0; i < 40; i++) {
      const day = String(1 + ((i * 7) % 28)).padStart(2, '0');
      const month = ['02', '03', '04'][i % 3]!;
      const p = await register({
        householdId: households[i % 3],
        workerId: workers[i % 2],
        category: categories[i % 4],
        source: sources[i % 3],
        registeredDate: `2026-${month}-${day}`,
      });
      if (i % 5 === 0) {
        await call('problems.resolve', {
          id: p.id,
          measureTaken: '已处置',
          responsiblePerson: '王网格',
          resolvedDate: '2026-05-01',
        });
      } else if (i % 5 === 1) {
        await call('problems.saveStep', { problemId: p.id, step: '核实评议', date: '2026-05-02' });
      }
    }
    const today = '2026-05-06';
    const filters = [
      {},
      { gridId: base.grids.village },
      { gridId: base.grids.village2 },
      { workerId: base.workers.li, status: '未解决' as const },
      { category: '医疗' as const, overdue: true },
      { source: '部门筛查预警' as const, from: '2026-03-01', to: '2026-03-31' },
      { householdId: base.households.zhao, overdue: true },
      { status: '已解决' as const, gridId: base.grids.county },
    ];
    for (const filter of filters) {
      const page = listProblems(ctx(), { ...filter, limit: 7, offset: 3 });
      const clause = filterClause(filter, today);
      expect(page.totals, JSON.stringify(filter)).toEqual(ledgerTotals(ctx(), clause));
      const sqlIds = ctx()
        .sqlite.prepare(
          `${clause.with} SELECT p.id FROM problems p ${clause.where}
           ORDER BY p.registered_date DESC, p.id DESC LIMIT 7 OFFSET 3`,
        )
        .pluck()
        .all(clause.params);
      expect(
        page.rows.map((r) => r.id),
        JSON.stringify(filter),
      ).toEqual(sqlIds);
    }
    expect(listProblems(ctx(), {}).totals.total).toBe(40);

    // A write that does not go through the ledger service (another service, raw SQL): the
    // next page sees it. (No other program can write: the session holds the file alone.)
    ctx()
      .sqlite.prepare(
        `INSERT INTO problems (grid_id, worker_id, household_id, category, source, description, registered_date, due_date, status)
         VALUES (?, ?, ?, '饮水', '其他', '另一连接写入', '2026-05-05', '2026-05-20', '未解决')`,
      )
      .run(base.grids.group1, base.workers.wang, base.households.zhang);
    const seen = listProblems(ctx(), { category: '饮水' });
    expect(seen.rows.map((r) => r.description)).toEqual(['另一连接写入']);
    // A write rolled back on this connection leaves the list as it was.
    expect(() =>
      inTransaction(ctx(), () => {
        ctx().sqlite.prepare("UPDATE problems SET category = '饮水'").run();
        expect(listProblems(ctx(), { category: '饮水' }).totals.total).toBe(41);
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(listProblems(ctx(), { category: '饮水' }).totals.total).toBe(1);
  });

  it('keeps households and workers that have problems, saying why', async () => {
    base = await seedLedgerBase(call);
    await register({ householdId: base.households.zhao, workerId: base.workers.li });
    const household = await fail('households.delete', { id: base.households.zhao });
    expect(household).toEqual({
      code: 'CONFLICT',
      message: '「赵四」户有 1 条问题登记，不能删除（台账记录要保留）。',
    });
    const lone = await call<{ id: number }>('workers.create', { name: '周临时', sex: '男' });
    await register({ workerId: lone.id });
    expect((await fail('workers.delete', { id: lone.id })).message).toBe(
      '「周临时」登记了 1 条问题，不能删除（台账记录要保留）。',
    );
    expect(countRows(runtime(), 'households')).toBe(3);
  });
});
