import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startHost, type RunningHost } from '../../electron/host/server';
import { AppSession } from '../../electron/services/session';
import { makeTempDir, MIGRATIONS_FOLDER, REPO_ROOT } from '../fixtures/temp-dir';
import { RosterPage } from './roster-page';
import { chooseOption } from './select';
import { seedVillage } from './village-seed';

/**
 * Like fixtures.ts, but the session starts without an operator: the app must ask who is
 * working before anything else, as it does on every real start.
 */
const test = base.extend<{ app: { url: string; session: AppSession; host: RunningHost } }>({
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    const temp = makeTempDir('vl-e2e-');
    const session = await new AppSession({
      dataDir: temp.dir,
      migrationsFolder: MIGRATIONS_FOLDER,
    }).open();
    const host = await startHost({
      session,
      rendererDir: process.env.VL_RENDERER_DIR ?? path.join(REPO_ROOT, 'out', 'renderer'),
    });
    await use({ url: host.url, session, host });
    await host.close();
    session.close();
    temp.cleanup();
  },
});

test('asks who is working, shows it, and the household history names them and the change', async ({
  page,
  app,
}) => {
  await seedVillage(app.session.ctx, ['zhang']);
  await page.goto(app.url);

  // The start prompt says plainly that the name is a record, not a password.
  await expect(page.getByText('不是密码')).toBeVisible();
  await page.getByPlaceholder('填写您的姓名').fill('李文书');
  await page.getByRole('button', { name: '开始使用' }).click();
  await expect(page.getByText('当前操作员：李文书')).toBeVisible();
  expect(app.session.operator).toBe('李文书');

  // Edit a member of 张三's household.
  const roster = new RosterPage(page);
  await page.getByRole('menuitem', { name: '网格花名册' }).click();
  await roster.selectGrid('一组');
  await page.getByText('张三', { exact: true }).click();
  await expect(page.getByText('张三户', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: '修改张三' }).click();
  await roster.dialog().getByLabel('务工地点').fill('广东东莞');
  await roster.dialog().getByLabel('务工时长').fill('6');
  await roster.dialog().getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('成员已保存')).toBeVisible();

  // 修改记录: who, what, before → after.
  await page.getByRole('button', { name: '张三户的修改记录' }).click();
  const drawer = page.getByRole('dialog', { name: '修改记录：张三户' });
  const row = drawer.locator('tr').filter({ hasText: '成员 张三' }).filter({ hasText: '修改' });
  await expect(row).toContainText('李文书');
  await expect(row).toContainText('务工地点：（空） → 广东东莞');
  await expect(row).toContainText('务工时长：（空） → 6');
  // The household's own 新增 row, written before anyone was chosen, is there too.
  await expect(drawer.locator('tr').filter({ hasText: '农户 张三' })).toContainText('未指定');

  // Filter by operator: only 李文书's rows remain.
  await chooseOption(drawer.getByLabel('操作员'), '李文书');
  await expect(drawer.locator('tr').filter({ hasText: '农户 张三' })).toHaveCount(0);
  await expect(row).toBeVisible();
  await drawer.getByRole('button', { name: '关闭' }).click();

  // 切换 in the sider: a new name; the shell and the 操作员 tab follow.
  await page.getByRole('button', { name: '切换', exact: true }).click();
  await roster.dialog().getByLabel('操作员姓名').fill('王主任');
  await roster.dialog().getByRole('button', { name: '切换' }).click();
  await expect(page.getByText('当前操作员：王主任')).toBeVisible();
  expect(app.session.operator).toBe('王主任');
  await page.getByRole('menuitem', { name: '设置' }).click();
  await page.getByRole('tab', { name: '操作员与操作记录' }).click();
  await expect(page.getByText('这里只记录是谁在操作，不是密码')).toBeVisible();
  const operators = page.locator('.ant-card').filter({ hasText: '当前操作员' }).first();
  await expect(operators.locator('.ant-tag')).toHaveText(['李文书', '王主任']);
  // The whole 操作记录 has the switch itself: 王主任 joined the list.
  await expect(
    page
      .locator('tr')
      .filter({ hasText: '设置「操作员名单」' })
      .filter({ hasText: '王主任' })
      .first(),
  ).toContainText('李文书、王主任');
  // Taking a name off the list leaves the trail as it was.
  await operators.getByLabel('从名单删除李文书').click();
  await expect(operators.locator('.ant-tag')).toHaveText(['王主任']);
  await expect(page.locator('tr').filter({ hasText: '成员 张三' }).first()).toContainText('李文书');
});
