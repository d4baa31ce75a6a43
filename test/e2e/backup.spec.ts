import fs from 'node:fs';
import path from 'node:path';
import { isEncryptedFile } from '../../db/cipher';
import type { BackupJobStatus } from '../../electron/api/backup-types';
import type { GridNode } from '../../electron/api/types';
import { makeTempDir } from '../fixtures/temp-dir';
import { expect, test } from './fixtures';
import { must, seedVillage } from './village-seed';

const names = (nodes: GridNode[]): string[] =>
  nodes.flatMap((node) => [node.name, ...names(node.children)]);

test('立即备份 appears in the list; a grid made after it is gone once that backup is restored', async ({
  page,
  app,
}) => {
  await seedVillage(app.session.ctx, ['zhang']);
  await page.goto(app.url);
  await page.getByRole('menuitem', { name: '设置' }).click();
  await page.getByRole('tab', { name: '备份与恢复' }).click();
  const main = page.locator('main');
  await expect(main).toContainText('每天第一次打开程序时');
  await expect(main.getByRole('cell', { name: '还没有备份' })).toBeVisible();

  // 立即备份: the job finishes, names its file, and the list shows it.
  await main.getByRole('button', { name: /立即备份$/ }).click();
  const done = main.locator('.ant-alert-success', { hasText: '备份完成' });
  await expect(done).toBeVisible();
  const backups = path.join(app.dataDir, 'backups');
  const [written] = fs.readdirSync(backups);
  expect(written).toMatch(/^手动-\d{8}-\d{6}\.vlbak$/);
  await expect(done).toContainText(path.join(backups, written!));
  const row = main.locator('.ant-table-row', { hasText: written! });
  await expect(row).toContainText('立即备份');

  // A grid made after the backup.
  await must(app.session.ctx, 'grids.create', { parentId: 3, level: 'group', name: '三组' });
  expect(names(await must<GridNode[]>(app.session.ctx, 'grids.tree', {}))).toContain('三组');

  // 恢复: the check says what the backup holds before anything changes.
  await row.getByRole('button', { name: `恢复 ${written}` }).click();
  // The restore dialog (restore-dialog.tsx): a grid is not in the loss list, so no tick is asked.
  const confirm = page.locator('.ant-modal', { hasText: '用这份备份恢复数据？' });
  await expect(confirm).toContainText('网格 5，农户 1，成员 1，网格员 1');
  await expect(confirm).toContainText('恢复前，程序会先把现在的数据另存一份');
  await confirm.getByRole('button', { name: '恢复', exact: true }).click();
  const restored = page.locator('.ant-modal-confirm', { hasText: '已恢复' });
  await expect(restored).toContainText('恢复前的数据已备份到：');
  await restored.getByRole('button', { name: '知道了' }).click();

  // The page reloads on the restored database: 三组 is gone, the 恢复前 copy is listed.
  await page.getByRole('menuitem', { name: '设置' }).click();
  await page.getByRole('tab', { name: '备份与恢复' }).click();
  await expect(main.locator('.ant-table-row', { hasText: '恢复前' })).toBeVisible();
  expect(names(await must<GridNode[]>(app.session.ctx, 'grids.tree', {}))).not.toContain('三组');
  const after = fs.readdirSync(backups).sort();
  expect(after).toHaveLength(2);
  expect(after.some((name) => name.startsWith('恢复前-'))).toBe(true);
});

test('备份到 U 盘: a missing folder is named; an existing one gets 村级网格台账备份-<time>.vlbak', async ({
  page,
  app,
}) => {
  await seedVillage(app.session.ctx, []);
  await page.goto(app.url);
  await page.getByRole('menuitem', { name: '设置' }).click();
  await page.getByRole('tab', { name: '备份与恢复' }).click();
  const main = page.locator('main');
  const usb = path.join(app.dataDir, 'U盘');
  await main.getByLabel('备份文件夹').fill(usb);
  await main.getByRole('button', { name: '开始备份' }).click();
  await expect(main).toContainText(`备份文件夹不存在：${usb}`);

  fs.mkdirSync(usb);
  await main.getByRole('button', { name: '开始备份' }).click();
  await expect(main.locator('.ant-alert-success', { hasText: '备份完成' })).toBeVisible();
  const [file] = fs.readdirSync(usb);
  expect(file).toMatch(/^村级网格台账备份-\d{8}-\d{6}\.vlbak$/);
  await expect(main).toContainText(path.join(usb, file!));
});

test('a plain USB backup restored onto a database with a password: the dialog says the password stays, and it does', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  await seedVillage(app.session.ctx, ['zhang']);
  const usb = makeTempDir('vl-e2e-usb-');
  try {
    // Made before the password was set: a plain backup on the stick.
    const { jobId } = await must<{ jobId: string }>(app.session.ctx, 'backup.start', {
      folder: usb.dir,
    });
    let status: BackupJobStatus;
    do {
      await new Promise((resolve) => setImmediate(resolve));
      status = await must<BackupJobStatus>(app.session.ctx, 'backup.status', { jobId });
    } while (status.state === 'running');
    expect(status.message).toBeNull();
    await must(app.session.ctx, 'security.setPassword', { next: '村委会密码2026' });

    await page.goto(app.url);
    await page.getByRole('menuitem', { name: '设置' }).click();
    await page.getByRole('tab', { name: '备份与恢复' }).click();
    const main = page.locator('main');
    await main.getByLabel('备份文件路径').fill(status.file!);
    await main.getByRole('button', { name: '检查并恢复' }).click();
    const confirm = page.locator('.ant-modal', { hasText: '用这份备份恢复数据？' });
    await expect(confirm).toContainText('未加密');
    await expect(confirm.locator('.ant-alert-warning')).toContainText(
      '这份备份没有加密。恢复后数据库仍由当前的数据库密码保护：恢复时会用当前密码把它加密，打开时仍输入当前密码。',
    );
    await confirm.getByRole('button', { name: '恢复', exact: true }).click();
    const restored = page.locator('.ant-modal-confirm', { hasText: '已恢复' });
    await restored.getByRole('button', { name: '知道了' }).click();

    // The attack was a plain file afterwards: it stays encrypted with the same password.
    expect(app.session.status()).toMatchObject({ locked: false, encrypted: true });
    expect(app.session.key).toBe('村委会密码2026');
    expect(isEncryptedFile(app.session.ctx.databaseFile)).toBe(true);
  } finally {
    usb.cleanup();
  }
});
