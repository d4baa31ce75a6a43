import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_STEPS, type ProblemStep } from '../../electron/api/ledger-enums';
import type { DemoSize } from '../../electron/api/schemas';
import type { LedgerPage, ProblemDetail } from '../../electron/api/ledger-types';
import type { DemoSummary } from '../../electron/api/types';
import type { VisitsDuePage } from '../../electron/api/visits-types';
import { inTransaction } from '../../electron/services/context';
import { seedDemo } from '../../electron/services/demo/demo';
import { dispatch } from '../../electron/services/dispatch';
import { addDemoProblems, DEMO_PROBLEMS_PER_YEAR } from '../../electron/services/demo/ledger-demo';
import { Random } from '../../electron/services/demo/random';
import { daysBetween } from '../../electron/services/ledger/calendar';
import { noticeLength, problemDueDate } from '../../electron/services/ledger/deadlines';
import { closedOnTime, deriveStatus, overdueDays } from '../../electron/services/ledger/status';
import { addMonths } from '../../electron/services/roster/elimination';
import { today } from '../../electron/services/roster/people';
import { getSettings } from '../../electron/services/settings/settings';
import { quarterPeriod } from '../../electron/services/visits/rules';
import { openTestRuntime } from '../fixtures/runtime';
import { count } from '../fixtures/sqlite';

type Runtime = Awaited<ReturnType<typeof openTestRuntime>>;

interface ProblemDbRow {
  id: number;
  grid_id: number;
  worker_id: number;
  household_id: number | null;
  person_name: string;
  place: string;
  category: string;
  source: string;
  description: string;
  registered_date: string;
  due_date: string;
  status: string;
  measure_taken: string;
  responsible_person: string;
  resolved_date: string | null;
  follow_up_date: string | null;
  follow_up_result: string;
  satisfaction: string | null;
}

interface StepDbRow {
  problem_id: number;
  step: ProblemStep;
  date: string;
  end_date: string | null;
  person: string;
  outcome: string;
}

/**
 * A fresh database with the demo set; kept open for the read-only checks of one describe. The
 * ledger writer's own rules are checked without the self-check's findings written on top (a
 * 补录, a step out of order, a month's group meetings: demo-self-check.test.ts).
 */
async function seeded(size: DemoSize, seed: number) {
  const runtime = await openTestRuntime();
  const summary = await seedDemo(runtime.ctx, { size, seed, findings: false });
  return { runtime, summary };
}

function problemsOf(runtime: Runtime) {
  const sqlite = runtime.ctx.sqlite;
  const problems = sqlite.prepare('SELECT * FROM problems ORDER BY id').all() as ProblemDbRow[];
  const steps = sqlite
    .prepare('SELECT * FROM problem_steps ORDER BY problem_id, id')
    .all() as StepDbRow[];
  const stepsOf = new Map<number, StepDbRow[]>();
  for (const step of steps) {
    const list = stepsOf.get(step.problem_id) ?? [];
    list.push(step);
    stepsOf.set(step.problem_id, list);
  }
  return { problems, stepsOf };
}

