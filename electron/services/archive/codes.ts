import type { RetentionCode } from '../../api/archive-types';
import { AppError } from '../../api/errors';
import type { Settings } from '../../api/schemas';

/**
 * 档号 (archival code), docs/domain.md §6. Pure functions: no database, no clock.
 *
 * DA/T 22-2015: 全宗号-门类代码·年度-保管期限代码-机构(问题)代码-件号, e.g.
 * Z109-WS·2023-D30-BGS-0001 ("-" joins levels, "·" joins parts of one level, 件号 4 digits).
 * DA/T 13-2022 writes Z109-WS·2023·D30·BGS-0001. Provinces differ, so a custom pattern with
 * the fields {全宗号} {门类} {年度} {保管期限} {机构} {件号} is a setting too.
 */

export type CodePreset = Settings['archive']['codePreset'];

/** The parts of one item's 档号. */
export interface CodeParts {
  fondsCode: string;
  classCode: string;
  year: number;
  retention: RetentionCode;
  orgCode: string;
  itemNo: number;
}

export const CODE_FIELDS = ['全宗号', '门类', '年度', '保管期限', '机构', '件号'] as const;

/** 件号 is written with 4 digits, so a sequence holds at most 9,999 items. */
export const MAX_ITEM_NO = 9999;

export const PRESET_PATTERNS: Record<Exclude<CodePreset, 'custom'>, string> = {
  'DA/T 22-2015': '{全宗号}-{门类}·{年度}-{保管期限}-{机构}-{件号}',
  'DA/T 13-2022': '{全宗号}-{门类}·{年度}·{保管期限}·{机构}-{件号}',
};

/** 件号 as written in the 档号: 4 digits. */
export const itemNoText = (itemNo: number) => String(itemNo).padStart(4, '0');

/**
 * Characters a file name may not hold on Windows or Linux: the 档号 is the exported file's
 * name (电子档案/<年度>/<类别>/<档号>.pdf), so a pattern must not bring any of them in.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\s\u0000-\u001f\u007f]/;

/**
 * Checks a custom pattern; returns the Chinese reason it is refused, or null when it is fine.
 * It must contain {年度} and {件号} (each at most once), only the six known fields, and
 * otherwise only characters a file name may hold.
 */
export function patternProblem(pattern: string): string | null {
  if (!pattern.trim())
    return '请填写自定义档号格式，例如 {全宗号}-{门类}·{年度}-{保管期限}-{机构}-{件号}';
  for (const required of ['年度', '件号'] as const) {
    const count = pattern.split(`{${required}}`).length - 1;
    if (count === 0) return `自定义档号格式必须包含 {${required}}`;
    if (count > 1) return `自定义档号格式中 {${required}} 只能出现一次`;
  }
  const unknown = [...pattern.matchAll(/\{([^{}]*)\}/g)]
    .map((m) => m[1]!)
    .filter((field) => !(CODE_FIELDS as readonly string[]).includes(field));
  if (unknown.length > 0) {
    return `自定义档号格式中的 {${unknown[0]}} 不认识，只能用：${CODE_FIELDS.map((f) => `{${f}}`).join(' ')}`;
  }
  const literal = pattern.replace(/\{([^{}]*)\}/g, '');
  if (/[{}]/.test(literal)) return '自定义档号格式中的花括号不成对';
  const bad = UNSAFE.exec(literal);
  if (bad) {
    const shown = /\s/.test(bad[0]) ? '空格' : `“${bad[0]}”`;
    return `自定义档号格式不能含有${shown}：档号要用作导出文件的文件名`;
  }
  if (/^\.|\.$/.test(pattern)) return '自定义档号格式不能以“.”开头或结尾';
  return null;
}

/** The pattern in force: a preset's, or the checked custom one. */
export function activePattern(
  archive: Pick<Settings['archive'], 'codePreset' | 'customPattern'>,
): string {
  if (archive.codePreset !== 'custom') return PRESET_PATTERNS[archive.codePreset];
  const problem = patternProblem(archive.customPattern);
  if (problem) throw new AppError('VALIDATION', `${problem}（请在「设置」中修改档号格式）`);
  return archive.customPattern;
}

/** The 档号 of an item under a pattern (not checked here: see activePattern). */
export function formatCode(pattern: string, parts: CodeParts): string {
  if (!Number.isInteger(parts.itemNo) || parts.itemNo < 1 || parts.itemNo > MAX_ITEM_NO) {
    throw new AppError('VALIDATION', `件号只能是 1 到 ${MAX_ITEM_NO}`);
  }
  const values: Record<(typeof CODE_FIELDS)[number], string> = {
    全宗号: parts.fondsCode,
    门类: parts.classCode,
    年度: String(parts.year),
    保管期限: parts.retention,
    机构: parts.orgCode,
    件号: itemNoText(parts.itemNo),
  };
  return pattern.replace(/\{([^{}]*)\}/g, (whole, field: string) =>
    Object.hasOwn(values, field) ? values[field as keyof typeof values] : whole,
  );
}

/** The 档号 of an item under the settings' preset or custom pattern. */
export function archivalCode(
  archive: Pick<Settings['archive'], 'codePreset' | 'customPattern'>,
  parts: CodeParts,
): string {
  return formatCode(activePattern(archive), parts);
}

/**
 * The 档号 an item gets when its 件号 changes (renumbering after a delete or a move). A 档号
 * is kept as it was made, even after the pattern setting changes; so when the current pattern
 * still gives the kept code for the old number, it gives the new code too. Otherwise (the
 * pattern changed since) the 4-digit 件号 is replaced in the kept code where it was written:
 * the last place it occurs, as 件号 ends every preset. Null when neither works.
 */
export function renumberedCode(
  kept: string,
  pattern: string | null,
  parts: CodeParts,
  newItemNo: number,
): string | null {
  if (pattern !== null && formatCode(pattern, parts) === kept) {
    return formatCode(pattern, { ...parts, itemNo: newItemNo });
  }
  const old = itemNoText(parts.itemNo);
  const at = kept.lastIndexOf(old);
  if (at < 0) return null;
  return kept.slice(0, at) + itemNoText(newItemNo) + kept.slice(at + old.length);
}

/** A sample 档号 for the settings page (全宗号 Z109 when none is set yet). */
export function exampleCode(
  archive: Pick<Settings['archive'], 'codePreset' | 'customPattern' | 'classCode' | 'orgCode'>,
  fondsCode: string,
  year: number,
): string {
  return archivalCode(archive, {
    fondsCode: fondsCode || 'Z109',
    classCode: archive.classCode || 'WS',
    year,
    retention: 'D30',
    orgCode: archive.orgCode || 'BGS',
    itemNo: 1,
  });
}
