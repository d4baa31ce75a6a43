import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VisitDueRow, VisitsDuePage } from '../../electron/api/visits-types';
import { seedDemo } from '../../electron/services/demo/demo';
import { visitsDue } from '../../electron/services/visits/due';
import { openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { call } from '../fixtures/village';

/**
 * 本月应走访 page by page on the village demo (400 households; fixed clock 2026-05-06, so April
 * has ended and its list has 已走访, 逾期 and 待走访 rows): the service pages, filters, searches
 * and counts (issue 15 item 3), and its pages together are the whole list of docs/domain.md §3.
 */

let runtime: TestRuntime;
const ctx = () => runtime.ctx;
const MONTH = '2026-04';

beforeAll(async () => {
  runtime = await openTestRuntime();
  await seedDemo(runtime.ctx, { size: 'village', seed: 1 });
}, 120_000);
afterAll(() => runtime.cleanup());

const page = (input: Record<string, unknown> = {}) =>
  call<VisitsDuePage>(ctx(), 'visits.due', { month: MONTH, ...input });

/** Every page of a query, 50 rows each. */
async function allPages(input: Record<string, unknown> = {}): Promise<VisitsDuePage[]> {
  const pages = [await page(input)];
  while (pages.length * 50 < pages[0]!.total)
    pages.push(await page({ ...input, offset: pages.length * 50 }));
  return pages;
}

const RANK = { 逾期: 0, 待走访: 1, 已走访: 2 } as const;
const counts = (rows: VisitDueRow[]) => ({
  due: rows.length,
  done: rows.filter((r) => r.status === '已走访').length,
  pending: rows.filter((r) => r.status === '待走访').length,
  overdue: rows.filter((r) => r.status === '逾期').length,
});

describe('本月应走访, one page at a time', () => {
  it('gives pages that together are the whole list, 逾期 first, with totals that add up', async () => {
    const whole = visitsDue(ctx(), { month: MONTH });
    const pages = await allPages();
    expect(pages.length).toBeGreaterThanOrEqual(8);
    const rows = pages.flatMap((p) => p.rows);
    expect(rows.length).toBe(pages[0]!.total);
    expect(new Set(rows.map((r) => r.householdId)).size).toBe(rows.length);
    // The same rows as the whole list, each with the same content.
    const byId = new Map(whole.rows.map((r) => [r.householdId, r]));
    expect(rows.map((r) => byId.get(r.householdId))).toEqual(rows);
    expect(rows.length).toBe(whole.rows.length);
    // Ordered by status, then as the whole list (grid-tree order).
    const position = new Map(whole.rows.map((r, i) => [r.householdId, i]));
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      expect(
        RANK[a.status] < RANK[b.status] ||
          (RANK[a.status] === RANK[b.status] &&
            position.get(a.householdId)! < position.get(b.householdId)!),
      ).toBe(true);
    }
    // The counts of every page are the whole scope's: those of all the pages' rows.
    for (const p of pages) expect(p.summary).toEqual(whole.summary);
    expect(counts(rows)).toEqual(pages[0]!.summary);
    expect(whole.summary.done).toBeGreaterThan(0);
    expect(whole.summary.overdue + whole.summary.pending).toBeGreaterThan(0);
  });

  it('sends a page, not the list: 50 rows in a few KB', async () => {
    const first = await page();
    expect(first.rows).toHaveLength(50);
    expect(first.total).toBeGreaterThan(300);
    expect(Buffer.byteLength(JSON.stringify(first))).toBeLessThan(40 * 1024);
  });

  it('finds a household of page 2 by name, and filters by status and grid', async () => {
    const second = await page({ offset: 50 });
    const wanted = second.rows[7]!;
    const found = await page({ name: wanted.headName });
    expect(found.rows.map((r) => r.householdId)).toContain(wanted.householdId);
    expect(found.total).toBe(found.rows.length);
    expect(found.total).toBeLessThan(second.total);
    expect(found.summary).toEqual(second.summary);

    const notVisited = await allPages({ status: '未走访' });
    const notVisitedRows = notVisited.flatMap((p) => p.rows);
    expect(notVisitedRows.every((r) => r.status !== '已走访')).toBe(true);
    expect(notVisitedRows.length).toBe(second.summary.pending + second.summary.overdue);
    const done = await allPages({ status: '已走访' });
    expect(done.flatMap((p) => p.rows).length).toBe(second.summary.done);

    const grid = wanted.gridId;
    const inGrid = await allPages({ gridId: grid });
    const inGridRows = inGrid.flatMap((p) => p.rows);
    expect(inGridRows.every((r) => r.gridId === grid)).toBe(true);
    expect(inGrid[0]!.summary).toEqual(visitsDue(ctx(), { month: MONTH, gridId: grid }).summary);
    expect(counts(inGridRows)).toEqual(inGrid[0]!.summary);
    // Each row names the workers of its grid, looked up for the page.
    expect(inGridRows[0]!.workers).toEqual(
      visitsDue(ctx(), { month: MONTH, gridId: grid }).rows[0]!.workers,
    );
  });
});
