import type { CardLevel } from './cards-types';

/**
 * 监测对象申报政策明白纸 (docs/domain.md §9 「Publicity」): one A4 sheet per household saying who may
 * apply to be a monitored household, how, what happens next, and whom to call. Like the door
 * card it names the household (户主 and 所在组) but never its ID numbers or its own phone.
 */
export interface PolicySheetContent {
  householdId: number;
  /** 户主; '' when the household has none yet. */
  head: string;
  /** 所在组 (the 村民小组; the grid's name when it is not a group). */
  group: string;
  village: string;
  /** The year whose 监测收入标准 is printed, and the line (null when none is set). */
  incomeYear: number;
  incomeLine: number | null;
  /** The workers of the household's grids (the card's rows: 乡镇 / 村 / 组). */
  levels: CardLevel[];
  /** The current 帮扶责任人, if any. */
  contact: { name: string; unit: string; phone: string } | null;
  /** The nearest worker to report to (the card's choice), if any. */
  reportWorker: { role: string; name: string; phone: string } | null;
  hotline: string;
  /** 村民委员会 to report to in person. */
  committee: string;
  /** An app / 小程序 the village uses for self-report (setting); '' when none. */
  appChannel: string;
  /** Time limits of the steps (settings.deadlines), in words: 「2 天」, 「3 个工作日」. */
  limits: { verify: string; notice: string; township: string; total: string };
  supervisionPhone: string;
  /** YYYY-MM-DD. */
  issueDate: string;
}

/** A printed batch of policy sheets, and how many of its households have one recorded. */
export interface PolicyBatch {
  documentId: number;
  title: string;
  docDate: string;
  households: number;
  handed: number;
}

export interface PolicyRecordResult {
  /** Handouts written now. */
  recorded: number;
  /** Households of the batch already recorded for it (not written twice). */
  skipped: number;
}

export interface PolicyHandout {
  id: number;
  householdId: number;
  handedDate: string;
  handedBy: string;
  documentId: number | null;
}

export interface PolicyMissing {
  householdId: number;
  head: string;
  gridName: string;
}

export interface PolicyCoverage {
  /** Households in scope, and those with at least one handout recorded. */
  total: number;
  handed: number;
  missing: PolicyMissing[];
}
