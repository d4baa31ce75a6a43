import { z } from 'zod';
import {
  MAX_ATTACHMENT_BYTES,
  NOTICE_STEP,
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  PROBLEM_STATUSES,
  PROBLEM_STEPS,
  SATISFACTION_LEVELS,
  PROPOSAL_KINDS,
  DECISION_KINDS,
} from './ledger-enums';
import {
  DISASTER_SUBTYPES,
  ELIMINATION_METHODS,
  MAX_RISK_TYPES,
  MONITOR_CATEGORIES,
  RISK_TYPES,
} from './roster-enums';
import {
  uploadFileFields,
  dateRangeIssue,
  dateRangeRule,
  id,
  isoDate,
  name,
  oneOf,
  optionalPersonName,
  personName,
  text,
} from './schemas';

/**
 * Inputs of the problem ledger (问题登记台账). Shape checks live here; rules that need the
 * database or today's date (a household's grid, dates not before registration, 公示 ≥ N days
 * under the current settings) are checked by services/ledger.
 */

export const problemCategory = oneOf('问题类别', PROBLEM_CATEGORIES);
export const problemSource = oneOf('问题来源', PROBLEM_SOURCES);
export const problemStatus = oneOf('状态', PROBLEM_STATUSES);
export const problemStep = oneOf('办理环节', PROBLEM_STEPS);

/**
 * 登记: for a household (its grid is the household's current group grid), or for a clue not
 * yet tied to one (反映人 and the grid are then required, 地点 optional).
 */
export const problemCreate = z
  .strictObject({
    workerId: id,
    householdId: id.nullish(),
    gridId: id.nullish(),
    personName: optionalPersonName('反映人').default(''),
    place: text('地点', 100).default(''),
    category: problemCategory,
    source: problemSource.default('网格员排查'),
    description: name('问题描述', 1000),
    registeredDate: isoDate('登记日期'),
    note: text('备注', 500).default(''),
  })
  .superRefine((problem, ctx) => {
    if (problem.householdId) return;
    if (!problem.gridId) {
      ctx.addIssue({
        code: 'custom',
        path: ['gridId'],
        message: '没有关联农户的线索请选择所在网格',
      });
    }
    if (!problem.personName) {
      ctx.addIssue({
        code: 'custom',
        path: ['personName'],
        message: '没有关联农户的线索请填写反映人',
      });
    }
  });
export type ProblemCreateInput = z.output<typeof problemCreate>;

/**
 * 修改: only the fields given change. householdId null turns the problem back into a clue
 * (then gridId and personName must be there or already set); a number ties it to a household.
 */
export const problemUpdate = z.strictObject({
  id,
  workerId: id.optional(),
  householdId: id.nullable().optional(),
  gridId: id.nullable().optional(),
  personName: optionalPersonName('反映人').optional(),
  place: text('地点', 100).optional(),
  category: problemCategory.optional(),
  source: problemSource.optional(),
  description: name('问题描述', 1000).optional(),
  registeredDate: isoDate('登记日期').optional(),
  /** 处置措施 and 责任人 may be written before the problem is resolved (then it is 处理中). */
  measureTaken: text('处置措施', 1000).optional(),
  responsiblePerson: optionalPersonName('责任人').optional(),
  note: text('备注', 500).optional(),
});
export type ProblemUpdateInput = z.output<typeof problemUpdate>;

/** Why a record is entered out of order (补录); blank is no 补录. */
export const backfillReason = text('补录原因', 200)
  .nullish()
  .transform((v) => (v ? v : null));

/** One workflow step: insert or update the problem's row for that step. */
export const stepSave = z
  .strictObject({
    problemId: id,
    step: problemStep,
    date: isoDate('日期'),
    /** 村内公示 only: the last day of the notice; left out, the shortest allowed period is used. */
    endDate: isoDate('公示结束日期').nullish(),
    person: text('经办人', 30).default(''),
    outcome: text('办理结果', 1000).default(''),
    /**
     * 补录: the step is entered after the fact, out of the workflow's order (docs/domain.md §3).
     * Only with it is a step that breaks the order accepted; kept on the step and audited.
     */
    backfillReason: backfillReason,
  })
  .superRefine((step, ctx) => {
    if (step.endDate && step.step !== NOTICE_STEP) {
      ctx.addIssue({
        code: 'custom',
        path: ['endDate'],
        message: `只有「${NOTICE_STEP}」填写结束日期`,
      });
    }
    if (step.endDate && step.endDate < step.date) {
      ctx.addIssue({
        code: 'custom',
        path: ['endDate'],
        message: `公示结束日期 ${step.endDate} 不能早于开始日期 ${step.date}`,
      });
    }
  });
export type StepSaveInput = z.output<typeof stepSave>;

/** 办结: what was done, who is responsible, the day it was closed. */
export const problemResolve = z.strictObject({
  id,
  measureTaken: name('处置措施', 1000),
  responsiblePerson: personName('责任人'),
  resolvedDate: isoDate('办结日期'),
});
export type ProblemResolveInput = z.output<typeof problemResolve>;

export const problemReopen = z.strictObject({
  id,
  reason: text('重新办理原因', 200).default(''),
});

/** 回访 of a resolved problem. */
export const problemFollowUp = z.strictObject({
  id,
  followUpDate: isoDate('回访日期'),
  followUpResult: name('回访结果', 500),
  satisfaction: oneOf('满意度', SATISFACTION_LEVELS),
});
export type ProblemFollowUpInput = z.output<typeof problemFollowUp>;

/**
 * A scan or photo. fileName is only shown in lists (the stored name is the service's own),
 * so any text is accepted here; the service keeps its last path part for display.
 */
