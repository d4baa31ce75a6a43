import fs from 'node:fs';
import path from 'node:path';
import type { ArchiveItem, ImportSummary } from '../../electron/api/archive-types';
import { ArchivePage } from './archive-page';
import { expect, PIXEL_PNG, test } from './fixtures';
import { must, seedVillage, today } from './village-seed';

/**
 * Numbers fixed once handed over, and removing a damaged import (docs/domain.md §6), at
 * 1366×768 in Chromium through the web host.
 */

test('删除已移交的归档文件: a reason is asked, the number stays empty, the later items keep theirs', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, ['zhang']);
  await must(ctx, 'settings.update', { fondsCode: 'Z109' });
  const year = Number(today(ctx).slice(0, 4));
  for (const title of [
    '[杨柳村网格员培训签到表]',
    '[杨柳村村民代表会议记录]',
    '[杨柳村民主评议记录]',
  ]) {
    await must(ctx, 'archive.fileUpload', {
      fileName: 'scan.png',
      data: PIXEL_PNG,
      title,
      date: today(ctx),
      category: '综合类',
    });
  }
  // Handed over in a package.
  await must(ctx, 'archive.export', { year, folder: path.join(app.dataDir, 'usb') });

  const ui = new ArchivePage(page);
  await ui.open(app.url);
  const first = `Z109-WS·${year}-D30-FFP-0001`;
  await expect(ui.item(first).getByLabel('已移交')).toBeVisible();
  await ui
    .item(first)
    .getByRole('button', { name: `删除${first}` })
    .click();
  const dialog = ui.dialog();
  await expect(dialog).toContainText('删除后件号 1 空着不再使用');
  // Without a reason: refused under the field, nothing deleted.
  await ui.button(dialog, '删除').click();
  await expect(dialog).toContainText('请写明删除原因');
  await dialog.getByLabel('删除原因').fill('与第 2 件重复扫描');
  await ui.submit('删除');
  await expect(ui.toast('已删除，件号空缺已记入备考表')).toBeVisible();
  await expect(ui.item(first)).toHaveCount(0);
  await expect(ui.item(`Z109-WS·${year}-D30-FFP-0002`)).toContainText('[杨柳村村民代表会议记录]');
  await expect(ui.item(`Z109-WS·${year}-D30-FFP-0003`)).toContainText('[杨柳村民主评议记录]');
  const rows = await must<ArchiveItem[]>(ctx, 'archive.list', { year });
  expect(rows.map((r) => r.itemNo)).toEqual([2, 3]);
});

test('导入的移交包: a damaged copy is deleted, then the intact copy imports', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, ['zhang']);
  await must(ctx, 'settings.update', { fondsCode: 'Z109' });
  const year = Number(today(ctx).slice(0, 4));
  await must(ctx, 'archive.fileUpload', {
    fileName: 'scan.png',
    data: PIXEL_PNG,
    title: '[杨柳村民主评议记录]',
    date: today(ctx),
    category: '精准识别类',
  });
  const intact = await must<{ folder: string }>(ctx, 'archive.export', {
    year,
    folder: path.join(app.dataDir, 'packages'),
  });
  const damaged = path.join(app.dataDir, 'damaged', path.basename(intact.folder));
  fs.cpSync(intact.folder, damaged, { recursive: true });
  fs.appendFileSync(path.join(damaged, '说明文件.TXT'), 'x');
  const bad = await must<ImportSummary>(ctx, 'archive.importPackage', { path: damaged });
  expect(bad.check.ok).toBe(false);

  const ui = new ArchivePage(page);
  await ui.open(app.url);
  await page.getByRole('tab', { name: '导入其他村的移交包' }).click();
  const pathField = ui.main().getByLabel('移交包的位置');
  await pathField.fill(intact.folder);
  await ui.button(ui.main(), '导入').click();
  await expect(ui.toast('但那一份校验未通过')).toBeVisible();

  await ui
    .main()
    .getByRole('button', { name: `删除导入的移交包${bad.id}` })
    .click();
  const confirm = ui.dialog();
  await expect(confirm).toContainText('删除后可以重新导入完好的那一份');
  await ui.button(confirm, '删除').click();
  await expect(ui.toast('已删除导入的移交包')).toBeVisible();
  expect(fs.existsSync(bad.folder)).toBe(false);

  await ui.button(ui.main(), '导入').click();
  await expect(ui.toast('移交包已导入')).toBeVisible();
  const row = ui.row(ui.main(), path.basename(intact.folder));
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('校验通过');
});
