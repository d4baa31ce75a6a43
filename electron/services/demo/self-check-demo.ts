import { RISK_TYPES, type RiskType } from '../../api/roster-enums';
import { AppError } from '../../api/errors';
import { inTransaction, type ServiceContext } from '../context';
import { addDays } from '../ledger/calendar';
import { createProblem } from '../ledger/problems';
import { decideProblem, proposeProblem } from '../ledger/proposals';
import { issueNotice } from '../notices/notices';
import { earliestEnd } from '../notices/period';
import { getSettings } from '../settings/settings';
import { noticeBuildInput } from '../../api/notices-schemas';
import { saveStep } from '../ledger/steps';
import { today } from '../roster/people';
import { mobileNumber, personName } from './names';
import { Random } from './random';
import { createWorker } from '../roster/workers';
import { workerInput } from '../../api/roster-schemas';

/**
 * What a real village's 迎检自查 finds (docs/domain.md §9), written into the demo after its
 * roster, ledger and archive: a few of each kind, most households clean. Shares are of the
 * households, so the township and county demos get the village's proportions:
 * - 拟纳入 pending on open problems past 核实评议 (what the 识别认定公示 lists), one 拟消除,
 *   through the ledger's own services (ledger/proposals.ts, §3 「Order matters」), and a couple
 *   of new clues taken the whole way to 认定 (just identified: no measure, income or 帮扶责任人
 *   yet, which the completeness checks list);
 * - a 乡镇审核 recorded on the 公示's last day as 补录 with its reason (ledger/steps.ts);
 * - one such 审核 stored out of order without 补录: old data entered before the order rule,
 *   written here directly as an import of old records would be (the services refuse it);
 * - in each village one month whose joint 月度会商 was replaced by group meetings, one or two
 *   groups without minutes (§9 「Routine」);
 * - a 帮扶责任人 whose phone changed after the cards were printed (§5: reprint);
 * - a worker newly entered and not yet given a grid (§1);
 * - monitored households missing a 帮扶责任人, risk types, a member's health (§9 「Completeness」).
 * Its own Random from the seed, so the roster, ledger and archive a seed gives are unchanged.
 */

/**
 * Shares, at least one each: of households (village of 400: 2 拟纳入, 1 拟消除, 1 phone, 1 new
 * worker), of the year's problems (补录, out of order) and of monitored households (gaps).
 */
const SHARES = {
  include: 0.005,
  eliminate: 0.0025,
  phone: 0.0025,
  newWorker: 0.0025,
  decided: 0.005,
  /** Of the year's problems (village: 30 → 2 and 1). */
  backfill: 1 / 15,
  outOfOrder: 1 / 30,
  /** Of monitored households, each kind of gap. */
  contact: 0.05,
  risks: 0.05,
  health: 0.05,
};

export const BACKFILL_REASON = '纸质记录事后录入：乡镇审核在公示最后一天进行，当时公示已无异议';

export interface SelfCheckSeeded {
  proposed: number;
  backfilled: number;
  outOfOrder: number;
  meetingGaps: number;
  phones: number;
  gaps: number;
  newWorkers: number;
  /** Problems added (new clues at 核实评议), counted in the demo's summary. */
  newProblems: number;
  notices: number;
}

