import { grids } from '../../../db/schema';
import { AppError } from '../../api/errors';
import type { DemoSize, GridLevel } from '../../api/schemas';
import type { DemoSummary } from '../../api/types';
import { audit } from '../audit/audit';
import { prepareBulkInsert } from '../bulk';
import { inTransaction, type ServiceContext } from '../context';
import * as jobs from '../jobs/registry';
import { NO_HOOKS, type WorkHooks } from '../jobs/work-hooks';
import { runInWorker } from '../jobs/worker-run';
import { countGrids } from '../grids/grids';
import { updateSettings } from '../settings/settings';
import { seedArchive } from './archive-demo';
import { seedHandouts } from './handouts-demo';
import { seedCurrentIncomes } from './incomes-demo';
import { seedGrantDates } from './grants-demo';
import { DEMO_PROBLEMS_PER_YEAR, seedLedger } from './ledger-demo';
import { chineseNumber, placeStem } from './names';
import { Random } from './random';
import { seedRoster, type DemoGrid } from './roster-demo';
import { seedSelfCheckFindings } from './self-check-demo';

interface Shape {
  townships: number;
  villages: number;
  groups: number;
  households: number;
  /** The county report's own count of monitored households, where known. */
  monitored?: number;
}

/**
 * Sizes of the demo sets. The county is the one in docs/domain.md §8: 10 township grids,
 * 80 village grids, 4,286 group grids, 39,154 households, 366 of them monitored. A village
 * has 200-1,500 households; monitored households are a few percent.
 */
export const DEMO_SHAPES: Record<DemoSize, Shape> = {
  village: { townships: 1, villages: 1, groups: 10, households: 400 },
  township: { townships: 1, villages: 14, groups: 150, households: 6000 },
  // 39,154 农户 are households: 35,972 registered = 91.87 % of 39,154 (docs/domain.md §8), about 9
  // per group grid, as that county's own rule (about 10, never more than 20) asks.
  county: { townships: 10, villages: 80, groups: 4286, households: 39154, monitored: 366 },
};

/** Demo area code (6 digits) for the county; ID numbers of demo people start with it. */
const DEMO_AREA_CODES = ['532529', '533324', '522328', '513434', '451228', '622922'];

/**
 * Seeds an empty database as a job (services/jobs/registry.ts, kind demo-seed) whose work runs
 * in a worker thread on its own connection (issue 15 item 2: the township's seed held the
 * window for seconds). The call waits for the job's end without holding the event loop;
 * `followJobId` lets the caller follow it with jobs.status and stop it with jobs.cancel until
 * the roster and ledger are committed.
 */
export async function seedDemo(
  ctx: ServiceContext,
  input: {
    size: DemoSize;
    seed: number;
    followJobId?: string | undefined;
    /**
     * The self-check's findings on top of the ledger (self-check-demo.ts); default on. Off only
     * for tests of the ledger writer's own rules (steps in order, one meeting per village).
     */
    findings?: boolean;
  },
): Promise<DemoSummary> {
  const { value } = jobs.start(
    'demo-seed',
    (job) =>
      runInWorker(
        ctx,
        'demo-seed',
        { size: input.size, seed: input.seed, findings: input.findings ?? true },
        job,
      ),
    {
      label: `载入演示数据（${DEMO_LABELS[input.size]}）`,
      jobId: input.followJobId,
      phase: '建立网格',
      stopsAtOnce: false,
      cancelledMessage: '已取消载入演示数据，数据库没有改动',
      publicResult: (summary) => summary,
    },
  );
  return value;
}

const DEMO_LABELS: Record<DemoSize, string> = {
  village: '村级',
  township: '乡镇级',
  county: '县级',
};

/**
 * The seed itself: the roster and the ledger's year in one transaction (a cancel asked before
 * its end rolls it all back), then (once that is committed) the archive of the first village
 * through the real services, which run their own transactions around asynchronous PDF layout
 * (archive-demo.ts).
 */
