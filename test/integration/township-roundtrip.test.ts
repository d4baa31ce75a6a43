import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/commands';
import type { ReportImportFileResult } from '../../electron/api/report-import-types';
import type {
  Reconciliation,
  TownshipMonthly,
  TownshipSelfCheck,
} from '../../electron/api/township-outputs-types';
import type { MonthlyReport } from '../../electron/api/reports-types';
import { seedDemo } from '../../electron/services/demo/demo';
import { buildReportPackage } from '../../electron/services/reporting/package/write';
import { figuresOf } from '../../electron/services/reporting/township/figures';
import { openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { call } from '../fixtures/village';

/**
 * The township outputs from real 上报包 (docs/domain.md §11): three villages of the township
 * demo write their packages (package/write.ts), a new 乡镇汇总库 imports them (import/*), and
 * the 月通报 across villages gives each village the figures its own package states; 账账相符
 * finds nothing to list.
 */

const MONTH = '2026-04';
let source: TestRuntime;
let township: TestRuntime;
const villages: { id: number; name: string }[] = [];

beforeAll(async () => {
  source = await openTestRuntime('村文书');
  township = await openTestRuntime('乡镇文书');
  await seedDemo(source.ctx, { size: 'township', seed: 5 });
  const names = source.ctx.sqlite
    .prepare(
      `SELECT c.name AS county, t.name AS township FROM grids t JOIN grids c ON c.id = t.parent_id
       WHERE t.level = 'township'`,
    )
    .get() as { county: string; township: string };
  await call(township.ctx, 'setup.createWorkspace', { kind: 'township', ...names });
  const grids = source.ctx.sqlite
    .prepare("SELECT id, name FROM grids WHERE level = 'village' ORDER BY sort_order, id LIMIT 3")
    .all() as { id: number; name: string }[];
  const files = grids.map((g) => {
    const pkg = buildReportPackage(source.ctx, { period: MONTH, villageGridId: g.id });
    villages.push(g);
    return { fileName: pkg.fileName, data: pkg.bytes };
  });
  const results = await call<ReportImportFileResult[]>(township.ctx, 'township.importPackages', {
    files,
  });
  expect(results.map((r) => r.outcome)).toEqual(['loaded', 'loaded', 'loaded']);
}, 300_000);

afterAll(() => {
  source?.cleanup();
  township?.cleanup();
});

describe('township outputs from real packages', () => {
  it('gives each village the figures of its own package and sums them', async () => {
    const m = await call<TownshipMonthly>(township.ctx, 'township.monthly', { month: MONTH });
    expect(m.rows.map((r) => r.village).sort()).toEqual(villages.map((v) => v.name).sort());
    for (const v of villages) {
      const row = m.rows.find((r) => r.village === v.name)!;
      const own = await call<MonthlyReport>(source.ctx, 'reports.monthly', {
        month: MONTH,
        gridId: v.id,
      });
      expect(row.figures, v.name).toEqual(figuresOf(own));
    }
    expect(m.total.figures.households).toBe(m.rows.reduce((n, r) => n + r.figures.households, 0));
  });

  it('finds every village 账账相符', async () => {
    const r = await call<Reconciliation>(township.ctx, 'township.reconcile', {});
    for (const v of r.villages) expect(v.differences, v.village).toEqual([]);
    expect(r.villages.map((v) => v.verdict)).toEqual(['账账相符', '账账相符', '账账相符']);
  });

  it('recomputes each travelling self-check count as the village counted it', async () => {
    const s = await call<TownshipSelfCheck>(township.ctx, 'township.selfCheck', {});
    for (const item of s.items.filter((i) => !i.villageOnly)) {
      expect(item.counts, item.code).toEqual(item.packageCounts);
    }
  });

  it('serves the same by the command line: township-report, worker-list, township-reconcile', async () => {
    const cli = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    township.session.close();
    const report = path.join(township.dir, '分村月通报.xlsx');
    const made = await cli([
      'township-report',
      '--data',
      township.dir,
      '--month',
      MONTH,
      '--out',
      report,
    ]);
    expect(made.err).toBe('');
    expect(made.out).toContain('已上报 3 个村');
    expect(made.out).toContain('办结率排名：');
    const list = path.join(township.dir, '网格员名单.xlsx');
    const workers = await cli(['worker-list', '--data', township.dir, '--out', list]);
    expect(workers.out).toContain('内部资料，报送县级，不得公开');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(list);
    expect(book.worksheets[0]!.getCell(3, 9).value).toBe('电话');
    const reconciled = await cli(['township-reconcile', '--data', township.dir]);
    expect(reconciled.code).toBe(0);
    expect(reconciled.out.split('\n').filter((l) => l.endsWith('账账相符'))).toHaveLength(3);
  });
});
