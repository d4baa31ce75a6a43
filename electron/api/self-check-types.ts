/**
 * 迎检自查 (docs/domain.md §9): everything an inspection would find in the records, grouped and
 * counted, each finding naming the record that fixes it. Computed by the service
 * (services/self-check/), shown on screen (features/self-check/) and written as xlsx and PDF.
 */

/** The groups of the report, in the order they are shown and printed. */
export const SELF_CHECK_GROUPS = [
  '政策落实',
  '数据完整',
  '工作程序',
  '日常工作',
  '公示公告与档案',
  '网格与人员',
] as const;
export type SelfCheckGroup = (typeof SELF_CHECK_GROUPS)[number];

/**
 * The record a finding is about, and so the screen that fixes it: the renderer opens the
 * household's card, the problem, the notice, the grid, the worker, the document or the
 * meetings page of that grid and month.
 */
export type SelfCheckTarget =
  | { kind: 'household'; id: number }
  | { kind: 'problem'; id: number }
  | { kind: 'notice'; id: number }
  | { kind: 'grid'; id: number }
  | { kind: 'worker'; id: number }
  | { kind: 'document'; id: number }
  | { kind: 'meetings'; gridId: number; month: string };

/** One line of the report. */
export interface SelfCheckFinding {
  /** The record's name as a clerk knows it: 「张三户」, 「第 12 号问题」, the notice's title. */
  subject: string;
  /** The grid the record belongs to (its group grid for a household), for filtering and grouping. */
  gridId: number | null;
  gridName: string;
  /** What is wrong, in one Chinese sentence with the figures (dates, amounts, days). */
  detail: string;
  target: SelfCheckTarget;
}

/** One check: its code (stable, for tests and the CLI), its title, and what it found. */
export interface SelfCheckItem {
  code: string;
  group: SelfCheckGroup;
  /** The check as the inspector would word it, e.g. 「收入低于监测标准但未纳入监测」. */
  title: string;
  /** The rule behind it, short, e.g. 「家庭人均纯收入低于 2026 年监测收入标准 8700 元」. */
  rule: string;
  count: number;
  /** Every finding; the screen pages them, the files list them all. */
  findings: SelfCheckFinding[];
}

export interface SelfCheckGroupReport {
  group: SelfCheckGroup;
  count: number;
  /** All checks of the group, also those that found nothing (count 0): the report says what was checked. */
  items: SelfCheckItem[];
}

export interface SelfCheckReport {
  /** The period looked at (YYYY-MM-DD, both days included) and the day it was computed on. */
  from: string;
  to: string;
  asOf: string;
  /** The grid the report is limited to (its subtree), or null for the whole database. */
  gridId: number | null;
  scopeName: string;
  total: number;
  groups: SelfCheckGroupReport[];
}
