import path from 'node:path';
import { isEncryptedFile } from '../../db/cipher';
import { startHost } from '../../electron/host/server';
import { AppSession } from '../../electron/services/session';
import { MIGRATIONS_FOLDER, REPO_ROOT } from '../fixtures/temp-dir';
import { VILLAGE } from '../fixtures/village';
import { call } from '../fixtures/village';
import { expect, test } from './fixtures';

test('sets a database password; the next start asks for it before anything else', async ({
  page,
  app,
}) => {
  await call(app.runtime.ctx, 'setup.createVillage', VILLAGE);
  await page.goto(`${app.url}#/settings`);
  await page.getByRole('tab', { name: '数据库密码' }).click();
  await expect(page.getByText('数据库和数据文件夹里的文件现在都没有加密')).toBeVisible();
  await page.getByLabel('密码', { exact: true }).fill('杨柳村2026');
  await page.getByLabel('再输入一次').fill('杨柳村2027');
  await page.getByRole('button', { name: '设置密码' }).click();
  await expect(page.getByText('两次输入的密码不一样')).toBeVisible();
  await page.getByLabel('再输入一次').fill('杨柳村2026');
  await page.getByRole('button', { name: '设置密码' }).click();
  await expect(page.getByText('密码已设置，数据库和数据文件夹里的文件已加密')).toBeVisible();
  await expect(
    page.getByText('数据库和数据文件夹里的文件已加密：每次打开程序都要输入这个密码。'),
  ).toBeVisible();

  // Quit and start again: a fresh session knows no password and no operator.
  app.session.close();
  expect(isEncryptedFile(app.runtime.ctx.databaseFile)).toBe(true);
  const session = await new AppSession({
    dataDir: app.dataDir,
    migrationsFolder: MIGRATIONS_FOLDER,
  }).open();
  const host = await startHost({
    session,
    rendererDir: process.env.VL_RENDERER_DIR ?? path.join(REPO_ROOT, 'out', 'renderer'),
  });
  try {
    await page.goto(host.url);
    await expect(page.getByText('数据库已加密，请输入数据库密码。')).toBeVisible();
    await page.getByLabel('数据库密码').fill('杨柳村2025');
    await page.getByRole('button', { name: '打开台账' }).click();
    await expect(page.getByText('数据库密码不对，请重新输入。')).toBeVisible();
    await page.getByLabel('数据库密码').fill('杨柳村2026');
    await page.getByRole('button', { name: '打开台账' }).click();

    await expect(page.getByText('这里只是记录是谁在操作，不是密码')).toBeVisible();
    await page.getByPlaceholder('填写您的姓名').fill('李会计');
    await page.getByRole('button', { name: '开始使用' }).click();
    await expect(page.getByRole('tree')).toContainText('杨柳村');
    expect(session.operator).toBe('李会计');
  } finally {
    await host.close();
    session.close();
  }
});
