import { describe, expect, it } from 'vitest';
import { idCheckChar, maskIdNumber, maskPhone, parseIdNumber } from '../../electron/api/id-number';
import { chineseNumber } from '../../electron/services/demo/names';
import { Random } from '../../electron/services/demo/random';

describe('GB 11643 ID numbers', () => {
  it.each([
    ['11010519491231002X', '1949-12-31', '女'],
    ['44052419800101001' + idCheckChar('44052419800101001'), '1980-01-01', '男'],
    ['110105194912310029'.slice(0, 17) + idCheckChar('11010519491231002'), '1949-12-31', '女'],
  ])('accepts %s', (id, birthDate, sex) => {
    expect(parseIdNumber(id)).toEqual({ ok: true, info: { birthDate, sex } });
  });

  it('accepts a lower-case x check character', () => {
    expect(parseIdNumber('11010519491231002x').ok).toBe(true);
  });

  it('refuses a wrong check character or a changed digit', () => {
    expect(parseIdNumber('110105194912310021')).toEqual({
      ok: false,
      reason: '身份证号校验位不对，请核对是否抄错',
    });
    expect(parseIdNumber('11010519491231012X').ok).toBe(false);
  });

  it.each([
    ['110105194902300010', '出生日期不存在'],
    ['440524188001010014', '早于 1900 年'],
    ['110105190002290010', '出生日期不存在'],
    ['11010519491231002', '应为 18 位'],
    ['1101051949123100AX', '应为 18 位'],
  ])('refuses %s', (id, reason) => {
    const result = parseIdNumber(id);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it('masks IDs as 前6后4 and phones as 138****8000', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('0871-1234567')).not.toContain('1234567'.slice(0, 3) + '4567');
  });
});

describe('demo helpers', () => {
  it.each([
    [1, '一'],
    [10, '十'],
    [11, '十一'],
    [20, '二十'],
    [21, '二十一'],
    [100, '一百'],
    [105, '一百零五'],
    [110, '一百一十'],
  ])('writes %i as %s', (n, text) => {
    expect(chineseNumber(n)).toBe(text);
  });

  it('splits a total into positive parts that add up exactly', () => {
    const random = new Random(3);
    for (const [total, parts] of [
      [4286, 80],
      [80, 10],
      [10, 10],
      [150, 14],
    ] as const) {
      const split = random.split(total, parts);
      expect(split).toHaveLength(parts);
      expect(split.reduce((a, b) => a + b, 0)).toBe(total);
      expect(Math.min(...split)).toBeGreaterThan(0);
    }
  });
});
