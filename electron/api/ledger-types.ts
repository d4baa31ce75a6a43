import type {
  DecisionKind,
  ProposalKind,
  ProblemCategory,
  ProblemSource,
  ProblemStatus,
  ProblemStep,
  Satisfaction,
} from './ledger-enums';

/** What the problem ledger's methods return. Dates are 'YYYY-MM-DD'. */

/** One row of the ledger (问题登记台账), as the list and the xlsx show it. */
export interface LedgerRow {
  id: number;
  gridId: number;
  gridName: string;
  /** Names from the root down to the problem's grid. */
  gridPath: string[];
  workerId: number;
  workerName: string;
  householdId: number | null;
  /** 户主 of the household, or null for a clue (then personName is the 反映人). */
  headName: string | null;
  personName: string;
  place: string;
  description: string;
  category: ProblemCategory;
  source: ProblemSource;
  registeredDate: string;
  measureTaken: string;
  responsiblePerson: string;
  /** 办结时限. */
  dueDate: string;
  status: ProblemStatus;
  resolvedDate: string | null;
  followUpDate: string | null;
  followUpResult: string;
  satisfaction: Satisfaction | null;
  note: string;
  /** Calendar days past the 办结时限 while not resolved; null when not overdue. */
  overdueDays: number | null;
  /** For a resolved problem: closed on or before the 办结时限; null while not resolved. */
  closedOnTime: boolean | null;
}

export interface LedgerTotals {
  /** Problems matching the filter (every page). */
  total: number;
  byStatus: Record<ProblemStatus, number>;
  /** Of those, not resolved and past the 办结时限. */
  overdue: number;
}

export interface LedgerPage {
  rows: LedgerRow[];
  totals: LedgerTotals;
  offset: number;
  limit: number;
}

export interface AttachmentView {
  id: number;
  stepId: number | null;
  /** The name the file had on the clerk's computer (display only). */
  fileName: string;
  type: 'pdf' | 'jpg' | 'png';
  size: number;
  sha256: string;
  createdAt: string;
}

export interface ProblemStepView {
  id: number;
  step: ProblemStep;
  /** The day of the step; for 村内公示 its first day. */
  date: string;
  /** 村内公示 only: the last day of the notice. */
  endDate: string | null;
  person: string;
  outcome: string;
  /** The step's time limit where a rule gives one (核实评议, 乡镇审核), else null. */
  dueDate: string | null;
  /** Done after its time limit (date > dueDate). */
  late: boolean;
  /** 补录: why it was entered out of order (docs/domain.md §3), or null. */
  backfillReason: string | null;
}

/** Every step of the workflow in order, done or not, with its time limit. */
export interface WorkflowItem {
  step: ProblemStep;
  record: ProblemStepView | null;
  /** When a rule gives one and it can be computed yet (乡镇审核 needs 公示 or 核实评议). */
  dueDate: string | null;
  /** Not done and today is past dueDate: calendar days over; else null. */
  overdueDays: number | null;
  /** 村内公示: the earliest last day the notice may have, given its start (null before it starts). */
  earliestEndDate: string | null;
}

export interface ProblemDetail extends LedgerRow {
  /** When the problem was registered in the app (ISO time). */
  createdAt: string;
  updatedAt: string;
  /** Saved steps, in workflow order. */
  steps: ProblemStepView[];
  /** All seven steps in order, saved or not (for a stepper). */
  workflow: WorkflowItem[];
  attachments: AttachmentView[];
  /** The household as it is now, for a problem tied to one. */
  household: {
    id: number;
    headName: string | null;
    monitorCategory: string | null;
    identifiedDate: string | null;
    eliminationStatus: string | null;
  } | null;
  /** 拟纳入 / 拟消除 after 核实评议 (docs/domain.md §3), or null. */
  proposal: {
    kind: ProposalKind;
    date: string;
    /** 拟纳入: the 监测类别 and risk types to record. */
    monitorCategory: string | null;
    risks: { riskType: string; disasterSubtype: string | null }[];
    /** 拟消除: 稳定消除 / 自然消除. */
    method: string | null;
    /** 补录 reason given when it was proposed out of order (from the audit trail), or null. */
    backfillReason: string | null;
  } | null;
  /** The decision on the proposal, or null while pending. */
  decision: { kind: DecisionKind; date: string; backfillReason: string | null } | null;
  /** The decision step's label: 「乡镇审定（县级备案）」 or 「县级审定」 (settings.decisionLevel). */
  decisionLabel: string;
  /** Records out of order (docs/domain.md §3), 补录 or not, as services/ledger/order.ts finds them. */
  orderIssues: {
    step: string;
    dependsOn: string;
    message: string;
    backfillReason: string | null;
  }[];
}
