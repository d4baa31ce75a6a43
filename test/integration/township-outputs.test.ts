import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilePayload } from '../../electron/api/roster-io-types';
import type {
  Bulletin,
  BulletinSummary,
  ProposalList,
  Reconciliation,
  TownshipMonthly,
  TownshipSelfCheck,
} from '../../electron/api/township-outputs-types';
import type { ServiceContext } from '../../electron/services/context';
import { seedDemo } from '../../electron/services/demo/demo';
import { monthlyReport } from '../../electron/services/reports/monthly';
import { figuresOf } from '../../electron/services/reporting/township/figures';
import { incomeWindow } from '../../electron/services/self-check/period';
import { selfCheck } from '../../electron/services/self-check/self-check';
import { openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { call, failure } from '../fixtures/village';

/**
 * The township outputs (docs/domain.md §11) on the township demo (14 villages, clock
 * 2026-05-06) made a 乡镇汇总库 as the importer leaves one: a workspace row, and one
 * report_villages row per village grid carrying the village's own 月通报 figures and self-check
 * summary, as its 上报包 (package/write.ts) computes them.
 */

const MONTH = '2026-04';
let runtime: TestRuntime;
let village: TestRuntime;
let ctx: ServiceContext;

/** Makes a seeded database a township workspace with every village "loaded" from its package. */
function asLoadedWorkspace(c: ServiceContext): void {
  const township = c.sqlite
    .prepare("SELECT id, name FROM grids WHERE level = 'township'")
    .get() as {
    id: number;
    name: string;
  };
  const county = c.sqlite.prepare("SELECT name FROM grids WHERE level = 'county'").get() as {
    name: string;
  };
  c.sqlite
    .prepare("INSERT INTO workspace (id, kind, name, county) VALUES (1, 'township', ?, ?)")
    .run(township.name, county.name);
  const villages = c.sqlite
    .prepare("SELECT id, name FROM grids WHERE level = 'village' ORDER BY sort_order, id")
    .all() as { id: number; name: string }[];
  const insert = c.sqlite.prepare(
    `INSERT INTO report_villages (village_key, grid_id, village_name, township_name, county_name,
       period, package_created_at, package_sha256, schema_version, app_version, counts, figures,
       self_check, imported_at, imported_by)
     VALUES (?, ?, ?, ?, ?, ?, '2026-05-05T10:00:00.000Z', ?, 8, '0.0.0', '{}', ?, ?, '2026-05-06', '测试员')`,
  );
  for (const v of villages) {
    const figures = monthlyReport(c, { month: MONTH, gridId: v.id });
    const report = selfCheck(c, {
      gridId: v.id,
      from: incomeWindow('2026-04-30').start,
      to: '2026-04-30',
    });
    const summary = {
      from: report.from,
      to: report.to,
      total: report.total,
      items: report.groups.flatMap((g) =>
        g.items.map((i) => ({ code: i.code, group: g.group, title: i.title, count: i.count })),
      ),
    };
    insert.run(
      `name:${county.name}/${township.name}/${v.name}`,
      v.id,
      v.name,
      township.name,
      county.name,
      MONTH,
      '0'.repeat(64),
      JSON.stringify(figures),
      JSON.stringify(summary),
    );
  }
}

beforeAll(async () => {
  runtime = await openTestRuntime();
  ctx = runtime.ctx;
  await seedDemo(ctx, { size: 'township', seed: 3 });
  asLoadedWorkspace(ctx);
  village = await openTestRuntime();
}, 300_000);
afterAll(() => {
  runtime?.cleanup();
  village?.cleanup();
});

const villageGrids = () =>
  ctx.sqlite
    .prepare('SELECT id, grid_id AS gridId, village_name AS name FROM report_villages ORDER BY id')
    .all() as { id: number; gridId: number; name: string }[];

async function saved(file: FilePayload, dir: string): Promise<string> {
  const target = path.join(dir, file.fileName);
  fs.writeFileSync(target, file.data);
  return target;
}

describe('月通报 across villages', () => {
  let m: TownshipMonthly;
  beforeAll(async () => {
    m = await call<TownshipMonthly>(ctx, 'township.monthly', { month: MONTH });
  });

  it('gives every village the figures of its own 月通报, and the total is their sum', () => {
    const grids = villageGrids();
    expect(m.rows).toHaveLength(14);
    for (const row of m.rows) {
      const grid = grids.find((g) => g.id === row.villageId)!;
      expect(row.figures, row.village).toEqual(
        figuresOf(monthlyReport(ctx, { month: MONTH, gridId: grid.gridId })),
      );
    }
    for (const key of Object.keys(m.total.figures) as (keyof typeof m.total.figures)[]) {
      expect(m.total.figures[key], key).toBe(m.rows.reduce((n, r) => n + r.figures[key], 0));
    }
    // The township's own 月通报 over its whole grid says the same.
    const whole = figuresOf(monthlyReport(ctx, { month: MONTH }));
    expect(m.total.figures).toEqual(whole);
    expect(m.total.figures.households).toBeGreaterThan(5000);
  });

  it('ranks by 办结率 and by 走访完成率, best first, equal rates sharing a rank', () => {
    const byId = new Map(m.rows.map((r) => [r.villageId, r]));
    const check = (order: number[], rate: (id: number) => number, rank: (id: number) => number) => {
      expect(order).toHaveLength(m.rows.length);
      for (let i = 1; i < order.length; i++) {
        expect(rate(order[i - 1]!)).toBeGreaterThanOrEqual(rate(order[i]!));
        expect(rank(order[i - 1]!)).toBeLessThanOrEqual(rank(order[i]!));
      }
      expect(rank(order[0]!)).toBe(1);
    };
    check(
      m.byResolved,
      (id) => byId.get(id)!.rates.resolved.percent ?? -1,
      (id) => byId.get(id)!.rankResolved,
    );
    check(
      m.byVisits,
      (id) => byId.get(id)!.rates.visits.percent ?? -1,
      (id) => byId.get(id)!.rankVisits,
    );
  });

  it('is refused in a village database', async () => {
    const error = await failure(village.ctx, 'township.monthly', { month: MONTH });
    expect(error.message).toContain('只在乡镇汇总库中使用');
  });

  it('writes the xlsx with rates as numbers', async () => {
    const file = await call<FilePayload>(ctx, 'township.monthlyExport', { month: MONTH });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.data) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('分村情况')!;
    expect(sheet.getRow(3).getCell(2).value).toBe('村');
    expect(sheet.getRow(4).getCell(2).value).toBe(m.rows[0]!.village);
    const last = sheet.getRow(3 + m.rows.length + 1);
    expect(last.getCell(2).value).toBe('合计');
    expect(last.getCell(3).value).toBe(m.total.figures.households);
    expect(book.getWorksheet('办结率排名')).toBeDefined();
  });
});