/** SHA-256 over every ledger table's rows, in id order (the demo sets created_at itself). */
function checksum(runtime: Runtime): string {
  const hash = createHash('sha256');
  for (const table of ['problems', 'problem_steps', 'visits', 'meetings', 'meeting_problems']) {
    hash.update(
      JSON.stringify(runtime.ctx.sqlite.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()),
    );
  }
  return hash.digest('hex');
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

describe.each([
  ['village', 42],
  ['township', 5],
] as const)('ledger demo year, %s size', (size, seed) => {
  let runtime: Runtime;
  let summary: DemoSummary;
  let todayDate: string;
  let from: string;
  beforeAll(async () => {
    ({ runtime, summary } = await seeded(size, seed));
    todayDate = today(runtime.ctx);
    from = addMonths(todayDate, -12);
  });
  afterAll(() => runtime.cleanup());

  it('reports the counts it wrote, in plausible ranges', () => {
    const sqlite = runtime.ctx.sqlite;
    expect({
      problems: count(sqlite, 'problems'),
      visits: count(sqlite, 'visits'),
      meetings: count(sqlite, 'meetings'),
    }).toEqual({ problems: summary.problems, visits: summary.visits, meetings: summary.meetings });
    expect(summary.problems).toBe(DEMO_PROBLEMS_PER_YEAR[size]);
    // Roughly quarterly visits for most households, monthly for a few: 4-6 a year on average.
    expect(summary.visits / summary.households).toBeGreaterThan(3.5);
    expect(summary.visits / summary.households).toBeLessThan(6.5);
    // One meeting per village for each month whose meeting day is already past.
    const villages = count(sqlite, 'grids') - summary.grids.group - summary.grids.township - 1;
    expect(summary.meetings).toBeGreaterThanOrEqual(villages * 11);
    expect(summary.meetings).toBeLessThanOrEqual(villages * 13);
  });

  it('gives every problem the status and 办结时限 the ledger rules give', () => {
    const settings = getSettings(runtime.ctx);
    const { problems, stepsOf } = problemsOf(runtime);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      const steps = stepsOf.get(p.id) ?? [];
      expect(p.due_date, `problem ${p.id}`).toBe(problemDueDate(p.registered_date, settings));
      expect(p.status, `problem ${p.id}`).toBe(
        deriveStatus({
          resolvedDate: p.resolved_date,
          measureTaken: p.measure_taken,
          steps: steps.map((s) => s.step),
        }),
      );
    }
  });

  it('fills the steps in order, with 公示 long enough and nothing after today', () => {
    const settings = getSettings(runtime.ctx);
    const { problems, stepsOf } = problemsOf(runtime);
    for (const p of problems) {
      const steps = stepsOf.get(p.id) ?? [];
      const where = `problem ${p.id}`;
      expect(p.registered_date >= from && p.registered_date <= todayDate, where).toBe(true);
      expect(steps[0], where).toMatchObject({ step: '发现报告', date: p.registered_date });
      const order = steps.map((s) => PROBLEM_STEPS.indexOf(s.step));
      expect(order, where).toEqual([...order].sort((a, b) => a - b));
      for (let i = 1; i < steps.length; i++) {
        const previous = steps[i - 1]!;
        expect(steps[i]!.date >= (previous.end_date ?? previous.date), where).toBe(true);
      }
      for (const step of steps) {
        expect(step.date <= todayDate, where).toBe(true);
        expect(step.person, where).not.toBe('');
        expect(step.outcome, where).not.toBe('');
        if (step.step === '村内公示') {
          expect(noticeLength(step.date, step.end_date!, settings)).toBeGreaterThanOrEqual(
            settings.deadlines.notice.days,
          );
          expect(noticeLength(step.date, step.end_date!, settings)).toBeLessThanOrEqual(7);
        } else expect(step.end_date, where).toBeNull();
      }
      if (p.resolved_date) {
        expect(p.measure_taken, where).not.toBe('');
        expect(p.responsible_person, where).not.toBe('');
        expect(p.resolved_date >= steps[steps.length - 1]!.date, where).toBe(true);
        expect(p.resolved_date <= todayDate, where).toBe(true);
      } else {
        expect([p.measure_taken, p.follow_up_date, p.satisfaction], where).toEqual([
          '',
          null,
          null,
        ]);
      }
      if (p.follow_up_date) {
        expect(p.follow_up_date > p.resolved_date! && p.follow_up_date <= todayDate, where).toBe(
          true,
        );
        expect(p.satisfaction, where).not.toBeNull();
        expect(p.follow_up_result, where).not.toBe('');
      }
    }
  });

  it('resolves most problems within 15 days, leaves some open and a few overdue', () => {
    const { problems } = problemsOf(runtime);
    const open = problems.filter((p) => p.status !== '已解决');
    const overdue = problems.filter((p) =>
      overdueDays({ status: p.status, dueDate: p.due_date }, todayDate),
    );
    const resolved = problems.filter((p) => p.resolved_date);
    const onTime = resolved.filter((p) =>
      closedOnTime({ resolvedDate: p.resolved_date, dueDate: p.due_date }),
    );
    expect(overdue.length).toBeGreaterThan(0);
    expect(share(open.length, problems.length)).toBeGreaterThan(0.03);
    expect(share(open.length, problems.length)).toBeLessThan(0.16);
    expect(share(onTime.length, resolved.length)).toBeGreaterThan(0.8);
    // Most resolved problems have their 回访, mostly 满意.
    const followedUp = resolved.filter((p) => p.follow_up_date);
    expect(share(followedUp.length, resolved.length)).toBeGreaterThan(0.6);
    expect(
      share(followedUp.filter((p) => p.satisfaction === '满意').length, followedUp.length),
    ).toBeGreaterThan(0.6);
    // Every status occurs on a bigger ledger; the village at least has open and resolved ones.
    const statuses = new Set(problems.map((p) => p.status));
    expect(statuses.has('已解决') && (statuses.has('处理中') || statuses.has('未解决'))).toBe(true);
  });

  it.runIf(size === 'township')(
    'spreads categories and sources as in the field, with clues',
    () => {
      const { problems } = problemsOf(runtime);
      const tally = (key: 'category' | 'source') => {
        const counts: Record<string, number> = {};
        for (const p of problems) counts[p[key]] = (counts[p[key]] ?? 0) + 1;
        return counts;
      };
      const categories = tally('category');
      const sources = tally('source');
      const n = problems.length;
      // 收入骤减, 医疗 and 就业 most common; 饮水 and 住房 rare.
      const common =
        (categories['收入骤减'] ?? 0) + (categories['医疗'] ?? 0) + (categories['就业'] ?? 0);
      expect(share(common, n)).toBeGreaterThan(0.55);
      expect(share((categories['饮水'] ?? 0) + (categories['住房'] ?? 0), n)).toBeLessThan(0.12);
      expect(Object.keys(categories).length).toBeGreaterThanOrEqual(7);
      // 网格员排查 most, then 部门筛查预警, then 农户自主申报.
      expect(sources['网格员排查']!).toBeGreaterThan(sources['部门筛查预警']!);
      expect(sources['部门筛查预警']!).toBeGreaterThan(sources['农户自主申报']!);
      // Some problems closed after their 办结时限.
      expect(problems.some((p) => p.resolved_date && p.resolved_date > p.due_date)).toBe(true);
      // Clues: no household, a 反映人 and a place instead.
      const clues = problems.filter((p) => p.household_id === null);
      expect(clues.length).toBeGreaterThan(0);
      for (const clue of clues) {
        expect(clue.person_name).toMatch(/^\p{Script=Han}{2,3}$/u);
        expect(clue.place).not.toBe('');
      }
      expect(
        problems.filter((p) => p.household_id !== null).every((p) => p.person_name === ''),
      ).toBe(true);
    },
  );

  it('registers each problem by a worker holding a role in its grid that day', () => {
    const wrong = runtime.ctx.sqlite
      .prepare(
        `SELECT p.id FROM problems p
         LEFT JOIN household_grids hg ON hg.household_id = p.household_id AND hg.end_date IS NULL
         WHERE (p.household_id IS NOT NULL AND hg.grid_id IS NOT p.grid_id)
            OR NOT EXISTS (SELECT 1 FROM worker_roles r WHERE r.worker_id = p.worker_id
                           AND r.grid_id = p.grid_id AND r.start_date <= p.registered_date
                           AND (r.end_date IS NULL OR p.registered_date < r.end_date))`,
      )
      .all();
    expect(wrong).toEqual([]);
    // Grids of problems are group grids (the household's, or the one chosen for a clue).
    expect(
      runtime.ctx.sqlite
        .prepare(`SELECT DISTINCT g.level FROM problems p JOIN grids g ON g.id = p.grid_id`)
        .all(),
    ).toEqual([{ level: 'group' }]);
  });

  it('records the problem behind every identification of the year on its 县级审定 day', () => {
    const rows = runtime.ctx.sqlite
      .prepare(
        `SELECT h.id, h.identified_date AS identified,
                (SELECT count(*) FROM problems p JOIN problem_steps s ON s.problem_id = p.id
                 WHERE p.household_id = h.id AND s.step = '县级审定' AND s.date = h.identified_date
                   AND s.outcome LIKE '%认定为%监测对象%') AS decided
         FROM households h WHERE h.identified_date BETWEEN ? AND ?`,
      )
      .all(from, todayDate) as {
      id: number;
      identified: string;
      decided: number;
    }[];
    // The first 20 days of the year are left out: their workflow would start before it.
    const inYear = rows.filter((r) => daysBetween(from, r.identified) >= 20);
    for (const r of inYear) expect(r.decided, `household ${r.id}`).toBe(1);
  });

  it('visits every household by its own grid worker, following the visit rules', () => {
    const sqlite = runtime.ctx.sqlite;
    const foreign = sqlite
      .prepare(
        `SELECT v.id FROM visits v
         JOIN household_grids hg ON hg.household_id = v.household_id AND hg.end_date IS NULL
         WHERE NOT EXISTS (SELECT 1 FROM worker_roles r WHERE r.worker_id = v.worker_id
                           AND r.grid_id = hg.grid_id AND r.start_date <= v.date
                           AND (r.end_date IS NULL OR v.date < r.end_date))
            OR v.date < ? OR v.date > ?`,
      )
      .all(from, todayDate);
    expect(foreign).toEqual([]);
    const unvisited = sqlite
      .prepare(
        'SELECT count(*) AS n FROM households h WHERE NOT EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id)',
      )
      .get() as { n: number };
    expect(unvisited.n).toBe(0);

    // Monitored, not eliminated, someone at home: a home visit in most months of the year.
    const monthly = sqlite
      .prepare(
        `SELECT h.id, count(DISTINCT substr(v.date, 1, 7)) AS months
         FROM households h LEFT JOIN visits v ON v.household_id = h.id AND v.way = '入户'
         WHERE h.monitor_category IS NOT NULL AND h.elimination_status <> '已消除'
           AND EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND coalesce(m.work_place, '') = '')
         GROUP BY h.id`,
      )
      .all() as { id: number; months: number }[];
    expect(monthly.length).toBeGreaterThan(0);
    for (const h of monthly) expect(h.months, `household ${h.id}`).toBeGreaterThanOrEqual(8);

    // Everyone away: mostly phone and WeChat.
    const away = sqlite
      .prepare(
        `SELECT v.way, count(*) AS n FROM visits v WHERE v.household_id IN (
           SELECT household_id FROM members GROUP BY household_id
           HAVING sum(coalesce(work_place, '') <> '') = count(*)) GROUP BY v.way`,
      )
      .all() as { way: string; n: number }[];
    const awayTotal = away.reduce((sum, r) => sum + r.n, 0);
    if (awayTotal > 0) {
      const remote = away.filter((r) => r.way !== '入户').reduce((sum, r) => sum + r.n, 0);
      expect(share(remote, awayTotal)).toBeGreaterThan(0.6);
    }

    // The last full quarter: most households visited, some not (the due lists are not empty).
    const lastQuarter = quarterPeriod(addMonths(todayDate, -3).slice(0, 7));
    const missed = sqlite
      .prepare(
        `SELECT count(*) AS n FROM households h WHERE NOT EXISTS (
           SELECT 1 FROM visits v WHERE v.household_id = h.id AND v.date BETWEEN ? AND ?)`,
      )
      .get(lastQuarter.start, lastQuarter.end) as { n: number };
    const missedShare = share(missed.n, summary.households);
    expect(missedShare).toBeGreaterThan(0.02);
    expect(missedShare).toBeLessThan(0.15);

    // A problem found on a visit keeps that visit, on its registration day, for its household.
    const linked = sqlite
      .prepare(
        `SELECT count(*) AS n, sum(v.household_id = p.household_id AND v.date = p.registered_date
                                  AND v.worker_id = p.worker_id) AS matching
         FROM visits v JOIN problems p ON p.id = v.problem_id`,
      )
      .get() as { n: number; matching: number };
    expect(linked.n).toBeGreaterThan(0);
    expect(linked.matching).toBe(linked.n);
  });

  it('holds one 月度会商 per village and month, attended by the village workers', () => {
    const sqlite = runtime.ctx.sqlite;
    const meetings = sqlite
      .prepare(
        `SELECT m.id, m.grid_id AS gridId, m.date, m.host, m.attendees, m.recorder, m.decisions, g.level
         FROM meetings m JOIN grids g ON g.id = m.grid_id ORDER BY m.id`,
      )
      .all() as {
      id: number;
      gridId: number;
      date: string;
      host: string;
      attendees: string;
      recorder: string;
      decisions: string;
      level: string;
    }[];
    const keys = meetings.map((m) => `${m.gridId}/${m.date.slice(0, 7)}`);
    expect(new Set(keys).size).toBe(keys.length);
    const holders = sqlite.prepare(
      `SELECT w.name FROM worker_roles r JOIN workers w ON w.id = r.worker_id
       WHERE r.grid_id = ? AND r.start_date <= ? AND (r.end_date IS NULL OR ? < r.end_date)`,
    );
    for (const m of meetings) {
      expect(m.level).toBe('village');
      expect(m.date >= from && m.date <= todayDate).toBe(true);
      const names = (holders.all(m.gridId, m.date, m.date) as { name: string }[]).map(
        (r) => r.name,
      );
      const attendees = m.attendees.split('、');
      expect(attendees.sort()).toEqual([...names].sort());
      expect(attendees).toContain(m.host);
      expect(attendees).toContain(m.recorder);
      expect(m.decisions).toMatch(/^本月新登记问题 \d+ 件，办结 \d+ 件。/);
    }
    // Linked problems: of the meeting's village, registered by the meeting day.
    const strayLinks = sqlite
      .prepare(
        `SELECT mp.meeting_id FROM meeting_problems mp
         JOIN meetings m ON m.id = mp.meeting_id JOIN problems p ON p.id = mp.problem_id
         JOIN grids g ON g.id = p.grid_id
         WHERE g.parent_id <> m.grid_id OR p.registered_date > m.date`,
      )
      .all();
    expect(strayLinks).toEqual([]);
    expect(count(sqlite, 'meeting_problems')).toBeGreaterThan(0);
  });

  it("reads back through the app's own ledger and visit methods", async () => {
    const call = async <T>(method: string, input: unknown) => {
      const result = await dispatch(runtime.ctx, method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.result as T;
    };
    const { problems, stepsOf } = problemsOf(runtime);
    const page = await call<LedgerPage>('problems.list', { limit: 1000 });
    const byStatus = { 未解决: 0, 处理中: 0, 已解决: 0 } as Record<string, number>;
    for (const p of problems) byStatus[p.status]!++;
    expect(page.totals).toEqual({
      total: problems.length,
      byStatus,
      overdue: problems.filter((p) =>
        overdueDays({ status: p.status, dueDate: p.due_date }, todayDate),
      ).length,
    });
    // Household problems show their head, clues their 反映人.
    for (const row of page.rows) {
      if (row.householdId === null) expect(row.personName).not.toBe('');
      else expect(row.headName).toBeTruthy();
    }
    for (const p of [...problems.filter((x) => x.status !== '已解决'), problems[0]!].slice(0, 5)) {
      const detail = await call<ProblemDetail>('problems.get', { id: p.id });
      expect(detail.steps.map((s) => s.step)).toEqual((stepsOf.get(p.id) ?? []).map((s) => s.step));
      expect(detail.status).toBe(p.status);
    }
    // The due list of the last month of the last full quarter (so the quarterly rule's period
    // is over too): every household listed, most visited, some overdue.
    const due = await call<VisitsDuePage>('visits.due', {
      month: quarterPeriod(addMonths(todayDate, -3).slice(0, 7)).end.slice(0, 7),
    });
    expect(due.summary.due).toBe(summary.households);
    expect(share(due.summary.done, due.summary.due)).toBeGreaterThan(0.85);
    expect(due.summary.overdue).toBeGreaterThan(0);
  });

  it('writes one demo audit row with the ledger counts, none per row', () => {
    const sqlite = runtime.ctx.sqlite;
    const rows = sqlite
      // The archive demo that follows goes through the audited services (demo-archive.test.ts).
      .prepare(
        `SELECT entity, after FROM audit_log
         WHERE entity NOT IN ('setting', 'notice', 'document', 'archive_item', 'archive_year')`,
      )
      .all() as { entity: string; after: string }[];
    expect(rows.map((r) => r.entity)).toEqual(['demo']);
    expect(JSON.parse(rows[0]!.after)).toMatchObject({
      problems: summary.problems,
      visits: summary.visits,
      meetings: summary.meetings,
    });
  });
});

describe('ledger demo determinism and growth', () => {
  it('writes the same ledger for the same seed and another for another seed', async () => {
    const sums: string[] = [];
    for (const seed of [9, 9, 10]) {
      const { runtime } = await seeded('village', seed);
      try {
        sums.push(checksum(runtime));
      } finally {
        runtime.cleanup();
      }
    }
    expect(sums[1]).toBe(sums[0]);
    expect(sums[2]).not.toBe(sums[0]);
  });

  it('adds problems of the same kind for benchmarks, with rule-made status and due date', async () => {
    const { runtime, summary } = await seeded('village', 3);
    try {
      const before = count(runtime.ctx.sqlite, 'problems');
      const added = inTransaction(runtime.ctx, () =>
        addDemoProblems(runtime.ctx, new Random(77), 200),
      );
      expect(added.problems).toBe(200);
      expect(count(runtime.ctx.sqlite, 'problems')).toBe(before + 200);
      expect(count(runtime.ctx.sqlite, 'visits')).toBe(summary.visits + added.visits);
      const settings = getSettings(runtime.ctx);
      const { problems, stepsOf } = problemsOf(runtime);
      for (const p of problems.slice(before)) {
        expect(p.due_date).toBe(problemDueDate(p.registered_date, settings));
        expect(p.status).toBe(
          deriveStatus({
            resolvedDate: p.resolved_date,
            measureTaken: p.measure_taken,
            steps: (stepsOf.get(p.id) ?? []).map((s) => s.step),
          }),
        );
      }
    } finally {
      runtime.cleanup();
    }
  });
});