export async function seedDemoWork(
  ctx: ServiceContext,
  input: { size: DemoSize; seed: number; findings?: boolean },
  hooks: WorkHooks = NO_HOOKS,
): Promise<DemoSummary> {
  const started = performance.now();
  const random = new Random(input.seed);
  const shape = DEMO_SHAPES[input.size];
  const seeded = inTransaction(ctx, () => {
    if (countGrids(ctx) > 0) {
      throw new AppError(
        'CONFLICT',
        '数据库里已经有网格数据。演示数据只能载入到空的数据库，以免和真实台账混在一起。',
      );
    }
    const insertGrid = prepareBulkInsert(ctx.db, grids, [
      'parentId',
      'level',
      'name',
      'code',
      'sortOrder',
    ]);
    const counts: Record<GridLevel, number> = {
      county: 0,
      township: 0,
      village: 0,
      group: 0,
      cell: 0,
    };
    const created: DemoGrid[] = [];
    const add = (
      parentId: number | null,
      level: GridLevel,
      name: string,
      code: string,
      sortOrder: number,
    ) => {
      counts[level]++;
      const id = insertGrid({ parentId, level, name, code, sortOrder });
      created.push({ id, level, name });
      return id;
    };

    const areaCode = random.pick(DEMO_AREA_CODES);
    const used = new Set<string>();
    const countyName = `${placeStem(random, used)}县`;
    const countyId = add(null, 'county', countyName, areaCode, 0);
    const villagesPerTownship = random.split(shape.villages, shape.townships);
    const groupsPerVillage = random.split(shape.groups, shape.villages);
    let villageIndex = 0;
    let firstVillageName = '';
    villagesPerTownship.forEach((villageCount, t) => {
      const townshipCode = `${areaCode}${String(100 + t).padStart(3, '0')}`;
      const townshipName = `${placeStem(random, used)}${random.chance(0.6) ? '镇' : '乡'}`;
      const townshipId = add(countyId, 'township', townshipName, townshipCode, t);
      for (let v = 0; v < villageCount; v++, villageIndex++) {
        const villageName = `${placeStem(random, used)}村`;
        firstVillageName ||= villageName;
        const villageCode = `${townshipCode}${String(200 + v).padStart(3, '0')}`;
        const villageId = add(townshipId, 'village', villageName, villageCode, v);
        const groupCount = groupsPerVillage[villageIndex]!;
        for (let g = 0; g < groupCount; g++) {
          add(
            villageId,
            'group',
            `第${chineseNumber(g + 1)}村民小组`,
            `${villageCode}${String(g + 1).padStart(3, '0')}`,
            g,
          );
        }
      }
    });

    hooks.checkpoint();
    hooks.progress(1, 4, '农户和成员');
    const roster = seedRoster(ctx, random, {
      grids: created,
      areaCode,
      households: shape.households,
      monitoredShare: 0.03,
      monitoredExact: shape.monitored,
    });

    const year = ctx.now().getFullYear();
    updateSettings(ctx, {
      villageName: firstVillageName,
      fondsCode: `Z${random.int(100, 999)}`,
      householdCap: 100,
      // Rising lines like the published provincial examples (7,500 → 8,050 → 8,700 元).
      incomeLines: [
        { year: year - 2, amount: 7500 },
        { year: year - 1, amount: 8050 },
        { year, amount: 8700 },
      ],
    });
    hooks.checkpoint();
    hooks.progress(2, 4, '问题登记和走访');
    // After the roster and the settings, so both stay as they were for a seed.
    const ledger = seedLedger(ctx, random, { problems: DEMO_PROBLEMS_PER_YEAR[input.size] });
    // 申报政策明白纸 handed out (docs/domain.md §9), from its own Random: the rest is unchanged.
    const { handouts } = seedHandouts(ctx, input.seed);
    // This year's incomes for the self-check's 12-month window, likewise.
    const { incomes } = seedCurrentIncomes(ctx, input.seed);
    // The dates 低保 / 特困供养 were granted, after the ledger whose problems screen them.
    const { grants } = seedGrantDates(ctx, input.seed);
    hooks.checkpoint();
    audit(ctx, {
      entity: 'demo',
      entityId: input.size,
      action: 'seed',
      after: { seed: input.seed, grids: counts, ...roster, ...ledger, handouts, incomes, grants },
    });
    return { grids: counts, ...roster, ...ledger };
  });
  hooks.committed();
  hooks.progress(3, 4, '归档文件');
  // After the ledger, from the same Random, so a seed gives the same catalogue.
  const archive = await seedArchive(ctx, random, {
    monthlyReports: input.size === 'village' ? 'all' : 'quarterly',
  });
  // What a 迎检自查 finds in a real village, a few of each (docs/domain.md §9): after the
  // archive, from its own Random, so the roster, ledger and catalogue a seed gives are unchanged.
  const found =
    input.findings === false
      ? { newProblems: 0, newWorkers: 0 }
      : await seedSelfCheckFindings(ctx, input.seed);
  return {
    size: input.size,
    seed: input.seed,
    ...seeded,
    problems: seeded.problems + found.newProblems,
    workers: seeded.workers + found.newWorkers,
    ...archive,
    millis: Math.round(performance.now() - started),
  };
}
