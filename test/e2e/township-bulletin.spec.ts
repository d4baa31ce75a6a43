import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { ServiceContext } from '../../electron/services/context';
import { buildReportPackage } from '../../electron/services/reporting/package/write';
import { AppSession } from '../../electron/services/session';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { expect, test } from './fixtures';
import { must } from './village-seed';

/**
 * The end-to-end test (docs/domain.md §11): two villages of 柳湾镇 each write their 上报包
 * for last month; a 乡镇汇总库 imports both through 导入上报包, its 月通报 tab ranks the villages
 * by 办结率 and by 走访, and the written 通报 is drafted, edited and issued as 〔年〕第1号.
 */

/** A village database of its own (the village's PC), beside the app's township database. */
async function villageDatabase(): Promise<{ ctx: ServiceContext; close: () => void }> {
  const temp = makeTempDir('vl-e2e-village-');
  const session = await new AppSession({
    dataDir: temp.dir,
    migrationsFolder: MIGRATIONS_FOLDER,
    operator: '村文书',
  }).open();
  return {
    ctx: session.runtime!.ctx,
    close: () => {
      session.close();
      temp.cleanup();
    },
  };
}

/** Last month, as 'YYYY-MM' (over, so its figures no longer move). */
function lastMonth(ctx: ServiceContext): { month: string } {
  const now = ctx.now();
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const month = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  return { month };
}

/**
 * A village with households in 一组, its 网格员 and problems registered last month, `resolved`
 * of them resolved, `visited` households visited; its package for last month as a file.
 */
async function villagePackage(
  name: string,
  heads: string[],
  resolved: number,
  visited: number,
  dir: string,
): Promise<string> {
  const village = await villageDatabase();
  try {
    const ctx = village.ctx;
    await must(ctx, 'setup.createVillage', {
      county: '石门县',
      township: '柳湾镇',
      village: name,
      groups: ['一组', '二组'],
    });
    const worker = await must<{ id: number }>(ctx, 'workers.create', {
      name: `${name}网格员`,
      sex: '男',
    });
    await must(ctx, 'roles.assign', {
      workerId: worker.id,
      gridId: 4,
      role: '网格员',
      startDate: '2024-01-01',
    });
    const { month } = lastMonth(ctx);
    const date = (n: number) => `${month}-${String(n).padStart(2, '0')}`;
    for (const [i, head] of heads.entries()) {
      const household = await must<{ id: number }>(ctx, 'households.create', {
        gridId: 4,
        householdType: '一般农户',
        members: [{ name: head, sex: '男', relation: '本人' }],
      });
      const problem = await must<{ id: number }>(ctx, 'problems.create', {
        workerId: worker.id,
        householdId: household.id,
        category: '医疗',
        description: `${head}家住院，医疗支出增加`,
        registeredDate: date(3 + i),
      });
      if (i < resolved) {
        await must(ctx, 'problems.resolve', {
          id: problem.id,
          measureTaken: '协助办理医疗救助',
          responsiblePerson: '王主任',
          resolvedDate: date(10 + i),
        });
      }
      if (i < visited) {
        await must(ctx, 'visits.create', {
          householdId: household.id,
          workerId: worker.id,
          date: date(12),
          way: '入户',
        });
      }
    }
    const pkg = buildReportPackage(ctx, { period: month });
    const file = path.join(dir, pkg.fileName);
    fs.writeFileSync(file, pkg.bytes);
    return file;
  } finally {
    village.close();
  }
}

