import path from 'node:path';
import ExcelJS from 'exceljs';
import { dispatch } from '../../electron/services/dispatch';
import { expect, PIXEL_PNG, test } from './fixtures';
import { LedgerPage } from './ledger-page';
import { day, seedVillage } from './village-seed';

test('register a problem for a household, walk it through every step to 已解决, and export the ledger', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, ['zhang']);
  const ledger = new LedgerPage(page);
  await ledger.open(app.url);
  await expect(page.getByText('还没有登记问题，点「登记问题」添加')).toBeVisible();

  // 登记问题: the household found by name, ten days ago.
  const registered = day(ctx, -10);
  await ledger.button(page.locator('main'), '登记问题').click();
  let form = ledger.dialog();
  await ledger.search(form, '查找农户', '张三', '张三');
  await expect(form.getByText('农户（一组）')).toBeVisible();
  await ledger.search(form, '登记网格员', '李', '李建国');
  await ledger.pick(form, '类别', '医疗');
  await ledger.date(form, '登记日期', registered);
  await form.getByLabel('问题描述').fill('张三住院治疗，自付医疗费用较高，家庭支出骤增');
  await ledger.save('登记');

  // The drawer opens on the new problem: 未解决, all seven steps to do.
  const drawer = ledger.drawer();
  await expect(drawer.getByText('问题：张三 · 医疗')).toBeVisible();
  await expect(drawer.locator('.ant-tag', { hasText: '未解决' })).toBeVisible();
  await expect(drawer.getByRole('button', { name: /^登记/ })).toHaveCount(7);

  // Each step on its own day; 村内公示 for five days; 县级审定 by 识别认定.
  const steps: [string, number, string][] = [
    ['发现报告', -10, '已报告网格长和村两委'],
    ['核实评议', -9, '经入户核实、民主评议，同意纳入监测'],
  ];
  for (const [step, offset, outcome] of steps) {
    await ledger.openStep(step);
    form = ledger.dialog();
    await ledger.date(form, '办理日期', day(ctx, offset));
    await form.getByLabel('经办人').fill('李建国');
    await form.getByLabel('办理结果').fill(outcome);
    await ledger.save();
  }
  await expect(drawer.locator('.ant-tag', { hasText: '处理中' })).toBeVisible();

  await ledger.openStep('村内公示');
  form = ledger.dialog();
  await ledger.date(form, '公示开始日期', day(ctx, -8));
  await ledger.date(form, '公示结束日期', day(ctx, -4));
  await form.getByLabel('办理结果').fill('公示期内无异议');
  await ledger.save();
  await expect(drawer.getByText(`公示期 ${day(ctx, -8)} 至 ${day(ctx, -4)}`)).toBeVisible();

  await ledger.openStep('乡镇审核');
  form = ledger.dialog();
  await ledger.date(form, '办理日期', day(ctx, -3));
  await form.getByLabel('办理结果').fill('乡镇审核通过');
  await ledger.save();

  await ledger.button(drawer, '识别认定').click();
  form = ledger.dialog();
  await ledger.pick(form, '监测对象类别', '突发严重困难户');
  await ledger.pick(form, '风险类型', '因病');
  // A multiple select stays open after a pick: clicking the dialog's title closes it.
  await form.locator('.ant-modal-title').click();
  await ledger.date(form, '识别认定日期', day(ctx, -2));
  await ledger.save('识别认定');
  await expect(
    drawer.getByText('识别认定为监测对象（突发严重困难户），风险类型：因病'),
  ).toBeVisible();
  await expect(drawer.locator('.ant-tag', { hasText: '突发严重困难户·未消除' })).toBeVisible();

  for (const [step, offset, outcome] of [
    ['部门落实', -1, '已派单至医保局，落实大病保险二次报销'],
    ['镇村落实', 0, '已告知农户，帮扶措施已公示'],
  ] as const) {
    await ledger.openStep(step);
    form = ledger.dialog();
    await ledger.date(form, '办理日期', day(ctx, offset));
    await form.getByLabel('办理结果').fill(outcome);
    await ledger.save();
  }
  // Every step recorded: nothing left to 登记, each can be 修改.
  await expect(drawer.getByRole('button', { name: /^登记/ })).toHaveCount(0);
  await expect(drawer.getByRole('button', { name: /^修改\p{Script=Han}{4}$/u })).toHaveCount(7);

  // A scanned page of the notice, kept with its SHA-256.
  await drawer
    .locator('input[type=file]')
    .setInputFiles({ name: '公示照片.png', mimeType: 'image/png', buffer: PIXEL_PNG });
  await expect(drawer.getByText('公示照片.png')).toBeVisible();
  const stored = ctx.sqlite.prepare('SELECT sha256 FROM problem_attachments').get() as {
    sha256: string;
  };
  await expect(drawer.getByText(`${stored.sha256.slice(0, 8)}…`)).toBeVisible();

  // 办结, then 回访.
  await ledger.button(drawer, '办结').click();
  form = ledger.dialog();
  await form.getByLabel('处置措施').fill('落实大病保险二次报销和临时救助');
  await form.getByLabel('责任人').fill('王支书');
  await ledger.date(form, '办结日期', day(ctx, 0));
  await ledger.save();
  await expect(drawer.locator('.ant-tag', { hasText: '已解决' })).toBeVisible();

  await ledger.button(drawer, '回访').click();
  form = ledger.dialog();
  await ledger.date(form, '回访日期', day(ctx, 0));
  await form.getByLabel('回访结果').fill('报销款已到账，生活恢复正常');
  await form.getByLabel('满意', { exact: true }).check();
  await ledger.save();
  await expect(drawer.getByText(`${day(ctx, 0)} 满意：报销款已到账，生活恢复正常`)).toBeVisible();
  await drawer.getByRole('button', { name: '关闭' }).click();
  await expect(drawer).toBeHidden();

  // In the ledger: 已解决, counted in the totals.
  const row = ledger.row('张三');
  await expect(row).toContainText('已解决');
  await expect(row).toContainText('落实大病保险二次报销和临时救助');
  await expect(page.getByLabel('只看已解决')).toContainText('1');

  // 导出台账: the downloaded workbook has the row in the ledger's columns.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    ledger.button(page.locator('main'), '导出台账').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^问题登记台账.*\.xlsx$/);
  const file = path.join(app.dataDir, 'ledger.xlsx');
  await download.saveAs(file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  // Row 1 says the workbook is internal (full numbers in free text); the columns follow.
  expect(String(sheet.getCell('A1').value)).toContain('内部台账');
  const headers = (sheet.getRow(2).values as unknown[]).slice(1).map(String);
  const cells = (sheet.getRow(3).values as unknown[])
    .slice(1)
    .map((v) => (v == null ? '' : String(v)));
  const exported = Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? '']));
  expect(sheet.rowCount).toBe(3);
  expect(exported).toMatchObject({
    序号: '1',
    网格: '一组',
    网格员: '李建国',
    '户主/反映人': '张三',
    问题描述: '张三住院治疗，自付医疗费用较高，家庭支出骤增',
    类别: '医疗',
    来源: '网格员排查',
    登记日期: registered,
    处置措施: '落实大病保险二次报销和临时救助',
    责任人: '王支书',
    状态: '已解决',
    办结日期: day(ctx, 0),
  });
  expect(exported['回访结果']).toContain('报销款已到账，生活恢复正常');

  // And the database agrees: seven steps, the household now monitored.
  expect(ctx.sqlite.prepare('SELECT step FROM problem_steps ORDER BY date, id').all()).toHaveLength(
    7,
  );
  expect(ctx.sqlite.prepare('SELECT monitor_category AS c FROM households').get()).toEqual({
    c: '突发严重困难户',
  });
});

