import type { MeasureCategory } from '../../api/roster-enums';
import type { NoticeKind } from '../../api/notices-types';
import type { PrivacyLevel } from './privacy';

/**
 * What each kind of notice prints (docs/domain.md §4), as typed allow-lists: a household
 * notice's row is a `PublicHouseholdRow`, an object holding only the fields a notice may print,
 * and each kind lists which of them become its columns. No other field of a household (an ID
 * number, a phone, a health status, a measure's own content, a note) has a column name here, so
 * none can reach a table: the type checker refuses it.
 */

/** Every cell a household notice may print. */
export const HOUSEHOLD_COLUMNS = [
  '户主姓名',
  '所在组',
  '家庭人口',
  '监测类别',
  '消除方式',
  '措施类别',
  '措施内容',
  '状态',
  '结果',
  '备注',
] as const;
export type HouseholdColumn = (typeof HOUSEHOLD_COLUMNS)[number];

/**
 * One row of a household notice. 措施内容 is the public description the clerk writes for the
 * notice (default the category's plain name), never the measure's content; 备注 is left empty
 * for a hand-written remark on the printed sheet (the household's own note is never read).
 */
export type PublicHouseholdRow = { key: string } & Partial<Record<HouseholdColumn, string>>;

/** The cells of 网格划分及网格员公示: workers, whose office phones are public. */
export const GRID_COLUMNS = [
  '网格',
  '包保户数',
  '职务',
  '姓名',
  '工作单位及职务',
  '联系电话',
  '工作职责',
] as const;
export type GridColumn = (typeof GRID_COLUMNS)[number];
export type PublicGridRow = { key: string } & Record<GridColumn, string>;

export interface KindSpec {
  /** The columns printed, in order (序号 is added in front when printing); [] for 其他公示. */
  columns: readonly (HouseholdColumn | GridColumn)[];
  /** How free text is scanned: `public` (网格划分: about workers) or `household`. */
  level: PrivacyLevel;
  /** A notice of this kind without a row says nothing: refused. */
  needsRows: boolean;
  /** The rows come from a date range (识别认定 / 措施 / 消除 dates). */
  usesRange: boolean;
  /** 公示 or 公告 (the period line and messages say 公示期 / 公告期). */
  word: '公示' | '公告';
  /** 长期公示: no objection period printed (网格划分, docs/domain.md §4). */
  standing: boolean;
}

const IDENTIFIED = ['户主姓名', '所在组', '家庭人口', '监测类别', '备注'] as const;
const ELIMINATED = ['户主姓名', '所在组', '家庭人口', '消除方式', '备注'] as const;
const MEASURES = ['户主姓名', '所在组', '措施类别', '措施内容', '状态'] as const;
/** The column of 网格划分 that holds phones: the workers' own, the one place a phone prints. */
export const WORKER_PHONE_COLUMN: GridColumn = '联系电话';
export const RESULT_COLUMN: HouseholdColumn = '结果';

export const KINDS: Record<NoticeKind, KindSpec> = {
  网格划分及网格员公示: {
    columns: GRID_COLUMNS,
    level: 'public',
    needsRows: true,
    usesRange: false,
    word: '公示',
    standing: true,
  },
  监测对象识别认定公示: {
    columns: IDENTIFIED,
    level: 'household',
    needsRows: true,
    usesRange: true,
    word: '公示',
    standing: false,
  },
  帮扶措施公示: {
    columns: MEASURES,
    level: 'household',
    needsRows: true,
    usesRange: true,
    word: '公示',
    standing: false,
  },
  风险消除公示: {
    columns: ELIMINATED,
    level: 'household',
    needsRows: true,
    usesRange: true,
    word: '公示',
    standing: false,
  },
  结果公告: {
    // The source notice decides 监测类别 or 消除方式 (resultColumns).
    columns: ['户主姓名', '所在组', '家庭人口', RESULT_COLUMN],
    level: 'household',
    needsRows: true,
    usesRange: false,
    word: '公告',
    standing: false,
  },
  其他公示: {
    columns: [],
    // Free text about anyone: scanned as being about households.
    level: 'household',
    needsRows: false,
    usesRange: false,
    word: '公示',
    standing: false,
  },
};

/** The columns of a 结果公告 following a notice of `source` kind. */
export function resultColumns(source: NoticeKind): readonly HouseholdColumn[] {
  return [
    '户主姓名',
    '所在组',
    '家庭人口',
    source === '风险消除公示' ? '消除方式' : '监测类别',
    RESULT_COLUMN,
  ];
}

/** The kinds a 结果公告 can follow (docs/domain.md §3 step 5: 县级审定, then 结果公告). */
export const RESULT_SOURCES: readonly NoticeKind[] = ['监测对象识别认定公示', '风险消除公示'];

/**
 * A measure's plain public name (docs/domain.md §4): what a 帮扶措施公示 prints for it unless
 * the clerk writes another public description.
 */
export const MEASURE_PLAIN_NAMES: Record<MeasureCategory, string> = {
  产业: '产业帮扶',
  就业: '就业帮扶',
  金融: '金融帮扶',
  公益岗位: '公益岗位',
  健康: '健康帮扶',
  义务教育保障: '义务教育保障',
  其他教育: '教育帮扶',
  综合保障: '综合保障',
  住房安全: '住房安全保障',
  饮水安全: '饮水安全保障',
  社会帮扶: '社会帮扶',
  搬迁: '易地搬迁',
  生产生活条件改善: '生产生活条件改善',
  基础设施: '基础设施改善',
};

/**
 * Measure categories that tell a household's health (docs/domain.md §4): of the code table
 * (§2) only 健康 does — 综合保障's 医保 is an insurance everyone has. Such a measure prints as
 * 「健康帮扶」 (whatever the clerk types) or not at all, per settings.notices.healthMeasures.
 */
export const HEALTH_MEASURE_CATEGORIES: readonly string[] = ['健康'];
export const HEALTH_MEASURE_TEXT = '健康帮扶';

export const plainMeasureName = (category: string): string =>
  (MEASURE_PLAIN_NAMES as Record<string, string>)[category] ?? category;
