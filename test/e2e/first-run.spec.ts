import { getSettings } from '../../electron/services/settings/settings';
import { expect, test } from './fixtures';
import { chooseOption } from './select';

test.describe('first run', () => {
  test('creates the village, and after a reload the grid tree shows it', async ({ page, app }) => {
    await page.goto(app.url);
    await page.getByLabel('县', { exact: true }).fill('石门县');
    await page.getByLabel('乡镇', { exact: true }).fill('柳湾镇');
    await page.getByLabel('村', { exact: true }).fill('杨柳村');
    await page.getByLabel('村民小组 1', { exact: true }).fill('上寨组');
    await page.getByLabel('村民小组 2', { exact: true }).fill('下寨组');
    await page.getByLabel('村民小组 3', { exact: true }).fill('河边组');
    await page.getByRole('button', { name: '建立网格' }).click();

    const tree = page.getByRole('tree');
    await expect(tree).toContainText('杨柳村');
    await page.reload();
    await expect(page.getByRole('tree')).toContainText('石门县');
    for (const name of ['柳湾镇', '杨柳村', '上寨组', '下寨组', '河边组']) {
      await expect(page.getByRole('tree')).toContainText(name);
    }
    // The browser's page and the database agree.
    const rows = app.runtime.ctx.sqlite.prepare('select name, level from grids order by id').all();
    expect(rows).toEqual([
      { name: '石门县', level: 'county' },
      { name: '柳湾镇', level: 'township' },
      { name: '杨柳村', level: 'village' },
      { name: '上寨组', level: 'group' },
      { name: '下寨组', level: 'group' },
      { name: '河边组', level: 'group' },
    ]);
  });

  test('an empty name gets a Chinese message and nothing is written', async ({ page, app }) => {
    await page.goto(app.url);
    await page.getByLabel('县', { exact: true }).fill('石门县');
    await page.getByLabel('村', { exact: true }).fill('杨柳村');
    await page.getByRole('button', { name: '建立网格' }).click();
    await expect(page.getByText(/请填写乡镇/).first()).toBeVisible();
    expect(app.runtime.ctx.sqlite.prepare('select count(*) n from grids').get()).toEqual({ n: 0 });
  });

  test('loads the demo village instead', async ({ page, app }) => {
    test.setTimeout(180_000);
    await page.goto(app.url);
    await page.getByRole('button', { name: '载入演示数据' }).click();
    // The seed is a background job: wait for its end, however busy the machine is.
    await expect(page.getByRole('tree')).toContainText('村民小组', { timeout: 120_000 });
    expect(
      app.runtime.ctx.sqlite.prepare("select count(*) n from grids where level = 'group'").get(),
    ).toEqual({ n: 10 });
  });
});

test('settings are saved and survive a reload', async ({ page, app }) => {
  app.runtime.ctx.sqlite.exec(
    "insert into grids (parent_id, level, name) values (null, 'county', '石门县')",
  );
  await page.goto(app.url);
  await page.getByRole('menuitem', { name: '设置' }).click();
  const cap = page.getByLabel('每个村组网格户数上限');
  await expect(cap).toHaveValue('100');
  await cap.fill('80');
  await page.getByLabel('全宗号').fill('Z109');
  await page.getByLabel('监督电话').fill('0871-1234567');
  await chooseOption(page.getByLabel('正文字体'), '仿宋（Windows）');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByText('设置已保存')).toBeVisible();
  await page.reload();
  await page.getByRole('menuitem', { name: '设置' }).click();
  await expect(page.getByLabel('每个村组网格户数上限')).toHaveValue('80');
  await expect(page.getByLabel('全宗号')).toHaveValue('Z109');
  await expect(page.getByLabel('监督电话')).toHaveValue('0871-1234567');
  expect(getSettings(app.runtime.ctx).printFonts).toEqual({ title: 'noto-sans', body: 'simfang' });
});
