import { DATE_FORMS_HINT } from '../../electron/api/normalize';
import type { ArchiveItem } from '../../electron/api/archive-types';
import { expect, PIXEL_PNG, test } from './fixtures';
import { ArchivePage } from './archive-page';
import { PrintingPage } from './printing-page';
import { RosterPage } from './roster-page';
import { chooseOption } from './select';
import { must, seedVillage, today } from './village-seed';
import type { Locator, Page } from '@playwright/test';

/**
 * Issue 12 items 2 and 9, docs/domain.md §10: every kind of date field keeps what the clerk
 * types, shows the day it read once the field is left, and saves exactly that day; a date
 * that does not exist is named under the field and nothing is saved. One typed form per
 * field kind, cycling through 2026/3/1, 2026.3.1, 20260301, 2026年3月1日 and ２０２６－３－１.
 */

const BAD = '2026/2/30';
const refusal = (label: string) => `${label}「${BAD}」不是有效的日期，请写成 ${DATE_FORMS_HINT}`;

/** The red message under a form field found by its label. */
function fieldError(scope: Locator, label: string): Locator {
  return (
    scope
      .locator('.ant-form-item')
      // `has` is matched inside each form item: a page-rooted label locator, not scope's.
      .filter({ has: scope.page().getByLabel(label, { exact: true }) })
      .locator('.ant-form-item-explain-error')
  );
}

/** Whether a field outside a form item (a list filter) is marked red. */
/** A screenshot kept with the test's results (not committed), to see the layout at 1366×768. */
const shot = (page: Page, name: string) =>
  page.screenshot({ path: test.info().outputPath(`${name}.png`) });

const marked = (field: Locator) =>
  expect.poll(() =>
    field.evaluate(
      (el) =>
        el.classList.contains('ant-input-status-error') ||
        el.closest('.ant-input-status-error') !== null,
    ),
  );

/** Types into a date field, leaves it with Tab and checks what it shows. */
async function typeDate(field: Locator, typed: string, shown: string) {
  await field.click();
  await field.fill(typed);
  await field.press('Tab');
  await expect(field).toHaveValue(shown);
}

test('a dialog field (安排分工 · 开始日期): 2026.3.1 saved as 2026-03-01; 2026/2/30 named under the field, nothing saved', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, ['zhang']);
  const qian = await must<{ id: number }>(ctx, 'workers.create', { name: '钱七', sex: '男' });
  const roles = () =>
    ctx.sqlite.prepare('SELECT start_date AS d FROM worker_roles WHERE worker_id = ?').all(qian.id);

  const roster = new RosterPage(page);
  await roster.open(app.url);
  await roster.selectGrid('一组');
  await page.getByRole('button', { name: '安排分工' }).click();
  const dialog = roster.dialog();
  await chooseOption(dialog.getByLabel('网格员', { exact: true }), '钱七', 'qq');
  await chooseOption(dialog.getByLabel('网格职责'), '监测员');
  const start = dialog.getByLabel('开始日期', { exact: true });

  await typeDate(start, BAD, BAD);
  await expect(fieldError(dialog, '开始日期')).toHaveText(refusal('开始日期'));
  await shot(page, 'role-start-refused');
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(dialog).toBeVisible();
  expect(roles()).toEqual([]);

  await typeDate(start, '2026.3.1', '2026-03-01');
  await expect(fieldError(dialog, '开始日期')).toHaveCount(0);
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(dialog).toBeHidden();
  expect(roles()).toEqual([{ d: '2026-03-01' }]);

  await roster.open(app.url);
  await roster.selectGrid('一组');
  await expect(page.locator('.ant-table-row', { hasText: '钱七' })).toContainText('2026-03-01');
});

test('a notice (发布日期 2026/3/1, 公示开始日期 2026年3月1日): issued with those days; 2026/2/30 as 公示结束日期 is named and nothing issued', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, ['zhang']);
  const notices = () =>
    ctx.sqlite
      .prepare('SELECT issue_date AS issued, period_start AS start, period_end AS end FROM notices')
      .all();

  const ui = new PrintingPage(page, app.dataDir);
  await ui.open(app.url, '公示公告');
  await ui.button(ui.main(), '新建公示').click();
  const dialog = ui.dialog();
  await chooseOption(dialog.getByLabel('公示类别', { exact: true }), '网格划分及网格员公示');
  await expect(dialog.getByLabel('标题', { exact: true })).toHaveValue(/网格/);

  await typeDate(dialog.getByLabel('发布日期', { exact: true }), '2026/3/1', '2026-03-01');
  await typeDate(dialog.getByLabel('公示开始日期', { exact: true }), '2026年3月1日', '2026-03-01');
  const end = dialog.getByLabel('公示结束日期', { exact: true });
  await typeDate(end, BAD, BAD);
  await expect(fieldError(dialog, '公示结束日期')).toHaveText(refusal('公示结束日期'));
  await shot(page, 'notice-end-refused');
  await ui.button(dialog, '发布并打印').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '发布' }).click();
  await expect(fieldError(dialog, '公示结束日期')).toHaveText(refusal('公示结束日期'));
  await expect(dialog).toBeVisible();
  expect(notices()).toEqual([]);

  await typeDate(end, '2026.3.5', '2026-03-05');
  await ui.pdfFromTab(async () => {
    await ui.button(dialog, '发布并打印').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '发布' }).click();
  });
  await expect(dialog).toBeHidden();
  expect(notices()).toEqual([{ issued: '2026-03-01', start: '2026-03-01', end: '2026-03-05' }]);

  await ui.open(app.url, '公示公告');
  await expect(ui.row(ui.main(), '〔2026〕1号')).toContainText('2026-03-01 至 2026-03-05');
});

