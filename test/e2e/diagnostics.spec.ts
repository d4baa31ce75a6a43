import path from 'node:path';
import { ZipReader } from '../../electron/services/archive/zip-reader';
import { householdInput } from '../fixtures/people';
import { call, GRID, VILLAGE } from '../fixtures/village';
import { expect, test } from './fixtures';

test('导出诊断信息 downloads a zip with versions and checks, and none of the households’ data', async ({
  page,
  app,
}) => {
  await call(app.runtime.ctx, 'setup.createVillage', VILLAGE);
  const household = householdInput(GRID.group1, 1, { address: '柳湾镇杨柳村一组 18 号' });
  await call(app.runtime.ctx, 'households.create', household);

  await page.goto(`${app.url}#/settings`);
  await page.getByRole('tab', { name: '诊断信息' }).click();
  await expect(page.getByText('不含身份证号、电话、姓名等个人信息')).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出诊断信息' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^诊断信息-\d{8}-\d{6}\.zip$/);
  const file = path.join(app.dataDir, 'diagnostics.zip');
  await download.saveAs(file);

  const zip = await ZipReader.open(file);
  try {
    const names = zip.entries.map((e) => e.name);
    expect(names).toContain('诊断信息.txt');
    const text = (await zip.buffer(zip.entries.find((e) => e.name === '诊断信息.txt')!)).toString(
      'utf8',
    );
    expect(text).toContain('村级网格台账');
    expect(text).toMatch(/SQLite/);
    const everything = (
      await Promise.all(zip.entries.map(async (e) => (await zip.buffer(e)).toString('utf8')))
    ).join('\n');
    const people = household.members.flatMap((m) => [m.name, m.idNumber]);
    for (const secret of [...people, household.phone, '柳湾镇杨柳村一组 18 号']) {
      expect(everything).not.toContain(secret);
    }
  } finally {
    await zip.close();
  }
});
