import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { seedDemo } from '../../electron/services/demo/demo';
import { REPO_ROOT } from '../fixtures/temp-dir';
import { expect, test } from './fixtures';
import { RosterPage } from './roster-page';
import { day, must, seedVillage } from './village-seed';
import { idCheckChar } from '../../electron/api/id-number';

// Issue 12 items 6, 7 and 9 at the clerk's 1366×768: find by a character in the middle of a
// name, lists filtered by name, empty lists that say why, columns that fit, and a screenshot
// of every main page kept as a test artifact (test-results/ is not committed).

const SCREENS = process.env.VL_SCREENS_DIR ?? path.join(REPO_ROOT, 'test-results', 'screens');
const id = (first17: string) => first17 + idCheckChar(first17);

/** A household in 一组 whose head is `name`. */
const household = (ctx: Parameters<typeof must>[0], name: string, first17: string) =>
  must<{ id: number }>(ctx, 'households.create', {
    gridId: 4,
    householdType: '一般农户',
    members: [{ name, sex: '女', idNumber: id(first17), relation: '本人' }],
  });

/** Every header named is wholly inside the table's visible width (no sideways scrolling). */
async function expectColumnsInView(table: Locator, headers: string[]) {
  const box = (await table.boundingBox())!;
  for (const header of headers) {
    const cell = table
      .locator('.ant-table-thead th')
      .filter({ hasText: new RegExp(`^${header}$`) });
    const cellBox = (await cell.first().boundingBox())!;
    expect(cellBox.x + cellBox.width, `「${header}」列应在表格可见范围内`).toBeLessThanOrEqual(
      box.x + box.width + 1,
    );
  }
}

test('search: a character in the middle of a name, Enter opens the household; no hits says so', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, ['zhang']);
  const guiying = await household(ctx, '李桂英', '53252919800202002');
  const roster = new RosterPage(page);
  await roster.open(app.url);

  const box = page.getByLabel('查找农户或成员');
  await box.fill('桂');
  // The hit names its village and group, not the group alone.
  const hit = page.locator('.ant-select-item-option').filter({ hasText: '李桂英' });
  await expect(hit).toContainText('杨柳村 一组');
  await box.press('Enter');
  // The household's page: its title and its member.
  await expect(page.locator('main')).toContainText('李桂英户');
  await expect(page.locator('main')).toContainText('家庭成员');
  await expect(box).toHaveValue('');
  expect(guiying.id).toBeGreaterThan(0);

  // Enter before the list has come back still opens the only hit.
  await box.fill('张');
  await box.press('Enter');
  await expect(page.locator('main')).toContainText('张三户');

  await box.fill('齉');
  await expect(page.getByRole('status').filter({ hasText: '没有找到“齉”' })).toContainText(
    '可以试试姓名中的一个字、拼音首字母、身份证或电话后 4 位',
  );
  await box.press('Enter');
  await expect(page.getByText('没有找到“齉”')).toBeVisible();
});

test('ledger: a new ledger says how to start; the name filter narrows it and says what it hides', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  const { workerId, zhang, li } = await seedVillage(ctx, ['zhang', 'li']);
  await page.goto(app.url);
  await page.getByRole('menuitem', { name: '问题台账' }).click();
  await expect(page.getByText('还没有登记问题，点「登记问题」添加')).toBeVisible();

  for (const householdId of [zhang, li]) {
    await must(ctx, 'problems.create', {
      householdId,
      workerId,
      category: '医疗',
      description: '看病花费大',
      registeredDate: day(ctx, -2),
    });
  }
  await page.getByRole('button', { name: '刷新' }).click();
  const rows = page.locator('.ant-table-tbody .ant-table-row');
  await expect(rows).toHaveCount(2);

  const name = page.getByLabel('按姓名筛选');
  await name.fill('三');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('张三');

  await name.fill('齉');
  await name.press('Enter');
  await expect(page.getByText('没有符合筛选条件的问题，共有 2 件问题，可清除筛选')).toBeVisible();
  await page.getByRole('button', { name: '清除筛选' }).click();
  await expect(rows).toHaveCount(2);
  await expect(name).toHaveValue('');

  // A typed date is kept and read (not dropped as a RangePicker did).
  const from = page.getByLabel('登记日期从', { exact: true });
  const typed = day(ctx, 1).replaceAll('-', '/');
  await from.fill(typed);
  await from.press('Tab');
  await expect(from).toHaveValue(day(ctx, 1));
  await expect(page.getByText('没有符合筛选条件的问题，共有 2 件问题')).toBeVisible();
});