export async function seedSelfCheckFindings(
  ctx: ServiceContext,
  seed: number,
): Promise<SelfCheckSeeded> {
  const random = new Random(seed ^ 0x2545f491);
  const now = today(ctx);
  const { n } = ctx.sqlite.prepare('SELECT count(*) AS n FROM households').get() as { n: number };
  const few = (share: number) => Math.max(1, Math.round(n * share));
  const { seeded, notices } = inTransaction(ctx, () => {
    const before = ctx.sqlite.prepare('SELECT count(*) AS n FROM problems').get() as { n: number };
    const { proposed, included } = proposals(ctx, random, now, few);
    const after = ctx.sqlite.prepare('SELECT count(*) AS n FROM problems').get() as { n: number };
    const notices = noticeSteps(ctx, now, included);
    const seeded: SelfCheckSeeded = {
      proposed,
      newProblems: after.n - before.n,
      ...steps(ctx, random, now, (share) => Math.max(1, Math.round(before.n * share))),
      meetingGaps: meetingGaps(ctx, random, now),
      phones: phones(ctx, random, few(SHARES.phone)),
      gaps: completeness(ctx, random, now),
      newWorkers: newWorkers(ctx, random, few(SHARES.newWorker)),
      notices: notices.length,
    };
    return { seeded, notices };
  });
  // The 识别认定公示 of the pending 拟纳入, per village, through the notices service: its period
  // is over, the 结果公告 waits for the 审核 and 认定, and the clerk has not filed it yet.
  for (const notice of notices) {
    await issueNotice(
      ctx,
      noticeBuildInput.parse({
        kind: '监测对象识别认定公示',
        gridId: notice.villageId,
        from: notice.from,
        to: notice.start,
        issueDate: notice.start,
        periodStart: notice.start,
        periodEnd: notice.end,
      }),
    );
  }
  return seeded;
}

interface VillageNotice {
  villageId: number;
  from: string;
  start: string;
  end: string;
}

/**
 * The 村内公示 of the pending 拟纳入, one per village, starting the day after the village's last
 * proposal and lasting the shortest period allowed (notices/period.ts), recorded on each problem.
 * Only a 公示 over before today is posted: the others stay at 拟纳入.
 */
function noticeSteps(ctx: ServiceContext, now: string, included: Included[]): VillageNotice[] {
  const settings = getSettings(ctx);
  const grids = new Map(
    (
      ctx.sqlite.prepare('SELECT id, parent_id AS parentId, level FROM grids').all() as {
        id: number;
        parentId: number | null;
        level: string;
      }[]
    ).map((g) => [g.id, g]),
  );
  const gridOf = ctx.sqlite.prepare('SELECT grid_id AS gridId FROM problems WHERE id = ?');
  const villageOf = (problemId: number) => {
    let g = grids.get((gridOf.get(problemId) as { gridId: number }).gridId);
    while (g && g.level !== 'village') g = g.parentId === null ? undefined : grids.get(g.parentId);
    return g?.id ?? null;
  };
  const byVillage = new Map<number, Included[]>();
  for (const p of included) {
    const village = villageOf(p.id);
    if (village === null) continue;
    byVillage.set(village, [...(byVillage.get(village) ?? []), p]);
  }
  const out: VillageNotice[] = [];
  for (const [villageId, list] of byVillage) {
    const dates = list.map((p) => p.date).sort();
    const start = addDays(dates[dates.length - 1]!, 1);
    const end = earliestEnd(settings, '监测对象识别认定公示', start);
    if (end >= now) continue;
    for (const p of list) {
      saveStep(ctx, {
        problemId: p.id,
        step: '村内公示',
        date: start,
        endDate: end,
        person: '村两委',
        outcome: '公示期内无异议',
        backfillReason: null,
      });
    }
    out.push({ villageId, from: dates[0]!, start, end });
  }
  return out;
}

/** Picks `count` of `items` without repeats, in the Random's order. */
function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0)
    out.push(pool.splice(random.int(0, pool.length - 1), 1)[0]!);
  return out;
}

/** Open problems past 核实评议 and not yet in 公示, of monitored or other households. */
function openAfterVerify(ctx: ServiceContext, monitored: boolean) {
  return ctx.sqlite
    .prepare(
      `SELECT p.id, v.date AS verified
       FROM problems p
       JOIN problem_steps v ON v.problem_id = p.id AND v.step = '核实评议'
       JOIN households h ON h.id = p.household_id
       WHERE p.resolved_date IS NULL AND p.proposal IS NULL AND p.decision IS NULL
         AND NOT EXISTS (SELECT 1 FROM problem_steps s WHERE s.problem_id = p.id
                         AND s.step IN ('村内公示', '乡镇审核', '县级审定'))
         AND ${
           monitored
             ? "h.monitor_category IS NOT NULL AND coalesce(h.elimination_status, '') <> '已消除' AND coalesce(h.no_labour_support, 0) = 0"
             : "(h.monitor_category IS NULL OR h.elimination_status = '已消除')"
         }
       ORDER BY p.id`,
    )
    .all() as { id: number; verified: string }[];
}

