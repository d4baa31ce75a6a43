/**
 * The history view of the audit trail (操作记录): every entry as the clerk reads it — who,
 * when, what was done to what, and each changed field as before → after display text.
 */

/** The records that have a 修改记录 button; none means the whole trail. */
export const HISTORY_SUBJECTS = ['household', 'worker', 'grid', 'problem', 'archiveItem'] as const;
export type HistorySubject = (typeof HISTORY_SUBJECTS)[number];

export const HISTORY_SUBJECT_LABELS: Record<HistorySubject, string> = {
  household: '农户',
  worker: '网格员',
  grid: '网格',
  problem: '问题登记',
  archiveItem: '归档文件',
};

/** One field of one entry: display strings, '（空）' for nothing, IDs and phones still masked. */
export interface HistoryChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface HistoryEntry {
  id: number;
  /** ISO time (UTC) of the change. */
  at: string;
  operator: string;
  /** The code word (e.g. 'member') and its screen word ('成员'). */
  entity: string;
  entityLabel: string;
  action: string;
  actionLabel: string;
  /** What was changed, e.g. '成员 张三'. */
  subject: string;
  changes: HistoryChange[];
}

export interface HistoryPage {
  /** Entries matching the filters, all pages together. */
  total: number;
  entries: HistoryEntry[];
}
