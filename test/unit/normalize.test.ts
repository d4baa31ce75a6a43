import { describe, expect, it } from 'vitest';
import {
  excelSerialToIso,
  normalizeDate,
  normalizeIdNumber,
  normalizePersonName,
  normalizePhone,
  toHalfWidth,
} from '../../electron/api/normalize';

describe('normalizeDate: every form a clerk types or Excel writes', () => {
  it.each([
    ['2026-03-01', '2026-03-01'],
    ['2026-3-1', '2026-03-01'],
    ['2026/3/1', '2026-03-01'],
    ['2026/03/01', '2026-03-01'],
    ['2026.3.1', '2026-03-01'],
    ['20260301', '2026-03-01'],
    ['2026年3月1日', '2026-03-01'],
    ['2026年3月1', '2026-03-01'],
    ['２０２６／３／１', '2026-03-01'],
    ['２０２６年３月１日', '2026-03-01'],
    ['  2026/3/1  ', '2026-03-01'],
    ['2026 / 3 / 1', '2026-03-01'],
    ['2026/3/1 0:00', '2026-03-01'],
    ['2026-03-01T00:00:00.000Z', '2026-03-01'],
    ['2026－3－1', '2026-03-01'],
    ['2024/2/29', '2024-02-29'],
  ])('%s → %s', (typed, iso) => {
    expect(normalizeDate(typed, '开始日期')).toEqual({ ok: true, value: iso });
  });

  it.each([
    '2026/2/30',
    '2025/2/29',
    '2026/13/1',
    '3/1/2026',
    '26/3/1',
    '2026-3',
    '明天',
    '1899-12-31',
    '2101-01-01',
    '46082',
    '2026/3/1/5',
    'x'.repeat(1000),
  ])('refuses %s, naming the field', (typed) => {
    const result = normalizeDate(typed, '开始日期');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('开始日期');
  });

  it('an empty value asks for the field', () => {
    expect(normalizeDate('  ', '识别认定日期')).toEqual({
      ok: false,
      message: '请填写识别认定日期',
    });
  });

  it('Excel serials only where the caller says the cell was a number', () => {
    expect(normalizeDate(46082, '日期', { serial: true })).toEqual({
      ok: true,
      value: '2026-03-01',
    });
    expect(normalizeDate('46082', '日期', { serial: true })).toEqual({
      ok: true,
      value: '2026-03-01',
    });
    expect(normalizeDate('46082.5', '日期', { serial: true })).toEqual({
      ok: true,
      value: '2026-03-01',
    });
    expect(normalizeDate(46082, '日期').ok).toBe(false);
    expect(excelSerialToIso(1)).toBeNull();
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(45658)).toBe('2025-01-01');
  });

  it('a real date cell (exceljs gives UTC midnight)', () => {
    expect(normalizeDate(new Date(Date.UTC(2026, 2, 1)), '日期')).toEqual({
      ok: true,
      value: '2026-03-01',
    });
    expect(normalizeDate(new Date(Number.NaN), '日期').ok).toBe(false);
  });
});

describe('normalizePersonName', () => {
  it.each([
    ['张  三', '张三'],
    [' 张三 ', '张三'],
    ['张\u3000三', '张三'],
    ['\u3000李 桂 英\u3000', '李桂英'],
    ['张\t三', '张三'],
    ['阿依古丽·买买提', '阿依古丽·买买提'],
    ['Maria  Li', 'Maria Li'],
    [' John   Smith ', 'John Smith'],
    ['', ''],
  ])('%j → %j', (typed, stored) => {
    expect(normalizePersonName(typed)).toBe(stored);
  });
});

describe('normalizeIdNumber and normalizePhone', () => {
  it.each([
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X'],
    ['11010519491231002x', '11010519491231002X'],
    ['110105 19491231 002X', '11010519491231002X'],
    ['532529-19570420-4350', '532529195704204350'],
    [' 110105194912310029 ', '110105194912310029'],
  ])('ID %s → %s', (typed, stored) => {
    expect(normalizeIdNumber(typed)).toBe(stored);
  });

  it.each([
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['157－6779－5596', '15767795596'],
    ['0871-1234567', '0871-1234567'],
    ['0871 1234567', '0871-1234567'],
    ['(0871)1234567', '0871-1234567'],
    ['（0871）1234567', '0871-1234567'],
    ['010-12345678', '010-12345678'],
    ['0871-12345678-801', '0871-12345678-801'],
    ['08711234567', '08711234567'],
    ['', ''],
    ['不知道', '不知道'],
  ])('phone %j → %j', (typed, stored) => {
    expect(normalizePhone(typed)).toBe(stored);
  });

  it('toHalfWidth', () => {
    expect(toHalfWidth('ＡＢＣ１２３　')).toBe('ABC123 ');
  });
});
