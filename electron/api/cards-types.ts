import type { Role } from './roster-enums';

/**
 * 明白纸 (household cards, docs/domain.md §5). The card is posted on the household's own door: it
 * carries the workers' phones (public by design) and the 帮扶责任人's phone, never a member's ID
 * number, health status or the household's own phone.
 */

/** 'a4': one card per A4 page; 'a5x2': two A5 cards on each A4 sheet (cut in two). */
export type CardLayout = 'a4' | 'a5x2';

/**
 * The level rows of a card: 乡镇 / 村 / 组, and 网格 for a household in a 组内网格 (docs/domain.md
 * §1): its own small grid's workers are the ones who visit it, while the 组 row still names its
 * 村民小组 and that group's contacts.
 */
export type CardLevelKind = 'township' | 'village' | 'group' | 'cell';

export interface CardWorker {
  role: Role;
  name: string;
  phone: string;
  duties: string;
}

export interface CardLevel {
  level: CardLevelKind;
  /** 乡镇, 村 or 组, as printed in the level column. */
  label: string;
  /** The grid's name (柳湾镇, 杨柳村, 一组). */
  grid: string;
  /** The 网格长 first, then the other roles (see services/cards/content.ts for the choice). */
  workers: CardWorker[];
}

export interface CardContent {
  householdId: number;
  /** 户主 (the member whose relation is 本人); '' when the household has none yet. */
  head: string;
  address: string;
  naturalVillage: string;
  township: string;
  village: string;
  /** The household's 所在组: its 村民小组 (the group above a 组内网格, docs/domain.md §1). */
  group: string;
  levels: CardLevel[];
  /** The current 帮扶责任人, if any. */
  contact: { name: string; unit: string; phone: string } | null;
  /** How to report a difficulty (docs/domain.md §3: grid worker, 12317, self-report). */
  report: {
    /**
     * The nearest worker: the first one listed on the household's own grid (its 网格长 where
     * there is one), else on the nearest grid above it that has one.
     */
    worker: { level: CardLevelKind; role: Role; name: string; phone: string } | null;
    hotline: string;
    /** Where to report in person: the village committee. */
    committee: string;
  };
  /** 监督电话 (setting); '' leaves a blank to fill in by hand. */
  supervisionPhone: string;
  /** YYYY-MM-DD; not part of the content hash (a reprint on another day is the same card). */
  issueDate: string;
}

export interface CardJobStart {
  jobId: string;
  /** Cards the batch will print. */
  households: number;
}

export type CardJobState = 'running' | 'done' | 'cancelled' | 'failed';

export interface CardJobStatus {
  jobId: string;
  /** Cards drawn so far and in all. */
  done: number;
  total: number;
  state: CardJobState;
  /** The stored PDF (documents table) once the batch is done. */
  documentId?: number;
  /** Why it failed, in the clerk's words; or what was done. */
  message?: string;
}

export type CardChangeReason = '从未打印' | '内容有变化';

export interface CardChange {
  householdId: number;
  head: string;
  gridId: number | null;
  gridName: string;
  reason: CardChangeReason;
  /** When its card was last printed (ISO time), if ever. */
  lastPrintedAt: string | null;
}

export interface CardChangeList {
  /** Households in scope. */
  total: number;
  /** Of those: cards never printed and cards whose content changed since the last print. */
  neverPrinted: number;
  changed: number;
  households: CardChange[];
}
