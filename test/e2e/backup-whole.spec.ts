import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { idCheckChar } from '../../electron/api/id-number';
import type { ArchiveItem, ExportResult, VerifyResult } from '../../electron/api/archive-types';
import type { BackupJobStatus } from '../../electron/api/backup-types';
import type { NoticeIssued } from '../../electron/api/notices-types';
import type { ServiceContext } from '../../electron/services/context';
import { startHost } from '../../electron/host/server';
import { AppSession } from '../../electron/services/session';
import { makeTempDir, MIGRATIONS_FOLDER, REPO_ROOT } from '../fixtures/temp-dir';
import { E2E_OPERATOR, expect, test } from './fixtures';
import { PrintingPage } from './printing-page';
import { day, must, seedVillage, today } from './village-seed';

/**
 * Whole backups end to end (issue 13): a backup to a USB stick rebuilds the office on a new PC
 * through the first-run screen, and a restore of an older backup lists what would be lost
 * before it replaces anything.
 */

const SCREENS = process.env.VL_SCREENS_DIR ?? path.join(REPO_ROOT, 'test-results', 'screens');

/** What the clerk sees now at 1366×768 (the whole page when `fullPage`), once dialogs stop zooming. */
async function screen(page: Page, name: string, fullPage = false): Promise<void> {
  await expect(page.locator('.ant-zoom-appear, .ant-zoom-enter, .ant-fade-appear')).toHaveCount(0);
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `backup-whole-${name}.png`), fullPage });
}

const id = (first17: string) => first17 + idCheckChar(first17);

/** 杨柳村 with 全宗号 Z109, a monitoring household identified 3 days ago, its notice issued and filed. */
async function villageWithNotice(
  ctx: ServiceContext,
): Promise<{ notice: NoticeIssued; item: ArchiveItem }> {
  await seedVillage(ctx, ['zhang']);
  await must(ctx, 'settings.update', { fondsCode: 'Z109' });
  await must(ctx, 'households.create', {
    gridId: 4,
    householdType: '脱贫户',
    monitorCategory: '边缘易致贫户',
    identifiedDate: day(ctx, -3),
    members: [{ name: '孙七', idNumber: id('53252919660606003'), sex: '男', relation: '本人' }],
  });
  const notice = await must<NoticeIssued>(ctx, 'notices.issue', {
    kind: '监测对象识别认定公示',
    from: day(ctx, -30),
    to: today(ctx),
  });
  const item = await must<ArchiveItem>(ctx, 'archive.fileDocument', {
    documentId: notice.documentId,
  });
  return { notice, item };
}

/** A second web host on its own, empty data folder: the new PC. */
async function newPc() {
  const temp = makeTempDir('vl-e2e-newpc-');
  const session = await new AppSession({
    dataDir: temp.dir,
    migrationsFolder: MIGRATIONS_FOLDER,
    operator: E2E_OPERATOR,
  }).open();
  const host = await startHost({
    session,
    rendererDir: process.env.VL_RENDERER_DIR ?? path.join(REPO_ROOT, 'out', 'renderer'),
  });
  return {
    url: host.url,
    dataDir: temp.dir,
    session,
    close: async () => {
      await host.close();
      session.close();
      temp.cleanup();
    },
  };
}

async function openBackupTab(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('menuitem', { name: '设置' }).click();
  await page.getByRole('tab', { name: '备份与恢复' }).click();
}

