import { AppSession } from '../../electron/services/session';
import type { ServiceContext } from '../../electron/services/context';
import type { ReportImportFileResult } from '../../electron/api/report-import-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import type { ReviewNote } from '../../electron/api/review-types';
import { buildReportPackage } from '../../electron/services/reporting/package/write';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { expect, test } from './fixtures';
import { must, seedVillage } from './village-seed';

/**
 * 审核意见 on screen (docs/domain.md §11): in a 乡镇汇总库 the problem drawer has a card to write
 * them; in the village 「导入审核反馈包」 on the 问题台账 loads them and the problem shows them
 * under 「乡镇审核意见」. The other side of each test runs in-process on its own data folder.
 */

/** A second database beside the app's (the village for a township test, or the reverse). */
async function otherDatabase(): Promise<{ ctx: ServiceContext; close: () => void }> {
  const temp = makeTempDir('vl-e2e-other-');
  const session = await new AppSession({
    dataDir: temp.dir,
    migrationsFolder: MIGRATIONS_FOLDER,
    operator: '乡镇审核员',
  }).open();
  return {
    ctx: session.runtime!.ctx,
    close: () => {
      session.close();
      temp.cleanup();
    },
  };
}

/** 杨柳村 with 张三's problem; returns the problem's id in the village. */
async function villageWithProblem(ctx: ServiceContext): Promise<number> {
  const seeded = await seedVillage(ctx, ['zhang']);
  const problem = await must<{ id: number }>(ctx, 'problems.create', {
    workerId: seeded.workerId,
    householdId: seeded.zhang,
    category: '医疗',
    description: '家庭成员住院，医疗支出骤增',
    registeredDate: '2026-01-10',
  });
  return problem.id;
}

/** The village's package loaded into a new 柳湾镇 workspace; the problem's id there. */
async function loadIntoTownship(
  village: ServiceContext,
  township: ServiceContext,
  problemId: number,
): Promise<number> {
  await must(township, 'setup.createWorkspace', {
    kind: 'township',
    county: '石门县',
    township: '柳湾镇',
  });
  const pkg = buildReportPackage(village, { period: '2026-01' });
  const [result] = await must<ReportImportFileResult[]>(township, 'township.importPackages', {
    files: [{ fileName: pkg.fileName, data: pkg.bytes }],
  });
  expect(result!.outcome).toBe('loaded');
  const row = township.sqlite
    .prepare("SELECT local_id AS id FROM report_ids WHERE entity = 'problem' AND source_id = ?")
    .get(problemId) as { id: number };
  return row.id;
}

test('the township writes 审核意见 in the drawer and sends them from the 审核意见 tab', async ({
  page,
  app,
}) => {
  const village = await otherDatabase();
  try {
    const problemId = await villageWithProblem(village.ctx);
    const local = await loadIntoTownship(village.ctx, app.runtime.ctx, problemId);

    await page.goto(app.url);
    await page.goto(`${app.url}#/ledger?problem=${local}`);
    const card = page.getByTestId('review-card');
    await expect(card).toContainText('还没有审核意见');
    await card.getByLabel('审核意见').fill('请补充住院费用票据，核实自付金额');
    await card.getByRole('button', { name: '添加' }).click();
    await expect(card).toContainText('请补充住院费用票据，核实自付金额');
    await expect(card).toContainText('未发送');
    const notes = await must<ReviewNote[]>(app.runtime.ctx, 'review.list', {});
    expect(notes.map((n) => [n.villageName, n.sourceId, n.note])).toEqual([
      ['杨柳村', problemId, '请补充住院费用票据，核实自付金额'],
    ]);

    // The 审核意见 tab of 乡镇汇总: the note under its village, then the village's package.
    await page.keyboard.press('Escape');
    await page.getByRole('menuitem', { name: '乡镇汇总' }).click();
    await page.getByRole('tab', { name: '审核意见' }).click();
    const villageCard = page.getByTestId('review-village');
    await expect(villageCard).toContainText('杨柳村');
    await expect(villageCard).toContainText('1 条未发送');
    await expect(villageCard).toContainText('问题：医疗 · 2026-01-10 · 张三');
    const download = page.waitForEvent('download');
    await villageCard.getByRole('button', { name: '生成审核反馈包' }).click();
    expect((await download).suggestedFilename()).toMatch(/^审核反馈_杨柳村_\d{8}\.zip$/);
    await expect(villageCard).toContainText('已发送');
    await expect(villageCard).not.toContainText('未发送');
  } finally {
    village.close();
  }
});

test('the village imports the 审核反馈包 and sees the note on its problem', async ({
  page,
  app,
}) => {
  const township = await otherDatabase();
  try {
    const problemId = await villageWithProblem(app.runtime.ctx);
    const local = await loadIntoTownship(app.runtime.ctx, township.ctx, problemId);
    const note = await must<ReviewNote>(township.ctx, 'review.add', {
      entity: 'problem',
      localId: local,
      note: '自付金额与票据不符，请复核',
    });
    const file = await must<FilePayload>(township.ctx, 'review.feedbackPackage', {
      villageKey: note.villageKey,
    });

    await page.goto(app.url);
    await page.getByRole('menuitem', { name: '问题台账' }).click();
    await page.locator('.ant-upload input[type=file][accept=".zip"]').setInputFiles({
      name: file.fileName,
      mimeType: 'application/zip',
      buffer: Buffer.from(file.data),
    });
    const result = page.getByRole('dialog', { name: '导入审核反馈包' });
    await expect(result).toContainText('已导入柳湾镇的审核意见 1 条');
    await result.getByRole('button', { name: '知道了' }).click();

    // The same package again adds nothing.
    await page.locator('.ant-upload input[type=file][accept=".zip"]').setInputFiles({
      name: file.fileName,
      mimeType: 'application/zip',
      buffer: Buffer.from(file.data),
    });
    await expect(result).toContainText('已导入过，无新意见');
    await result.getByRole('button', { name: '知道了' }).click();

    // 乡镇审核意见 on the 问题台账 lists what came; its subject opens the problem.
    await page.getByRole('button', { name: '乡镇审核意见（1）' }).click();
    const list = page.getByRole('dialog', { name: '乡镇审核意见' });
    await expect(list).toContainText('自付金额与票据不符，请复核');
    await list.getByRole('button', { name: /^问题：医疗/ }).click();
    await expect(page.getByRole('dialog', { name: /^问题：/ })).toBeVisible();
    expect(page.url()).toContain(`problem=${problemId}`);
    const received = page.getByTestId('received-review');
    await expect(received).toContainText('乡镇审核意见（1）');
    await expect(received).toContainText('自付金额与票据不符，请复核');
    await expect(received).toContainText('柳湾镇 · 乡镇审核员');
  } finally {
    township.close();
  }
});