describe('the written 通报', () => {
  let first: Bulletin;
  it('drafts with text from the figures and no number', async () => {
    first = await call<Bulletin>(ctx, 'township.bulletinCreate', { month: MONTH });
    expect(first.number).toBeNull();
    expect(first.title).toMatch(/防返贫动态监测网格化管理工作通报$/);
    expect(first.sections.basic).toContain('2026年4月');
    expect(first.sections.basic).toContain('14 个村');
    expect(first.sections.problems.length).toBeGreaterThan(5);
    expect(first.sections.nextSteps).toContain('一是');
  });

  it("saves the clerk's edits, issues 第1号 and 第2号 of the year, then refuses edits", async () => {
    const edited = await call<Bulletin>(ctx, 'township.bulletinSave', {
      id: first.id,
      title: first.title,
      sections: {
        basic: '本月基本情况：各村按时上报。',
        problems: '存在问题：走访不到位。',
        nextSteps: '下步工作：限期整改。',
      },
    });
    expect(edited.sections.problems).toBe('存在问题：走访不到位。');
    const issued = await call<Bulletin>(ctx, 'township.bulletinIssue', { id: first.id });
    expect(issued.number).toBe('〔2026〕第1号');
    expect(issued.issuedAt).toBe('2026-05-06');

    const draft = await call<Bulletin>(ctx, 'township.bulletinCreate', { month: '2026-03' });
    expect(draft.number).toBeNull();
    const list = await call<BulletinSummary[]>(ctx, 'township.bulletins', {});
    expect(list.map((b) => b.number)).toEqual(['〔2026〕第1号', null]);
    const second = await call<Bulletin>(ctx, 'township.bulletinIssue', { id: draft.id });
    expect(second.number).toBe('〔2026〕第2号');

    const again = await failure(ctx, 'township.bulletinIssue', { id: first.id });
    expect(again.message).toContain('已经印发');
    const edit = await failure(ctx, 'township.bulletinSave', {
      id: first.id,
      title: 'x',
      sections: { basic: 'a', problems: 'b', nextSteps: 'c' },
    });
    expect(edit.message).toContain('不能再修改');
    const audited = ctx.sqlite
      .prepare("SELECT action FROM audit_log WHERE entity = 'bulletin' ORDER BY id")
      .all() as { action: string }[];
    expect(audited.map((a) => a.action)).toEqual(['create', 'update', 'issue', 'create', 'issue']);
  });

  it('prints the PDF: title, number, sections, the villages and the total', async () => {
    const file = await call<FilePayload>(ctx, 'township.bulletinExport', {
      id: first.id,
      format: 'pdf',
    });
    const target = await saved(file, runtime.dir);
    const text = execFileSync('pdftotext', ['-layout', target, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, '');
    const m = await call<TownshipMonthly>(ctx, 'township.monthly', { month: MONTH });
    expect(flat).toContain(first.title.replace(/\s+/g, ''));
    expect(flat).toContain('〔2026〕第1号');
    for (const s of [
      '一、基本情况',
      '本月基本情况：各村按时上报。',
      '二、存在问题',
      '存在问题：走访不到位。',
      '三、下步工作',
      '下步工作：限期整改。',
    ]) {
      expect(flat).toContain(s);
    }
    expect(flat).toContain(m.rows[0]!.village);
    expect(text).toMatch(new RegExp(`合计\\s+${m.total.figures.households}\\s`));
    expect(flat).toContain('—2—');
    // The xlsx carries the same.
    const xlsx = await call<FilePayload>(ctx, 'township.bulletinExport', {
      id: first.id,
      format: 'xlsx',
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.data) as unknown as ArrayBuffer);
    expect(book.getWorksheet('通报')!.getCell(2, 1).value).toBe('〔2026〕第1号');
  });

  it('keeps an issued 通报 as it was sent: its tables do not follow data loaded later', async () => {
    const printed = async () => {
      const file = await call<FilePayload>(ctx, 'township.bulletinExport', {
        id: first.id,
        format: 'pdf',
      });
      const target = await saved(file, runtime.dir);
      return execFileSync('pdftotext', ['-layout', target, '-'], { encoding: 'utf8' });
    };
    const before = await call<TownshipMonthly>(ctx, 'township.monthly', { month: MONTH });
    const households = before.total.figures.households;
    expect(await printed()).toMatch(new RegExp(`合计\\s+${households}\\s`));
    // A village's newer data arrives: one of its households is no longer on its grids.
    const moved = ctx.sqlite
      .prepare(
        `SELECT id FROM household_grids WHERE end_date IS NULL AND grid_id IN
           (WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT g.id FROM grids g JOIN sub ON g.parent_id = sub.id)
            SELECT id FROM sub) LIMIT 1`,
      )
      .get(villageGrids()[0]!.gridId) as { id: number };
    ctx.sqlite
      .prepare("UPDATE household_grids SET end_date = '2026-01-01' WHERE id = ?")
      .run(moved.id);
    try {
      const after = await call<TownshipMonthly>(ctx, 'township.monthly', { month: MONTH });
      expect(after.total.figures.households).toBe(households - 1);
      // The issued one prints what was sent; a new draft of the month shows the new figures.
      expect(await printed()).toMatch(new RegExp(`合计\\s+${households}\\s`));
      const draft = await call<Bulletin>(ctx, 'township.bulletinCreate', { month: MONTH });
      const file = await call<FilePayload>(ctx, 'township.bulletinExport', {
        id: draft.id,
        format: 'pdf',
      });
      const text = execFileSync('pdftotext', ['-layout', await saved(file, runtime.dir), '-'], {
        encoding: 'utf8',
      });
      expect(text).toMatch(new RegExp(`合计\\s+${households - 1}\\s`));
    } finally {
      ctx.sqlite.prepare('UPDATE household_grids SET end_date = NULL WHERE id = ?').run(moved.id);
    }
  });
});

describe('lists for 报送 and 审定', () => {
  it("writes the 网格员名单 in the county's columns with the internal line", async () => {
    const file = await call<FilePayload>(ctx, 'township.workerList', {});
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.data) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(String(sheet.getCell(2, 1).value)).toContain('内部资料，报送县级，不得公开');
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
    const known = ctx.sqlite
      .prepare(
        `SELECT w.name, w.sex, w.birth_year AS birthYear, w.post, w.phone, wr.role, g.name AS grid, g.level
         FROM worker_roles wr JOIN workers w ON w.id = wr.worker_id JOIN grids g ON g.id = wr.grid_id
         WHERE wr.end_date IS NULL AND g.level = 'group' AND w.phone <> '' ORDER BY wr.id LIMIT 1`,
      )
      .get() as {
      name: string;
      sex: string;
      birthYear: number | null;
      post: string;
      phone: string;
      role: string;
      grid: string;
    };
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 3) rows.push((row.values as unknown[]).slice(1));
    });
    const found = rows.find(
      (r) => r[3] === known.name && r[2] === known.grid && r[7] === known.role,
    );
    expect(found).toBeDefined();
    expect(found![8]).toBe(known.phone);
    expect(found![4]).toBe(known.sex);
    const current = ctx.sqlite
      .prepare(
        `SELECT count(*) AS n FROM worker_roles wr JOIN grids g ON g.id = wr.grid_id
         WHERE wr.end_date IS NULL AND g.level <> 'township'`,
      )
      .get() as { n: number };
    expect(rows).toHaveLength(current.n);
    // Village-level roles have no 组.
    const villageLevel = rows.filter((r) => r[2] === undefined || r[2] === null || r[2] === '');
    expect(villageLevel.length).toBeGreaterThan(0);
  });

  it('lists the undecided proposals of every village', async () => {
    const list = await call<ProposalList>(ctx, 'township.proposals', {});
    const expected = ctx.sqlite
      .prepare(
        `SELECT proposal, count(*) AS n FROM problems WHERE proposal IS NOT NULL AND decision IS NULL GROUP BY proposal`,
      )
      .all() as { proposal: string; n: number }[];
    const n = (k: string) => expected.find((e) => e.proposal === k)?.n ?? 0;
    expect(list.include).toHaveLength(n('拟纳入'));
    expect(list.eliminate).toHaveLength(n('拟消除'));
    expect(list.include.length).toBeGreaterThan(0);
    for (const row of list.include) {
      expect(row.village).not.toBe('');
      expect(row.people).toBeGreaterThan(0);
      expect(row.categoryOrMethod).not.toBe('');
    }
    const file = await call<FilePayload>(ctx, 'township.proposalsExport', {});
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.data) as unknown as ArrayBuffer);
    expect(book.getWorksheet('拟纳入监测对象名单')!.getCell(4, 4).value).toBe(
      list.include[0]!.head,
    );
  });
});