test('an archive item’s 日期: 20260301 saved as 20260301 in the catalogue; 2026/2/30 named, nothing changed', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, ['zhang']);
  await must(ctx, 'settings.update', { fondsCode: 'Z109' });
  const filed = await must<ArchiveItem>(ctx, 'archive.fileUpload', {
    fileName: 'scan.png',
    data: PIXEL_PNG,
    title: '[杨柳村网格员培训签到表]',
    date: today(ctx),
    category: '综合类',
  });
  const stored = () =>
    ctx.sqlite.prepare('SELECT date FROM archive_items WHERE id = ?').get(filed.id) as {
      date: string;
    };
  const before = stored();

  const ui = new ArchivePage(page);
  await ui.open(app.url);
  const item = ui.item(filed.archivalCode);
  await item.getByRole('button', { name: `修改${filed.archivalCode}` }).click();
  const dialog = ui.dialog();
  const date = dialog.getByLabel('日期', { exact: true });
  await expect(date).toHaveValue(today(ctx));

  await typeDate(date, BAD, BAD);
  await expect(fieldError(dialog, '日期')).toHaveText(refusal('日期'));
  await shot(page, 'archive-date-refused');
  await ui.button(dialog, '保存').click();
  await expect(fieldError(dialog, '日期')).toHaveText(refusal('日期'));
  expect(stored()).toEqual(before);

  await typeDate(date, '20260301', '2026-03-01');
  await ui.submit('保存');
  expect(stored()).toEqual({ date: '20260301' });

  await ui.open(app.url);
  await expect(ui.item(filed.archivalCode)).toContainText('20260301');
  await ui
    .item(filed.archivalCode)
    .getByRole('button', { name: `修改${filed.archivalCode}` })
    .click();
  await expect(ui.dialog().getByLabel('日期', { exact: true })).toHaveValue('2026-03-01');
});

test('a list filter (操作记录 · 修改日期到): ２０２６－３－１ read as 2026-03-01 and applied; 2026/2/30 is marked and narrows nothing', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, ['zhang']);
  await page.goto(app.url);
  await page.getByRole('menuitem', { name: '设置' }).click();
  await page.getByRole('tab', { name: '操作员与操作记录' }).click();
  const trail = page.locator('.ant-table-row');
  // Everything was written today (after 2026-03-01 on the app's clock).
  expect(today(ctx) > '2026-03-01').toBe(true);
  await expect(trail.first()).toBeVisible();
  const rows = await trail.count();

  const to = page.getByLabel('修改日期到', { exact: true });
  await typeDate(to, BAD, BAD);
  // Marked on the field, and the trail is not narrowed by a date it cannot read.
  await marked(to).toBe(true);
  await shot(page, 'history-filter-marked');
  await expect(trail).toHaveCount(rows);

  await typeDate(to, '２０２６－３－１', '2026-03-01');
  await marked(to).toBe(false);
  await expect(trail).toHaveCount(0);
  await expect(page.getByText('没有符合条件的修改记录')).toBeVisible();

  const from = page.getByLabel('修改日期从', { exact: true });
  await to.clear();
  await typeDate(from, '2026/3/1', '2026-03-01');
  await expect(trail).toHaveCount(rows);
});

test('a settings holiday: 2026/3/1 至 2026.3.3 saved as three days; 2026/2/30 named, nothing added', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  await seedVillage(ctx, ['zhang']);
  const holidays = async () => {
    const result = await must<{ holidays: string[] }>(ctx, 'settings.get', {});
    return result.holidays;
  };
  const before = await holidays();

  await page.goto(app.url);
  await page.getByRole('menuitem', { name: '设置' }).click();
  const first = page.getByLabel('添加节假日', { exact: true });
  const last = page.getByLabel('添加节假日至', { exact: true });
  const add = page.getByRole('button', { name: '添加', exact: true }).first();

  await typeDate(first, BAD, BAD);
  await add.click();
  await expect(page.getByRole('alert').filter({ hasText: refusal('节假日') })).toBeVisible();
  await expect(page.getByText('03-01（日）')).toHaveCount(0);
  await shot(page, 'holiday-refused');

  await typeDate(first, '2026/3/1', '2026-03-01');
  await expect(page.getByRole('alert').filter({ hasText: refusal('节假日') })).toHaveCount(0);
  await typeDate(last, '2026.3.3', '2026-03-03');
  await add.click();
  await expect(page.getByText('03-01（日）')).toBeVisible();
  await expect(page.getByText('03-03（二）')).toBeVisible();
  await expect(first).toHaveValue('');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByText('设置已保存')).toBeVisible();
  expect(await holidays()).toEqual([...before, '2026-03-01', '2026-03-02', '2026-03-03'].sort());

  await page.reload();
  await page.getByRole('menuitem', { name: '设置' }).click();
  await expect(page.getByText('03-02（一）')).toBeVisible();
});