test('处置时限 set in 设置 give the 办结时限; an overdue problem shows 逾期 N 天 and 只看逾期 keeps it alone', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  const { workerId, zhang } = await seedVillage(ctx, ['zhang']);
  const ledger = new LedgerPage(page);
  await ledger.open(app.url);

  // 设置: 办结时限 10 calendar days, and the National Day holiday as a period.
  await page.getByRole('menuitem', { name: '设置' }).click();
  await page.getByLabel('办结时限天数').fill('10');
  // A period: the first day, then the last (typed text fields, docs/domain.md §10).
  await page.getByLabel('添加节假日', { exact: true }).fill('2030-10-01');
  await page.getByLabel('添加节假日至', { exact: true }).fill('2030/10/3');
  await ledger.button(page.locator('main'), '添加').first().click();
  await expect(page.getByText('10-03（四）')).toBeVisible();
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByText('设置已保存')).toBeVisible();
  const saved = await dispatch(ctx, 'settings.get', {});
  expect(saved.ok && saved.result).toMatchObject({
    deadlines: { total: { days: 10, workingDays: false } },
    holidays: ['2030-10-01', '2030-10-02', '2030-10-03'],
  });

  // One problem registered 20 days ago (10 days past its limit), one today.
  for (const [offset, description] of [
    [-20, '房屋漏雨，需要修缮'],
    [0, '孩子上学交通不便'],
  ] as const) {
    const result = await dispatch(ctx, 'problems.create', {
      workerId,
      householdId: zhang,
      category: offset ? '住房' : '教育',
      description,
      registeredDate: day(ctx, offset),
    });
    expect(result.ok).toBe(true);
  }
  await page.getByRole('menuitem', { name: '问题台账' }).click();
  const late = ledger.row('房屋漏雨');
  await expect(late).toContainText(day(ctx, -10)); // 办结时限 = registration + 10 days
  await expect(late).toContainText('逾期 10 天');
  await expect(late).toHaveClass(/ledger-row-overdue/);
  const fresh = ledger.row('孩子上学交通不便');
  await expect(fresh).toContainText(day(ctx, 10));
  await expect(fresh).not.toContainText('逾期');
  await expect(
    page.getByLabel('只看逾期', { exact: true }).filter({ hasText: '逾期' }),
  ).toContainText(/1\s*件/);

  await page.getByRole('checkbox', { name: '只看逾期' }).check();
  await expect(fresh).toHaveCount(0);
  await expect(late).toBeVisible();
  await expect(page.getByText('共 1 件')).toBeVisible();
});
