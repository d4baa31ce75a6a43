/**
 * 走访 and 月度会商 (docs/domain.md §3): the code tables and what the visits methods return.
 * Lists carry names only, never ID numbers or phones (docs/domain.md §7).
 */

/** 走访方式, stored as the screen words (db/schema/visits.ts). */
export const VISIT_WAYS = ['入户', '电话', '微信'] as const;
export type VisitWay = (typeof VISIT_WAYS)[number];

/**
 * Which visit rule applies to a household (docs/domain.md §3), checked in this order:
 * 风险户每月入户 — unresolved risk, someone at home: a home visit every calendar month;
 * 外出户每月联系 — every member works away: a phone/WeChat (or home) contact every month;
 * 一般户每季度 — everyone else: any visit every calendar quarter.
 */
export const VISIT_DUE_KINDS = ['风险户每月入户', '外出户每月联系', '一般户每季度'] as const;
export type VisitDueKind = (typeof VISIT_DUE_KINDS)[number];

/** 逾期 = no qualifying visit and the period ended before today. */
export const VISIT_DUE_STATUSES = ['已走访', '待走访', '逾期'] as const;
export type VisitDueStatus = (typeof VISIT_DUE_STATUSES)[number];

/** What the due page filters by: one status, or 未走访 (待走访 and 逾期 together). */
export const VISIT_DUE_FILTERS = ['未走访', ...VISIT_DUE_STATUSES] as const;
export type VisitDueFilter = (typeof VISIT_DUE_FILTERS)[number];

/** The due list's order (docs/domain.md §3): who still needs a visit first. */
export const VISIT_DUE_ORDER: readonly VisitDueStatus[] = ['逾期', '待走访', '已走访'];

/** Rows per page of 本月应走访: the default, and the most one call returns. */
export const VISIT_DUE_PAGE_SIZE = 50;
export const VISIT_DUE_PAGE_MAX = 500;

export interface VisitView {
  id: number;
  householdId: number;
  /** 户主; '（未登记户主）' when the household has no member with relation 本人. */
  headName: string;
  /** The household's current grid (visits do not store one). */
  gridId: number | null;
  gridName: string;
  workerId: number;
  workerName: string;
  date: string;
  way: VisitWay;
  findings: string;
  /** The problem registered from this visit (需要跟进), if any. */
  problemId: number | null;
  createdAt: string;
}

export interface VisitPage {
  rows: VisitView[];
  total: number;
}

export interface VisitDueCounts {
  /** Households due in the period: done + pending + overdue. */
  due: number;
  done: number;
  pending: number;
  overdue: number;
}

export interface VisitDueRow {
  householdId: number;
  headName: string;
  gridId: number;
  gridName: string;
  kind: VisitDueKind;
  /** The period the rule counts in: the month, or the calendar quarter for 一般户每季度. */
  periodStart: string;
  periodEnd: string;
  /** The latest visit in the period that counts for the rule (a phone call does not count for 入户). */
  lastVisit: { date: string; way: VisitWay; workerName: string } | null;
  status: VisitDueStatus;
  /** Workers currently holding a role in the household's grid. */
  workers: string[];
}

/**
 * The whole due list of a scope, for the services that need every row (月通报, 实绩评价 checks,
 * tests): visitsDue in services/visits/due.ts. The page and the CLI read VisitsDuePage.
 */
export interface VisitsDueResult {
  month: string;
  /** The day 逾期 was judged against (the context clock). */
  today: string;
  rows: VisitDueRow[];
  summary: VisitDueCounts;
  byGrid: (VisitDueCounts & { gridId: number; gridName: string })[];
  /** One entry per worker holding a role in a listed household's grid. */
  byWorker: (VisitDueCounts & { workerId: number; workerName: string })[];
}

/**
 * One page of 本月应走访 (method visits.due): the rows of the scope (grid, worker) that match the
 * status and name filters, 逾期 first, then 待走访, then 已走访, each in the order of the grid tree.
 */
export interface VisitsDuePage {
  month: string;
  /** The day 逾期 was judged against (the context clock). */
  today: string;
  rows: VisitDueRow[];
  /** Rows matching every filter, over all pages. */
  total: number;
  offset: number;
  limit: number;
  /** Counts of the whole scope (grid, worker) before the status and name filters. */
  summary: VisitDueCounts;
}

export interface MeetingProblem {
  id: number;
  registeredDate: string;
  description: string;
  category: string;
  status: string;
  /** 户主 of the household, or the 反映人 of a clue. */
  headName: string;
  gridName: string;
}

export interface MeetingSummary {
  id: number;
  gridId: number;
  gridName: string;
  date: string;
  place: string;
  host: string;
  recorder: string;
  attendees: string;
  problemCount: number;
}

export interface MeetingDetail extends MeetingSummary {
  /** Names from the root down to the meeting's grid. */
  gridPath: string[];
  topics: string;
  decisions: string;
  problems: MeetingProblem[];
  createdAt: string;
  updatedAt: string;
}
