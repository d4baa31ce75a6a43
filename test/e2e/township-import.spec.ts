import { AppSession } from '../../electron/services/session';
import { buildReportPackage } from '../../electron/services/reporting/package/write';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { expect, test } from './fixtures';
import { must, seedVillage } from './village-seed';

/**
 * 乡镇汇总库 end to end (docs/domain.md §11): first run makes the database a township workspace,
 * two villages' 上报包 (written by the real writer in the test's setup) are imported at once,
 * both villages show in 已导入的村 and in 导入记录; the village-only pages are gone and the
 * others say the data is read-only.
 */

/** The packages of 杨柳村 (two households) and 河口村 (one), made in a village database. */
async function villagePackages(): Promise<{ name: string; buffer: Buffer; mimeType: string }[]> {
  const temp = makeTempDir('vl-e2e-village-');
  const session = await new AppSession({
    dataDir: temp.dir,
    migrationsFolder: MIGRATIONS_FOLDER,
    operator: '村文书',
  }).open();
  try {
    const ctx = session.runtime!.ctx;
    await seedVillage(ctx, ['zhang', 'li']);
    const other = await must<{ id: number }>(ctx, 'grids.create', {
      parentId: 2,
      level: 'village',
      name: '河口村',
    });
    const group = await must<{ id: number }>(ctx, 'grids.create', {
      parentId: other.id,
      level: 'group',
      name: '河口一组',
    });
    await must(ctx, 'households.create', {
      gridId: group.id,
      householdType: '一般农户',
      members: [{ name: '王五', sex: '男', relation: '本人' }],
    });
    // Last month: the writer refuses a month that has not come yet.
    const now = ctx.now();
    const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
    const period = `${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, '0')}`;
    return [3, other.id].map((villageGridId) => {
      const built = buildReportPackage(ctx, { period, villageGridId });
      return {
        name: built.fileName,
        buffer: Buffer.from(built.bytes),
        mimeType: 'application/zip',
      };
    });
  } finally {
    session.close();
    temp.cleanup();
  }
}

test('a township workspace imports two villages and lists them with the import history', async ({
  page,
  app,
}) => {
  const packages = await villagePackages();

  await page.goto(app.url);
  await page.getByText('乡镇汇总库', { exact: true }).click();
  await page.getByLabel('县', { exact: true }).fill('石门县');
  await page.getByLabel('乡镇', { exact: true }).fill('柳湾镇');
  await page.getByRole('button', { name: '建立汇总库' }).click();

  // The roll-up opens on its own page; the village-only pages are not offered.
  await expect(page.getByRole('menuitem', { name: '乡镇汇总' })).toBeVisible();
  for (const name of ['明白纸', '公示公告', '档案管理']) {
    await expect(page.getByRole('menuitem', { name })).toHaveCount(0);
  }
  await expect(page.getByRole('tab', { name: '导入上报包' })).toBeVisible();

  await page.locator('input[type=file]').setInputFiles(packages);
  await page.getByRole('button', { name: /导入（2 个）/ }).click();
  const results = page.getByRole('region', { name: '导入结果' });
  await expect(results).toContainText('已导入', { timeout: 60_000 });
  await expect(results.getByText(/^已导入：/)).toHaveCount(2);

  await expect(page.locator('.ant-card', { hasText: '已导入的村' })).toContainText('杨柳村');
  await expect(page.locator('.ant-card', { hasText: '已导入的村' })).toContainText('河口村');
  const history = page.locator('.ant-card', { hasText: '导入记录' });
  await expect(history.locator('tbody tr')).toHaveCount(2);
  await expect(history).toContainText('测试员');

  // The database agrees: both villages under the workspace's 柳湾镇, households loaded.
  const loaded = app.runtime.ctx.sqlite
    .prepare(
      `SELECT g.name AS village, p.name AS township FROM report_villages rv
       JOIN grids g ON g.id = rv.grid_id JOIN grids p ON p.id = g.parent_id ORDER BY g.name`,
    )
    .all();
  expect(loaded).toEqual(
    [
      { village: '杨柳村', township: '柳湾镇' },
      { village: '河口村', township: '柳湾镇' },
    ].sort((a, b) => (a.village < b.village ? -1 : 1)),
  );
  expect(app.runtime.ctx.sqlite.prepare('SELECT count(*) FROM households').pluck().get()).toBe(3);

  // Other pages say the villages' data is read-only.
  await page.getByRole('menuitem', { name: '网格花名册' }).click();
  await expect(page.getByText('乡镇汇总库：各村数据只读')).toBeVisible();
  // …and offer no change the workspace would refuse: no grid toolbar, no 登记问题, and a
  // problem's drawer without 修改 / 删除 / 办结.
  await expect(page.getByRole('button', { name: '新增下级' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: '问题台账' }).click();
  await expect(page.getByText('乡镇汇总库：各村数据只读')).toBeVisible();
  await expect(page.getByRole('button', { name: '导出台账' })).toBeVisible();
  await expect(page.getByRole('button', { name: '登记问题' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '归档台账' })).toHaveCount(0);
});
