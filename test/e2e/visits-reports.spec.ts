import { execFileSync } from 'node:child_process';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { MonthlyReport } from '../../electron/api/reports-types';
import type { ServiceContext } from '../../electron/services/context';
import { expect, test } from './fixtures';
import { LedgerPage } from './ledger-page';
import { must, seedVillage, today } from './village-seed';

/** The village with 张三's and 李四's households, and one problem of 张三's registered today. */
async function seedWithProblem(ctx: ServiceContext, category: string, description: string) {
  const seeded = await seedVillage(ctx, ['zhang', 'li']);
  await must(ctx, 'problems.create', {
    workerId: seeded.workerId,
    householdId: seeded.zhang,
    category,
    description,
    registeredDate: today(ctx),
  });
  return seeded;
}

test('a visit with 需要跟进 registers a problem in the ledger, and the due list turns 待走访 into 已走访', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, ['zhang', 'li']);
  const ui = new LedgerPage(page);
  await ui.open(app.url, '走访记录');

  // 本月应走访: both households are due this quarter and not visited yet.
  const zhangRow = ui.row('张三');
  await expect(zhangRow).toContainText('一般户每季度');
  await expect(zhangRow.locator('.ant-tag')).toHaveText('待走访');
  await expect(ui.row('李四').locator('.ant-tag')).toHaveText('待走访');
  await expect(page.locator('.ant-card', { hasText: '待走访' })).toContainText('2');

  // 登记走访 from 张三's row: the household is filled in already.
  await zhangRow.getByRole('button', { name: '为张三登记走访' }).click();
  const form = ui.dialog();
  await expect(form.getByText('张三 · 一组')).toBeVisible();
  await ui.search(form, '走访网格员', '李', '李建国');
  await ui.date(form, '走访日期', today(ctx));
  await form.getByLabel('走访情况').fill('户主腰椎手术，近两月无法务工');
  await form.getByLabel('需要跟进（同时登记到问题台账）').check();
  await ui.pick(form, '问题类别', '收入骤减');
  await form.getByLabel('问题描述').fill('户主手术后无法务工，家庭收入骤减');
  await ui.save();

  // The due list now has 张三 visited (by whom, how), 李四 still to do.
  await expect(zhangRow.locator('.ant-tag')).toHaveText('已走访');
  await expect(zhangRow).toContainText(`${today(ctx)} 入户 李建国`);
  await expect(ui.row('李四').locator('.ant-tag')).toHaveText('待走访');
  await expect(page.locator('.ant-card', { hasText: '已走访' })).toContainText('1');
  // The service pages and searches the list: a name typed leaves that household only.
  await page.getByLabel('按姓名筛选').fill('李四');
  await expect(page.getByText('共 1 户')).toBeVisible();
  await expect(ui.row('张三')).toHaveCount(0);
  await expect(ui.row('李四').locator('.ant-tag')).toHaveText('待走访');
  // 已走访 together with the name: nobody, and the empty list says the filter hides rows.
  await page.getByLabel('按走访状态筛选').getByText('已走访').click();
  await expect(page.getByText('没有符合筛选条件的应走访农户')).toBeVisible();
  await page.getByLabel('按姓名筛选').fill('');
  await expect(zhangRow.locator('.ant-tag')).toHaveText('已走访');
  await expect(ui.row('李四')).toHaveCount(0);

  // 走访登记 lists the visit and links to its problem.
  await page.getByRole('tab', { name: '走访登记' }).click();
  const visitRow = ui.row('户主腰椎手术');
  await expect(visitRow).toContainText('张三');
  await visitRow.getByText('查看问题').click();

  // The ledger opens on the new problem, filed with the visit's household, worker and day.
  const drawer = ui.drawer();
  await expect(drawer.getByText('问题：张三 · 收入骤减')).toBeVisible();
  await expect(drawer).toContainText('户主手术后无法务工，家庭收入骤减');
  await expect(drawer).toContainText('李建国');
  await drawer.getByRole('button', { name: '关闭' }).click();
  const ledgerRow = ui.row('户主手术后无法务工');
  await expect(ledgerRow).toContainText('张三');
  await expect(ledgerRow).toContainText(today(ctx));
  await expect(ledgerRow).toContainText('未解决');

  const stored = ctx.sqlite
    .prepare(
      'SELECT v.problem_id AS problemId, p.household_id AS householdId, p.category FROM visits v JOIN problems p ON p.id = v.problem_id',
    )
    .all();
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ category: '收入骤减' });
});

