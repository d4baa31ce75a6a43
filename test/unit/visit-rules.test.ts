import { describe, expect, it } from 'vitest';
import {
  allMembersAway,
  dueKind,
  duePeriod,
  dueStatus,
  hasUnresolvedRisk,
  monthPeriod,
  qualifyingWays,
  quarterPeriod,
  wayCounts,
  type HouseholdFacts,
} from '../../electron/services/visits/rules';

const facts = (over: Partial<HouseholdFacts> = {}): HouseholdFacts => ({
  monitorCategory: null,
  eliminationStatus: null,
  memberCount: 3,
  awayCount: 0,
  ...over,
});

describe('visit rules: which rule applies', () => {
  it('a monitored household whose risk is not eliminated gets the monthly home visit', () => {
    const monitored = facts({ monitorCategory: '边缘易致贫户', eliminationStatus: '未消除' });
    expect(hasUnresolvedRisk(monitored)).toBe(true);
    expect(dueKind(monitored)).toBe('风险户每月入户');
    // Some members away is not all away: someone is home to be visited.
    expect(dueKind({ ...monitored, awayCount: 2 })).toBe('风险户每月入户');
    // A monitored household with no status on record still counts as unresolved.
    expect(dueKind(facts({ monitorCategory: '脱贫不稳定户' }))).toBe('风险户每月入户');
  });

  it('an eliminated risk is an ordinary household again', () => {
    const eliminated = facts({ monitorCategory: '突发严重困难户', eliminationStatus: '已消除' });
    expect(hasUnresolvedRisk(eliminated)).toBe(false);
    expect(dueKind(eliminated)).toBe('一般户每季度');
  });

  it('a monitored household with unresolved risk and every member away: monthly phone/WeChat', () => {
    expect(allMembersAway(facts({ memberCount: 2, awayCount: 2 }))).toBe(true);
    expect(
      dueKind(
        facts({
          monitorCategory: '边缘易致贫户',
          eliminationStatus: '未消除',
          memberCount: 2,
          awayCount: 2,
        }),
      ),
    ).toBe('外出户每月联系');
  });

  it('an away household that is not monitored, or whose risk is eliminated, is quarterly', () => {
    // docs/domain.md §3: being away alone never makes a household monthly.
    expect(dueKind(facts({ memberCount: 2, awayCount: 2 }))).toBe('一般户每季度');
    expect(
      dueKind(
        facts({
          monitorCategory: '脱贫不稳定户',
          eliminationStatus: '已消除',
          memberCount: 2,
          awayCount: 2,
        }),
      ),
    ).toBe('一般户每季度');
    // One member at home: the monthly home visit, and a call does not count.
    const oneHome = facts({ monitorCategory: '边缘易致贫户', memberCount: 3, awayCount: 2 });
    expect(dueKind(oneHome)).toBe('风险户每月入户');
    expect(wayCounts(dueKind(oneHome), '电话')).toBe(false);
    expect(wayCounts(dueKind(oneHome), '入户')).toBe(true);
  });

  it('a household with no members is not "all away"; others are quarterly', () => {
    expect(allMembersAway(facts({ memberCount: 0, awayCount: 0 }))).toBe(false);
    expect(dueKind(facts({ memberCount: 0, awayCount: 0 }))).toBe('一般户每季度');
    expect(dueKind(facts({ memberCount: 4, awayCount: 3 }))).toBe('一般户每季度');
    expect(dueKind(facts())).toBe('一般户每季度');
  });
});

describe('visit rules: which ways count', () => {
  it('only a home visit counts for a household at risk', () => {
    expect(qualifyingWays('风险户每月入户')).toEqual(['入户']);
    expect(wayCounts('风险户每月入户', '入户')).toBe(true);
    expect(wayCounts('风险户每月入户', '电话')).toBe(false);
    expect(wayCounts('风险户每月入户', '微信')).toBe(false);
  });

  it('phone, WeChat and home visits all count for the others', () => {
    for (const kind of ['外出户每月联系', '一般户每季度'] as const) {
      expect(wayCounts(kind, '电话')).toBe(true);
      expect(wayCounts(kind, '微信')).toBe(true);
      expect(wayCounts(kind, '入户')).toBe(true);
    }
  });
});

describe('visit rules: periods', () => {
  it('months end on their last day, leap years included', () => {
    expect(monthPeriod('2024-02')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(monthPeriod('2023-02')).toEqual({ start: '2023-02-01', end: '2023-02-28' });
    expect(monthPeriod('1900-02').end).toBe('1900-02-28');
    expect(monthPeriod('2024-04').end).toBe('2024-04-30');
    expect(monthPeriod('2024-12')).toEqual({ start: '2024-12-01', end: '2024-12-31' });
    expect(monthPeriod('2025-01')).toEqual({ start: '2025-01-01', end: '2025-01-31' });
  });

  it('quarters are calendar quarters, the year end included', () => {
    expect(quarterPeriod('2024-01')).toEqual({ start: '2024-01-01', end: '2024-03-31' });
    expect(quarterPeriod('2024-03')).toEqual({ start: '2024-01-01', end: '2024-03-31' });
    expect(quarterPeriod('2024-04')).toEqual({ start: '2024-04-01', end: '2024-06-30' });
    expect(quarterPeriod('2024-09')).toEqual({ start: '2024-07-01', end: '2024-09-30' });
    expect(quarterPeriod('2024-10')).toEqual({ start: '2024-10-01', end: '2024-12-31' });
    expect(quarterPeriod('2024-12')).toEqual({ start: '2024-10-01', end: '2024-12-31' });
    expect(quarterPeriod('2025-01')).toEqual({ start: '2025-01-01', end: '2025-03-31' });
  });

  it('each rule counts in its own period', () => {
    expect(duePeriod('风险户每月入户', '2024-12')).toEqual(monthPeriod('2024-12'));
    expect(duePeriod('外出户每月联系', '2024-11')).toEqual(monthPeriod('2024-11'));
    expect(duePeriod('一般户每季度', '2024-11')).toEqual(quarterPeriod('2024-11'));
  });

  it('refuses what is not a month', () => {
    expect(() => monthPeriod('2024-13')).toThrow();
    expect(() => quarterPeriod('2024-1')).toThrow();
  });
});

describe('visit rules: status', () => {
  it('visited is 已走访 whatever the date', () => {
    expect(dueStatus(true, '2024-01-31', '2026-05-06')).toBe('已走访');
  });

  it('not visited is 逾期 only after the last day of the period', () => {
    expect(dueStatus(false, '2026-04-30', '2026-05-06')).toBe('逾期');
    expect(dueStatus(false, '2026-05-05', '2026-05-06')).toBe('逾期');
    expect(dueStatus(false, '2026-05-06', '2026-05-06')).toBe('待走访');
    expect(dueStatus(false, '2026-06-30', '2026-05-06')).toBe('待走访');
  });
});