test('a USB backup restored on a new PC through the first-run screen gives back the notice PDF and an archive that exports and verifies', async ({
  page,
  app,
}) => {
  test.setTimeout(180_000);
  const { notice, item } = await villageWithNotice(app.session.ctx);
  const year = today(app.session.ctx).slice(0, 4);

  // The office PC: 备份到 U 盘, with progress, into a folder standing for the stick.
  const usb = path.join(makeTempDir('vl-e2e-usb-').dir);
  await openBackupTab(page, app.url);
  const main = page.locator('main');
  await expect(main).toContainText('照片、问题附件、已发布的公示和明白纸、归档原件');
  await main.getByLabel('备份文件夹').fill(usb);
  await main.getByRole('button', { name: '开始备份' }).click();
  await expect(main.locator('.ant-alert-success', { hasText: '备份完成' })).toBeVisible();
  const [backupName] = fs.readdirSync(usb).filter((name) => name.startsWith('村级网格台账备份-'));
  expect(backupName).toBeDefined();
  const backupFile = path.join(usb, backupName!);
  await screen(page, '1-backup-to-usb', true);

  // The new PC: an empty data folder, so the first-run screen, which offers 从备份恢复.
  const pc = await newPc();
  try {
    await page.goto(pc.url);
    // The welcome text's link brings the card (below the village form) into view.
    const card = page.locator('.ant-card', { hasText: '从备份恢复' });
    await page.getByText('「从备份恢复」', { exact: true }).click();
    await expect(card.getByRole('button', { name: '检查备份' })).toBeInViewport();
    await expect(card).toContainText('数据库和照片、附件、已发布的公示、归档原件一起回来');
    await card.getByRole('button', { name: '检查备份' }).click();
    await expect(card).toContainText('请填写备份文件的完整路径');
    await card.getByLabel('备份文件').fill(path.join(usb, 'no-such-file.vlbak'));
    await card.getByRole('button', { name: '检查备份' }).click();
    await expect(card.locator('.ant-alert-error')).toContainText('找不到备份文件');
    await card.getByLabel('备份文件').fill(backupFile);
    await screen(page, '2-first-run-restore', true);
    await card.getByRole('button', { name: '检查备份' }).click();

    // The check says what the backup holds; the empty 台账 loses nothing, so no tick is asked.
    const dialog = page.locator('.ant-modal', { hasText: '用这份备份恢复数据？' });
    await expect(dialog).toContainText('网格 5，农户 2');
    await expect(dialog).toContainText('归档文件 1');
    await expect(dialog).toContainText('现在的台账还是空的，恢复不会丢失任何数据');
    await expect(dialog.getByRole('checkbox')).toHaveCount(0);
    await screen(page, '3-first-run-check');
    await dialog.getByRole('button', { name: '恢复', exact: true }).click();
    const done = page.locator('.ant-modal-confirm', { hasText: '已从备份恢复' });
    await expect(done).toContainText('网格 5，农户 2，网格员 1，归档文件 1');
    await done.getByRole('button', { name: '开始使用' }).click();

    // The app opens on the restored data: the notice's stored PDF opens from 公示公告.
    await expect(page.getByRole('menuitem', { name: '公示公告' })).toBeVisible();
    const ui = new PrintingPage(page, pc.dataDir);
    await ui.open(pc.url, '公示公告');
    const row = ui.row(ui.main(), notice.number);
    await expect(row).toContainText('已归档');
    const pdf = await ui.pdfFromTab(() =>
      row.getByRole('button', { name: `打开${notice.number}` }).click(),
    );
    const { text } = ui.readPdf(pdf);
    expect(text.replace(/\s+/g, '')).toContain('识别认定公示');
    expect(text).toContain('孙七');
    await screen(page, '4-new-pc-notices');

    // The filed original came along: the year exports and the package verifies.
    const ctx = pc.session.ctx;
    const out = path.join(pc.dataDir, 'handover');
    fs.mkdirSync(out);
    const exported = await must<ExportResult>(ctx, 'archive.export', {
      year: Number(year),
      folder: out,
    });
    expect(exported.items).toBe(1);
    const verified = await must<VerifyResult>(ctx, 'archive.verify', { path: exported.folder });
    expect(verified.ok).toBe(true);
    expect(verified.catalogue.agree).toBe(true);
    const catalogue = await must<{ archivalCode: string }[]>(ctx, 'archive.catalogue', {
      year: Number(year),
    });
    expect(catalogue.map((c) => c.archivalCode)).toEqual([item.archivalCode]);
  } finally {
    await pc.close();
    fs.rmSync(usb, { recursive: true, force: true });
  }
});

