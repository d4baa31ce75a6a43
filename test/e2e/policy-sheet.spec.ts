import { idCheckChar } from '../../electron/api/id-number';
import { expect, test } from './fixtures';
import { PrintingPage } from './printing-page';
import { must, seedVillage, today } from './village-seed';

const id = (first17: string) => first17 + idCheckChar(first17);

/**
 * 申报政策明白纸 (docs/domain.md §9 「Publicity」) from the 明白纸 screen: a group's sheets
 * previewed and printed as one batch, the batch recorded as handed out, and the coverage
 * (发放 N / 共 M 户, who has none) following each record.
 */
test('print a group’s policy sheets, record the handout, see the coverage', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  // 一组 (grid 4): 张三, 李四 with 网格员 李建国; 二组 (grid 5): 赵六.
  const seeded = await seedVillage(ctx, ['zhang', 'li']);
  await must(ctx, 'households.create', {
    gridId: 5,
    householdType: '一般农户',
    members: [{ name: '赵六', idNumber: id('53252919810909007'), sex: '男', relation: '本人' }],
  });
  const iso = today(ctx);
  const year = Number(iso.slice(0, 4));
  await must(ctx, 'settings.update', { incomeLines: [{ year, amount: 8700 }] });

  const ui = new PrintingPage(page, app.dataDir);
  await ui.open(app.url, '明白纸');
  const panel = page.locator('.ant-card', { hasText: '申报政策明白纸' });
  await ui.pickGrid(panel, '政策明白纸网格', '一组');
  await expect(panel).toContainText('该网格及其下级共 2 户');
  await expect(panel).toContainText('本网格发放 0 / 共 2 户');

  // 预览: the first household's sheet alone; nothing stored.
  const preview = ui.readPdf(
    await ui.pdfFromTab(() => panel.getByRole('button', { name: /预览（张三）/ }).click()),
  );
  expect(preview.pages).toBe(1);
  expect(preview.text).toContain('防止返贫监测对象申报政策明白纸');
  expect(preview.text).toContain('12317');
  expect(preview.text).toContain('李建国');
  expect(ctx.sqlite.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: 0 });

  // 打印: one A4 page per household of 一组.
  await ui.button(panel, '打印政策明白纸').click();
  const done = panel.getByRole('alert').filter({ hasText: '已生成 2 户的申报政策明白纸' });
  await expect(done).toBeVisible();
  const batch = ui.readPdf(await ui.download(ui.button(done, '下载 PDF')));
  expect(batch.pages).toBe(2);
  expect(batch.text).toContain('张三');
  expect(batch.text).toContain('李四');
  expect(batch.text).not.toContain('赵六');
  expect(batch.text.replace(/\s+/g, ' ')).toContain(`${year} 年监测收入标准 8700 元`);

  // 整批记为已发放, the date typed as a clerk types it.
  const [y, m, d] = iso.split('-');
  await panel.getByLabel('发放日期', { exact: true }).fill(`${y}/${Number(m)}/${Number(d)}`);
  await panel.getByLabel('发放人', { exact: true }).fill('李建国');
  await expect(panel.getByLabel('打印批次', { exact: true }).locator('..')).toContainText(
    '已发放 0 / 2 户',
  );
  await ui.button(panel, '整批记为已发放').click();
  await expect(page.getByText('已记录 2 户已发放')).toBeVisible();
  await expect(panel).toContainText('本网格发放 2 / 共 2 户');
  await expect(panel).toContainText('已全部发放');

  // The village: 赵六 has none, then is recorded alone.
  await ui.pickGrid(panel, '政策明白纸网格', '杨柳村');
  await expect(panel).toContainText('本网格发放 2 / 共 3 户');
  await expect(panel.getByLabel('未发放农户')).toContainText('赵六');
  await ui.search(panel, '发放农户', '赵六', '赵六');
  await ui.button(panel, '记为已发放').click();
  await expect(panel).toContainText('本网格发放 3 / 共 3 户');

  // On the household's own page.
  await page.goto(`${app.url}#/roster?household=${seeded.zhang}`);
  await expect(page.locator('main')).toContainText(`政策明白纸${iso} 李建国 发放`);

  const rows = ctx.sqlite
    .prepare('SELECT handed_date AS d, handed_by AS b FROM policy_handouts ORDER BY id')
    .all();
  expect(rows).toEqual([
    { d: iso, b: '李建国' },
    { d: iso, b: '李建国' },
    { d: iso, b: '李建国' },
  ]);
});
