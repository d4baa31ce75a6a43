import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/services/dispatch';
import { addMonths } from '../../electron/services/roster/elimination';
import { householdInput } from '../fixtures/people';
import { useTestRuntime } from '../fixtures/runtime';

// The fixed clock is 2026-05-06.
describe('风险消除 rules', () => {
  const runtime = useTestRuntime();
  const call = (method: string, input: unknown) => dispatch(runtime().ctx, method, input);

  async function monitoredHousehold(extra: Record<string, unknown> = {}) {
    await call('setup.createVillage', {
      county: '石门县',
      township: '柳湾镇',
      village: '杨柳村',
      groups: ['一组'],
    });
    const result = await call(
      'households.create',
      householdInput(4, 1, {
        monitorCategory: '边缘易致贫户',
        identifiedDate: '2025-10-01',
        ...extra,
      }),
    );
    if (!result.ok) throw new Error(result.error.message);
    return (result.result as { id: number }).id;
  }
  const doneMeasure = (householdId: number) =>
    call('measures.save', {
      householdId,
      category: '产业',
      content: '发放鸡苗 50 羽',
      status: '已完成',
      doneDate: '2026-01-10',
    });
  const mark = (householdId: number, date = '2026-05-01') =>
    call('elimination.mark', { householdId, method: '稳定消除', date });

  it('adds months clamping to the month end', () => {
    expect(addMonths('2025-10-01', 6)).toBe('2026-04-01');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2023-12-15', 2)).toBe('2024-02-15');
  });

  it('needs at least one measure done', async () => {
    const id = await monitoredHousehold();
    expect(await mark(id)).toMatchObject({
      ok: false,
      error: { message: '至少要有一项帮扶措施已完成，才能标注风险消除' },
    });
    await call('measures.save', {
      householdId: id,
      category: '健康',
      content: '家庭医生签约',
      status: '实施中',
    });
    expect((await mark(id)).ok).toBe(false);
  });

  it('needs 6 months since identification, saying from when', async () => {
    const id = await monitoredHousehold({ identifiedDate: '2026-01-20' });
    await doneMeasure(id);
    expect(await mark(id)).toMatchObject({
      ok: false,
      error: { message: '识别认定于 2026-01-20，满 6 个月（2026-07-20 起）才能标注风险消除' },
    });
  });

  it('is not for whole-household-no-labour households', async () => {
    const id = await monitoredHousehold({ noLabourSupport: true });
    await doneMeasure(id);
    expect(await mark(id)).toMatchObject({
      ok: false,
      error: { message: '整户无劳动能力兜底保障户不标注风险消除' },
    });
  });

  it('is not for households that are not monitoring objects', async () => {
    await call('setup.createVillage', {
      county: '石门县',
      township: '柳湾镇',
      village: '杨柳村',
      groups: ['一组'],
    });
    const plain = await call('households.create', householdInput(4));
    expect(await mark((plain as { result: { id: number } }).result.id)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('不是监测对象') },
    });
  });

  it('marks, refuses a future date, and can be reverted with the reason audited', async () => {
    const id = await monitoredHousehold();
    await doneMeasure(id);
    expect((await mark(id, '2026-06-01')).ok).toBe(false);
    expect((await call('households.get', { id })) as unknown).toMatchObject({
      result: { elimination: { allowed: true } },
    });
    expect(await mark(id)).toEqual({ ok: true, result: { householdId: id } });
    expect(await call('households.get', { id })).toMatchObject({
      result: {
        eliminationStatus: '已消除',
        eliminationMethod: '稳定消除',
        eliminationDate: '2026-05-01',
        elimination: { allowed: false },
      },
    });
    expect((await mark(id)).ok).toBe(false);
    expect(
      await call('elimination.revert', { householdId: id, reason: '复核发现收入未稳定' }),
    ).toMatchObject({ ok: true });
    expect(await call('households.get', { id })).toMatchObject({
      result: { eliminationStatus: '未消除', eliminationMethod: null },
    });
    const audit = runtime()
      .ctx.sqlite.prepare(
        "SELECT action, after FROM audit_log WHERE entity = 'household' AND action LIKE '%eliminat%' ORDER BY id",
      )
      .all() as { action: string; after: string }[];
    expect(audit.map((a) => a.action)).toEqual(['eliminate', 'revert-elimination']);
    expect(JSON.parse(audit[1]!.after).reason).toBe('复核发现收入未稳定');
  });
});
