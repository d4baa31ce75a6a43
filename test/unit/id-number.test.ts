import { describe, expect, it } from 'vitest';
import {
  idCheckChar,
  maskIdNumber,
  maskPhone,
  MOBILE_PATTERN,
  parseIdNumber,
} from '../../electron/api/id-number';
import {
  birthDate,
  chineseNumber,
  idNumber,
  mobileNumber,
  personName,
} from '../../electron/services/demo/names';
import { Random } from '../../electron/services/demo/random';
import { validId } from '../fixtures/people';

const refusal = (id: string): string => {
  const result = parseIdNumber(id);
  if (result.ok) throw new Error(`${id} should be refused`);
  return result.reason;
};

describe('GB 11643 check character', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['53252919700101001', idCheckChar('53252919700101001')],
  ])('of %s is %s', (first17, check) => {
    expect(idCheckChar(first17)).toBe(check);
  });

  it('is one of 0-9 or X for any 17 digits', () => {
    const random = new Random(11);
    for (let i = 0; i < 500; i++) {
      const first17 = Array.from({ length: 17 }, () => random.int(0, 9)).join('');
      expect(idCheckChar(first17)).toMatch(/^[0-9X]$/);
    }
  });
});

describe('parseIdNumber', () => {
  it.each([
    ['11010519491231002X', '1949-12-31', '女'],
    ['11010519491231002x', '1949-12-31', '女'],
    [' 11010519491231002X ', '1949-12-31', '女'],
    [validId('19800101', '001', '440524'), '1980-01-01', '男'],
    [validId('20000229', '013'), '2000-02-29', '男'],
    [validId('20240229', '998'), '2024-02-29', '女'],
  ])('accepts %s: born %s, %s', (id, born, sex) => {
    expect(parseIdNumber(id)).toEqual({ ok: true, info: { birthDate: born, sex } });
  });

  it('takes the sex from the 17th digit: odd is 男, even is 女', () => {
    for (let digit = 0; digit <= 9; digit++) {
      const id = validId('19750615', `01${digit}`);
      expect(parseIdNumber(id)).toMatchObject({
        ok: true,
        info: { sex: digit % 2 === 1 ? '男' : '女' },
      });
    }
  });

  it('refuses the well-known 440524188001010014: its check character is right, but 1880 is before 1900', () => {
    expect(idCheckChar('44052418800101001')).toBe('4');
    expect(refusal('440524188001010014')).toBe('身份证号中的出生年份早于 1900 年，请核对');
  });

  it('refuses any single changed character of a valid number', () => {
    const valid = '11010519491231002X';
    for (let i = 0; i < 18; i++) {
      for (const replacement of '0123456789X') {
        if (replacement === valid[i] || (i < 17 && replacement === 'X')) continue;
        const changed = valid.slice(0, i) + replacement + valid.slice(i + 1);
        expect(parseIdNumber(changed).ok, changed).toBe(false);
      }
    }
    expect(refusal('110105194912310021')).toBe('身份证号校验位不对，请核对是否抄错');
  });

  it('refuses two swapped neighbouring digits', () => {
    const valid = validId('19830517', '123');
    for (let i = 0; i < 16; i++) {
      if (valid[i] === valid[i + 1]) continue;
      const swapped = valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2);
      expect(parseIdNumber(swapped).ok, swapped).toBe(false);
    }
  });

  it.each([
    ['19490230', '2 月 30 日'],
    ['19000229', '1900 年不是闰年'],
    ['20230229', '2023 年不是闰年'],
    ['19491301', '13 月'],
    ['19490001', '0 月'],
    ['19490100', '0 日'],
    ['19490431', '4 月 31 日'],
  ])('refuses the impossible birth date %s (%s), even with a right check character', (born) => {
    expect(refusal(validId(born, '001'))).toBe('身份证号中的出生日期不存在');
  });

  it.each([
    ['11010519491231002', '17 characters'],
    ['11010519491231002XX', '19 characters'],
    ['1101051949123100AX', 'a letter inside'],
    ['11010519491231002Y', 'Y as check character'],
    ['', 'empty'],
  ])('refuses %s (%s) with the length-and-digits reason', (id) => {
    expect(refusal(id)).toBe('身份证号应为 18 位，前 17 位是数字，最后一位是数字或 X');
  });
});

describe('masking', () => {
  it('keeps the first 6 and last 4 characters of an ID (前6后4)', () => {
    expect(maskIdNumber('110105194912311234')).toBe('110105********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('masks a 20-character disability certificate number the same way', () => {
    expect(maskIdNumber('11010519491231002X11')).toBe('110105**********2X11');
  });

  it('masks a short value completely', () => {
    expect(maskIdNumber('1234567890')).toBe('**********');
    expect(maskIdNumber('')).toBe('');
  });

  it('masks mobiles as 138****8000 and hides all but the last 4 digits of a landline', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('19912345678')).toBe('199****5678');
    expect(maskPhone('0871-1234567')).toBe('0871-***4567');
  });
});

describe('demo people generator', () => {
  it('always makes valid IDs whose birth date and sex agree (2,000 people)', () => {
    const random = new Random(9);
    const today = '2026-05-06';
    const year = 2026;
    for (let i = 0; i < 2000; i++) {
      const sex = random.chance(0.5) ? '男' : '女';
      const born = birthDate(random, today, 0, 100);
      expect(born <= today, born).toBe(true);
      const id = idNumber(random, '532529', born, sex);
      expect(id).toMatch(/^532529\d{11}[\dX]$/);
      expect(parseIdNumber(id), id).toEqual({ ok: true, info: { birthDate: born, sex } });
      const age = year - Number(born.slice(0, 4));
      expect(age).toBeGreaterThanOrEqual(0);
      // One more when the birthday would have fallen after today.
      expect(age).toBeLessThanOrEqual(101);
    }
  });

  it('makes mobile numbers matching ^1[3-9]\\d{9}$', () => {
    const random = new Random(10);
    for (let i = 0; i < 2000; i++) {
      const mobile = mobileNumber(random);
      expect(mobile).toMatch(/^1[3-9]\d{9}$/);
      expect(MOBILE_PATTERN.test(mobile)).toBe(true);
    }
  });

  it('makes Chinese names of 2 or 3 characters', () => {
    const random = new Random(12);
    for (let i = 0; i < 500; i++) {
      expect(personName(random, i % 2 ? '男' : '女')).toMatch(/^\p{Script=Han}{2,3}$/u);
    }
  });

  it.each([
    [1, '一'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [20, '二十'],
    [21, '二十一'],
    [40, '四十'],
    [99, '九十九'],
    [100, '一百'],
    [105, '一百零五'],
    [110, '一百一十'],
    [115, '一百一十五'],
    [120, '一百二十'],
    [999, '九百九十九'],
  ])('writes %i as %s', (n, text) => {
    expect(chineseNumber(n)).toBe(text);
  });
});
