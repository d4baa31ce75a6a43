/**
 * The code tables of the problem ledger (docs/domain.md §3), as the screen words themselves. The
 * tables (db/schema/problems.ts, problem-steps.ts) take their value lists from here, so the
 * paper ledger, the drop-down lists and the stored values are one and the same.
 */

/** 类别 of a problem. */
export const PROBLEM_CATEGORIES = [
  '收入骤减',
  '支出骤增',
  '住房',
  '教育',
  '医疗',
  '饮水',
  '就业',
  '其他',
] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

/** 来源: the three discovery channels of docs/domain.md §3, and 其他. */
export const PROBLEM_SOURCES = ['网格员排查', '农户自主申报', '部门筛查预警', '其他'] as const;
export type ProblemSource = (typeof PROBLEM_SOURCES)[number];

/** The workflow steps, in their order (docs/domain.md §3, one township's rule book). */
export const PROBLEM_STEPS = [
  '发现报告',
  '核实评议',
  '村内公示',
  '乡镇审核',
  '县级审定',
  '部门落实',
  '镇村落实',
] as const;
export type ProblemStep = (typeof PROBLEM_STEPS)[number];

/** The one step with a period (start date and last day) instead of a single date. */
export const NOTICE_STEP: ProblemStep = '村内公示';
/** Where an identification outcome (识别认定) is recorded. */
export const DECISION_STEP: ProblemStep = '县级审定';

/** 状态, derived from the steps and the resolution (services/ledger/status.ts). */
export const PROBLEM_STATUSES = ['未解决', '处理中', '已解决'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

/** 回访 satisfaction. */
export const SATISFACTION_LEVELS = ['满意', '基本满意', '不满意'] as const;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];

/** Attachments: scans and photos, checked by their first bytes. */
export const ATTACHMENT_TYPES = ['pdf', 'jpg', 'png'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** A problem's proposed outcome after 核实评议 (docs/domain.md §3): what the 公示 announces. */
export const PROPOSAL_KINDS = ['拟纳入', '拟消除'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

/** The decision on a proposal, recorded after the 公示 and the 审核. */
export const DECISION_KINDS = ['认定', '不予认定', '消除', '不予消除'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