function proposals(
  ctx: ServiceContext,
  random: Random,
  now: string,
  few: (share: number) => number,
): { proposed: number; included: Included[] } {
  let proposed = 0;
  const included: Included[] = [];
  // New clues stay a small part of the year's problems (one per 30, at least one).
  const { problems } = ctx.sqlite.prepare('SELECT count(*) AS problems FROM problems').get() as {
    problems: number;
  };
  const cap = Math.max(1, Math.round(problems / 30));
  const dateAfter = (verified: string) => minDate(addDays(verified, random.int(0, 1)), now);
  const include = sample(random, openAfterVerify(ctx, false), few(SHARES.include));
  // A village's year holds few open problems at 核实评议: the rest are new clues of these weeks.
  const more = few(SHARES.include) - include.length;
  if (more > 0) include.push(...newClues(ctx, random, now, false, Math.min(more, cap)));
  for (const p of include) {
    const risks: RiskType[] = [random.pick(RISK_TYPES.filter((r) => r !== '因自然灾害'))];
    const date = dateAfter(p.verified);
    const accepted = tryService(() =>
      proposeProblem(ctx, {
        problemId: p.id,
        proposal: '拟纳入',
        proposalDate: date,
        monitorCategory: random.pick(['边缘易致贫户', '突发严重困难户'] as const),
        riskTypes: risks,
        backfillReason: null,
      }),
    );
    proposed += accepted;
    if (accepted) included.push({ id: p.id, date });
  }
  const eliminate = sample(random, openAfterVerify(ctx, true), few(SHARES.eliminate));
  const fewer = few(SHARES.eliminate) - eliminate.length;
  if (fewer > 0) eliminate.push(...newClues(ctx, random, now, true, Math.min(fewer, cap)));
  for (const p of eliminate) {
    proposed += tryService(() =>
      proposeProblem(ctx, {
        problemId: p.id,
        proposal: '拟消除',
        proposalDate: dateAfter(p.verified),
        method: '稳定消除',
        backfillReason: null,
      }),
    );
  }
  // A couple taken the whole way: 拟纳入, 公示, 审核 after it, 认定 (docs/domain.md §3).
  const decided = newClues(ctx, random, now, false, Math.min(cap, few(SHARES.decided)), [12, 14]);
  const settings = getSettings(ctx);
  for (const p of decided) {
    const proposalDate = addDays(p.verified, 1);
    const start = addDays(proposalDate, 1);
    const end = earliestEnd(settings, '监测对象识别认定公示', start);
    const review = addDays(end, 1);
    const decision = addDays(review, 1);
    if (decision > now) continue;
    {
      proposeProblem(ctx, {
        problemId: p.id,
        proposal: '拟纳入',
        proposalDate,
        monitorCategory: '突发严重困难户',
        riskTypes: [random.pick(['因病', '因意外事故'] as const)],
        backfillReason: null,
      });
      saveStep(ctx, {
        problemId: p.id,
        step: '村内公示',
        date: start,
        endDate: end,
        person: '村两委',
        outcome: '公示期内无异议',
        backfillReason: null,
      });
      saveStep(ctx, {
        problemId: p.id,
        step: '乡镇审核',
        date: review,
        person: '乡镇审核人',
        outcome: '经审核，同意纳入监测',
        backfillReason: null,
      });
      decideProblem(ctx, {
        problemId: p.id,
        decision: '认定',
        decisionDate: decision,
        person: '乡镇审定人',
        backfillReason: null,
      });
      proposed++;
    }
  }
  return { proposed, included };
}