test('a township imports two villages\u2019 packages and issues the ranked 通报', async ({
  page,
  app,
}) => {
  test.setTimeout(240_000);
  const temp = makeTempDir('vl-e2e-packages-');
  try {
    // 杨柳村: 2 of 2 problems resolved, 1 of 2 households visited; 河口村: 1 of 3 resolved, all visited.
    const yangliu = await villagePackage('杨柳村', ['张三', '李四'], 2, 1, temp.dir);
    const hekou = await villagePackage('河口村', ['王五', '赵六', '钱七'], 1, 3, temp.dir);
    // The township database, as `init --workspace township --township 柳湾镇 --county 石门县` makes it.
    await must(app.runtime.ctx, 'setup.createWorkspace', {
      kind: 'township',
      county: '石门县',
      township: '柳湾镇',
    });

    await page.goto(app.url);
    await page.getByRole('menuitem', { name: '乡镇汇总' }).click();
    await page.locator('.ant-upload input[type=file]').setInputFiles([yangliu, hekou]);
    await page.getByRole('button', { name: /^导入/ }).click();
    const results = page.getByLabel('导入结果');
    await expect(results).toContainText('杨柳村');
    await expect(results).toContainText('河口村');
    await expect(page.getByLabel('已导入的村')).toContainText('河口村');

    await page.getByRole('tab', { name: '月通报' }).click();
    const byResolved = page.getByLabel('办结率排名');
    await expect(byResolved.locator('tbody tr').first()).toContainText('杨柳村');
    await expect(byResolved.locator('tbody tr').first()).toContainText('100.00%');
    await expect(byResolved.locator('tbody tr').nth(1)).toContainText('河口村');
    await expect(byResolved.locator('tbody tr').nth(1)).toContainText('33.33%');
    const byVisits = page.getByLabel('走访排名');
    await expect(byVisits.locator('tbody tr').first()).toContainText('河口村');
    await expect(byVisits.locator('tbody tr').nth(1)).toContainText('杨柳村');
    await expect(page.getByLabel('各村主要指标')).toContainText('合计');
    await page.screenshot({
      path: test.info().outputPath('township-monthly.png'),
      fullPage: false,
    });

    // The written 通报: drafted from the figures, edited, issued as 〔年〕第1号.
    await page.getByRole('button', { name: '起草通报' }).click();
    const problems = page.getByLabel('二、存在问题');
    await expect(page.getByLabel('一、基本情况')).toHaveValue(/已有 2 个村上报数据/);
    await problems.fill('河口村问题办结率偏低，仅 33.33%。');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect(page.getByText('草稿已保存')).toBeVisible();
    await page.getByRole('button', { name: '正式印发' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '正式印发' }).click();
    const year = new Date().getFullYear();
    await expect(page.getByText(`文号：〔${year}〕第1号`)).toBeVisible();
    await page.screenshot({
      path: test.info().outputPath('township-bulletin.png'),
      fullPage: false,
    });
    const list = await must<{ number: string | null }[]>(app.runtime.ctx, 'township.bulletins', {});
    expect(list.map((b) => b.number)).toEqual([`〔${year}〕第1号`]);
    await page.getByRole('button', { name: '知道了' }).click();

    // The other outputs: 账账相符 on a clean import, the self-check per village, the lists.
    await page.getByRole('tab', { name: '账账相符' }).click();
    await expect(page.getByText('全部账账相符')).toBeVisible();
    await expect(page.locator('.ant-tag', { hasText: '账账相符' })).toHaveCount(2);
    await page.getByRole('tab', { name: '迎检自查汇总' }).click();
    await expect(page.getByRole('columnheader', { name: '河口村' })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('township-self-check.png') });
    await page.getByRole('tab', { name: '名单报送' }).click();
    await expect(page.getByText('拟纳入监测对象（0 户）')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('township-lists.png') });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出网格员名单' }).click();
    const saved = test.info().outputPath('网格员名单.xlsx');
    await (await download).saveAs(saved);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(saved);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual([
      '乡镇',
      '村',
      '组',
      '姓名',
      '性别',
      '出生年份',
      '职务',
      '网格职务',
      '电话',
    ]);
    expect((sheet.getRow(4).values as unknown[]).slice(1, 5)).toEqual([
      '柳湾镇',
      '杨柳村',
      '一组',
      '杨柳村网格员',
    ]);
  } finally {
    temp.cleanup();
  }
});
