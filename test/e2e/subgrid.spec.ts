import { idCheckChar } from '../../electron/api/id-number';
import { dispatch } from '../../electron/services/dispatch';
import { expect, test } from './fixtures';
import { RosterPage } from './roster-page';

const id = (first17: string) => first17 + idCheckChar(first17);

test('a 组内网格 under a 村民小组: created from the tree, a household added to it keeps 一组 as its group', async ({
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

  // Under a group the only level offered is 组内网格 (docs/domain.md §1).
  await roster.selectGrid('一组');
  await page.getByRole('button', { name: '新增下级' }).click();
  await expect(roster.dialog().getByText('组内网格')).toBeVisible();
  await roster.dialog().getByLabel('网格名称').fill('东片');
  await roster.dialog().getByRole('button', { name: '确定' }).click();
  await expect(roster.tree()).toContainText('东片（组内网格）');

  // Nothing goes under a 组内网格.
  await roster.selectGrid('东片');
  await expect(page.getByRole('button', { name: '新增下级' })).toBeDisabled();

  // A household in the 组内网格.
  await page.getByRole('button', { name: '新增农户' }).click();
  await page.getByLabel('联系电话').fill('13912345678');
  await page.getByLabel('成员 1 姓名').fill('张三');
  await roster.pick('成员 1 性别', '男');
  await page.getByLabel('成员 1 身份证号').fill(id('53252919700101001'));
  await page.getByRole('button', { name: '保存农户' }).click();
  await expect(page.getByText('张三户', { exact: true })).toBeVisible();

  // The group's list shows it as 一组·东片.
  await roster.selectGrid('一组');
  await expect(page.getByText('一组·东片', { exact: true })).toBeVisible();

  const row = app.runtime.ctx.sqlite
    .prepare(
      `SELECT g.name, g.level, p.name AS parent FROM household_grids hg
       JOIN grids g ON g.id = hg.grid_id JOIN grids p ON p.id = g.parent_id
       WHERE hg.end_date IS NULL`,
    )
    .get();
  expect(row).toEqual({ name: '东片', level: 'cell', parent: '一组' });
});
