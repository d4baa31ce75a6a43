import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/services/dispatch';
import { countRows, useTestRuntime } from '../fixtures/runtime';
import { householdInput, validId } from '../fixtures/people';
import { callers, VILLAGE } from '../fixtures/village';

// Grid ids after set-up: 1 县, 2 乡镇, 3 村, 4 一组, 5 二组.

describe('roster services', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;
  const { call, fail } = callers(ctx);
  const setup = () => call('setup.createVillage', VILLAGE);

  it('creates a household with its members in its group grid, masked in every view', async () => {
    await setup();
    const household = await call<{
      id: number;
      members: { name: string; idMasked: string; birthDate: string | null; age: number }[];
      grid: { name: string; path: string[] };
      phoneMasked: string;
    }>('households.create', householdInput(4));
    expect(household.members.map((m) => m.name)).toEqual(['张三', '王芳']);
    expect(household.members[0]!.idMasked).toMatch(/^532529\*{8}\d{3}[\dX]$/);
    // Beside a masked ID no birth date (it is the hidden digits, issue 14): the age alone.
    expect(household.members[0]!.birthDate).toBeNull();
    expect(household.members[0]!.age).toBe(56);
    expect(household.phoneMasked).toBe('139****5001');
    expect(household.grid).toEqual({
      id: 4,
      name: '一组',
      path: ['石门县', '柳湾镇', '杨柳村', '一组'],
    });
    const list = await call<{ total: number; rows: { headName: string; headIdMasked: string }[] }>(
      'households.list',
      { gridId: 3 },
    );
    expect(list.total).toBe(1);
    expect(list.rows[0]).toMatchObject({
      headName: '张三',
      headIdMasked: expect.stringContaining('********'),
    });
  });

  it('keeps one person per ID across the database, naming where it is, and writes nothing', async () => {
    await setup();
    await call('households.create', householdInput(4, 1));
    const other = householdInput(5, 2);
    other.members[1]!.idNumber = validId('19720305', '012');
    const error = await fail('households.create', other);
    // Under the second member's ID field (issue 12): a field error, worded 第 2 位成员：….
    expect(error.code).toBe('VALIDATION');
    expect(error.fields?.map((f) => f.path)).toEqual([['members', 1, 'idNumber']]);
    expect(error.message).toMatch(
      /^第 2 位成员：身份证号 532529\*{8}\d{3}[\dX] 已登记为「张三」户的成员「王芳」/,
    );
    expect(countRows(runtime(), 'households')).toBe(1);
    expect(countRows(runtime(), 'members')).toBe(2);
  });

  it('puts households only in a lowest-level grid and keeps the history when one moves', async () => {
    await setup();
    expect((await fail('households.create', householdInput(3))).message).toContain(
      '要分到最下一级的网格',
    );
    const { id } = await call<{ id: number }>('households.create', householdInput(4));
    const moved = await call<{
      grid: { name: string };
      gridHistory: { gridName: string; endDate: string | null }[];
    }>('households.move', { id, gridId: 5 });
    expect(moved.grid.name).toBe('二组');
    expect(moved.gridHistory.map((h) => [h.gridName, h.endDate])).toEqual([
      ['二组', null],
      ['一组', '2026-05-06'],
    ]);
  });

  it('assigns roles, refuses a duplicate, ends one keeping history, and keeps workers with history', async () => {
    await setup();
    const worker = await call<{ id: number }>('workers.create', {
      name: '李建国',
      sex: '男',
      phone: '13800138000',
      post: '村支书',
    });
    const role = await call<{ id: number }>('roles.assign', {
      workerId: worker.id,
      gridId: 3,
      role: '网格长',
      startDate: '2025-01-01',
    });
    expect(
      (
        await fail('roles.assign', {
          workerId: worker.id,
          gridId: 3,
          role: '网格长',
          startDate: '2025-02-01',
        })
      ).message,
    ).toBe('「李建国」已是「杨柳村」的网格长');
    await call('roles.end', { id: role.id, endDate: '2026-01-31' });
    const detail = await call<{
      activeRoles: unknown[];
      roles: { endDate: string | null }[];
      phoneMasked: string;
    }>('workers.get', { id: worker.id });
    expect(detail.activeRoles).toEqual([]);
    expect(detail.roles.map((r) => r.endDate)).toEqual(['2026-01-31']);
    expect(detail.phoneMasked).toBe('138****8000');
    expect((await fail('workers.delete', { id: worker.id })).message).toContain('历史记录要保留');
  });

  it('refuses to delete a grid with households or workers in office, and archives one with history', async () => {
    await setup();
    const { id } = await call<{ id: number }>('households.create', householdInput(4));
    const worker = await call<{ id: number }>('workers.create', { name: '李建国', sex: '男' });
    const role = await call<{ id: number }>('roles.assign', {
      workerId: worker.id,
      gridId: 4,
      role: '网格员',
      startDate: '2025-01-01',
    });
    const refused = await fail('grids.delete', { id: 4 });
    expect(refused.message).toBe(
      '「一组」下还有 1 户农户、1 名在岗网格人员，不能删除。请先把它们移到其他网格或结束分工。',
    );
    await call('households.move', { id, gridId: 5 });
    await call('roles.end', { id: role.id });
    expect(await call('grids.delete', { id: 4 })).toEqual({ id: 4, archived: true });
    const tree = await call<{ children: { children: { children: { name: string }[] }[] }[] }[]>(
      'grids.tree',
      {},
    );
    expect(tree[0]!.children[0]!.children[0]!.children.map((g) => g.name)).toEqual(['二组']);
    expect(
      (await call<{ roles: { gridName: string }[] }>('workers.get', { id: worker.id })).roles[0]!
        .gridName,
    ).toBe('一组');
  });

  it('moves grids within the level rules and never under their own sub-grids', async () => {
    await setup();
    const other = await call<{ id: number }>('grids.create', {
      parentId: 2,
      level: 'village',
      name: '石门村',
    });
    expect(await call('grids.move', { id: 5, parentId: other.id })).toMatchObject({
      parentId: other.id,
    });
    expect((await fail('grids.move', { id: 2, parentId: 3 })).message).toContain(
      '不能把「柳湾镇」移到它自己或它的下级网格里',
    );
    expect((await fail('grids.move', { id: 3, parentId: other.id })).message).toContain(
      '下级只能是比它低的层级',
    );
  });

  it('finds people by name, pinyin initials, the last digits of an ID, and phone', async () => {
    await setup();
    await call('households.create', householdInput(4, 1));
    const search = (query: string) =>
      call<{ name: string; matchedBy: string; idMasked: string }[]>('roster.search', { query });
    expect((await search('zs')).map((h) => [h.name, h.matchedBy])).toEqual([
      ['张三', '拼音首字母'],
    ]);
    expect((await search('ZS')).map((h) => h.name)).toEqual(['张三']);
    expect((await search('wf')).map((h) => h.name)).toEqual(['王芳']);
    const id = validId('19700101', '011');
    expect((await search(id.slice(-4))).map((h) => [h.name, h.matchedBy])).toEqual([
      ['张三', '身份证号'],
    ]);
    expect((await search('5001')).map((h) => [h.name, h.matchedBy])).toEqual([['张三', '电话']]);
    expect((await search('13912345001')).map((h) => h.name)).toEqual(['张三']);
    expect((await search('王')).map((h) => h.name)).toEqual(['王芳']);
    // A given name alone is found too (a scan, only when no name starts with it).
    expect((await search('芳')).map((h) => h.name)).toEqual(['王芳']);
    expect(await search('赵')).toEqual([]);
    expect((await search('*')).length).toBe(0);
    const hit = (await search('zs'))[0]!;
    expect(JSON.stringify(hit)).not.toContain(id);
  });

  it('reveals a number only through an audited call, and never keeps raw numbers in the audit trail', async () => {
    await setup();
    const household = await call<{ members: { id: number }[] }>(
      'households.create',
      householdInput(4),
    );
    const raw = validId('19700101', '011');
    expect(
      await call('sensitive.reveal', { field: 'member.idNumber', id: household.members[0]!.id }),
    ).toEqual({ value: raw });
    const audit = ctx()
      .sqlite.prepare('SELECT entity, action, after, before FROM audit_log')
      .all() as { entity: string; action: string; after: string | null; before: string | null }[];
    expect(audit.find((a) => a.action === 'reveal')).toMatchObject({
      entity: 'member',
      after: JSON.stringify({ field: '身份证号' }),
    });
    const everything = JSON.stringify(audit);
    expect(everything).not.toContain(raw);
    expect(everything).not.toContain('13912345001');
  });

  it('lists group grids over the household cap', async () => {
    await setup();
    await call('settings.update', { householdCap: 1 });
    await call('households.create', householdInput(4, 1));
    await call('households.create', householdInput(4, 2));
    expect(await call('grids.overCap', {})).toEqual([
      {
        gridId: 4,
        name: '一组',
        path: ['石门县', '柳湾镇', '杨柳村', '一组'],
        householdCount: 2,
        householdCap: 1,
      },
    ]);
    expect(await call('grids.detail', { id: 4 })).toMatchObject({
      householdCount: 2,
      memberCount: 4,
      overCap: true,
    });
  });

  it('adds, updates and removes members with the head rules', async () => {
    await setup();
    const household = await call<{ id: number; members: { id: number }[] }>(
      'households.create',
      householdInput(4),
    );
    const child = await call<{ id: number }>('members.add', {
      householdId: household.id,
      name: '张小明',
      sex: '男',
      relation: '子',
      birthDate: '2012-06-01',
    });
    expect(
      (
        await fail('members.add', {
          householdId: household.id,
          name: '张四',
          sex: '男',
          relation: '本人',
        })
      ).message,
    ).toContain('户主已是「张三」');
    expect((await fail('members.remove', { id: household.members[0]!.id })).message).toContain(
      '是户主，不能直接删除',
    );
    const updated = await call<{ idMasked: string; health: string }>('members.update', {
      id: household.members[0]!.id,
      name: '张三',
      sex: '男',
      relation: '本人',
      health: '长期慢性病',
      keepIdNumber: true,
    });
    expect(updated).toMatchObject({
      health: '长期慢性病',
      idMasked: expect.stringContaining('532529'),
    });
    await call('members.remove', { id: child.id });
    expect(countRows(runtime(), 'members')).toBe(2);
  });
});

describe('search by an ID tail ending in X', () => {
  const runtime = useTestRuntime();
  it('treats 001X as the end of an ID number', async () => {
    await dispatch(runtime().ctx, 'setup.createVillage', VILLAGE);
    const withX = validId('19491231', '002', '110105');
    expect(withX.endsWith('X')).toBe(true);
    const created = await dispatch(runtime().ctx, 'households.create', {
      gridId: 4,
      householdType: '一般农户',
      members: [{ name: '李华', sex: '女', idNumber: withX, relation: '本人' }],
    });
    expect(created.ok).toBe(true);
    const hits = await dispatch(runtime().ctx, 'roster.search', {
      query: withX.slice(-4).toLowerCase(),
    });
    expect(hits).toMatchObject({ ok: true, result: [{ name: '李华', matchedBy: '身份证号' }] });
  });
});
