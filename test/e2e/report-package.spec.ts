import fs from 'node:fs';
import path from 'node:path';
import { ZipReader } from '../../electron/services/archive/zip-reader';
import { manifestSchema, PACKAGE_PRIVACY_NOTE } from '../../electron/services/reporting/format';
import { decryptPackage } from '../../electron/services/reporting/package/crypto';
import { expect, test } from './fixtures';
import { seedVillage } from './village-seed';

/**
 * 统计报表 → 上报包 (docs/domain.md §11): the clerk picks the month, sets a password twice, sees
 * the internal-use sentence and gets the encrypted package, which opens with that password and
 * names the village.
 */
test('上报包: a password entered twice, the privacy sentence on screen, an encrypted file that opens', async ({
  page,
  app,
}) => {
  await seedVillage(app.runtime.ctx, ['zhang', 'li']);
  await page.goto(`${app.url}#/reports`);
  await page.getByRole('tab', { name: '上报包' }).click();
  await expect(page.getByText(PACKAGE_PRIVACY_NOTE)).toBeVisible();

  await page.getByLabel('密码（可不填）').fill('村里的密码123');
  await page.getByLabel('再输一次密码').fill('村里的密码124');
  await page.getByRole('button', { name: '生成上报包' }).click();
  await expect(page.getByText('两次输入的密码不一致')).toBeVisible();

  await page.getByLabel('再输一次密码').fill('村里的密码123');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '生成上报包' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^上报包_杨柳村_\d{4}-\d{2}\.vlrp$/);
  await expect(page.getByText(/已生成「上报包_杨柳村_.*（已加密）/)).toBeVisible();
  await expect(page.getByText(/农户 2；/)).toBeVisible();

  const file = path.join(app.dataDir, 'package.vlrp');
  await download.saveAs(file);
  const zipFile = path.join(app.dataDir, 'package.zip');
  fs.writeFileSync(zipFile, decryptPackage(fs.readFileSync(file), '村里的密码123'));
  const zip = await ZipReader.open(zipFile);
  try {
    const entry = zip.entries.find((e) => e.name === 'manifest.json')!;
    const manifest = manifestSchema.parse(JSON.parse((await zip.buffer(entry)).toString('utf8')));
    expect(manifest.village.name).toBe('杨柳村');
    expect(manifest.counts.households).toBe(2);
  } finally {
    await zip.close();
  }
});
