import type { Rate } from './reports-types';

/**
 * The township's outputs from its villages' 上报包 (docs/domain.md §11 「Township outputs」):
 * what the 乡镇/县汇总库 shows and prints, computed from the loaded rows of each village.
 */

/** The counts of one village's 月通报 (the same definitions as the village's own, §3). */
export interface VillageFigures {
  households: number;
  members: number;
  monitored: number;
  eliminated: number;
  notEliminated: number;
  newInMonth: number;
  eliminatedInMonth: number;
  problemsRegistered: number;
  problemsResolved: number;
  problemsOpen: number;
  problemsOverdue: number;
  yearRegistered: number;
  yearResolved: number;
  measuresPlanned: number;
  measuresDone: number;
  developmentalPlanned: number;
  developmentalDone: number;
  visitsDue: number;
  visitsDone: number;
  visitsPending: number;
  visitsOverdue: number;
  visitsRecorded: number;
}

export type FigureKey = keyof VillageFigures;

/** The rates of a row, each computed from its own counts (a total's from the summed counts). */
export interface FigureRates {
  /** 办结率: 年度累计办结 ÷ 年度累计登记. */
  resolved: Rate;
  /** 走访完成率: 已走访 ÷ 应走访. */
  visits: Rate;
  /** 帮扶措施完成率. */
  measures: Rate;
}

export interface TownshipMonthlyRow {
  /** report_villages.id. */
  villageId: number;
  gridId: number;
  township: string;
  village: string;
  /** The month the loaded package reports on (it may be older than the month asked). */
  packagePeriod: string;
  figures: VillageFigures;
  rates: FigureRates;
  /** 1 = best; equal rates share a rank. */
  rankResolved: number;
  rankVisits: number;
}

export interface TownshipMonthlyTotal {
  label: string;
  figures: VillageFigures;
  rates: FigureRates;
}

export interface TownshipMonthly {
  month: string;
  monthStart: string;
  monthEnd: string;
  kind: 'township' | 'county';
  /** The township's (or county's) name. */
  placeName: string;
  title: string;
  generatedAt: string;
  /** One row per loaded village, in township then village order. */
  rows: TownshipMonthlyRow[];
  /** A county workspace: one subtotal per township (empty in a township workspace). */
  townships: TownshipMonthlyTotal[];
  total: TownshipMonthlyTotal;
  /** villageIds ranked by 办结率 and by 走访完成率 (best first). */
  byResolved: number[];
  byVisits: number[];
  /** Villages whose package is for another month than the one asked. */
  otherPeriods: { village: string; period: string }[];
}

export interface BulletinSections {
  basic: string;
  problems: string;
  nextSteps: string;
}

export interface BulletinSummary {
  id: number;
  month: string;
  title: string;
  /** 〔2026〕第1号, null for a draft. */
  number: string | null;
  issuedAt: string | null;
  issuedBy: string | null;
  updatedAt: string;
}

export interface Bulletin extends BulletinSummary {
  sections: BulletinSections;
}

/** One check of the 迎检自查 across villages. */
export interface TownshipSelfCheckItem {
  code: string;
  group: string;
  title: string;
  /** Only the village can compute it (its data does not travel in the package). */
  villageOnly: boolean;
  /** Per village (same order as `villages`): recomputed here, and the package's own count. */
  counts: (number | null)[];
  packageCounts: (number | null)[];
  total: number;
  packageTotal: number;
}

export interface TownshipSelfCheck {
  from: string;
  to: string;
  asOf: string;
  placeName: string;
  villages: {
    villageId: number;
    township: string;
    village: string;
    total: number;
    packageTotal: number;
  }[];
  items: TownshipSelfCheckItem[];
  total: number;
}

export interface ProposalRow {
  problemId: number;
  township: string;
  village: string;
  group: string;
  head: string;
  people: number;
  proposal: '拟纳入' | '拟消除';
  /** 拟纳入: the 监测类别; 拟消除: the 消除方式. */
  categoryOrMethod: string;
  riskTypes: string;
  proposalDate: string;
  noticeFrom: string | null;
  noticeTo: string | null;
}

export interface ProposalList {
  include: ProposalRow[];
  eliminate: ProposalRow[];
}

export interface ReconcileDifference {
  /** 'figure' (月通报) or 'selfCheck'. */
  kind: 'figure' | 'selfCheck';
  label: string;
  /** What the package says, and what the township recomputed (null: absent). */
  packageValue: number | null;
  recomputed: number | null;
}

export interface ReconcileVillage {
  villageId: number;
  township: string;
  village: string;
  period: string;
  differences: ReconcileDifference[];
  /** Checks only the village can compute (shown as 「仅村级可查」). */
  villageOnly: string[];
  /** 「账账相符」, or 「有 N 处不符」. */
  verdict: string;
}

export interface Reconciliation {
  villages: ReconcileVillage[];
  differences: number;
}
