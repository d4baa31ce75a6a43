/** 审核意见 (docs/domain.md §11): what the review methods answer. */

export type ReviewEntity = 'problem' | 'household';

/** One note written in a 乡镇汇总库 on a village's problem or proposed household. */
export interface ReviewNote {
  id: number;
  villageKey: string;
  /** The village's name as its loaded package says ('' when no package of it is loaded now). */
  villageName: string;
  entity: ReviewEntity;
  /** The village's own id of the record (what the 审核反馈包 names). */
  sourceId: number;
  /** The record in this workspace now (from the loaded package), or null when it is gone. */
  localId: number | null;
  /** What the record was when noted: 问题 category · date · 户主, or the 户主's name. */
  subject: string;
  note: string;
  author: string;
  createdAt: string;
  /** When a 审核反馈包 carried it down; null while unsent (only then can it be deleted). */
  sentAt: string | null;
}

/** The villages of the workspace with their notes, for the 审核意见 tab. */
export interface ReviewVillage {
  villageKey: string;
  villageName: string;
  total: number;
  unsent: number;
}

/** A note received by the village from its township's 审核反馈包. */
export interface ReceivedNote {
  id: number;
  township: string;
  entity: ReviewEntity;
  recordId: number;
  subject: string;
  note: string;
  author: string;
  /** The day the township wrote it (YYYY-MM-DD). */
  notedAt: string;
  /** When this village imported it. */
  receivedAt: string;
}

/** What review.importFeedback did. */
export interface FeedbackImportResult {
  township: string;
  villageName: string;
  /** Notes in the package. */
  total: number;
  /** Notes new to this village (0 when the same package came again). */
  added: number;
  /** Notes this village had already received. */
  already: number;
  /** Notes naming a record this village does not have (listed, not loaded). */
  missing: { entity: ReviewEntity; recordId: number; subject: string }[];
  /** The sentence shown to the clerk. */
  message: string;
}