test('empty lists: no workers yet, a group with no households', async ({ page, app }) => {
  const ctx = app.runtime.ctx;
  await must(ctx, 'setup.createVillage', {
    county: '石门县',
    township: '柳湾镇',
    village: '杨柳村',
    groups: ['一组'],
  });
  const roster = new RosterPage(page);
  await roster.open(app.url);
  await page.getByRole('button', { name: '网格员' }).click();
  await expect(
    page.getByText('还没有网格员，点「新增网格员」添加，再到网格页面「安排分工」'),
  ).toBeVisible();
  await roster.selectGrid('一组');
  await expect(page.getByText('这个网格还没有农户，点「新增农户」添加')).toBeVisible();
});

/** Saves a full-page screenshot of what is on screen now. */
async function shoot(page: Page, name: string) {
  // Spinners gone: the page has its data.
  await expect(page.locator('.ant-spin-spinning, .ant-spin-blur')).toHaveCount(0);
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
}

test('screenshots of the main pages at 1366×768, with the roster columns in view', async ({
  page,
  app,
}) => {
  test.setTimeout(180_000);
  fs.mkdirSync(SCREENS, { recursive: true });
  const ctx = app.runtime.ctx;
  await seedDemo(ctx, { size: 'village', seed: 1 });
  const menu = (name: string) => page.getByRole('menuitem', { name }).click();
  const tab = (name: string) => page.getByRole('tab', { name }).click();

  const roster = new RosterPage(page);
  await roster.open(app.url);
  const group = page
    .getByRole('tree')
    .getByText(/^第一村民小组（|^一组（/)
    .first();
  await group.click();
  const households = page.locator('.ant-table').filter({ hasText: '监测对象类别' });
  await expect(households.locator('.ant-table-row').first()).toBeVisible();
  await expectColumnsInView(households, [
    '户主',
    '组',
    '人口',
    '户类型',
    '监测对象类别',
    '风险消除',
  ]);
  await shoot(page, '01-网格花名册');

  await households.locator('.ant-table-row').first().click();
  await expect(page.getByText('家庭成员').first()).toBeVisible();
  await shoot(page, '02-农户');

  await page.getByRole('button', { name: '网格员' }).click();
  const workers = page.locator('.ant-table').filter({ hasText: '当前分工' });
  await expect(workers.locator('.ant-table-row').first()).toBeVisible();
  await expectColumnsInView(workers, ['姓名', '电话', '当前分工']);
  await shoot(page, '03-网格员');

  await menu('问题台账');
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  await shoot(page, '04-问题台账');

  await menu('走访记录');
  await expect(page.getByRole('button', { name: /^为.*登记走访$/ }).first()).toBeVisible();
  await shoot(page, '05-走访-本月应走访');
  await tab('走访登记');
  await expect(
    page
      .getByRole('tabpanel', { name: '走访登记' })
      .getByRole('button', { name: /^删除.*的走访$/ })
      .first(),
  ).toBeVisible();
  await shoot(page, '06-走访-走访登记');
  await tab('月度会商');
  await shoot(page, '07-走访-月度会商');

  await menu('公示公告');
  await expect(page.getByRole('button', { name: /^打开〔/ }).first()).toBeVisible();
  await shoot(page, '08-公示公告');

  await menu('统计报表');
  await tab('月通报');
  await expect(page.getByText('覆盖农户')).toBeVisible();
  await shoot(page, '09-月通报');
  await tab('实绩评价');
  await expect(
    page
      .getByRole('tabpanel', { name: '实绩评价' })
      .getByRole('columnheader', { name: '综合得分' }),
  ).toBeVisible();
  const evaluation = page.getByRole('tabpanel', { name: '实绩评价' }).locator('.ant-table');
  await expectColumnsInView(evaluation, ['网格员', '按时走访率', '按时办结率', '综合得分', '等级']);
  await shoot(page, '10-实绩评价');

  await menu('档案管理');
  await expect(page.getByText(/年度共 \d+ 件/)).toBeVisible();
  await shoot(page, '11-归档');

  await menu('设置');
  await shoot(page, '12-设置');
});