interface Included {
  id: number;
  date: string;
}

const minDate = (a: string, b: string) => (a < b ? a : b);

/**
 * New problems registered in the last weeks and taken to 核实评议 through the ledger's services
 * (发现报告, 核实评议): a household's 收入骤减 or 医疗 costs for 拟纳入, or a monitored household
 * (identified over six months ago, not 整户无劳动能力) whose income is now steady, for 拟消除.
 */
function newClues(
  ctx: ServiceContext,
  random: Random,
  now: string,
  monitored: boolean,
  count: number,
  daysBack: readonly [number, number] = [10, 14],
): { id: number; verified: string }[] {
  const households = ctx.sqlite
    .prepare(
      `SELECT h.id, hg.grid_id AS gridId,
         (SELECT wr.worker_id FROM worker_roles wr WHERE wr.grid_id = hg.grid_id
          AND wr.end_date IS NULL ORDER BY wr.role = '网格员' DESC, wr.id LIMIT 1) AS workerId,
         (SELECT w.name FROM worker_roles wr JOIN workers w ON w.id = wr.worker_id
          WHERE wr.grid_id = hg.grid_id AND wr.end_date IS NULL
          ORDER BY wr.role = '网格员' DESC, wr.id LIMIT 1) AS worker
       FROM households h
       JOIN household_grids hg ON hg.household_id = h.id AND hg.end_date IS NULL
       WHERE NOT EXISTS (SELECT 1 FROM problems p WHERE p.household_id = h.id
                         AND p.resolved_date IS NULL)
         AND ${
           monitored
             ? `h.monitor_category IS NOT NULL AND coalesce(h.elimination_status, '') <> '已消除'
                AND coalesce(h.no_labour_support, 0) = 0 AND h.identified_date <= @before`
             : 'h.monitor_category IS NULL'
         }
       ORDER BY h.id`,
    )
    .all({ before: addDays(now, -200) }) as {
    id: number;
    gridId: number;
    workerId: number | null;
    worker: string | null;
  }[];
  const out: { id: number; verified: string }[] = [];
  for (const h of sample(
    random,
    households.filter((h) => h.workerId !== null),
    count,
  )) {
    // 10–14 days back: 核实评议 and 拟纳入 within three days, the 公示 over before today and
    // the 15-day 办结时限 not yet passed (docs/domain.md §3).
    const registered = addDays(now, -random.int(daysBack[0], daysBack[1]));
    const verified = minDate(addDays(registered, random.int(1, 2)), now);
    const clue = monitored
      ? {
          category: '其他' as const,
          description: '家庭人均纯收入连续稳定高于监测标准，帮扶措施已见效，申请风险消除',
        }
      : random.pick([
          { category: '收入骤减' as const, description: '务工人员受伤返乡，家庭收入大幅下降' },
          { category: '医疗' as const, description: '家庭成员患重病住院，自付医疗费用较高' },
        ]);
    const problem = createProblem(ctx, {
      workerId: h.workerId!,
      householdId: h.id,
      personName: '',
      place: '',
      source: monitored ? '网格员排查' : random.pick(['网格员排查', '农户自主申报'] as const),
      note: '',
      registeredDate: registered,
      ...clue,
    });
    saveStep(ctx, {
      problemId: problem.id,
      step: '发现报告',
      date: registered,
      person: h.worker ?? '网格员',
      outcome: '网格员入户核实后报告村委会',
      backfillReason: null,
    });
    saveStep(ctx, {
      problemId: problem.id,
      step: '核实评议',
      date: verified,
      person: '村两委',
      outcome: monitored
        ? '经民主评议，符合风险消除条件'
        : '经入户核实和民主评议，符合监测对象条件',
      backfillReason: null,
    });
    out.push({ id: problem.id, verified });
  }
  return out;
}

