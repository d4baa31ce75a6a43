import { execFileSync } from 'node:child_process';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator, Page } from '@playwright/test';
import type { SelfCheckReport } from '../../electron/api/self-check-types';
import { expect, test } from './fixtures';
import { chooseOption } from './select';
import { day, must, seedVillage } from './village-seed';

/** Where the screenshots go when SELF_CHECK_SHOTS names a folder (to look at them by hand). */
const SHOTS = process.env.SELF_CHECK_SHOTS;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};

/** A check's panel on the page, by its title. */
const panel = (page: Page, title: string): Locator =>
  page.locator('.ant-collapse-item', { has: page.getByText(title, { exact: true }) });

/** 2026/3/1 as a clerk types it, from an ISO date. */
const typed = (iso: string) =>
  iso.replace(/^(\d{4})-0?(\d{1,2})-0?(\d{1,2})$/, (_, y: string, m: string, d: string) =>
    [y, m, d].join('/'),
  );

test('迎检自查 counts the planted problems, opens the record that fixes one, and exports xlsx and PDF', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  // 杨柳村: 一组 and 二组 with a 网格员 in 一组 but no 网格长 anywhere (planted: 网格与人员), and
  // 张三's problem registered 100 days ago and never resolved (planted: past its 办结时限).
  const seeded = await seedVillage(ctx, ['zhang', 'li']);
  const problem = await must<{ id: number }>(ctx, 'problems.create', {
    workerId: seeded.workerId,
    householdId: seeded.zhang,
    category: '医疗',
    description: '家庭成员住院，医疗支出骤增',
    registeredDate: day(ctx, -100),
  });
  const from = day(ctx, -150);
  const to = day(ctx, 0);
  const report = await must<SelfCheckReport>(ctx, 'selfCheck.run', { from, to });
  const item = (title: string) =>
    report.groups.flatMap((g) => g.items).find((i) => i.title === title)!;
  const leaders = item('网格没有网格长');
  expect(leaders.findings.map((f) => f.subject).sort()).toEqual(['一组', '二组'].sort());
  const overdue = item('问题超过办结时限');
  expect(overdue.findings.map((f) => f.target)).toContainEqual({
    kind: 'problem',
    id: problem.id,
  });

  await page.goto(app.url);
  await page.getByRole('menuitem', { name: '迎检自查' }).click();
  await expect(page.getByRole('heading', { name: '迎检自查' })).toBeVisible();
  // The period typed as a clerk types it (2026/3/1), read as ISO dates.
  for (const [word, iso] of [
    ['从', from],
    ['到', to],
  ] as const) {
    const field = page.getByLabel(`检查期间${word}`, { exact: true });
    await field.fill(typed(iso));
    await field.press('Tab');
  }
  await expect(page.getByText(`检查期间 ${from} 至 ${to}`)).toBeVisible();

  // One summary card per group: its count, or 未发现问题 — the same as the service's report.
  for (const group of report.groups) {
    const card = page.getByLabel(`${group.group}汇总`);
    await expect(card).toContainText(group.count === 0 ? '未发现问题' : `${group.count}条`);
  }
  await expect(page.getByText(`共发现问题 ${report.total} 条`)).toBeVisible();
  await shot(page, '1-summary');

  // The 网格长 check lists both groups; the overdue problem is a link to its drawer.
  await panel(page, '网格没有网格长').locator('.ant-collapse-header').click();
  const leaderRows = panel(page, '网格没有网格长').locator('.ant-table-row');
  await expect(leaderRows).toHaveCount(2);
  await expect(leaderRows.first()).toContainText('没有在任的网格长');
  await panel(page, '问题超过办结时限').locator('.ant-collapse-header').click();
  const overdueRow = panel(page, '问题超过办结时限').locator('.ant-table-row').first();
  await expect(overdueRow).toContainText('未办结');
  await shot(page, '2-expanded');
  await overdueRow.getByRole('button', { name: /^第 \d+ 号问题/ }).click();
  await expect(page).toHaveURL(new RegExp(`#/ledger\\?problem=${problem.id}$`));
  await expect(page.getByRole('dialog', { name: /^问题：张三/ })).toBeVisible();
  await shot(page, '3-problem');

  // Back to 迎检自查; the grid without a 网格长 opens that grid in 网格花名册.
  await page
    .getByRole('dialog', { name: /^问题：张三/ })
    .getByRole('button', { name: '关闭' })
    .click();
  await page.getByRole('menuitem', { name: '迎检自查' }).click();
  await panel(page, '网格没有网格长').locator('.ant-collapse-header').click();
  await panel(page, '网格没有网格长').getByRole('button', { name: '二组', exact: true }).click();
  await expect(page).toHaveURL(/#\/roster\?grid=\d+$/);
  await expect(page.getByRole('menuitem', { name: '网格花名册' })).toHaveClass(/selected/);
  await expect(page.locator('main')).toContainText('二组');
  await shot(page, '4-grid');

  // Fixed from there: 李建国 made 网格长 of 二组 (from a date typed 2026/3/1); back on 迎检自查
  // the finding is gone, 一组 alone is left.
  await page.getByRole('button', { name: '安排分工' }).click();
  const dialog = page.locator('.ant-modal:visible').last();
  await chooseOption(dialog.getByLabel('网格员', { exact: true }), '李建国', '李');
  await chooseOption(dialog.getByLabel('网格职责'), '网格长');
  const start = dialog.getByLabel('开始日期', { exact: true });
  await start.fill(typed(from));
  await start.press('Tab');
  await expect(start).toHaveValue(from);
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.ant-table-row', { hasText: '李建国' })).toContainText('网格长');

  await page.getByRole('menuitem', { name: '迎检自查' }).click();
  // The period typed before is kept: the report is the same one, less the fixed finding.
  await expect(page.getByText(`检查期间 ${from} 至 ${to}`)).toBeVisible();
  await expect(page.getByText(`共发现问题 ${report.total - 1} 条`)).toBeVisible();
  await panel(page, '网格没有网格长').locator('.ant-collapse-header').click();
  await expect(panel(page, '网格没有网格长').locator('.ant-table-row')).toHaveCount(1);
  await expect(panel(page, '网格没有网格长').locator('.ant-table-row')).toContainText('一组');
  await shot(page, '5-fixed');

  // A month without a 月度会商 opens 走访记录 on 月度会商, filtered to that grid.
  await panel(page, '月度会商缺失').locator('.ant-collapse-header').click();
  await panel(page, '月度会商缺失')
    .getByRole('button', { name: '二组', exact: true })
    .first()
    .click();
  await expect(page).toHaveURL(/#\/visits\?meetings=\d+$/);
  await expect(page.getByRole('tab', { name: '月度会商' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByLabel('按网格筛选').locator('..').locator('..')).toContainText('二组');
  await shot(page, '6-meetings');

  // A household overdue for its visit opens the household's page in 网格花名册.
  await page.getByRole('menuitem', { name: '迎检自查' }).click();
  await panel(page, '走访逾期').locator('.ant-collapse-header').click();
  await panel(page, '走访逾期').getByRole('button', { name: '李四户', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`#/roster\\?household=${seeded.li}$`));
  await expect(page.locator('main')).toContainText('李四');
  await shot(page, '7-household');
  await page.getByRole('menuitem', { name: '迎检自查' }).click();

  // Exports: the workbook's 明细 holds every finding; the PDF's text has the title and counts.
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出 Excel' }).click(),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/^迎检自查报告-.*\.xlsx$/);
  const xlsxFile = path.join(app.dataDir, 'self-check.xlsx');
  await xlsx.saveAs(xlsxFile);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(xlsxFile);
  const detail = workbook.getWorksheet('明细')!;
  const rows: string[][] = [];
  detail.eachRow((row, r) => {
    if (r > 3) rows.push([3, 5, 6].map((c) => String(row.getCell(c).value)));
  });
  expect(rows).toHaveLength(report.total - 1);
  expect(rows.filter((r) => r[0] === '网格没有网格长')).toEqual([
    ['网格没有网格长', '一组', '没有在任的网格长'],
  ]);

  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '下载 PDF' }).click(),
  ]);
  const pdfFile = path.join(app.dataDir, 'self-check.pdf');
  await pdf.saveAs(pdfFile);
  const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
  expect(text).toContain('迎检自查报告');
  expect(text).toMatch(new RegExp(`检查期间：${from} 至 ${to}`));
  expect(text).toMatch(/网格没有网格长（1 条）/);
  if (SHOTS) execFileSync('pdftoppm', ['-r', '60', '-png', pdfFile, path.join(SHOTS, 'pdf')]);

  // 预览 PDF previews first: a new tab on the file itself (the web host's viewer, with print).
  const [preview] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByRole('button', { name: '预览 PDF' }).click(),
  ]);
  await expect.poll(() => preview.url()).toMatch(/^blob:/);
});