async function backupInDataFolder(ctx: () => ServiceContext): Promise<string> {
  const { jobId } = await must<{ jobId: string }>(ctx(), 'backup.start', {});
  for (;;) {
    const status = await must<BackupJobStatus>(ctx(), 'backup.status', { jobId });
    if (status.state === 'failed') throw new Error(status.message ?? 'backup failed');
    if (status.state === 'done') return path.basename(status.file!);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test('restoring an older backup lists the notices, items and households it would drop, asks for a tick, and the next notice number continues', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  const ctx = () => app.session.ctx;
  await seedVillage(ctx(), ['zhang']);
  await must(ctx(), 'settings.update', { fondsCode: 'Z109' });
  const older = await backupInDataFolder(ctx);

  // After the backup: a household, its 识别认定公示 issued and filed.
  await must(ctx(), 'households.create', {
    gridId: 4,
    householdType: '脱贫户',
    householdNo: 'HH-0009',
    monitorCategory: '边缘易致贫户',
    identifiedDate: day(ctx(), -3),
    members: [{ name: '孙七', idNumber: id('53252919660606003'), sex: '男', relation: '本人' }],
  });
  const notice = await must<NoticeIssued>(ctx(), 'notices.issue', {
    kind: '监测对象识别认定公示',
    from: day(ctx(), -30),
    to: today(ctx()),
  });
  const item = await must<ArchiveItem>(ctx(), 'archive.fileDocument', {
    documentId: notice.documentId,
  });
  const year = notice.year;

  await openBackupTab(page, app.url);
  const main = page.locator('main');
  await main.getByRole('button', { name: `恢复 ${older}` }).click();
  const dialog = page.locator('.ant-modal', { hasText: '用这份备份恢复数据？' });
  const loss = dialog.getByTestId('restore-loss');
  await expect(loss).toContainText('恢复后将丢失');
  await expect(loss).toContainText(`已发布公示 1 份：${notice.number}《${notice.title}》`);
  await expect(loss).toContainText(`已归档文件 1 件：档号 ${item.archivalCode}`);
  await expect(loss).toContainText('农户 1 户：户主 孙七（户编号 HH-0009）');
  await expect(loss).toContainText(`已发过的最大号 ${notice.number} 之后`);
  // 恢复 waits for the tick.
  const restore = dialog.getByRole('button', { name: '恢复', exact: true });
  await expect(restore).toBeDisabled();
  await screen(page, '5-restore-loss');
  await dialog.getByRole('checkbox', { name: /知道恢复后这些数据会丢失/ }).check();
  await expect(restore).toBeEnabled();
  await restore.click();
  const done = page.locator('.ant-modal-confirm', { hasText: '已恢复' });
  await expect(done).toContainText('恢复前的数据已备份到：');
  await done.getByRole('button', { name: '知道了' }).click();
  await expect(page.getByRole('menuitem', { name: '设置' })).toBeVisible();

  // The restored data has no notice and no household 孙七; the number posted stays used.
  expect(ctx().sqlite.prepare('SELECT count(*) AS n FROM notices').get()).toEqual({ n: 0 });
  await must(ctx(), 'households.create', {
    gridId: 4,
    householdType: '脱贫户',
    monitorCategory: '边缘易致贫户',
    identifiedDate: day(ctx(), -2),
    members: [{ name: '周八', idNumber: id('53252919660707005'), sex: '男', relation: '本人' }],
  });
  const next = await must<NoticeIssued>(ctx(), 'notices.issue', {
    kind: '监测对象识别认定公示',
    from: day(ctx(), -30),
    to: today(ctx()),
  });
  expect(next.year).toBe(year);
  expect(next.serial).toBe(notice.serial + 1);
});

test('an encrypted USB backup asks for its password on the first-run screen, and the restored 台账 keeps it', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  await seedVillage(app.session.ctx, ['zhang']);
  await must(app.session.ctx, 'security.setPassword', { next: '村委会密码2026' });
  const usb = makeTempDir('vl-e2e-usb-').dir;
  const { jobId } = await must<{ jobId: string }>(app.session.ctx, 'backup.start', {
    folder: usb,
  });
  let status: BackupJobStatus;
  do {
    await new Promise((resolve) => setImmediate(resolve));
    status = await must<BackupJobStatus>(app.session.ctx, 'backup.status', { jobId });
  } while (status.state === 'running');
  expect(status.message).toBeNull();

  const pc = await newPc();
  try {
    await page.goto(pc.url);
    const card = page.locator('.ant-card', { hasText: '从备份恢复' });
    await card.getByLabel('备份文件').fill(status.file!);
    await card.getByRole('button', { name: '检查备份' }).click();
    await expect(card.locator('.ant-alert-error')).toContainText(
      '备份文件已加密，请填写做这份备份时的数据库密码',
    );
    await card.getByLabel('备份的数据库密码').fill('不是这个密码');
    await card.getByRole('button', { name: '检查备份' }).click();
    await expect(card.locator('.ant-alert-error')).toContainText('密码不对');
    await card.getByLabel('备份的数据库密码').fill('村委会密码2026');
    await card.getByRole('button', { name: '检查备份' }).click();
    const dialog = page.locator('.ant-modal', { hasText: '用这份备份恢复数据？' });
    await expect(dialog).toContainText('已加密');
    // Said before the clerk confirms (issue 14 item 4): the backup's password stays.
    await expect(dialog.locator('.ant-alert-warning')).toContainText(
      '这份备份已加密，当前数据库没有设密码。恢复后数据库使用这份备份的密码，以后打开时要输入它。',
    );
    await expect(card.locator('.ant-alert-error')).toHaveCount(0);
    await dialog.getByRole('button', { name: '恢复', exact: true }).click();
    await page
      .locator('.ant-modal-confirm', { hasText: '已从备份恢复' })
      .getByRole('button', { name: '开始使用' })
      .click();
    // Straight into the app (the session holds the backup's password), on the restored data.
    await expect(page.getByRole('menuitem', { name: '网格花名册' })).toBeVisible();
    await expect(page.getByRole('tree')).toContainText('杨柳村');
    expect(pc.session.status().encrypted).toBe(true);
  } finally {
    await pc.close();
    fs.rmSync(usb, { recursive: true, force: true });
  }
});

