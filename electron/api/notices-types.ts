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
  /** The columns a household notice may show (null: 其他公示 has no fixed columns). */
  allowedColumns: string[] | null;
  /** Things the clerk should know (no data in the range, no earlier notice to announce, …). */
  notes: string[];
}

/** A notice PDF built without recording anything (notices.preview). */
export interface NoticePreview extends FilePayload {
  pages: number;
  orientation: 'portrait' | 'landscape';
  /** The 第 N 号 it would get if issued now. */
  year: number;
  serial: number;
  /** Font fallbacks (e.g. 仿宋 absent) and what the privacy filter removed. */
  fontNotes: string[];
  privacyNotes: string[];
}

export interface NoticeSummary {
  id: number;
  kind: NoticeKind;
  year: number;
  serial: number;
  /** "〔2026〕第3号". */
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
