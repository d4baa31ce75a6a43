import { describe, expect, it } from 'vitest';
import {
  activePattern,
  archivalCode,
  formatCode,
  patternProblem,
  renumberedCode,
  type CodeParts,
} from '../../electron/services/archive/codes';

/** docs/domain.md §6's example item: 全宗 Z109, 文书, 2023, 30 年, 办公室, first item. */
const PARTS: CodeParts = {
  fondsCode: 'Z109',
  classCode: 'WS',
  year: 2023,
  retention: 'D30',
  orgCode: 'BGS',
  itemNo: 1,
};

describe('档号 (docs/domain.md §6)', () => {
  it('writes DA/T 22-2015 codes with levels joined by - and parts of a level by ·', () => {
    const preset = { codePreset: 'DA/T 22-2015', customPattern: '' } as const;
    expect(archivalCode(preset, PARTS)).toBe('Z109-WS·2023-D30-BGS-0001');
    expect(archivalCode(preset, { ...PARTS, retention: 'Y', itemNo: 27 })).toBe(
      'Z109-WS·2023-Y-BGS-0027',
    );
    expect(archivalCode(preset, { ...PARTS, retention: 'D10', itemNo: 9999 })).toBe(
      'Z109-WS·2023-D10-BGS-9999',
    );
  });

  it('writes DA/T 13-2022 codes with 年度, 保管期限 and 机构 joined by ·', () => {
    const preset = { codePreset: 'DA/T 13-2022', customPattern: '' } as const;
    expect(archivalCode(preset, PARTS)).toBe('Z109-WS·2023·D30·BGS-0001');
    expect(archivalCode(preset, { ...PARTS, year: 2026, orgCode: 'FFP', itemNo: 312 })).toBe(
      'Z109-WS·2026·D30·FFP-0312',
    );
  });

  it('fills a custom pattern, 件号 always 4 digits', () => {
    const custom = {
      codePreset: 'custom',
      customPattern: '{年度}_{全宗号}_{保管期限}-{件号}',
    } as const;
    expect(archivalCode(custom, { ...PARTS, itemNo: 5 })).toBe('2023_Z109_D30-0005');
    const chinese = {
      codePreset: 'custom',
      customPattern: '鹿林村{年度}年{机构}第{件号}件',
    } as const;
    expect(archivalCode(chinese, { ...PARTS, itemNo: 12 })).toBe('鹿林村2023年BGS第0012件');
  });

  it('refuses a 件号 outside 1…9999 (4 digits)', () => {
    expect(() => formatCode('{年度}-{件号}', { ...PARTS, itemNo: 10000 })).toThrow('件号只能是');
    expect(() => formatCode('{年度}-{件号}', { ...PARTS, itemNo: 0 })).toThrow('件号只能是');
  });

  it('checks a custom pattern: {年度} and {件号}, known fields, file-name safe', () => {
    expect(patternProblem('{全宗号}-{门类}·{年度}-{保管期限}-{机构}-{件号}')).toBeNull();
    expect(patternProblem('{全宗号}-{件号}')).toBe('自定义档号格式必须包含 {年度}');
    expect(patternProblem('{全宗号}-{年度}')).toBe('自定义档号格式必须包含 {件号}');
    expect(patternProblem('{年度}-{件号}-{件号}')).toBe('自定义档号格式中 {件号} 只能出现一次');
    expect(patternProblem('{年度}-{文号}-{件号}')).toContain('{文号} 不认识');
    expect(patternProblem('{年度}/{件号}')).toBe(
      '自定义档号格式不能含有“/”：档号要用作导出文件的文件名',
    );
    expect(patternProblem('{年度}:{件号}')).toContain('“:”');
    expect(patternProblem('{年度} {件号}')).toContain('空格');
    expect(patternProblem('{年度-{件号}')).toBe('自定义档号格式必须包含 {年度}');
    expect(patternProblem('{年度}-{件号}}')).toBe('自定义档号格式中的花括号不成对');
    expect(patternProblem('')).toContain('请填写自定义档号格式');
  });

  it('refuses a broken custom pattern in force with the settings hint', () => {
    expect(() => activePattern({ codePreset: 'custom', customPattern: '{年度}' })).toThrow(
      '自定义档号格式必须包含 {件号}（请在「设置」中修改档号格式）',
    );
    expect(activePattern({ codePreset: 'custom', customPattern: '{年度}-{件号}' })).toBe(
      '{年度}-{件号}',
    );
  });

  it('renumbers a kept code under the current pattern, or in place when the pattern changed', () => {
    const daT22 = '{全宗号}-{门类}·{年度}-{保管期限}-{机构}-{件号}';
    const daT13 = '{全宗号}-{门类}·{年度}·{保管期限}·{机构}-{件号}';
    const parts = { ...PARTS, itemNo: 12 };
    expect(renumberedCode('Z109-WS·2023-D30-BGS-0012', daT22, parts, 11)).toBe(
      'Z109-WS·2023-D30-BGS-0011',
    );
    // Filed under DA/T 22, the setting now DA/T 13: the kept form stays, only 件号 changes.
    expect(renumberedCode('Z109-WS·2023-D30-BGS-0012', daT13, parts, 11)).toBe(
      'Z109-WS·2023-D30-BGS-0011',
    );
    // A custom pattern with 件号 first: the current pattern still makes the kept code.
    const custom = '{件号}-{年度}';
    expect(renumberedCode('0012-2023', custom, parts, 11)).toBe('0011-2023');
    expect(renumberedCode('Z109-2023-A', daT22, parts, 11)).toBeNull();
  });
});