test('the reports page shows the month, and the 月通报 PDF downloads with its title', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  const seeded = await seedWithProblem(ctx, '医疗', '家庭成员住院，医疗支出骤增');
  await must(ctx, 'visits.create', {
    householdId: seeded.li,
    workerId: seeded.workerId,
    date: today(ctx),
    way: '电话',
    findings: '一切正常',
  });
  const month = today(ctx).slice(0, 7);
  const report = await must<MonthlyReport>(ctx, 'reports.monthly', { month });

  const ui = new LedgerPage(page);
  await ui.open(app.url, '统计报表');
  await expect(page.getByRole('heading', { name: report.title })).toBeVisible();
  await expect(page.locator('.ant-card', { hasText: '覆盖农户' })).toContainText(/2\s*户/);
  await expect(page.locator('.ant-card', { hasText: '本月登记问题' })).toContainText(/1\s*件/);
  await expect(page.locator('.ant-card', { hasText: '走访完成率' })).toContainText('50.00%');
  await expect(page.getByRole('img', { name: '问题登记与办结图' }).locator('canvas')).toBeVisible();
  await expect(ui.row('一组')).toContainText('2');

  // 下载 PDF: the file is a PDF whose text has the report's title.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    ui.button(page.locator('main'), '下载 PDF').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const file = path.join(app.dataDir, 'report.pdf');
  await download.saveAs(file);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(text.replace(/\s+/g, ' ')).toContain(report.title);

  // 预览 PDF: a new tab on the file itself.
  const [preview] = await Promise.all([
    page.context().waitForEvent('page'),
    ui.button(page.locator('main'), '预览 PDF').click(),
  ]);
  await expect.poll(() => preview.url()).toMatch(/^blob:/);
});

/** All the text of a downloaded workbook's first sheet. */
async function sheetText(file: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const lines: string[] = [];
  workbook.worksheets[0]!.eachRow((row) => {
    lines.push(
      (row.values as unknown[])
        .slice(1)
        .map((v) => (v == null ? '' : String(v)))
        .join('|'),
    );
  });
  return lines.join('\n');
}

test('月度会商 with a linked problem exports; 实绩评价 keeps a manual score; the 排查表 downloads', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedWithProblem(ctx, '住房', '老房屋顶漏雨，需要修缮');
  const ui = new LedgerPage(page);
  await ui.open(app.url, '走访记录');

  // 月度会商: the village's meeting, with the problem picked from its ledger.
  await page.getByRole('tab', { name: '月度会商' }).click();
  await ui.button(page.locator('main'), '新增会商记录').click();
  const form = ui.dialog();
  await ui.pickGrid(form, '会商网格', '杨柳村');
  await form.getByLabel('会商地点').fill('村委会会议室');
  await form.getByLabel('主持人').fill('王支书');
  await form.getByLabel('会商决定').fill('张三户屋顶漏雨，列入本月危房改造');
  await ui.pick(form, '研判的问题', '老房屋顶漏雨');
  await form.locator('.ant-modal-title').click();
  await ui.save();
  const meeting = ui.row('村委会会议室');
  await expect(meeting).toContainText('王支书');
  await expect(meeting).toContainText('1 件');
  const [minutes] = await Promise.all([
    page.waitForEvent('download'),
    meeting.getByRole('button', { name: /^导出/ }).click(),
  ]);
  const minutesFile = path.join(app.dataDir, 'minutes.xlsx');
  await minutes.saveAs(minutesFile);
  const minutesText = await sheetText(minutesFile);
  expect(minutesText).toContain('张三户屋顶漏雨，列入本月危房改造');
  expect(minutesText).toContain('老房屋顶漏雨，需要修缮');

  // 实绩评价: a manual score saved in the row; with nothing else to count, it is the total.
  await ui.menu('统计报表');
  await page.getByRole('tab', { name: '实绩评价' }).click();
  const worker = ui.row('李建国');
  await worker.getByLabel('李建国人工评分').fill('95');
  await worker.getByLabel('李建国评价说明').fill('走访扎实');
  await worker.getByRole('button', { name: '保存李建国的评分' }).click();
  await expect(page.getByText('李建国的评分已保存')).toBeVisible();
  await expect(worker).toContainText('95.00');
  await expect(worker.locator('.ant-tag')).toHaveText('优秀');
  expect(
    ctx.sqlite.prepare('SELECT manual_score AS score, note FROM worker_evaluations').all(),
  ).toEqual([{ score: 95, note: '走访扎实' }]);

  // 村组网格长月度排查表 of 一组: one row per household.
  await page.getByRole('tab', { name: '月度排查表' }).click();
  await ui.pickGrid(page.locator('main'), '村组网格', '一组');
  const [sheet] = await Promise.all([
    page.waitForEvent('download'),
    ui.button(page.locator('main'), '生成排查表').click(),
  ]);
  expect(sheet.suggestedFilename()).toMatch(/^村组网格长月度排查表.*\.xlsx$/);
  const sheetFile = path.join(app.dataDir, 'screening.xlsx');
  await sheet.saveAs(sheetFile);
  const screening = await sheetText(sheetFile);
  expect(screening).toContain('张三');
  expect(screening).toContain('李四');
  expect(screening).toContain('老房屋顶漏雨，需要修缮');
});
