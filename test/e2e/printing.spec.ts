import { idCheckChar } from '../../electron/api/id-number';
import type { ServiceContext } from '../../electron/services/context';
import { expect, test } from './fixtures';
import { PrintingPage } from './printing-page';
import { chooseOption } from './select';
import { day, must, seedVillage, today } from './village-seed';

const id = (first17: string) => first17 + idCheckChar(first17);
/** Any 18-character ID number (GB 11643) in extracted text. */
const ID_NUMBER = /\d{17}[\dXx]/;

/** A one-person household (its head) in a grid, optionally a monitoring object. */
async function household(
  ctx: ServiceContext,
  gridId: number,
  head: { name: string; idNumber: string },
  monitor?: { category: string; identifiedDate: string; phone: string },
): Promise<number> {
  const created = await must<{ id: number }>(ctx, 'households.create', {
    gridId,
    householdType: monitor ? '脱贫户' : '一般农户',
    ...(monitor
      ? {
          monitorCategory: monitor.category,
          identifiedDate: monitor.identifiedDate,
          phone: monitor.phone,
        }
      : {}),
    members: [{ ...head, sex: '男', relation: '本人', health: '患有大病' }],
  });
  return created.id;
}

test('print the cards of one group grid: one A4 page per household, and 需要重印 follows a phone change', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  // 一组 (grid 4): 张三, 李四, 王五 with 网格员 李建国 and 网格长 王建华; 二组 (grid 5): 赵六.
  await seedVillage(ctx, ['zhang', 'li']);
  const leader = await must<{ id: number }>(ctx, 'workers.create', {
    name: '王建华',
    sex: '男',
    phone: '13812345678',
  });
  await must(ctx, 'roles.assign', {
    workerId: leader.id,
    gridId: 4,
    role: '网格长',
    startDate: '2024-01-01',
  });
  const wangId = id('53252919800808005');
  await household(ctx, 4, { name: '王五', idNumber: wangId });
  await household(ctx, 5, { name: '赵六', idNumber: id('53252919810909007') });

  const ui = new PrintingPage(page, app.dataDir);
  await ui.open(app.url, '明白纸');
  const printCard = page.locator('.ant-card', { hasText: '打印明白纸' });
  await ui.pickGrid(printCard, '打印网格', '一组');
  await expect(printCard).toContainText('该网格及其下级共 3 户');
  await expect(printCard.getByLabel('A4 一户一页')).toBeChecked();
  await ui.button(printCard, '打印').click();
  const done = printCard.getByRole('alert').filter({ hasText: '已生成 3 户的明白纸' });
  await expect(done).toBeVisible();
  await expect(ui.button(printCard, '打印')).toBeEnabled();

  // The stored PDF: one A4 page per household of 一组, each page one head, the workers'
  // phone on it, no ID number; 二组's 赵六 is not in this batch.
  const pdf = await ui.download(ui.button(done, '下载 PDF'));
  const { text, pages } = ui.readPdf(pdf);
  expect(pages).toBe(3);
  const heads = ['张三', '李四', '王五'];
  const pageTexts = ui.pageTexts(pdf);
  expect(pageTexts).toHaveLength(3);
  for (const pageText of pageTexts) {
    expect(heads.filter((head) => pageText.includes(head))).toHaveLength(1);
    expect(pageText).toContain('13812345678');
  }
  for (const head of heads) expect(text).toContain(head);
  expect(text).not.toContain('赵六');
  expect(text).not.toMatch(ID_NUMBER);
  expect(text).not.toContain('患有大病');

  // 打开 PDF: the web host's tab shows the very same stored file.
  const shown = await ui.pdfFromTab(() => ui.button(done, '打开 PDF').click());
  expect(shown.equals(pdf)).toBe(true);

  // 需要重印: only 赵六, never printed.
  const reprint = page.locator('.ant-card', { hasText: '需要重印' });
  await expect(reprint).toContainText('共 4 户：从未打印 1 户，内容有变化 0 户。');
  await expect(ui.row(reprint, '赵六')).toContainText('从未打印');
  await expect(ui.row(reprint, '张三')).toHaveCount(0);

  // The 网格长 gets a new phone: 一组's three cards now read differently.
  await must(ctx, 'workers.update', {
    id: leader.id,
    name: '王建华',
    sex: '男',
    phone: '13899998888',
  });
  await reprint.getByRole('button', { name: '刷新需要重印' }).click();
  await expect(reprint).toContainText('共 4 户：从未打印 1 户，内容有变化 3 户。');
  await ui.pickGrid(reprint, '需要重印的网格', '一组');
  for (const head of heads) await expect(ui.row(reprint, head)).toContainText('内容有变化');
  await expect(ui.row(reprint, '赵六')).toHaveCount(0);

  // 重印这些: exactly those three, with the new phone.
  await ui.button(reprint, '重印这些（3 户）').click();
  const reprinted = printCard.getByRole('alert').filter({ hasText: '已生成 3 户的明白纸' });
  await expect(reprinted).toBeVisible();
  const again = ui.readPdf(await ui.download(ui.button(reprinted, '下载 PDF')));
  expect(again.pages).toBe(3);
  expect(again.text).toContain('13899998888');
  expect(again.text).not.toContain('13812345678');
  await expect(reprint).toContainText('共 3 户：从未打印 0 户，内容有变化 0 户。');

  const prints = ctx.sqlite.prepare('SELECT count(*) AS n FROM card_prints').get();
  expect(prints).toEqual({ n: 3 });
});