/** 1 when the service accepted it; a refusal (its own rule) leaves the record as it was. */
function tryService(run: () => unknown): number {
  try {
    run();
    return 1;
  } catch (e) {
    if (e instanceof AppError) return 0;
    throw e;
  }
}

/**
 * Problems with a finished 村内公示 in the last year, for 乡镇审核 on the 公示's last day: as
 * 补录 (with its reason, through the service), and once as old data with no 补录.
 */
function steps(
  ctx: ServiceContext,
  random: Random,
  now: string,
  few: (share: number) => number,
): { backfilled: number; outOfOrder: number } {
  const candidates = ctx.sqlite
    .prepare(
      `SELECT p.id, n.end_date AS noticeEnd, r.id AS reviewId, r.person, r.outcome
       FROM problems p
       JOIN problem_steps n ON n.problem_id = p.id AND n.step = '村内公示'
       LEFT JOIN problem_steps r ON r.problem_id = p.id AND r.step = '乡镇审核'
       WHERE n.end_date IS NOT NULL AND n.end_date <= @now AND p.registered_date >= @since
         AND p.proposal IS NULL AND (r.id IS NULL OR r.date > n.end_date)
       ORDER BY r.id IS NOT NULL, p.id`,
    )
    .all({ now, since: addDays(now, -300) }) as {
    id: number;
    noticeEnd: string;
    reviewId: number | null;
    person: string | null;
    outcome: string | null;
  }[];
  // Open problems still waiting for the 审核 first, then recorded ones.
  const waiting = candidates.filter((c) => c.reviewId === null);
  const recorded = candidates.filter((c) => c.reviewId !== null);
  const chosen = sample(random, waiting, few(SHARES.backfill));
  const need = few(SHARES.backfill) - chosen.length;
  const rest = sample(random, recorded, need + few(SHARES.outOfOrder));
  chosen.push(...rest.slice(0, need));
  const old = rest.slice(need);
  let backfilled = 0;
  for (const c of chosen) {
    backfilled += tryService(() =>
      saveStep(ctx, {
        problemId: c.id,
        step: '乡镇审核',
        date: c.noticeEnd,
        person: c.person ?? '乡镇审核人',
        outcome: c.outcome ?? '经审核，同意村内公示结果',
        backfillReason: BACKFILL_REASON,
      }),
    );
  }
  const moveReview = ctx.sqlite.prepare('UPDATE problem_steps SET date = ? WHERE id = ?');
  let outOfOrder = 0;
  for (const c of old) {
    if (c.reviewId === null) continue;
    moveReview.run(c.noticeEnd, c.reviewId);
    outOfOrder++;
  }
  return { backfilled, outOfOrder };
}

/**
 * In each village one ended month, two to four months back, whose joint 月度会商 was held as
 * group meetings instead: the minutes go to the groups, one or two of which have none.
 */
function meetingGaps(ctx: ServiceContext, random: Random, now: string): number {
  const villages = ctx.sqlite
    .prepare("SELECT id FROM grids WHERE level = 'village' AND archived_at IS NULL ORDER BY id")
    .all() as { id: number }[];
  const groupsOf = ctx.sqlite.prepare(
    "SELECT id FROM grids WHERE parent_id = ? AND level = 'group' AND archived_at IS NULL ORDER BY sort_order, id",
  );
  const meetingIn = ctx.sqlite.prepare(
    'SELECT * FROM meetings WHERE grid_id = ? AND substr(date, 1, 7) = ? ORDER BY id LIMIT 1',
  );
  const rehome = ctx.sqlite.prepare('UPDATE meetings SET grid_id = ? WHERE id = ?');
  const copy = ctx.sqlite.prepare(
    `INSERT INTO meetings (grid_id, date, place, host, attendees, topics, decisions, recorder,
       created_at, updated_at)
     SELECT ?, date, place, host, attendees, topics, decisions, recorder, created_at, updated_at
     FROM meetings WHERE id = ?`,
  );
  let gaps = 0;
  for (const village of villages) {
    const groups = (groupsOf.all(village.id) as { id: number }[]).map((g) => g.id);
    if (groups.length < 3) continue;
    const month = monthBefore(now, random.int(2, 4));
    const meeting = meetingIn.get(village.id, month) as { id: number } | undefined;
    if (!meeting) continue;
    const missing = new Set(sample(random, groups.slice(1), random.int(1, 2)));
    rehome.run(groups[0]!, meeting.id);
    for (const g of groups.slice(1)) {
      if (missing.has(g)) gaps++;
      else copy.run(g, meeting.id);
    }
  }
  return gaps;
}

