import { inArray } from 'drizzle-orm';
import { settings as settingsTable } from '../../../db/schema';
import { settingsShape, type Settings } from '../../api/schemas';
import { assertArchiveKinds } from '../archive/kinds';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';

/** Defaults for a new database. Income lines are per province per year: none is assumed. */
export const DEFAULT_SETTINGS: Settings = {
  villageName: '',
  fondsCode: '',
  householdCap: 100,
  incomeLines: [],
  deadlines: {
    verify: { days: 2, workingDays: false },
    notice: { days: 5, workingDays: false },
    township: { days: 3, workingDays: true },
    total: { days: 15, workingDays: false },
  },
  holidays: [],
  workdays: [],
  supervisionPhone: '',
  selfReportApp: '',
  eliminationNoticeDays: 7,
  // The 2023 township rule book: the township decides, the county files (docs/domain.md §3).
  decisionLevel: 'township',
  printFonts: { title: 'noto-sans', body: 'noto-sans' },
  // Poverty-work files grouped as docs/domain.md §6 says; the retention defaults are a county's
  // usual choice (identification and exit files kept for good) and editable.
  archive: {
    codePreset: 'DA/T 22-2015',
    customPattern: '',
    classCode: 'WS',
    orgCode: 'FFP',
    orgName: '防返贫监测',
    categories: [
      { name: '综合类', retention: 'D30' },
      { name: '精准识别类', retention: 'Y' },
      { name: '精准施策类', retention: 'D30' },
      { name: '精准脱贫类', retention: 'Y' },
      { name: '一户一档', retention: 'D30' },
    ],
  },
  // What each kind the program files goes under (docs/domain.md §6); retention from the category.
  archiveKinds: [
    { kind: '监测对象识别认定公示', category: '精准识别类' },
    { kind: '帮扶措施公示', category: '精准施策类' },
    { kind: '风险消除公示', category: '精准脱贫类' },
    { kind: '网格划分及网格员公示', category: '综合类' },
    { kind: '其他公示', category: '综合类' },
    { kind: '明白纸', category: '综合类' },
    { kind: '问题登记台账', category: '综合类' },
    { kind: '月通报', category: '综合类' },
    { kind: '月度会商记录', category: '综合类' },
    { kind: '其他文件', category: '综合类' },
    { kind: '上传的扫描件', category: '综合类' },
    { kind: '一户一档扫描件', category: '一户一档' },
  ],
  notices: { issuerCode: '', healthMeasures: 'generic' },
  operators: [],
  backupKeep: 10,
  digitSearchesPerMinute: 30,
};

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

export function getSettings(ctx: ServiceContext): Settings {
  const rows = ctx.db.select().from(settingsTable).where(inArray(settingsTable.key, KEYS)).all();
  const result: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const row of rows) {
    const key = row.key as keyof Settings;
    // A value that is not JSON or no longer passes its schema (hand-edited file, older
    // build) falls back to the default instead of breaking every screen.
    let stored: unknown;
    try {
      stored = JSON.parse(row.value);
    } catch {
      continue;
    }
    const parsed = settingsShape.shape[key].safeParse(stored);
    if (parsed.success) result[key] = parsed.data;
  }
  return result as Settings;
}

export function updateSettings(ctx: ServiceContext, patch: Partial<Settings>): Settings {
  return inTransaction(ctx, () => {
    const before = getSettings(ctx);
    if (patch.archive !== undefined || patch.archiveKinds !== undefined) {
      // One kind, one category and retention (docs/domain.md §6).
      assertArchiveKinds(ctx, before, { ...before, ...patch });
    }
    const updatedAt = ctx.now().toISOString();
    for (const key of KEYS) {
      const value = patch[key];
      if (value === undefined) continue;
      const stored =
        key === 'incomeLines' ? [...patch.incomeLines!].sort((a, b) => a.year - b.year) : value;
      if (JSON.stringify(stored) === JSON.stringify(before[key])) continue;
      ctx.db
        .insert(settingsTable)
        .values({ key, value: JSON.stringify(stored), updatedAt })
        .onConflictDoUpdate({
          target: settingsTable.key,
          set: { value: JSON.stringify(stored), updatedAt },
        })
        .run();
      audit(ctx, {
        entity: 'setting',
        entityId: key,
        action: 'update',
        before: before[key],
        after: stored,
      });
    }
    return getSettings(ctx);
  });
}