test('issue a 监测对象识别认定公示: listed as 公示中, its PDF names the households and no ID number', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, ['zhang']);
  const sunId = id('53252919660606003');
  const zhouId = id('53252919770707001');
  await household(
    ctx,
    4,
    { name: '孙七', idNumber: sunId },
    { category: '边缘易致贫户', identifiedDate: day(ctx, -3), phone: '13900001111' },
  );
  await household(
    ctx,
    5,
    { name: '周八', idNumber: zhouId },
    { category: '突发严重困难户', identifiedDate: day(ctx, -2), phone: '13900002222' },
  );

  const ui = new PrintingPage(page, app.dataDir);
  await ui.open(app.url, '公示公告');
  await ui.button(ui.main(), '新建公示').click();
  const dialog = ui.dialog();
  await expect(dialog.getByLabel('公示类别', { exact: true })).toBeVisible();
  await expect(dialog.getByLabel('标题', { exact: true })).toHaveValue(/识别认定公示/);
  await expect(ui.row(dialog, '孙七')).toContainText('边缘易致贫户');
  await expect(ui.row(dialog, '周八')).toContainText('二组');
  // The default period: from today, 5 days.
  await expect(dialog.getByLabel('公示开始日期', { exact: true })).toHaveValue(today(ctx));
  await expect(dialog.getByLabel('公示结束日期', { exact: true })).toHaveValue(day(ctx, 4));

  // 周八 is taken off the list before issuing.
  await ui.row(dialog, '周八').getByRole('button', { name: /移除/ }).click();
  await expect(ui.row(dialog, '周八')).toHaveCount(0);
  await expect(dialog).toContainText('已移除 1 行');

  // 发布并打印: issued, then its stored PDF opens in a tab.
  const pdf = await ui.pdfFromTab(async () => {
    await ui.button(dialog, '发布并打印').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '发布' }).click();
  });
  const { text } = ui.readPdf(pdf);
  const flat = text.replace(/\s+/g, '');
  expect(flat).toContain('杨柳村防止返贫监测对象识别认定公示');
  expect(text).toContain('孙七');
  expect(text).toContain('边缘易致贫户');
  expect(text).not.toContain('周八');
  expect(flat).not.toMatch(ID_NUMBER);
  expect(flat).not.toContain(sunId.slice(-4) + sunId.slice(0, 6));
  expect(flat).not.toContain('13900001111');
  expect(flat).not.toContain('患有大病');

  // The list: number 1 of the year (〔2026〕1号, no 「第」), 公示中, and its PDF is the one stored.
  await expect(dialog).toBeHidden();
  const number = `〔${today(ctx).slice(0, 4)}〕1号`;
  const row = ui.row(ui.main(), number);
  await expect(row).toContainText('监测对象识别认定公示');
  await expect(row).toContainText(`${today(ctx)} 至 ${day(ctx, 4)}`);
  await expect(row.locator('.ant-tag')).toHaveText('公示中');
  const stored = await ui.download(row.getByRole('button', { name: `下载${number}` }));
  expect(stored.equals(pdf)).toBe(true);
  expect(ctx.sqlite.prepare('SELECT count(*) AS n FROM notices').get()).toEqual({ n: 1 });
});

