import { describe, expect, it } from 'vitest';
import { countRows, useTestRuntime } from '../fixtures/runtime';
import { householdInput, validId } from '../fixtures/people';
import { callers, GRID, VILLAGE } from '../fixtures/village';

interface Detail {
  id: number;
  householdNo: string | null;
  address: string;
  naturalVillage: string;
  phoneMasked: string;
  householdType: string;
  monitorCategory: string | null;
  identifiedDate: string | null;
  noLabourSupport: boolean;
  developmentalAid: boolean;
  relocated: boolean;
  housingUnsafe: boolean;
  schoolDropout: boolean;
  waterUnsafe: boolean;
  noMedicalInsurance: boolean;
  note: string;
  risks: { riskType: string; disasterSubtype: string | null }[];
  members: { id: number; name: string; relation: string; sex: string; birthDate: string | null }[];
  measures: { id: number; content: string }[];
  contacts: {
    id: number;
    name: string;
    unit: string;
    phoneMasked: string;
    startDate: string;
    endDate: string | null;
  }[];
  incomes: { year: number; wageIncome: number | null; perCapitaNetIncome: number | null }[];
}

const auditRows = (
  runtime: { ctx: { sqlite: { prepare(sql: string): { all(...a: unknown[]): unknown[] } } } },
  entity: string,
  action: string,
) =>
  (
    runtime.ctx.sqlite
      .prepare('SELECT before, after FROM audit_log WHERE entity = ? AND action = ? ORDER BY id')
      .all(entity, action) as { before: string | null; after: string | null }[]
  ).map((r) => ({
    before: r.before ? (JSON.parse(r.before) as Record<string, unknown>) : null,
    after: r.after ? (JSON.parse(r.after) as Record<string, unknown>) : null,
  }));

describe('correcting a household after saving (issue 12 item 1)', () => {
  const runtime = useTestRuntime();
  const { call, fail } = callers(() => runtime().ctx);
  const create = async () => {
    await call('setup.createVillage', VILLAGE);
    return call<Detail>('households.create', householdInput(GRID.group1));
  };

  it('updates every household field and reads each back, audited before → after', async () => {
    const h = await create();
    const updated = await call<Detail>('households.update', {
      id: h.id,
      householdNo: 'H-0042',
      address: '一组 18 号',
      naturalVillage: '小河边',
      phone: '0871-1234567',
      householdType: '脱贫户',
      monitorCategory: '边缘易致贫户',
      identifiedDate: '2026/3/1',
      noLabourSupport: true,
      developmentalAid: true,
      relocated: true,
      housingUnsafe: true,
      schoolDropout: true,
      waterUnsafe: true,
      noMedicalInsurance: true,
      risks: [{ riskType: '因病' }, { riskType: '因自然灾害', disasterSubtype: '洪涝' }],
      note: '房屋待修',
    });
    const read = await call<Detail>('households.get', { id: h.id });
    expect(read).toEqual(updated);
    expect(read).toMatchObject({
      householdNo: 'H-0042',
      address: '一组 18 号',
      naturalVillage: '小河边',
      phoneMasked: '0871-***4567',
      householdType: '脱贫户',
      monitorCategory: '边缘易致贫户',
      identifiedDate: '2026-03-01',
      noLabourSupport: true,
      developmentalAid: true,
      relocated: true,
      housingUnsafe: true,
      schoolDropout: true,
      waterUnsafe: true,
      noMedicalInsurance: true,
      note: '房屋待修',
      risks: [
        { riskType: '因病', disasterSubtype: null },
        { riskType: '因自然灾害', disasterSubtype: '洪涝' },
      ],
    });
    const [entry] = auditRows(runtime(), 'household', 'update');
    expect(entry!.before).toMatchObject({ address: '', householdNo: null, schoolDropout: false });
    expect(entry!.after).toMatchObject({ address: '一组 18 号', householdNo: 'H-0042' });

    // keepPhone leaves the stored number; the others can be switched back off.
    const back = await call<Detail>('households.update', {
      id: h.id,
      householdType: '一般农户',
      keepPhone: true,
    });
    expect(back).toMatchObject({
      phoneMasked: '0871-***4567',
      householdNo: null,
      monitorCategory: null,
      schoolDropout: false,
      risks: [],
    });
  });

  it('refuses a 户编号 another household has, under the 户编号 field', async () => {
    const h = await create();
    await call('households.create', householdInput(GRID.group1, 2, { householdNo: 'H1' }));
    const error = await fail('households.update', {
      id: h.id,
      householdType: '一般农户',
      householdNo: 'H1',
    });
    expect(error).toMatchObject({
      code: 'VALIDATION',
      message: '户编号 H1 已被另一户使用',
      fields: [{ path: ['householdNo'], message: '已被另一户使用' }],
    });
  });

  it('changes the head in one step (设为户主), keeping exactly one 本人', async () => {
    const h = await create();
    const spouse = h.members[1]!;
    const changed = await call<Detail>('members.setHead', {
      id: spouse.id,
      formerHeadRelation: '配偶',
    });
    expect(changed.members.map((m) => [m.name, m.relation])).toEqual([
      ['张三', '配偶'],
      ['王芳', '本人'],
    ]);
    expect(auditRows(runtime(), 'member', 'update')).toHaveLength(2);
    // Editing the head's relation away (or a second 本人) points at 与户主关系.
    const error = await fail('members.update', {
      id: spouse.id,
      name: '王芳',
      relation: '配偶',
      keepIdNumber: true,
      sex: '女',
    });
    expect(error.fields).toEqual([
      { path: ['relation'], message: expect.stringContaining('设为户主') },
    ]);
  });
});

