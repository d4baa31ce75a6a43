import { expect, test } from './fixtures';
import { RosterPage } from './roster-page';
import { must, seedVillage } from './village-seed';

// Issue 15 item 3: the 网格员 page shows one page at a time and searches in the service (a
// county has thousands of workers); the total is the service's.

const STEMS = '甲乙丙丁戊己庚辛壬癸';
const ORDINALS = '一二三四五六';

test('网格员 page: paged with the total, searched by initials or a phone’s last 4 digits, filtered by grid', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, []);
  // 60 more workers without roles, and 赵六, 二组's 网格员: 62 in all.
  for (let i = 0; i < 60; i++) {
    await must(ctx, 'workers.create', {
      name: `孙${STEMS[i % 10]}${ORDINALS[Math.floor(i / 10)]}`,
      sex: '女',
    });
  }
  const zhao = await must<{ id: number }>(ctx, 'workers.create', {
    name: '赵六',
    sex: '男',
    phone: '13912345678',
  });
  await must(ctx, 'roles.assign', {
    workerId: zhao.id,
    gridId: 5,
    role: '网格员',
    startDate: '2024-01-01',
  });

  const roster = new RosterPage(page);
  await roster.open(app.url);
  await page.getByRole('button', { name: '网格员' }).click();
  const card = page.locator('.ant-card').filter({ hasText: '新增网格员' });
  await expect(card).toContainText('网格员（62 人）');
  await expect(card).toContainText('共 62 人');
  const rows = card.locator('.ant-table-row');
  await expect(rows).toHaveCount(50);
  // The second page holds the rest.
  await card.locator('.ant-pagination-item').filter({ hasText: '2' }).click();
  await expect(rows).toHaveCount(12);

  const search = card.getByPlaceholder('姓名、拼音首字母或电话后 4 位');
  await search.fill('zl');
  await expect(card).toContainText('网格员（找到 1 人）');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('赵六');
  await expect(rows.first()).toContainText('二组·网格员');

  // A phone's last 4 digits; the list shows it masked.
  await search.fill('5678');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('139****5678');
  await expect(card).not.toContainText('13912345678');

  // A longer tail is refused in Chinese (it would read a masked number back).
  await search.fill('45678');
  await expect(card).toContainText('按号码查找请输入身份证号或电话的后 4 位，或完整号码');

  await search.fill('');
  await expect(card).toContainText('网格员（62 人）');
  await card.getByLabel('按网格筛选网格员', { exact: true }).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-tree-title')
    .getByText(/^一组（/)
    .click();
  await expect(card).toContainText('网格员（找到 1 人）');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('李建国');
  await expect(rows.first()).toContainText('一组·网格员');
});
