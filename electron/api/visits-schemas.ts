import { z } from 'zod';
import { problemCategory, problemSource } from './ledger-schemas';
import {
  dateRangeIssue,
  dateRangeRule,
  id,
  isoDate,
  name,
  oneOf,
  optionalPersonName,
  text,
} from './schemas';
import {
  VISIT_DUE_FILTERS,
  VISIT_DUE_PAGE_MAX,
  VISIT_DUE_PAGE_SIZE,
  VISIT_DUE_STATUSES,
  VISIT_WAYS,
} from './visits-types';

/** Inputs of the visits and meetings methods; messages are the sentences the clerk reads. */

/** Records start with the monitoring system (2015+); "not in the future" needs the clock: the service checks it. */
export const FIRST_RECORD_DATE = '2015-01-01';
export const recordDate = (label: string) =>
  isoDate(label).refine((value) => value >= FIRST_RECORD_DATE, `${label}不能早于 2015 年`);

/** 'YYYY-MM', 2015-01 to 2100-12. */
export const month = z
  .string({ error: '请选择月份' })
  // abort: a megabyte-long "month" is refused by its length, never matched.
  .max(20, { message: '月份的格式应为 2024-01', abort: true })
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份的格式应为 2024-01')
  .refine((value) => value >= '2015-01' && value <= '2100-12', '月份应在 2015 年到 2100 年之间');

export const visitWay = oneOf('走访方式', VISIT_WAYS);
export const visitDueStatus = oneOf('走访状态', VISIT_DUE_STATUSES);
export const visitDueFilter = oneOf('走访状态', VISIT_DUE_FILTERS);

/**
 * 需要跟进: the problem registered together with the visit. Its worker, household and
 * registration date are the visit's; the ledger's own checks run when it is created.
 */
export const visitFollowUp = z.strictObject({
  category: problemCategory,
  source: problemSource.default('网格员排查'),
  description: name('问题描述', 1000),
});

const visitFields = {
  householdId: id,
  workerId: id,
  date: recordDate('走访日期'),
  way: visitWay,
  findings: text('走访情况', 2000).default(''),
  followUp: visitFollowUp.optional(),
};

export const visitCreate = z.strictObject(visitFields);
export type VisitCreateInput = z.output<typeof visitCreate>;

/** A follow-up may be added on edit too, as long as the visit has no problem yet. */
export const visitUpdate = z.strictObject({ id, ...visitFields });
export type VisitUpdateInput = z.output<typeof visitUpdate>;

export const visitList = z
  .strictObject({
    householdId: id.optional(),
    workerId: id.optional(),
    /** The household's current grid and every grid below it. */
    gridId: id.optional(),
    /** 走访日期 from … to, both inclusive. */
    from: isoDate('开始日期').optional(),
    to: isoDate('结束日期').optional(),
    /** A name or part of one: any member of the visited household (户主 or not). */
    name: optionalPersonName('姓名', 30).optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  })
  .refine(dateRangeRule, dateRangeIssue);
export type VisitListInput = z.output<typeof visitList>;

/**
 * 本月应走访, one page: the scope (the month, a grid's subtree, a worker's current grids), then
 * the status and name filters, then the page.
 */
export const visitsDueInput = z.strictObject({
  month,
  gridId: id.optional(),
  workerId: id.optional(),
  status: visitDueFilter.optional(),
  /** A name or part of one: any member of the household (户主 or not). */
  name: optionalPersonName('姓名', 30).optional(),
  offset: z.number({ error: '页码有误' }).int().min(0).default(0),
  limit: z
    .number({ error: '每页行数有误' })
    .int()
    .min(1)
    .max(VISIT_DUE_PAGE_MAX, `每页最多 ${VISIT_DUE_PAGE_MAX} 行`)
    .default(VISIT_DUE_PAGE_SIZE),
});
export type VisitsDueInput = z.output<typeof visitsDueInput>;

export const meetingList = z
  .strictObject({
    from: isoDate('开始日期').optional(),
    to: isoDate('结束日期').optional(),
    /** The meeting's grid and every grid below it. */
    gridId: id.optional(),
  })
  .refine(dateRangeRule, dateRangeIssue);
export type MeetingListInput = z.output<typeof meetingList>;

/** 月度会商记录 (一月一会商): create without id, update with it. */
export const meetingSave = z.strictObject({
  id: id.optional(),
  gridId: id,
  date: recordDate('会商日期'),
  place: text('会商地点', 100).default(''),
  host: optionalPersonName('主持人').default(''),
  attendees: text('参会人员', 500).default(''),
  topics: text('会商议题', 2000).default(''),
  decisions: text('会商决定', 4000).default(''),
  recorder: optionalPersonName('记录人').default(''),
  problemIds: z
    .array(id, { error: '关联问题应为问题编号的列表' })
    .max(200, '一次会商最多关联 200 个问题')
    .refine((ids) => new Set(ids).size === ids.length, '关联问题不能重复')
    .default([]),
});
export type MeetingSaveInput = z.output<typeof meetingSave>;
