import { describe, expect, it } from 'vitest';
import { grids, households } from '../../db/schema';
import { prepareBulkInsert } from '../../electron/services/bulk';
import { inTransaction } from '../../electron/services/context';
import { countRows, useTestRuntime } from '../fixtures/runtime';

describe('prepareBulkInsert', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  it('inserts rows with the columns’ own value mapping and returns their ids', () => {
    const ids = inTransaction(ctx(), () => {
      const insert = prepareBulkInsert(ctx().db, households, [
        'householdType',
        'phone',
        'noLabourSupport',
        'relocated',
        'identifiedDate',
      ]);
      return [
        insert({
          householdType: '脱贫户',
          phone: '13800138000',
          noLabourSupport: true,
          relocated: false,
        }),
        insert({
          householdType: '一般农户',
          phone: '',
          noLabourSupport: false,
          relocated: true,
          identifiedDate: '2025-03-01',
        }),
      ];
    });
    expect(ids).toEqual([1, 2]);
    expect(
      ctx()
        .sqlite.prepare(
          'SELECT id, household_type, phone, no_labour_support, relocated, identified_date, note FROM households ORDER BY id',
        )
        .all(),
    ).toEqual([
      {
        id: 1,
        household_type: '脱贫户',
        phone: '13800138000',
        no_labour_support: 1,
        relocated: 0,
        identified_date: null,
        note: '',
      },
      {
        id: 2,
        household_type: '一般农户',
        phone: '',
        no_labour_support: 0,
        relocated: 1,
        identified_date: '2025-03-01',
        note: '',
      },
    ]);
  });

  it('writes nothing when the surrounding transaction fails', () => {
    expect(() =>
      inTransaction(ctx(), () => {
        const insert = prepareBulkInsert(ctx().db, grids, ['parentId', 'level', 'name']);
        for (let i = 0; i < 100; i++) insert({ parentId: null, level: 'county', name: `县${i}` });
        // A parent that does not exist: the foreign key stops the last row and the whole batch.
        insert({ parentId: 9999, level: 'group', name: '无主' });
      }),
    ).toThrow(/FOREIGN KEY/);
    expect(countRows(runtime(), 'grids')).toBe(0);
  });

  it('refuses a column the table does not have', () => {
    expect(() => prepareBulkInsert(ctx().db, grids, ['name', 'colour' as 'name'])).toThrow(
      'grids has no column colour',
    );
  });
});