test('a 帮扶措施公示 prints each measure by a public description, and a phone in the body is shown to fix before issuing', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, ['zhang']);
  await must(ctx, 'settings.update', {
    notices: { issuerCode: '杨柳村委发', healthMeasures: 'generic' },
  });
  const sun = await household(
    ctx,
    4,
    { name: '孙七', idNumber: id('53252919660606003') },
    { category: '边缘易致贫户', identifiedDate: day(ctx, -3), phone: '13900001111' },
  );
  for (const [category, content] of [
    ['产业', '白血病患儿家庭发展养殖补助'],
    ['健康', '尿毒症透析报销'],
  ] as const) {
    await must(ctx, 'measures.save', {
      householdId: sun,
      category,
      content,
      plannedDate: day(ctx, -1),
      status: '计划',
    });
  }

  const ui = new PrintingPage(page, app.dataDir);
  await ui.open(app.url, '公示公告');
  await ui.button(ui.main(), '新建公示').click();
  const dialog = ui.dialog();
  await chooseOption(dialog.getByLabel('公示类别', { exact: true }), '帮扶措施公示');
  await expect(dialog.getByLabel('标题', { exact: true })).toHaveValue(/帮扶措施公示/);
  // The measure's own content is not shown; its public description defaults to the category's name.
  const text = dialog.getByLabel('第 1 行措施公示内容');
  await expect(text).toHaveValue('产业帮扶');
  await expect(ui.row(dialog, '健康类，固定显示')).toContainText('健康帮扶');
  await expect(dialog).not.toContainText('白血病');
  await expect(dialog).not.toContainText('尿毒症');
  await text.fill('发展养殖，发放产业奖补');
  await dialog
    .getByLabel('正文', { exact: true })
    .fill('现将帮扶措施公示如下。联系人电话 13900001111。');

  // 预览: the PDF opens as typed, and the phone is listed to fix, under the 正文 field too.
  await ui.pdfFromTab(() => ui.button(dialog, '预览').click());
  const hits = dialog.getByRole('alert').filter({ hasText: '不宜公开' });
  await expect(hits).toContainText('正文：手机号码');
  await expect(hits).toContainText('139****1111');
  await expect(hits).not.toContainText('13900001111');
  await expect(dialog).toContainText('发布后编号为杨柳村委发〔');

  // Issuing is refused until it is fixed.
  await ui.button(dialog, '发布并打印').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '发布' }).click();
  await expect(
    dialog.getByRole('alert').filter({ hasText: '公示中有不宜公开的内容' }),
  ).toBeVisible();
  expect(ctx.sqlite.prepare('SELECT count(*) AS n FROM notices').get()).toEqual({ n: 0 });

  await dialog.getByLabel('正文', { exact: true }).fill('现将帮扶措施公示如下，接受群众监督。');
  const pdf = await ui.pdfFromTab(async () => {
    await ui.button(dialog, '发布并打印').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '发布' }).click();
  });
  const flat = ui.readPdf(pdf).text.replace(/\s+/g, '');
  expect(flat).toContain('发展养殖，发放产业奖补');
  expect(flat).toContain('健康帮扶');
  expect(flat).toContain(`杨柳村委发〔${today(ctx).slice(0, 4)}〕1号`);
  for (const word of ['白血病', '尿毒症', '透析', '患有大病', '13900001111']) {
    expect(flat).not.toContain(word);
  }
});

test('a 4-day period is refused with the service’s Chinese message, and nothing is issued', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, ['zhang']);
  await household(
    ctx,
    4,
    { name: '孙七', idNumber: id('53252919660606003') },
    { category: '边缘易致贫户', identifiedDate: day(ctx, -3), phone: '13900001111' },
  );

  const ui = new PrintingPage(page, app.dataDir);
  await ui.open(app.url, '公示公告');
  await ui.button(ui.main(), '新建公示').click();
  const dialog = ui.dialog();
  await expect(ui.row(dialog, '孙七')).toBeVisible();
  await ui.date(dialog, '公示结束日期', day(ctx, 3));

  // 预览 and 发布并打印 both come back with the rule, in the clerk's words.
  const refusal = dialog.getByRole('alert').filter({ hasText: '公示期不得少于 5 天' });
  await ui.button(dialog, '预览').click();
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText('只有 4 天');
  await ui.button(dialog, '发布并打印').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '发布' }).click();
  await expect(refusal).toBeVisible();
  await expect(dialog).toBeVisible();

  expect(ctx.sqlite.prepare('SELECT count(*) AS n FROM notices').get()).toEqual({ n: 0 });
  expect(ctx.sqlite.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: 0 });
});

test('picked households in the A5 layout: a one-card preview, then both cards on one A4 sheet', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, ['zhang', 'li']);
  await household(ctx, 5, { name: '赵六', idNumber: id('53252919810909007') });

  const ui = new PrintingPage(page, app.dataDir);
  await ui.open(app.url, '明白纸');
  const printCard = page.locator('.ant-card', { hasText: '打印明白纸' });
  await printCard.getByLabel('选定农户').check();
  await ui.search(printCard, '添加农户', '张三', '张三');
  await ui.search(printCard, '添加农户', '赵六', '赵六');
  await expect(printCard).toContainText('已选 2 户');
  await printCard.getByLabel('A5 一页两户').check();

  // 预览一户: the first picked household's card alone, nothing recorded.
  await expect(printCard).toContainText('不选则预览本批第一户（张三）');
  const preview = ui.readPdf(await ui.pdfFromTab(() => ui.button(printCard, '预览一户').click()));
  expect(preview.pages).toBe(1);
  expect(preview.text).toContain('张三');
  expect(preview.text).not.toContain('赵六');
  expect(ctx.sqlite.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: 0 });

  // 打印: two A5 cards on one A4 sheet; 李四, not picked, is not printed.
  await ui.button(printCard, '打印').click();
  const done = printCard.getByRole('alert').filter({ hasText: '已生成 2 户的明白纸' });
  await expect(done).toBeVisible();
  const batch = ui.readPdf(await ui.download(ui.button(done, '下载 PDF')));
  expect(batch.pages).toBe(1);
  expect(batch.text).toContain('张三');
  expect(batch.text).toContain('赵六');
  expect(batch.text).not.toContain('李四');
  const reprint = page.locator('.ant-card', { hasText: '需要重印' });
  await expect(ui.row(reprint, '李四')).toContainText('从未打印');
  await expect(ui.row(reprint, '张三')).toHaveCount(0);
});