describe('members: birth date without an ID, sex and birth date from an ID (issue 12 item 1)', () => {
  const runtime = useTestRuntime();
  const { call, fail } = callers(() => runtime().ctx);

  it('stores a birth date typed for a member without an ID', async () => {
    await call('setup.createVillage', VILLAGE);
    const h = await call<Detail>('households.create', householdInput(GRID.group1));
    const child = await call<{ birthDate: string; idMasked: string }>('members.add', {
      householdId: h.id,
      name: '张小明',
      sex: '男',
      relation: '子',
      birthDate: '2012/6/1',
    });
    expect(child).toMatchObject({ birthDate: '2012-06-01', idMasked: '' });
    // Without an ID, sex cannot be derived: asked for under 性别.
    const error = await fail('members.add', {
      householdId: h.id,
      name: '张小红',
      relation: '女',
    });
    expect(error.fields).toEqual([{ path: ['sex'], message: '请选择性别' }]);
  });

  it('fills sex and birth date from a valid ID, and every member field is stored', async () => {
    await call('setup.createVillage', VILLAGE);
    const h = await call<Detail>('households.create', householdInput(GRID.group1));
    const id = validId('20100215', '022');
    const added = await call<{ id: number; sex: string; birthDate: string | null }>('members.add', {
      householdId: h.id,
      name: '张小丽',
      relation: '女',
      idNumber: id,
    });
    // The birth date is stored from the ID, but sent beside the masked ID only as the age.
    expect(added).toMatchObject({ sex: '女', birthDate: null, age: 16 });
    const stored = () =>
      runtime()
        .ctx.sqlite.prepare('SELECT birth_date AS b FROM members WHERE id = ?')
        .get(added.id);
    expect(stored()).toEqual({ b: '2010-02-15' });
    const updated = await call('members.update', {
      id: added.id,
      name: '张小丽',
      relation: '女',
      keepIdNumber: true,
      sex: '女',
      ethnicity: '彝族',
      education: '初中',
      schoolStatus: '初中',
      health: '残疾',
      labourSkill: '无劳动力',
      basicMedicalInsurance: true,
      seriousIllnessInsurance: true,
      pensionInsurance: true,
      minimumLiving: true,
      extremePoverty: true,
    });
    expect(stored()).toEqual({ b: '2010-02-15' });
    expect(updated).toMatchObject({
      sex: '女',
      birthDate: null,
      age: 16,
      ethnicity: '彝族',
      education: '初中',
      schoolStatus: '初中',
      health: '残疾',
      labourSkill: '无劳动力',
      basicMedicalInsurance: true,
      seriousIllnessInsurance: true,
      pensionInsurance: true,
      minimumLiving: true,
      extremePoverty: true,
    });
    // A sex that disagrees with the ID is refused under 性别.
    const error = await fail('members.add', {
      householdId: h.id,
      name: '张小刚',
      relation: '子',
      sex: '女',
      idNumber: validId('20120101', '013'),
    });
    expect(error.fields?.map((f) => f.path)).toEqual([['sex']]);
  });

  it('refuses an ID already in another household under that member’s ID field', async () => {
    await call('setup.createVillage', VILLAGE);
    await call('households.create', householdInput(GRID.group1, 1));
    const other = householdInput(GRID.group2, 2);
    other.members[1]!.idNumber = validId('19720305', '012');
    const error = await fail('households.create', other);
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(
      /^第 2 位成员：身份证号 532529\*{8}\d{3}[\dX] 已登记为「张三」户的成员「王芳」/,
    );
    expect(error.fields).toEqual([
      {
        path: ['members', 1, 'idNumber'],
        message: '这个身份证号已登记为「张三」户的成员「王芳」，一个人只能登记一次',
      },
    ]);
    expect(countRows(runtime(), 'households')).toBe(1);
    // The same through members.add: the field is the form's own idNumber.
    const added = await fail('members.add', {
      householdId: 1,
      name: '李四',
      relation: '其他',
      idNumber: validId('19720305', '012'),
    });
    expect(added.fields?.map((f) => f.path)).toEqual([['idNumber']]);
    // Two members of one new household with the same ID: the second is pointed at.
    const twice = householdInput(GRID.group2, 3);
    twice.members[1]!.idNumber = twice.members[0]!.idNumber;
    twice.members[1]!.sex = '男';
    const dup = await fail('households.create', twice);
    expect(dup.fields).toEqual([
      { path: ['members', 1, 'idNumber'], message: '与前面一位成员的身份证号重复' },
    ]);
    expect(dup.message).toContain('第 2 位成员');
  });
});