export const attachmentAdd = z.strictObject({
  problemId: id,
  stepId: id.nullish(),
  ...uploadFileFields(MAX_ATTACHMENT_BYTES, '附件不能超过 10 MB'),
});
export type AttachmentAddInput = z.output<typeof attachmentAdd>;

/**
 * 识别认定: the household of the problem becomes a monitoring object (category, 1–5 risk
 * types, identification date). disasterSubtype only with 因自然灾害.
 */
export const problemIdentify = z
  .strictObject({
    problemId: id,
    monitorCategory: oneOf('监测对象类别', MONITOR_CATEGORIES),
    riskTypes: z
      .array(oneOf('风险类型', RISK_TYPES), { error: '请选择风险类型' })
      .min(1, '至少选择一项风险类型')
      .max(MAX_RISK_TYPES, `风险类型最多 ${MAX_RISK_TYPES} 项`)
      .refine((types) => new Set(types).size === types.length, { message: '风险类型不能重复' }),
    disasterSubtype: oneOf('自然灾害类型', DISASTER_SUBTYPES).nullish(),
    identifiedDate: isoDate('识别认定日期'),
    backfillReason,
  })
  .refine((input) => !input.disasterSubtype || input.riskTypes.includes('因自然灾害'), {
    path: ['disasterSubtype'],
    message: '只有「因自然灾害」才填写自然灾害类型',
  });
export type ProblemIdentifyInput = z.output<typeof problemIdentify>;

/** 1–5 risk types, no repeats (as 识别认定). */
const riskTypes = z
  .array(oneOf('风险类型', RISK_TYPES), { error: '请选择风险类型' })
  .min(1, '至少选择一项风险类型')
  .max(MAX_RISK_TYPES, `风险类型最多 ${MAX_RISK_TYPES} 项`)
  .refine((types) => new Set(types).size === types.length, { message: '风险类型不能重复' });

/** A proposal's risk types as problems.proposal_risks stores them (JSON, the household_risks shape). */
export const proposalRisks = z.array(
  z.strictObject({
    riskType: oneOf('风险类型', RISK_TYPES),
    disasterSubtype: oneOf('自然灾害类型', DISASTER_SUBTYPES).nullable(),
  }),
);
export type ProposalRisk = z.output<typeof proposalRisks>[number];

/**
 * 拟纳入 / 拟消除 after 核实评议 (docs/domain.md §3): 拟纳入 with the 监测类别 and 1–5 risk
 * types (因自然灾害 with its sub-type), 拟消除 with the method.
 */
export const problemPropose = z
  .strictObject({
    problemId: id,
    proposal: oneOf('拟办结果', PROPOSAL_KINDS),
    proposalDate: isoDate('提出日期'),
    monitorCategory: oneOf('监测对象类别', MONITOR_CATEGORIES).nullish(),
    riskTypes: riskTypes.nullish(),
    disasterSubtype: oneOf('自然灾害类型', DISASTER_SUBTYPES).nullish(),
    method: oneOf('消除方式', ELIMINATION_METHODS).nullish(),
    backfillReason,
  })
  .superRefine((input, ctx) => {
    if (input.proposal === '拟纳入') {
      if (!input.monitorCategory)
        ctx.addIssue({ code: 'custom', path: ['monitorCategory'], message: '请选择监测对象类别' });
      if (!input.riskTypes?.length)
        ctx.addIssue({ code: 'custom', path: ['riskTypes'], message: '至少选择一项风险类型' });
      if (input.disasterSubtype && !input.riskTypes?.includes('因自然灾害'))
        ctx.addIssue({
          code: 'custom',
          path: ['disasterSubtype'],
          message: '只有「因自然灾害」才填写自然灾害类型',
        });
      if (input.method)
        ctx.addIssue({ code: 'custom', path: ['method'], message: '拟纳入不填写消除方式' });
    } else {
      if (!input.method)
        ctx.addIssue({ code: 'custom', path: ['method'], message: '请选择消除方式' });
      if (input.monitorCategory || input.riskTypes?.length)
        ctx.addIssue({
          code: 'custom',
          path: ['monitorCategory'],
          message: '拟消除不填写监测类别和风险类型',
        });
    }
  });
export type ProblemProposeInput = z.output<typeof problemPropose>;

/** The decision on the proposal, after the 公示 and the 审核 (docs/domain.md §3). */
export const problemDecide = z.strictObject({
  problemId: id,
  decision: oneOf('决定', DECISION_KINDS),
  decisionDate: isoDate('决定日期'),
  person: text('经办人', 30).default(''),
  backfillReason,
});
export type ProblemDecideInput = z.output<typeof problemDecide>;

/** The ledger's filters, shared by the list, the export and the CLI. */
export const ledgerFilterFields = {
  /** A grid and every grid below it. */
  gridId: id.optional(),
  workerId: id.optional(),
  householdId: id.optional(),
  status: problemStatus.optional(),
  category: problemCategory.optional(),
  source: problemSource.optional(),
  /** 登记日期 from … to, both inclusive. */
  from: isoDate('开始日期').optional(),
  to: isoDate('结束日期').optional(),
  /** Only problems past their 办结时限 and not resolved. */
  overdue: z.boolean({ error: '只看逾期 只能是 是 或 否' }).optional(),
  /** A name or part of one: the household's 户主 or any member, or the 反映人 of a clue. */
  name: optionalPersonName('姓名', 30).optional(),
};

export const ledgerFilter = z
  .strictObject(ledgerFilterFields)
  .refine(dateRangeRule, dateRangeIssue);
export type LedgerFilter = z.output<typeof ledgerFilter>;

export const ledgerListInput = z
  .strictObject({
    ...ledgerFilterFields,
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .refine(dateRangeRule, dateRangeIssue);
export type LedgerListInput = z.output<typeof ledgerListInput>;