/** The month (YYYY-MM) `back` months before `date`'s. */
function monthBefore(date: string, back: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** 帮扶责任人 whose phone changed after the cards were printed: their households' cards differ. */
function phones(ctx: ServiceContext, random: Random, count: number): number {
  const contacts = ctx.sqlite
    .prepare(
      `SELECT DISTINCT c.phone FROM assistance_contacts c
       JOIN card_prints cp ON cp.household_id = c.household_id
       WHERE c.end_date IS NULL AND c.phone <> '' ORDER BY c.phone`,
    )
    .all() as { phone: string }[];
  const change = ctx.sqlite.prepare(
    'UPDATE assistance_contacts SET phone = ? WHERE phone = ? AND end_date IS NULL',
  );
  let changed = 0;
  for (const c of sample(random, contacts, count)) {
    const phone = mobileNumber(random);
    changed += change.run(phone, c.phone).changes > 0 ? 1 : 0;
  }
  return changed;
}

/**
 * Monitored households with a gap in the record: a 帮扶责任人 transferred with nobody named
 * after (ended last month), risk types not entered, a member's health not filled in.
 */
function completeness(ctx: ServiceContext, random: Random, now: string): number {
  const monitored = (
    ctx.sqlite
      .prepare(
        `SELECT id FROM households WHERE monitor_category IS NOT NULL
         AND coalesce(elimination_status, '') <> '已消除' ORDER BY id`,
      )
      .all() as { id: number }[]
  ).map((h) => h.id);
  const few = (share: number) => Math.max(1, Math.round(monitored.length * share));
  const picked = sample(
    random,
    monitored,
    few(SHARES.contact) + few(SHARES.risks) + few(SHARES.health),
  );
  const ended = addDays(`${monthBefore(now, 1)}-01`, random.int(0, 20));
  const endContacts = ctx.sqlite.prepare(
    'UPDATE assistance_contacts SET end_date = @ended WHERE household_id = @id AND end_date IS NULL AND start_date <= @ended',
  );
  const dropRisks = ctx.sqlite.prepare('DELETE FROM household_risks WHERE household_id = ?');
  const blankHealth = ctx.sqlite.prepare(
    `UPDATE members SET health = '' WHERE id =
       (SELECT id FROM members WHERE household_id = ? ORDER BY sort_order DESC, id DESC LIMIT 1)`,
  );
  let gaps = 0;
  picked.forEach((id, i) => {
    const statement =
      i < few(SHARES.contact)
        ? endContacts.run({ ended, id })
        : i < few(SHARES.contact) + few(SHARES.risks)
          ? dropRisks.run(id)
          : blankHealth.run(id);
    if (statement.changes > 0) gaps++;
  });
  return gaps;
}

/** Workers just recruited and entered in the roster, not yet given a grid (docs/domain.md §1). */
function newWorkers(ctx: ServiceContext, random: Random, count: number): number {
  for (let i = 0; i < count; i++) {
    const sex = random.pick(['男', '女'] as const);
    createWorker(
      ctx,
      workerInput.parse({
        name: personName(random, sex),
        sex,
        phone: mobileNumber(random),
        post: '网格员',
        birthYear: random.int(1975, 2000),
        note: '新招聘，待分配网格',
      }),
    );
  }
  return count;
}
