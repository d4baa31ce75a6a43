import type { NoticeKind } from '../../api/notices-types';
import type { PrivacyLevel } from './privacy';

/**
 * What each kind of notice prints (docs/domain.md §4): its columns, the columns a caller's table
 * may keep, the privacy level of its cells, whether it needs rows and a data range.
 */
export interface KindSpec {
  /** The default columns (序号 is added when printing). */
  columns: readonly string[];
  /** Columns a caller's table may have; null: any (其他公示). */
  allowed: readonly string[] | null;
  level: PrivacyLevel;
  /** A notice of this kind without a row says nothing: refused. */
  needsRows: boolean;
  /** The rows come from a date range (识别认定 / 措施 / 消除 dates). */
  usesRange: boolean;
  /** 公示 or 公告 (the period line and messages say 公示期 / 公告期). */
  word: '公示' | '公告';
}

/** Household rows: 户主姓名, 所在组, 家庭人口, 监测类别 or 消除方式, 备注 (docs/domain.md §4). */
const IDENTIFIED = ['户主姓名', '所在组', '家庭人口', '监测类别', '备注'] as const;
const ELIMINATED = ['户主姓名', '所在组', '家庭人口', '消除方式', '备注'] as const;
const MEASURES = ['户主姓名', '所在组', '措施类别', '措施内容', '状态'] as const;
const GRID_DIVISION = [
  '网格',
  '包保户数',
  '职务',
  '姓名',
  '工作单位及职务',
  '联系电话',
  '工作职责',
] as const;
/** The phone column of 网格划分, the one place a phone may be printed. */
export const WORKER_PHONE_COLUMN = '联系电话';
/** 结果公告 adds the outcome to the rows of the notice it follows. */
export const RESULT_COLUMN = '结果';
const RESULT_ALLOWED = [
  '户主姓名',
  '所在组',
  '家庭人口',
  '监测类别',
  '消除方式',
  RESULT_COLUMN,
  '备注',
] as const;

export const KINDS: Record<NoticeKind, KindSpec> = {
  网格划分及网格员公示: {
    columns: GRID_DIVISION,
    allowed: GRID_DIVISION,
    level: 'public',
    needsRows: true,
    usesRange: false,
    word: '公示',
  },
  监测对象识别认定公示: {
    columns: IDENTIFIED,
    allowed: IDENTIFIED,
    level: 'household',
    needsRows: true,
    usesRange: true,
    word: '公示',
  },
  帮扶措施公示: {
    columns: MEASURES,
    allowed: MEASURES,
    level: 'household',
    needsRows: true,
    usesRange: true,
    word: '公示',
  },
  风险消除公示: {
    columns: ELIMINATED,
    allowed: ELIMINATED,
    level: 'household',
    needsRows: true,
    usesRange: true,
    word: '公示',
  },
  结果公告: {
    // The source notice decides (识别认定: 监测类别; 风险消除: 消除方式).
    columns: ['户主姓名', '所在组', '家庭人口', RESULT_COLUMN],
    allowed: RESULT_ALLOWED,
    level: 'household',
    needsRows: true,
    usesRange: false,
    word: '公告',
  },
  其他公示: {
    columns: [],
    allowed: null,
    // Free text about anyone: treated as being about households.
    level: 'household',
    needsRows: false,
    usesRange: false,
    word: '公示',
  },
};

/** The kinds a 结果公告 can follow (docs/domain.md §3 step 5: 县级审定, then 结果公告). */
export const RESULT_SOURCES: readonly NoticeKind[] = ['监测对象识别认定公示', '风险消除公示'];
