import { describe, expect, it } from 'vitest';
import { daysOver } from '../../electron/services/ledger/deadlines';
import { closedOnTime, deriveStatus, overdueDays } from '../../electron/services/ledger/status';

describe('problem status', () => {
  const open = { resolvedDate: null, measureTaken: '', steps: [] as string[] };

  it('is 未解决 when only registered or only reported', () => {
    expect(deriveStatus(open)).toBe('未解决');
    expect(deriveStatus({ ...open, steps: ['发现报告'] })).toBe('未解决');
    expect(deriveStatus({ ...open, measureTaken: '   ' })).toBe('未解决');
  });

  it('is 处理中 once a later step is recorded or a measure is being taken', () => {
    expect(deriveStatus({ ...open, steps: ['发现报告', '核实评议'] })).toBe('处理中');
    expect(deriveStatus({ ...open, steps: ['村内公示'] })).toBe('处理中');
    expect(deriveStatus({ ...open, measureTaken: '申请临时救助' })).toBe('处理中');
  });

  it('is 已解决 once it has a 办结日期, whatever the steps', () => {
    expect(deriveStatus({ ...open, resolvedDate: '2026-05-01' })).toBe('已解决');
    expect(
      deriveStatus({ resolvedDate: '2026-05-01', measureTaken: '已落实', steps: ['核实评议'] }),
    ).toBe('已解决');
  });

  it('counts calendar days over the 办结时限 only for open problems', () => {
    const due = '2026-04-30';
    expect(overdueDays({ status: '未解决', dueDate: due }, '2026-04-30')).toBeNull();
    expect(overdueDays({ status: '未解决', dueDate: due }, '2026-05-01')).toBe(1);
    expect(overdueDays({ status: '处理中', dueDate: due }, '2026-05-06')).toBe(6);
    expect(overdueDays({ status: '处理中', dueDate: '2025-12-31' }, '2026-03-01')).toBe(60);
    expect(overdueDays({ status: '已解决', dueDate: due }, '2026-05-06')).toBeNull();
    expect(daysOver(due, '2026-04-29')).toBeNull();
  });

  it('tells whether a resolved problem was closed on time', () => {
    expect(closedOnTime({ resolvedDate: '2026-04-30', dueDate: '2026-04-30' })).toBe(true);
    expect(closedOnTime({ resolvedDate: '2026-05-01', dueDate: '2026-04-30' })).toBe(false);
    expect(closedOnTime({ resolvedDate: null, dueDate: '2026-04-30' })).toBeNull();
  });
});
