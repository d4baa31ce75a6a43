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

/** 其他公示's own table, typed by the clerk; every cell is scanned like the body. */
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

/** A row of a draft, by its key ('h12', 'm34', 'w5-3', 'g3', 'r0'). */
const rowKey = z
  .string({ error: '行标识必须是文字' })
  .regex(/^[a-z]\d{1,12}(?:-\d{1,12})?$/, '行标识不对');

/**
 * notices.preview and notices.issue: the draft's fields as the clerk edited them. Anything left
 * out is taken from the draft (so `{ kind, from, to }` alone issues the default notice). The
 * rows of a household notice always come from the roster (docs/domain.md §4): the clerk removes
 * rows by key and writes each measure's public description, nothing else; only a 其他公示
 * takes a table typed by the clerk.
 */
export const noticeBuildInput = z
  .strictObject({
    ...scope,
    ...dates,
    title: name('标题', 100).optional(),
    body: text('正文', 5000).optional(),
    issuer: name('发布单位', 60).optional(),
    removedRows: z.array(rowKey, { error: '移除的行必须是列表' }).max(5000).optional(),
    measureTexts: z
      .array(z.strictObject({ key: rowKey, text: name('措施公示内容', 40) }), {
        error: '措施公示内容必须是列表',
      })
      .max(5000)
      .optional(),
    table: noticeTable.optional(),
    /** 打印网格员照片: a photo board on the 网格划分及网格员公示 (docs/domain.md §4). */
    workerPhotos: z.boolean({ error: '打印网格员照片只能是 是 或 否' }).optional(),
  })
  .refine(dateRangeRule, dateRangeIssue)
  .refine((v) => !v.workerPhotos || v.kind === '网格划分及网格员公示', {
    message: '只有网格划分及网格员公示可以打印网格员照片',
    path: ['workerPhotos'],
  })
  .refine((v) => v.table === undefined || v.kind === '其他公示', {
    message: '只有其他公示可以自拟表格；其余各类公示的名单由台账生成，只能移除行',
    path: ['table'],
  });
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
