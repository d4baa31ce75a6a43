import ExcelJS from 'exceljs';
import { idCheckChar } from '../../electron/api/id-number';
import { expect, test } from './fixtures';
import { day, seedVillage } from './village-seed';

const id = (first17: string) => first17 + idCheckChar(first17);
/** 张三 of seedVillage, and a number no one in the village has. */
const ZHANG = id('53252919700101001');
const STRANGER = id('53252919800101991');

async function warningList(date: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('预警名单');
  sheet.addRow(['县医保局 因病返贫致贫风险预警名单']);
  sheet.addRow(['序号', '姓名', '身份证号', '所在村', '预警类型', '预警日期', '预警部门']);
  sheet.addRow([1, '张三', ZHANG, '杨柳村', '因病', date, '县医保局']);
  sheet.addRow([2, '李四', '', '杨柳村', '低保新增', date, '县民政局']);
  sheet.addRow([3, '钱七', STRANGER, '杨柳村', '因残', date, '县残联']);
  sheet.addRow([4, '张三', ZHANG, '杨柳村', '因病', date, '县医保局']);
  sheet.getColumn(3).numFmt = '@';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

test('部门预警: import a list through the page, see the counts and the problem, export the 核查反馈表', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, ['zhang', 'li']);
  const date = day(ctx, -1);

  await page.goto(app.url);
  await page.getByRole('menuitem', { name: '部门预警' }).click();
  await expect(page.getByRole('heading', { name: '部门预警' })).toBeVisible();
  await page.locator('input[type=file]').setInputFiles({
    name: '医保局预警名单.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await warningList(date),
  });
  // The header under the title line is found and every field gets its column.
  await expect(page.getByText('第 2 行', { exact: true })).toBeVisible();
  await expect(page.getByLabel('身份证号对应的列')).toBeVisible();
  await expect(
    page.locator('.ant-select', { has: page.getByLabel('身份证号对应的列') }),
  ).toContainText('第 3 列：身份证号');
  // The sample shows numbers masked.
  await expect(
    page.getByText(`${ZHANG.slice(0, 6)}********${ZHANG.slice(-4)}`).first(),
  ).toBeVisible();
  await expect(page.getByText(ZHANG)).toHaveCount(0);
  await page.getByRole('button', { name: '导入', exact: true }).click();

  await expect(page.getByText('已导入 4 行：匹配 2 行，未匹配 1 行，重复 1 行')).toBeVisible();
  await expect(page.getByText('本村花名册中没有这个身份证号').first()).toBeVisible();

  // The batch's rows: 张三's links to his problem in 问题台账.
  const detail = page.locator('.ant-card', { hasText: '导出核查反馈表' });
  await expect(detail.getByText('与第 3 行是同一人，不重复登记')).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    detail.getByRole('button', { name: '导出核查反馈表' }).click(),
  ]);
  const file = await download.path();
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.worksheets[0]!;
  expect(String(sheet.getCell('A2').value)).toContain('内部资料');
  expect(sheet.getCell('B5').value).toBe('张三');
  expect(sheet.getCell('C5').value).toBe(ZHANG);
  expect(sheet.getCell('G5').value).toBe('核查中');
  expect(sheet.getCell('G7').value).toBe('本村未找到');

  await detail.getByRole('button', { name: /张三 · 问题 \d+/ }).click();
  await expect(page).toHaveURL(/#\/ledger\?problem=\d+/);
  await expect(page.getByText('部门筛查预警：因病（县医保局，').first()).toBeVisible();
  // 张三 (by ID) and 李四 (by name and village): one problem each, the repeat of 张三 none.
  const sources = ctx.sqlite.prepare('SELECT source FROM problems').all() as { source: string }[];
  expect(sources).toEqual([{ source: '部门筛查预警' }, { source: '部门筛查预警' }]);
});