describe('迎检自查 across villages and 账账相符', () => {
  it("counts each check per village beside the package's own", async () => {
    const report = await call<TownshipSelfCheck>(ctx, 'township.selfCheck', {});
    expect(report.villages).toHaveLength(14);
    const travelling = report.items.filter((i) => !i.villageOnly);
    for (const item of travelling) expect(item.counts, item.code).toEqual(item.packageCounts);
    expect(report.items.find((i) => i.code === 'documents-not-filed')!.villageOnly).toBe(true);
    const file = await call<FilePayload>(ctx, 'township.selfCheckExport', {});
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.data) as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.getCell(3, 3).value).toBe(report.villages[0]!.village);
  });

  it('finds every village 账账相符 on a clean load, and lists an altered figure with both numbers', async () => {
    const clean = await call<Reconciliation>(ctx, 'township.reconcile', {});
    expect(clean.differences).toBe(0);
    for (const v of clean.villages) {
      expect(v.verdict).toBe('账账相符');
      expect(v.villageOnly).toHaveLength(6);
    }
    const target = villageGrids()[2]!;
    const row = ctx.sqlite
      .prepare('SELECT figures FROM report_villages WHERE id = ?')
      .get(target.id) as {
      figures: string;
    };
    const figures = JSON.parse(row.figures) as { households: { covered: number } };
    const real = figures.households.covered;
    figures.households.covered = real + 7;
    ctx.sqlite
      .prepare('UPDATE report_villages SET figures = ? WHERE id = ?')
      .run(JSON.stringify(figures), target.id);
    try {
      const result = await call<Reconciliation>(ctx, 'township.reconcile', {});
      expect(result.differences).toBe(1);
      const bad = result.villages.find((v) => v.villageId === target.id)!;
      expect(bad.verdict).toBe('有 1 处不符');
      expect(bad.differences).toEqual([
        {
          kind: 'figure',
          label: '纳入网格管理的农户（户）',
          packageValue: real + 7,
          recomputed: real,
        },
      ]);
    } finally {
      ctx.sqlite
        .prepare('UPDATE report_villages SET figures = ? WHERE id = ?')
        .run(row.figures, target.id);
    }
  });
});
