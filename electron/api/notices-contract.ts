import { method } from './method';
import { noticeBuildInput, noticeById, noticeDraftInput, noticeListInput } from './notices-schemas';
import type {
  NoticeDetail,
  NoticeDraft,
  NoticeIssued,
  NoticePreview,
  NoticeSummary,
} from './notices-types';
import type { FilePayload } from './roster-io-types';

/** 公示公告 (notices: drafts, preview, issue, list), merged into the one contract. */
export const noticesContract = {
  /** The default title, body, period and table rows of a kind, for the clerk to edit. */
  'notices.draft': method<NoticeDraft>()(noticeDraftInput),
  /** The PDF as it would be issued (next serial), recording nothing. */
  'notices.preview': method<NoticePreview>()(noticeBuildInput),
  /** Numbers (〔年〕N号, after the highest ever issued), stores the PDF and records it (audited). */
  'notices.issue': method<NoticeIssued>()(noticeBuildInput),
  /** Issued notices, newest first, with 未开始 / 公示中 / 已结束 from today. */
  'notices.list': method<NoticeSummary[]>()(noticeListInput),
  'notices.get': method<NoticeDetail>()(noticeById),
  /** The stored PDF, refused if its SHA-256 no longer matches the record. */
  'notices.pdf': method<FilePayload>()(noticeById),
} as const;