test('a backup of the earlier version (.db) is listed and checked as holding the database only', async ({
  page,
  app,
}) => {
  await seedVillage(app.session.ctx, ['zhang']);
  const backups = path.join(app.dataDir, 'backups');
  fs.mkdirSync(backups, { recursive: true });
  const old = '手动-20260101-120000.db';
  app.session.ctx.sqlite.prepare('VACUUM INTO ?').run(path.join(backups, old));

  await openBackupTab(page, app.url);
  const row = page.locator('main .ant-table-row', { hasText: old });
  await expect(row).toContainText('只有数据库（旧版）');
  await row.getByRole('button', { name: `恢复 ${old}` }).click();
  const dialog = page.locator('.ant-modal', { hasText: '用这份备份恢复数据？' });
  await expect(dialog).toContainText('没有（旧版备份，只有数据库）');
  await expect(dialog).toContainText('这是旧版本做的备份，只有数据库');
  // The same data as now: nothing to lose, so no tick is asked.
  await expect(dialog).toContainText('恢复后不会丢失它们');
  await expect(dialog.getByRole('button', { name: '恢复', exact: true })).toBeEnabled();
  await screen(page, '6-old-database-only');
  await dialog.getByRole('button', { name: '不恢复' }).click();
  await expect(dialog).toBeHidden();
});
