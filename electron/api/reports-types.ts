/**
 * Results of the reports area: 月通报 figures, 实绩评价 rows. Every breakdown is an array of
 * {label, value} so the UI can hand it to an ECharts series as is; zero rows are kept so a
 * chart's categories do not change from month to month.
 */

/** One bar / slice of a chart. */
export interface ChartItem {
  label: string;
  value: number;
}

/**
 * A share: numerator ÷ denominator as a percent with 2 decimals. `percent` is null and `text`
 * is '—' when the denominator is 0 (nothing to divide: not 0 %, not 100 %).
 */
export interface Rate {
  numerator: number;
  denominator: number;
  percent: number | null;
  /** "91.61%" or "—", as printed in the 月通报. */
  text: string;
}

/** One row of the per-grid table: the direct children of the report's grid. */
export interface MonthlyGridRow {
  gridId: number;
  gridName: string;
  households: number;
  members: number;
  monitored: number;
  problemsRegistered: number;
  problemsResolved: number;
  problemsOpen: number;
  problemsOverdue: number;
  visitsDue: number;
  visitsDone: number;
  visitsOverdue: number;
}

/** Planned / done of one measure category. */
export interface MeasureCategoryRow {
  category: string;
  developmental: boolean;
  planned: number;
  done: number;
  rate: Rate;
}

export interface MonthlyReport {
  /** 'YYYY-MM' and its first and last day. */
  month: string;
  monthStart: string;
  monthEnd: string;
  /** The grid reported on, or null for all data. */
  grid: { id: number; name: string; path: string[] } | null;
  /** The place in the title: the grid's name, or the village name from the settings. */
  placeName: string;
  /** "<村名> 2026年4月 防返贫动态监测月通报". */
  title: string;
  /** When the figures were computed (ctx clock, ISO). */
  generatedAt: string;

  /** Households with a current grid assignment in the scope, and their members. */
  households: { covered: number; members: number };

  /** 监测对象 as at the month end: category set and identified on or before the month end. */
  monitored: {
    total: number;
    /** 已消除 on or before the month end. */
    eliminated: number;
    notEliminated: number;
    /** Identified (识别认定) within the month. */
    newInMonth: number;
    /** Marked 已消除 within the month. */
    eliminatedInMonth: number;
    byCategory: ChartItem[];
    eliminatedByCategory: ChartItem[];
  };

  /** 问题登记: month figures, year to date, by category and source. */
  problems: {
    registered: number;
    resolved: number;
    /** Registered by the month end and not resolved by it. */
    open: number;
    /** Open at the month end with 办结时限 before the month end. */
    overdue: number;
    yearRegistered: number;
    /** Of the problems registered this year up to the month end, those resolved by it. */
    yearResolved: number;
    yearRate: Rate;
    registeredByCategory: ChartItem[];
    resolvedByCategory: ChartItem[];
    openByCategory: ChartItem[];
    registeredBySource: ChartItem[];
  };

  /** 帮扶措施 of the monitored households, as at the month end. */
  measures: {
    planned: number;
    done: number;
    rate: Rate;
    /** Done (done_date) within the month. */
    doneInMonth: number;
    /** 开发式: 产业, 就业, 金融, 公益岗位. */
    developmental: { planned: number; done: number; rate: Rate };
    byCategory: MeasureCategoryRow[];
    plannedByCategory: ChartItem[];
    doneByCategory: ChartItem[];
  };

  /** 走访: due/done from the visit rules, plus the visits recorded in the month. */
  visits: {
    due: number;
    done: number;
    pending: number;
    overdue: number;
    rate: Rate;
    byStatus: ChartItem[];
    /** Visits dated in the month, by way (入户 / 电话 / 微信). */
    recorded: number;
    recordedByWay: ChartItem[];
  };

  /** The same key figures per child grid (e.g. per 村民小组 of a village). */
  byGrid: MonthlyGridRow[];
}

export const GRADES = ['优秀', '良好', '合格', '不合格'] as const;
export type Grade = (typeof GRADES)[number];

/** One worker's 实绩评价 for a period. Counted parts come from the ledger; manual is stored. */
export interface EvaluationRow {
  workerId: number;
  workerName: string;
  /** "一组 网格员；二组 网格长": roles held at some time in the period. */
  roles: string;
  /** Visits the worker recorded with a date in the period. */
  visitsDone: number;
  /** Due visits (done or overdue) of the households in the worker's grids, and those done. */
  visitsDue: number;
  visitsOnTime: number;
  visitsOnTimeRate: Rate;
  /** Problems registered by the worker in the period. */
  problemsFound: number;
  /** Problems registered by the worker whose 办结时限 falls in the period and has come. */
  problemsDue: number;
  problemsClosedOnTime: number;
  closedOnTimeRate: Rate;
  manualScore: number | null;
  note: string;
  /** Weighted score 0–100 (2 decimals) over the parts that apply; null when none applies. */
  totalScore: number | null;
  grade: Grade | null;
}

export interface EvaluationList {
  period: string;
  periodStart: string;
  periodEnd: string;
  /** The weights used, in percent: visits on time, closed on time, manual score. */
  weights: { visitsOnTime: number; closedOnTime: number; manual: number };
  rows: EvaluationRow[];
}

/** What evaluations.save stored. */
export interface EvaluationRecord {
  workerId: number;
  period: string;
  manualScore: number | null;
  note: string;
}