describe('measures, 帮扶责任人 and incomes corrected (issue 12 item 1)', () => {
  const runtime = useTestRuntime();
  const { call, fail } = callers(() => runtime().ctx);
  const create = async () => {
    await call('setup.createVillage', VILLAGE);
    return call<Detail>('households.create', householdInput(GRID.group1));
  };

  it('deletes a measure only with a reason, kept in the audit with what was deleted', async () => {
    const h = await create();
    const saved = await call<Detail>('measures.save', {
      householdId: h.id,
      category: '产业',
      content: '发展养殖',
      plannedDate: '2026/3/1',
      status: '计划',
    });
    const measure = saved.measures[0]!;
    const edited = await call<Detail>('measures.save', {
      id: measure.id,
      householdId: h.id,
      category: '产业',
      content: '发展养殖（生猪）',
      plannedDate: '2026-03-01',
      status: '计划',
    });
    expect(edited.measures.map((m) => m.content)).toEqual(['发展养殖（生猪）']);
    const missing = await fail('measures.remove', { id: measure.id, reason: '  ' });
    expect(missing.fields).toEqual([{ path: ['reason'], message: '请填写删除原因' }]);
    const after = await call<Detail>('measures.remove', { id: measure.id, reason: '重复登记' });
    expect(after.measures).toEqual([]);
    const [entry] = auditRows(runtime(), 'measure', 'delete');
    expect(entry!.before).toMatchObject({ content: '发展养殖（生猪）', reason: '重复登记' });
    const history = await call<{ changes: { label: string; after: string; before: string }[] }[]>(
      'audit.history',
      { entity: 'household', entityId: h.id },
    );
    expect(JSON.stringify(history)).toContain('重复登记');
  });

  it('edits a 帮扶责任人 and ends one with a date', async () => {
    const h = await create();
    const assigned = await call<Detail>('contacts.assign', {
      householdId: h.id,
      name: '钱干部',
      unit: '镇政府',
      phone: '13700001111',
      startDate: '2026-01-05',
    });
    const contact = assigned.contacts[0]!;
    const edited = await call<Detail>('contacts.update', {
      id: contact.id,
      name: '钱  进',
      unit: '县农业局',
      startDate: '2026/1/4',
      keepPhone: true,
    });
    expect(edited.contacts[0]).toMatchObject({
      name: '钱进',
      unit: '县农业局',
      phoneMasked: '137****1111',
      startDate: '2026-01-04',
      endDate: null,
    });
    const ended = await call<Detail>('contacts.end', { id: contact.id, endDate: '2026/4/30' });
    expect(ended.contacts[0]!.endDate).toBe('2026-04-30');
    const late = await fail('contacts.update', {
      id: contact.id,
      name: '钱进',
      startDate: '2026-05-01',
    });
    expect(late.fields).toEqual([{ path: ['startDate'], message: '不能晚于结束日期 2026-04-30' }]);
    const entries = auditRows(runtime(), 'contact', 'update');
    expect(entries[0]!.before).toMatchObject({ name: '钱干部', phone: '137****1111' });
    expect(entries[0]!.after).toMatchObject({ name: '钱进', unit: '县农业局' });
  });

  it("edits a year's income and deletes a year, both audited", async () => {
    const h = await create();
    await call('incomes.save', { householdId: h.id, year: 2024, wageIncome: 8000 });
    await call('incomes.save', { householdId: h.id, year: 2025, wageIncome: 12000 });
    const edited = await call<Detail>('incomes.save', {
      householdId: h.id,
      year: 2025,
      wageIncome: 15000,
      perCapitaNetIncome: 9000,
    });
    expect(edited.incomes.map((i) => [i.year, i.wageIncome, i.perCapitaNetIncome])).toEqual([
      [2025, 15000, 9000],
      [2024, 8000, null],
    ]);
    const removed = await call<Detail>('incomes.remove', { householdId: h.id, year: 2024 });
    expect(removed.incomes.map((i) => i.year)).toEqual([2025]);
    expect((await fail('incomes.remove', { householdId: h.id, year: 2024 })).code).toBe(
      'NOT_FOUND',
    );
    const [entry] = auditRows(runtime(), 'household', 'income-delete');
    expect(entry!.before).toMatchObject({ year: 2024, wageIncome: 8000 });
  });
});
