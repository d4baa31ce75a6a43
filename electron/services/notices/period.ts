import { AppError } from '../../api/errors';
import type { NoticeKind, NoticeStatus } from '../../api/notices-types';
import type { Settings } from '../../api/schemas';
import type { DeadlineSettings } from '../ledger/deadlines';
import { noticeLength } from '../ledger/deadlines';
import { addDays } from '../ledger/calendar';
import { chineseDate } from '../../documents/pdf/gbt9704';
import { KINDS } from './kinds';

/**
 * The period rule of a notice (docs/domain.md §3 step 3, §4): posted at least 5 days, both ends
 * counted; 风险消除公示 at least `eliminationNoticeDays` (one county: 7). Days are counted the
 * way the ledger counts its 村内公示 step (settings.deadlines.notice: calendar or working
 * days), and never fewer than 5 whatever that setting says.
 */
export const MIN_NOTICE_DAYS = 5;

export interface PeriodRule {
  min: number;
  /** 天 or 个工作日. */
  unit: string;
}

type PeriodSettings = DeadlineSettings & Pick<Settings, 'eliminationNoticeDays'>;

export function periodRule(settings: PeriodSettings, kind: NoticeKind): PeriodRule {
  let min = Math.max(MIN_NOTICE_DAYS, settings.deadlines.notice.days);
  if (kind === '风险消除公示') min = Math.max(min, settings.eliminationNoticeDays);
  return { min, unit: settings.deadlines.notice.workingDays ? '个工作日' : '天' };
}

/** The first end date a period starting on `start` may have. */
export function earliestEnd(settings: PeriodSettings, kind: NoticeKind, start: string): string {
  const { min } = periodRule(settings, kind);
  let end = addDays(start, min - 1);
  // Working days: walk on until enough of them are inside.
  while (noticeLength(start, end, settings) < min) end = addDays(end, 1);
  return end;
}

/** Refuses a period that ends before it starts or is shorter than the rule, in Chinese. */
export function checkPeriod(
  settings: PeriodSettings,
  kind: NoticeKind,
  start: string,
  end: string,
): void {
  const word = KINDS[kind].word;
  const span = `${chineseDate(start)}至${chineseDate(end)}`;
  if (end < start) {
    throw new AppError('VALIDATION', `${word}期的结束日期不能早于开始日期（${span}）`);
  }
  const { min, unit } = periodRule(settings, kind);
  const length = noticeLength(start, end, settings);
  if (length < min) {
    const what = kind === '风险消除公示' ? '风险消除公示期' : `${word}期`;
    throw new AppError(
      'VALIDATION',
      `${what}不得少于 ${min} ${unit}（${span}只有 ${length} ${unit}）`,
    );
  }
}

/** 未开始 before the first day, 公示中 from the first to the last day, 已结束 after it. */
export function noticeStatus(today: string, start: string, end: string): NoticeStatus {
  if (today < start) return '未开始';
  return today <= end ? '公示中' : '已结束';
}
