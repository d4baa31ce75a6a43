import { describe, expect, it } from 'vitest';
import {
  orderViolations,
  type OrderInput,
  type OrderStep,
} from '../../electron/services/ledger/order';

const settings: OrderInput['settings'] = {
  deadlines: {
    verify: { days: 2, workingDays: false },
    notice: { days: 5, workingDays: false },
    township: { days: 3, workingDays: true },
    total: { days: 15, workingDays: false },
  },
  holidays: [],
  workdays: [],
  eliminationNoticeDays: 7,
};
const step = (
  s: OrderStep['step'],
  date: string,
  endDate: string | null = null,
  backfillReason: string | null = null,
): OrderStep => ({ step: s, date, endDate, backfillReason });
const base = (over: Partial<OrderInput> = {}): OrderInput => ({
  steps: [
    step('发现报告', '2026-03-01'),
    step('核实评议', '2026-03-02'),
    step('村内公示', '2026-03-03', '2026-03-07'),
    step('乡镇审核', '2026-03-08'),
  ],
  proposal: '拟纳入',
  proposalDate: '2026-03-02',
  decision: '认定',
  decisionDate: '2026-03-09',
  settings,
  ...over,
});

describe('orderViolations (docs/domain.md §3)', () => {
  it('finds nothing in a problem recorded in order', () => {
    expect(orderViolations(base())).toEqual([]);
  });

  it('refuses 审核 inside the 公示 period, naming both steps and dates', () => {
    const v = orderViolations(
      base({
        steps: [
          step('核实评议', '2026-03-02'),
          step('村内公示', '2026-03-03', '2026-03-07'),
          step('乡镇审核', '2026-03-07', null, '补录原因'),
        ],
        decision: null,
        decisionDate: null,
      }),
    );
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({
      step: '乡镇审核',
      dependsOn: '村内公示',
      backfillReason: '补录原因',
    });
    expect(v[0]!.message).toContain('2026-03-07');
    expect(v[0]!.message).toContain('村内公示');
  });

  it('lists each missing prerequisite of a decision, also on old records without one', () => {
    const v = orderViolations(
      base({
        steps: [step('县级审定', '2026-03-05')],
        proposal: null,
        proposalDate: null,
        decision: null,
        decisionDate: null,
      }),
    );
    expect(v.map((x) => [x.step, x.dependsOn])).toEqual([
      ['县级审定', '核实评议'],
      ['县级审定', '村内公示'],
      ['县级审定', '乡镇审核'],
    ]);
  });

  it('refuses a proposal before 核实评议 and a 公示 before the proposal', () => {
    const v = orderViolations(
      base({ proposalDate: '2026-03-01', decision: null, decisionDate: null }),
    );
    expect(v.map((x) => [x.step, x.dependsOn])).toEqual([['拟纳入', '核实评议']]);
    const w = orderViolations(
      base({ proposalDate: '2026-03-04', decision: null, decisionDate: null }),
    );
    expect(w.map((x) => [x.step, x.dependsOn])).toEqual([['村内公示', '拟纳入']]);
  });

  it('holds a 风险消除公示 to eliminationNoticeDays', () => {
    const v = orderViolations(base({ proposal: '拟消除', decision: null, decisionDate: null }));
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toContain('不能少于 7 天');
  });

  it('refuses a decision on the 公示 last day', () => {
    const v = orderViolations(
      base({
        decisionDate: '2026-03-07',
        steps: [
          step('核实评议', '2026-03-02'),
          step('村内公示', '2026-03-03', '2026-03-07'),
          step('乡镇审核', '2026-03-06'),
        ],
      }),
    );
    expect(v.map((x) => [x.step, x.dependsOn])).toEqual([
      ['乡镇审核', '村内公示'],
      ['认定', '村内公示'],
    ]);
  });
});
