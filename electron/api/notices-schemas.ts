import { z } from 'zod';
import { NOTICE_KINDS, NOTICE_STATUSES } from './notices-types';
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

/**
 * Inputs of the notices methods. The period rule (≥ 5 days, ≥ eliminationNoticeDays for
 * 风险消除公示) needs the settings, so the service checks it with its own message.
 */

export const noticeKind = oneOf('公示类别', NOTICE_KINDS);
export const noticeStatus = oneOf('公示状态', NOTICE_STATUSES);

/** What the rows come from: the kind, the grid (a village or a group), the data range. */
const scope = {
  kind: noticeKind,
  gridId: id.optional(),
  from: isoDate('数据开始日期').optional(),
  to: isoDate('数据结束日期').optional(),
  /** 结果公告: the 识别认定 / 风险消除 notice whose outcome is announced. */
  sourceNoticeId: id.optional(),
};

/** Dates the draft fills in when given (the body names them). */
const dates = {
  issueDate: isoDate('发布日期').optional(),
  periodStart: isoDate('公示开始日期').optional(),
  periodEnd: isoDate('公示结束日期').optional(),
};

export const noticeDraftInput = z
  .strictObject({ ...scope, ...dates })
  .refine(dateRangeRule, dateRangeIssue);
export type NoticeDraftInput = z.output<typeof noticeDraftInput>;

/** A table the clerk edited (rows removed); every cell is checked again when printing. */
const noticeTable = z.strictObject({
  columns: z
    .array(name('列名', 20), { error: '表格的列必须是文字列表' })
    .min(1, '表格至少要有一列')
    .max(12, '表格最多 12 列'),
  rows: z
    .array(z.array(text('表格内容', 500), { error: '表格的每一行必须是文字列表' }).max(12), {
      error: '表格的行必须是列表',
    })
    .max(5000, '表格最多 5000 行'),
});

/**
 * notices.preview and notices.issue: the draft's fields as the clerk edited them. Anything left
 * out is taken from the draft (so `{ kind, from, to }` alone issues the default notice).
 */
export const noticeBuildInput = z
  .strictObject({
    ...scope,
    ...dates,
    title: name('标题', 100).optional(),
    body: text('正文', 5000).optional(),
    issuer: name('发布单位', 60).optional(),
    table: noticeTable.optional(),
  })
  .refine(dateRangeRule, dateRangeIssue);
export type NoticeBuildInput = z.output<typeof noticeBuildInput>;

export const noticeListInput = z
  .strictObject({
    year: z
      .number({ error: '年度必须是数字' })
      .int('年度必须是整数')
      .min(2015, '年度不能早于 2015')
      .max(2100, '年度不能晚于 2100')
      .optional(),
    kind: noticeKind.optional(),
    status: noticeStatus.optional(),
    /** A name or part of one, as printed in the notice's table, title or text. */
    name: optionalPersonName('姓名', 30).optional(),
  })
  .optional();
export type NoticeListInput = z.output<typeof noticeListInput>;

export const noticeById = z.strictObject({ id });
