import type { VisitDueKind, VisitDueStatus, VisitWay } from '../../api/visits-types';

/**
 * The visit rules of docs/domain.md §3, as pure functions (no database, no clock):
 * "a monitored household with unresolved risk gets a home visit at least monthly; such a
 * household whose members are all away gets a phone/WeChat contact monthly instead; every other
 * household at least quarterly" — an away household that is not monitored (or whose risk is
 * eliminated) is quarterly like any other.
 */

/** What the rules need to know about one household. */
export interface HouseholdFacts {
  monitorCategory: string | null;
  eliminationStatus: string | null;
  memberCount: number;
  /** Members with a non-empty 务工地点 (working away from home). */
  awayCount: number;
}

/**
 * Unresolved risk: a monitoring object (any 监测对象类别) whose risk is not 已消除. A missing
 * status counts as unresolved: the roster sets 未消除 for every monitoring object, and a gap in
 * old data must not hide a household from the monthly list.
 */
export function hasUnresolvedRisk(facts: HouseholdFacts): boolean {
  return facts.monitorCategory !== null && facts.eliminationStatus !== '已消除';
}

/**
 * 外出: the household has at least one member and every member has a 务工地点. A household with
 * no members on record is not "all away" (there is nobody to be away).
 */
export function allMembersAway(facts: HouseholdFacts): boolean {
  return facts.memberCount > 0 && facts.awayCount >= facts.memberCount;
}

/**
 * The rule that applies (docs/domain.md §3). Only a household with unresolved risk is monthly:
 * 入户 while anyone is at home (a call does not count), phone/WeChat when every member is away
 * (nobody is at home to receive a visit). Being away alone never makes a household monthly.
 */
export function dueKind(facts: HouseholdFacts): VisitDueKind {
  if (!hasUnresolvedRisk(facts)) return '一般户每季度';
  return allMembersAway(facts) ? '外出户每月联系' : '风险户每月入户';
}

/** Which ways of visiting count for a rule: only a home visit for a household at risk. */
export function qualifyingWays(kind: VisitDueKind): readonly VisitWay[] {
  return kind === '风险户每月入户' ? ['入户'] : ['入户', '电话', '微信'];
}

export function wayCounts(kind: VisitDueKind, way: VisitWay): boolean {
  return qualifyingWays(kind).includes(way);
}

export interface Period {
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM' → [year, month 1-12]; anything else is a programming error (schemas check input). */
export function parseMonth(month: string): [number, number] {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const year = Number(match?.[1]);
  const m = Number(match?.[2]);
  if (!match || m < 1 || m > 12) throw new Error(`not a month: ${month}`);
  return [year, m];
}

function lastDay(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one (leap years included).
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The calendar month: 2024-02 → 2024-02-01 .. 2024-02-29. */
export function monthPeriod(month: string): Period {
  const [year, m] = parseMonth(month);
  return { start: `${year}-${pad(m)}-01`, end: `${year}-${pad(m)}-${pad(lastDay(year, m))}` };
}

/** The calendar quarter containing the month: 2024-11 → 2024-10-01 .. 2024-12-31. */
export function quarterPeriod(month: string): Period {
  const [year, m] = parseMonth(month);
  const first = Math.floor((m - 1) / 3) * 3 + 1;
  const last = first + 2;
  return {
    start: `${year}-${pad(first)}-01`,
    end: `${year}-${pad(last)}-${pad(lastDay(year, last))}`,
  };
}

/** The period a rule counts in for the month asked about. */
export function duePeriod(kind: VisitDueKind, month: string): Period {
  return kind === '一般户每季度' ? quarterPeriod(month) : monthPeriod(month);
}

/**
 * 已走访 with a qualifying visit in the period; without one, 逾期 once the period has ended
 * (its last day is before today), otherwise still 待走访 (the last day itself is not late).
 */
export function dueStatus(visited: boolean, periodEnd: string, today: string): VisitDueStatus {
  if (visited) return '已走访';
  return periodEnd < today ? '逾期' : '待走访';
}
