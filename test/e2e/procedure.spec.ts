import type { ProblemDetail } from '../../electron/api/ledger-types';
import { expect, test } from './fixtures';
import { LedgerPage } from './ledger-page';
import { day, must, seedVillage } from './village-seed';

/** '2026-04-01' as a clerk may type it: 2026/4/1. */
const slashed = (iso: string) =>
  iso
    .split('-')
    .map((part, i) => (i === 0 ? part : String(Number(part))))
    .join('/');

test('a problem from 核实评议 to 拟纳入, 公示, 审核 and 乡镇审定: an out-of-order 审核 refused, then accepted as 补录', async ({
  page,
  app,
}) => {
  const ctx = app.runtime.ctx;
  const ids = await seedVillage(ctx, ['zhang']);
  const problem = await must<ProblemDetail>(ctx, 'problems.create', {
    workerId: ids.workerId,
    householdId: ids.zhang,
    category: '医疗',
    source: '网格员排查',
    description: '张三住院治疗，自付医疗费用较高',
    registeredDate: day(ctx, -10),
  });
  const ledger = new LedgerPage(page);
  await ledger.open(app.url);
  await ledger.row('张三').click();
  const drawer = ledger.drawer();
  await expect(drawer.getByText('问题：张三 · 医疗')).toBeVisible();
  // The decision step reads as the default decision level (docs/domain.md §3).
  await expect(drawer.getByRole('button', { name: '登记县级审定' })).toBeVisible();
  await expect(drawer.getByText('乡镇审定（县级备案）').first()).toBeVisible();

  await ledger.openStep('核实评议');
  let form = ledger.dialog();
  await ledger.date(form, '办理日期', slashed(day(ctx, -9)), day(ctx, -9));
  await ledger.save();

  // 拟纳入 after 核实评议.
  await ledger.button(drawer, '拟纳入').click();
  form = ledger.dialog();
  await ledger.pick(form, '监测对象类别', '突发严重困难户');
  await ledger.pick(form, '风险类型', '因病');
  await form.locator('.ant-modal-title').click();
  await ledger.date(form, '提出日期', slashed(day(ctx, -9)), day(ctx, -9));
  await ledger.save('拟纳入');
  await expect(drawer.getByText('拟纳入', { exact: true })).toBeVisible();
  await expect(drawer.getByText(/突发严重困难户，风险类型：因病/)).toBeVisible();

  await ledger.openStep('村内公示');
  form = ledger.dialog();
  await ledger.date(form, '公示开始日期', day(ctx, -8));
  await ledger.date(form, '公示结束日期', day(ctx, -4));
  await ledger.save();

  // 乡镇审核 inside the 公示 period: refused under its date, saying how to 补录.
  await ledger.openStep('乡镇审核');
  form = ledger.dialog();
  await ledger.date(form, '办理日期', day(ctx, -5));
  await form.getByRole('button', { name: '保存', exact: true }).click();
  await expect(
    form.getByText(
      `「乡镇审核」日期 ${day(ctx, -5)} 不能早于「村内公示」（${day(ctx, -8)} 至 ${day(ctx, -4)}）结束的次日`,
      { exact: false },
    ),
  ).toBeVisible();
  await expect(form.getByText(/请打开「补录」并填写原因/).first()).toBeVisible();
  // 补录 with its reason: accepted, and tagged on the step.
  await form.getByRole('switch', { name: '补录' }).click();
  await form.getByLabel('补录原因').fill('乡镇提前到村核查，当时未录入');
  await ledger.save();
  await expect(drawer.getByText('补录：乡镇提前到村核查，当时未录入').first()).toBeVisible();

  // The decision after the 公示 and the 审核.
  await ledger.button(drawer, '乡镇审定（县级备案）').click();
  form = ledger.dialog();
  await form.getByRole('radio', { name: '认定', exact: true }).check();
  await ledger.date(form, '决定日期', slashed(day(ctx, -2)), day(ctx, -2));
  await form.getByLabel('经办人').fill('柳湾镇人民政府');
  await ledger.save('保存决定');
  await expect(drawer.getByText('认定', { exact: true })).toBeVisible();
  await expect(
    drawer.getByText('识别认定为监测对象（突发严重困难户），风险类型：因病'),
  ).toBeVisible();
  await expect(drawer.locator('.ant-tag', { hasText: '突发严重困难户·未消除' })).toBeVisible();
  const stored = ctx.sqlite
    .prepare('SELECT decision, decision_date AS date FROM problems WHERE id = ?')
    .get(problem.id);
  expect(stored).toEqual({ decision: '认定', date: day(ctx, -2) });
});
