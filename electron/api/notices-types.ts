import type { FilePayload } from './roster-io-types';

/** Results of the notices area (公示 / 公告, docs/domain.md §4). */

export const NOTICE_KINDS = [
  '网格划分及网格员公示',
  '监测对象识别认定公示',
  '帮扶措施公示',
  '风险消除公示',
  '结果公告',
  '其他公示',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Derived from today and the period: before it, inside it (both ends included), after it. */
export const NOTICE_STATUSES = ['未开始', '公示中', '已结束'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** The table of a notice as printed: 序号 is added when printing and kept in the record. */
export interface NoticeTable {
  columns: string[];
  rows: string[][];
}

/** What notices.draft proposes; the clerk edits title, body and rows before previewing. */
export interface NoticeDraft {
  kind: NoticeKind;
  title: string;
  body: string;
  /** "<村名>村民委员会". */
  issuer: string;
  issueDate: string;
  /** Default period: from the issue date, as long as the rule asks (5 days, 7 for 风险消除). */
  periodStart: string;
  periodEnd: string;
  /** The shortest period allowed for this kind, in the unit the settings count in. */
  minDays: number;
  gridId: number | null;
  /** The grid's name, or the village's. */
  placeName: string;
  /** The data range the rows come from (识别认定 / 措施 / 消除 dates), null for kinds without. */
  from: string | null;
  to: string | null;
  /** 结果公告: the earlier notice whose outcome it announces. */
  sourceNoticeId: number | null;
  /** Rows without 序号 (it is numbered when printing, after rows are removed). */
  table: NoticeTable;
  /**
   * One key per row of `table` ('h12' a household, 'm34' a measure, 'w5-3' a worker's role,
   * 'g3' a grid without workers, 'r0' a row of the source notice): the clerk removes rows by
   * key (`removedRows`), never by sending cells (docs/domain.md §4: rows come from the roster).
   */
  rowKeys: string[];
  /**
   * 帮扶措施公示: each measure row's public description (措施内容 as printed), keyed like
   * rowKeys. `fixed` is set for health measures, which print as 「健康帮扶」 whatever is typed.
   */
  measureTexts: NoticeMeasureText[];
  /** The columns a household notice may show (null: 其他公示 has no fixed columns). */
  allowedColumns: string[] | null;
  /** Things the clerk should know (no data in the range, no earlier notice to announce, …). */
  notes: string[];
}

/** A measure on a 帮扶措施公示: its category and the text the notice prints for it. */
export interface NoticeMeasureText {
  key: string;
  category: string;
  /** Default: the category's plain name (产业 → 产业帮扶); never the measure's own content. */
  text: string;
  /** True for a health measure: the text is 「健康帮扶」 and cannot be changed. */
  fixed: boolean;
}

/**
 * Something in the clerk's text that a public notice must not print (docs/domain.md §4, §7):
 * where it is, what it looks like (masked as lists mask it) and what kind of data it is.
 * Shown with the preview; issuing is refused while any is left.
 */
export interface PrivacyHit {
  /** The field: title, body, issuer, a measure's text ('measure:m34'), a cell ('cell:2:3'). */
  field: string;
  /** Where, in the clerk's words: 「正文」, 「第 3 行措施内容」. */
  where: string;
  /** What kind: 手机号码, 身份证号码或残疾证号, 健康状况 … */
  what: string;
  /** The text around it, the number masked (「…联系电话 138****8000，…」). */
  excerpt: string;
}

/** A notice PDF built without recording anything (notices.preview). */
export interface NoticePreview extends FilePayload {
  pages: number;
  orientation: 'portrait' | 'landscape';
  /** The number it would get if issued now. */
  year: number;
  serial: number;
  /** 「村委发〔2026〕3号」 as printed. */
  number: string;
  /** The fonts used for title, body and table (and any fallback). */
  fontNotes: string[];
  /** One sentence per privacy hit; issuing is refused while there is any. */
  privacyNotes: string[];
  privacyHits: PrivacyHit[];
}

export interface NoticeSummary {
  id: number;
  kind: NoticeKind;
  year: number;
  serial: number;
  /** 「村委发〔2026〕3号」 (the 发文机关代字 of the settings; 〔2026〕3号 without one). */
  number: string;
  title: string;
  issuer: string;
  issueDate: string;
  periodStart: string;
  periodEnd: string;
  status: NoticeStatus;
  gridId: number | null;
  gridName: string | null;
  rowCount: number;
  documentId: number;
}

export interface NoticeDetail extends NoticeSummary {
  body: string;
  table: NoticeTable;
  document: { id: number; file: string; sha256: string; size: number; pages: number };
}

/** notices.issue: the record, and what the builder noted. */
export interface NoticeIssued extends NoticeDetail {
  fontNotes: string[];
  privacyNotes: string[];
}
