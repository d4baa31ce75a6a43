import { describe, expect, it } from 'vitest';
import { householdCreate, idNumber, memberInput, phone } from '../../electron/api/roster-schemas';
import { householdInput, validId } from '../fixtures/people';

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message).join('；') ?? '';

describe('证件号码', () => {
  const id = validId('19700101', '001');

  it('accepts a valid ID, upper-casing a final x', () => {
    expect(idNumber.parse(id)).toBe(id);
    const withX = validId('19491231', '002', '110105');
    expect(withX.endsWith('X')).toBe(true);
    expect(idNumber.parse(withX.toLowerCase())).toBe(withX);
  });

  it('accepts 20- and 22-character disability certificate numbers', () => {
    expect(idNumber.safeParse(`${id}11`).success).toBe(true);
    expect(idNumber.safeParse(`${id}24B1`).success).toBe(true);
  });

  it.each([
    [`${validId('19700101', '001').slice(0, 17)}0`, '校验位'],
    ['53252919700101001', '18 位'],
    [`${validId('19700101', '001')}1`, '18 位'],
    [`${validId('19700101', '001')}AB`, '2 位数字'],
    ['532529197002300011', '出生日期不存在'],
  ])('refuses %s', (value, reason) => {
    const result = idNumber.safeParse(value);
    expect(result.success).toBe(false);
    expect(messages(result)).toContain(reason);
  });
});

describe('phone numbers', () => {
  it.each(['13800138000', '19912345678', '0871-1234567', '010-12345678', '08711234567', ''])(
    'accepts %s',
    (v) => {
      expect(phone().safeParse(v).success).toBe(true);
    },
  );
  it.each([
    ['138-0013-8000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['0871 1234567', '0871-1234567'],
  ])('accepts %s as %s (the shared normalizer)', (typed, stored) => {
    expect(phone().parse(typed)).toBe(stored);
  });
  it.each(['12800138000', '1380013800', '138-0013-800', 'abc', '871-1234567'])(
    'refuses %s',
    (v) => {
      expect(messages(phone('联系电话').safeParse(v))).toContain('联系电话格式不对');
    },
  );
});

describe('member rules', () => {
  const base = { name: '张三', sex: '男', idNumber: validId('19700101', '001'), relation: '本人' };

  it('needs the birth date and sex to agree with the ID', () => {
    expect(memberInput.safeParse(base).success).toBe(true);
    expect(messages(memberInput.safeParse({ ...base, birthDate: '1970-01-02' }))).toContain(
      '出生日期 1970-01-02 与身份证号中的 1970-01-01 不一致',
    );
    expect(messages(memberInput.safeParse({ ...base, sex: '女' }))).toContain(
      '性别「女」与身份证号',
    );
  });

  it('needs 务工地点 and 务工时长 together', () => {
    expect(messages(memberInput.safeParse({ ...base, workPlace: '昆明市' }))).toContain(
      '要么都填，要么都不填',
    );
    expect(messages(memberInput.safeParse({ ...base, workMonths: 6 }))).toContain(
      '要么都填，要么都不填',
    );
    expect(memberInput.safeParse({ ...base, workPlace: '昆明市', workMonths: 6 }).success).toBe(
      true,
    );
  });
});

describe('household rules', () => {
  it('needs exactly one head', () => {
    const input = householdInput(1);
    expect(householdCreate.safeParse(input).success).toBe(true);
    const none = { ...input, members: input.members.map((m) => ({ ...m, relation: '子' })) };
    expect(messages(householdCreate.safeParse(none))).toContain('与户主关系为「本人」的户主');
    const two = { ...input, members: input.members.map((m) => ({ ...m, relation: '本人' })) };
    expect(messages(householdCreate.safeParse(two))).toContain('一户只能有一位户主');
  });

  it('allows at most 5 different risk types, sub-types only for natural disasters', () => {
    const risks = ['因病', '因学', '因残', '因意外事故', '缺劳动力', '其他'].map((riskType) => ({
      riskType,
    }));
    expect(messages(householdCreate.safeParse(householdInput(1, 1, { risks })))).toContain(
      '风险类型最多 5 项',
    );
    const dup = [{ riskType: '因病' }, { riskType: '因病' }];
    expect(messages(householdCreate.safeParse(householdInput(1, 1, { risks: dup })))).toContain(
      '风险类型不能重复',
    );
    const sub = [{ riskType: '因病', disasterSubtype: '洪涝' }];
    expect(messages(householdCreate.safeParse(householdInput(1, 1, { risks: sub })))).toContain(
      '只有「因自然灾害」',
    );
    const ok = [{ riskType: '因自然灾害', disasterSubtype: '洪涝' }];
    expect(householdCreate.safeParse(householdInput(1, 1, { risks: ok })).success).toBe(true);
  });

  it('needs an identification date for a monitoring object', () => {
    const input = householdInput(1, 1, { monitorCategory: '边缘易致贫户' });
    expect(messages(householdCreate.safeParse(input))).toContain('监测对象请填写识别认定日期');
  });
});
