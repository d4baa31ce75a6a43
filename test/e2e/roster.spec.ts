import fs from 'node:fs';
import path from 'node:path';
import { idCheckChar } from '../../electron/api/id-number';
import { dispatch } from '../../electron/services/dispatch';
import { expect, PIXEL_PNG, test } from './fixtures';
import { RosterPage } from './roster-page';
import { chooseOption } from './select';

const id = (first17: string) => first17 + idCheckChar(first17);

test('add a grid, a worker with a role, a household with two members, and find a member by pinyin initials', async ({
  page,
  app,
}) => {
  await dispatch(app.runtime.ctx, 'setup.createVillage', {
    county: '石门县',
    township: '柳湾镇',
    village: '杨柳村',
    groups: ['一组', '二组'],
  });
  const roster = new RosterPage(page);
  await roster.open(app.url);

  // A new group grid under the village.
  await roster.selectGrid('杨柳村');
  await page.getByRole('button', { name: '新增下级' }).click();
  await roster.dialog().getByLabel('网格名称').fill('三组');
  await roster.dialog().getByRole('button', { name: '确定' }).click();
  await expect(roster.tree()).toContainText('三组（村民小组）');

  // A worker.
  await page.getByRole('button', { name: '网格员' }).click();
  await page.getByRole('button', { name: '新增网格员' }).click();
  await page.getByLabel('网格员姓名').fill('李建国');
  await page.getByLabel('网格员电话').fill('13800138000');
  await page.getByLabel('职务').fill('村民小组长');
  await roster.dialog().getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('李建国（村民小组长）')).toBeVisible();
  await expect(page.getByText('138****8000')).toBeVisible();
  // His photo, kept in the data folder.
  await page
    .locator('input[type=file][accept=".jpg,.jpeg,.png"]')
    .setInputFiles({ name: '照片.png', mimeType: 'image/png', buffer: PIXEL_PNG });
  await expect(
    page.getByAltText('网格员照片').locator('img').or(page.locator('img[alt="网格员照片"]')),
  ).toHaveAttribute('src', /^data:image\/png;base64,/);
  expect(fs.readdirSync(path.join(app.dataDir, 'photos'))).toHaveLength(1);

  // His role in the new grid.
  await roster.selectGrid('三组');
  await page.getByRole('button', { name: '安排分工' }).click();
  await chooseOption(roster.dialog().getByLabel('网格员'), '李建国');
  await roster.dialog().getByRole('button', { name: '确定' }).click();
  await expect(page.getByRole('button', { name: '李建国' })).toBeVisible();

  // A household with two members.
  await page.getByRole('button', { name: '新增农户' }).click();
  await page.getByLabel('联系电话').fill('13912345678');
  await page.getByLabel('成员 1 姓名').fill('张三');
  await roster.pick('成员 1 性别', '男');
  await page.getByLabel('成员 1 身份证号').fill(id('53252919700101001'));
  await page.getByRole('button', { name: '增加成员' }).click();
  await page.getByLabel('成员 2 姓名').fill('王芳');
  await roster.pick('成员 2 性别', '女');
  await page.getByLabel('成员 2 身份证号').fill(id('53252919720305002'));
  await roster.pick('成员 2 与户主关系', '配偶');
  await page.getByRole('button', { name: '保存农户' }).click();
  await expect(page.getByText('张三户', { exact: true })).toBeVisible();
  await expect(page.getByText('家庭成员（2 人）')).toBeVisible();
  // The ID is masked until revealed.
  await expect(page.getByText('532529********0014')).toBeVisible();

  // Find the spouse by her initials.
  await roster.selectGrid('一组');
  await chooseOption(page.getByLabel('查找农户或成员'), '王芳', 'wf');
  await expect(page.getByText('张三户', { exact: true })).toBeVisible();

  // And the database agrees.
  const rows = app.runtime.ctx.sqlite
    .prepare(
      'SELECT m.name, g.name AS grid FROM members m JOIN household_grids hg ON hg.household_id = m.household_id JOIN grids g ON g.id = hg.grid_id ORDER BY m.id',
    )
    .all();
  expect(rows).toEqual([
    { name: '张三', grid: '三组' },
    { name: '王芳', grid: '三组' },
  ]);
});

test('a grid with households cannot be deleted, and says why', async ({ page, app }) => {
  await dispatch(app.runtime.ctx, 'setup.createVillage', {
    county: '石门县',
    township: '柳湾镇',
    village: '杨柳村',
    groups: ['一组'],
  });
  await dispatch(app.runtime.ctx, 'households.create', {
    gridId: 4,
    householdType: '一般农户',
    members: [{ name: '张三', sex: '男', idNumber: id('53252919700101001'), relation: '本人' }],
  });
  const roster = new RosterPage(page);
  await roster.open(app.url);
  await roster.selectGrid('一组');
  await page.getByRole('button', { name: '删除' }).click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: '删除' }).click();
  await expect(page.getByText('「一组」下还有 1 户农户，不能删除')).toBeVisible();
  await expect(roster.tree()).toContainText('一组');
});
