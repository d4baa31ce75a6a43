import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { dispatch } from '../../electron/services/dispatch';
import { householdRows } from '../fixtures/roster-files';
import { expect, test } from './fixtures';
import { RosterPage } from './roster-page';
import { dropdownOf } from './select';

const VILLAGE = {
  county: '石门县',
  township: '柳湾镇',
  village: '杨柳村',
  groups: ['一组', '二组'],
};

test('download the template, fill it in, import it, and find the people', async ({ page, app }) => {
  await dispatch(app.runtime.ctx, 'setup.createVillage', VILLAGE);
  const roster = new RosterPage(page);
  await roster.open(app.url);

  // The template as the clerk downloads it.
  await page.getByRole('button', { name: '导入导出' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByText('下载农户与成员导入模板').click(),
  ]);
  expect(download.suggestedFilename()).toBe('农户与成员导入模板.xlsx');
  const templatePath = path.join(app.dataDir, 'template.xlsx');
  await download.saveAs(templatePath);

  // Filled in, as in Excel: rows written into the template's own sheet.
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(templatePath);
  const sheet = workbook.getWorksheet('农户与成员')!;
  const headers = (sheet.getRow(1).values as string[]).slice(1);
  [...householdRows('一组', 1), ...householdRows('二组', 2, 1)].forEach((row, i) => {
    headers.forEach((header, c) => {
      if (row[header] !== undefined) sheet.getCell(i + 2, c + 1).value = row[header];
    });
  });
  const filled = path.join(app.dataDir, '花名册.xlsx');
  await workbook.xlsx.writeFile(filled);

  await page.getByRole('button', { name: '导入导出' }).click();
  await page.getByText('导入农户与成员…').click();
  await page.locator('.ant-modal input[type=file]').setInputFiles(filled);
  await expect(page.getByText('检查通过，没有发现问题。')).toBeVisible();
  await page.getByRole('button', { name: '全部导入' }).click();
  await expect(page.getByText('新增 2 户，更新 0 户，成员 3 人。')).toBeVisible();
  await page.getByRole('button', { name: '完成' }).click();

  await roster.selectGrid('一组');
  await expect(page.getByText('农户（1 户）')).toBeVisible();
  await expect(page.getByText('张1', { exact: true })).toBeVisible();
  const search = page.getByLabel('查找农户或成员');
  await search.fill('王1');
  await expect(
    (await dropdownOf(search)).locator('.ant-select-item-option', { hasText: '王1' }),
  ).toBeVisible();
});

test('a file with a bad row lists the problem, writes nothing, and gives the problems as a workbook', async ({
  page,
  app,
}) => {
  await dispatch(app.runtime.ctx, 'setup.createVillage', VILLAGE);
  const rows = [...householdRows('一组', 1), ...householdRows('九组', 2)];
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('农户与成员');
  const { HOUSEHOLD_COLUMNS } = await import('../../electron/services/roster-io/columns');
  sheet.addRow(HOUSEHOLD_COLUMNS.map((c) => c.header));
  for (const row of rows) sheet.addRow(HOUSEHOLD_COLUMNS.map((c) => row[c.header] ?? null));
  const file = path.join(app.dataDir, '有问题的花名册.xlsx');
  await workbook.xlsx.writeFile(file);

  const roster = new RosterPage(page);
  await roster.open(app.url);
  await page.getByRole('button', { name: '导入导出' }).click();
  await page.getByText('导入农户与成员…').click();
  await page.locator('.ant-modal input[type=file]').setInputFiles(file);
  await expect(page.getByText('发现 1 处问题')).toBeVisible();
  await expect(page.getByRole('cell', { name: '找不到名为「九组」的网格' })).toBeVisible();
  await expect(page.getByRole('button', { name: '全部导入' })).toBeDisabled();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '下载问题清单' }).click(),
  ]);
  const saved = path.join(app.dataDir, 'problems.xlsx');
  await download.saveAs(saved);
  const problems = new ExcelJS.Workbook();
  await problems.xlsx.load(fs.readFileSync(saved) as unknown as ArrayBuffer);
  const errorColumn = (problems.worksheets[0]!.getRow(1).values as string[]).indexOf('错误说明');
  expect(String(problems.worksheets[0]!.getRow(4).getCell(errorColumn).value)).toContain(
    '找不到名为「九组」的网格',
  );
  expect(app.runtime.ctx.sqlite.prepare('SELECT count(*) AS n FROM households').get()).toEqual({
    n: 0,
  });

  await page.getByRole('button', { name: '只导入没有问题的 1 户' }).click();
  await expect(page.getByText('新增 1 户，更新 0 户，跳过有问题的 1 户')).toBeVisible();
  expect(app.runtime.ctx.sqlite.prepare('SELECT count(*) AS n FROM households').get()).toEqual({
    n: 1,
  });
});
