import { method } from './method';
import type { FilePayload } from './roster-io-types';
import {
  bulletinCreateInput,
  bulletinExportInput,
  bulletinIdInput,
  bulletinSaveInput,
  townshipMonthInput,
  townshipNoInput,
} from './township-outputs-schemas';
import type {
  Bulletin,
  BulletinSummary,
  ProposalList,
  Reconciliation,
  TownshipMonthly,
  TownshipSelfCheck,
} from './township-outputs-types';

/**
 * The township's outputs from its villages' 上报包 (docs/domain.md §11), merged into the one
 * contract. Each is refused in a village database (workspace.ts assertRollUp).
 */
export const townshipOutputsContract = {
  /** The 月通报 across villages: a row per village, totals, the two rankings. */
  'township.monthly': method<TownshipMonthly>()(townshipMonthInput),
  /** The same as an xlsx (a background job). */
  'township.monthlyExport': method<FilePayload>()(townshipMonthInput),
  /** The written 通报: drafts and issued ones, newest month first. */
  'township.bulletins': method<BulletinSummary[]>()(townshipNoInput),
  'township.bulletinGet': method<Bulletin>()(bulletinIdInput),
  /** A draft for a month, its three sections written from the figures. */
  'township.bulletinCreate': method<Bulletin>()(bulletinCreateInput),
  /** Saves a draft's title and sections (an issued one is refused). */
  'township.bulletinSave': method<Bulletin>()(bulletinSaveInput),
  /** Issues a draft: 〔年〕第N号, the next of its year, never reused. */
  'township.bulletinIssue': method<Bulletin>()(bulletinIdInput),
  /** The 通报 as PDF (a draft's is the preview) or xlsx (a background job). */
  'township.bulletinExport': method<FilePayload>()(bulletinExportInput),
  /** 迎检自查 across villages: recomputed counts per check and the packages' own. */
  'township.selfCheck': method<TownshipSelfCheck>()(townshipNoInput),
  'township.selfCheckExport': method<FilePayload>()(townshipNoInput),
  /** 网格员名单 for 报送 in the county's columns (xlsx, internal: full phones). */
  'township.workerList': method<FilePayload>()(townshipNoInput),
  /** 拟纳入 / 拟消除 proposals not yet decided, across villages (internal). */
  'township.proposals': method<ProposalList>()(townshipNoInput),
  'township.proposalsExport': method<FilePayload>()(townshipNoInput),
  /** 账账相符: each package's own figures and self-check against the recomputation. */
  'township.reconcile': method<Reconciliation>()(townshipNoInput),
} as const;
