import { toHalfWidth } from './normalize';

/**
 * Citizen ID numbers, GB 11643-1999: 6-digit area + 8-digit birth date + 3-digit sequence
 * (odd = male) + check character. Shared by the services and the renderer's forms.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export interface IdNumberInfo {
  birthDate: string; // YYYY-MM-DD
  sex: '男' | '女';
}

/** Parses an 18-character ID; returns a Chinese reason when it is not valid. */
export function parseIdNumber(
  raw: string,
): { ok: true; info: IdNumberInfo } | { ok: false; reason: string } {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) {
    return { ok: false, reason: '身份证号应为 18 位，前 17 位是数字，最后一位是数字或 X' };
  }
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, reason: '身份证号中的出生日期不存在' };
  }
  // No one on a village roster was born before 1900: such a number is a typo.
  if (y < 1900) return { ok: false, reason: '身份证号中的出生年份早于 1900 年，请核对' };
  if (date.getTime() > Date.now())
    return { ok: false, reason: '身份证号中的出生日期晚于今天，请核对' };
  if (idCheckChar(value) !== value[17]) {
    return { ok: false, reason: '身份证号校验位不对，请核对是否抄错' };
  }
  return {
    ok: true,
    info: {
      birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
      sex: Number(value[16]) % 2 === 1 ? '男' : '女',
    },
  };
}

/** 前6后4: 110105********1234 (docs/domain.md §2, §7). */
export function maskIdNumber(value: string): string {
  return value.length <= 10
    ? '*'.repeat(value.length)
    : `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** 138****8000 */
export function maskPhone(value: string): string {
  return MOBILE_PATTERN.test(value)
    ? `${value.slice(0, 3)}****${value.slice(7)}`
    : value.replace(/\d(?=\d{4})/g, '*');
}

/**
 * What maskSensitiveText finds in free text: an ID number (18 characters, or a 20/22-character
 * disability certificate number built on one), a 15-digit first-generation ID, a mobile or a
 * landline.
 */
export type SensitiveKind = 'id' | 'oldId' | 'mobile' | 'landline';

// How a number is written in free text: half- or full-width digits (an IME gives １３８…), and
// one separator a clerk puts between digit groups — a blank (also the ideographic one), a
// hyphen or dash of any width (-, －, —, −), or a dot (157.6779.5596) — issue 14 item 1.
const D = '[0-9\\uFF10-\\uFF19]';
const X = '[0-9\\uFF10-\\uFF19XxＸｘ]';
const S = '[ \\u00A0\\u3000\\-\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D.\\uFF0E]';
const ONE = `[1\\uFF11]`;
const MOBILE_SECOND = `[3-9\\uFF13-\\uFF19]`;
const ZERO = `[0\\uFF10]`;

// Digits around a match make it part of a longer number (a bank card, an order number), so
// only a digit on either side stops a match; a letter does not ("ID532529…", "…0011号"), so
// an ID stuck to letters is still found. An ID may be grouped 6-8-4 (532529 19570420 4350) or
// 6-4-4-4, with any one separator between the groups.
const ID_IN_TEXT = new RegExp(
  `(?<!${D})${D}{6}${S}?${D}{4}${S}?${D}{4}${S}?${D}{3}${X}(?:${D}{2}(?:[0-9A-Za-z]{2})?)?(?!${D})`,
  'g',
);
const OLD_ID_IN_TEXT = new RegExp(`(?<!${D})${D}{15}(?!${D})`, 'g');
// 13800138000, 138 0013 8000, 138-0013-8000, 157－6779－5596, 157.6779.5596, +86 13800138000.
const MOBILE_IN_TEXT = new RegExp(
  `(?<!${D})(?:\\+?[8\\uFF18][6\\uFF16]${S}?)?${ONE}${MOBILE_SECOND}${D}(?:${S}?${D}{4}){2}(?!${D})`,
  'g',
);
// 0871-1234567, 08711234567, (0871)1234567, （0871）1234567, ０８７１－１２３４５６７. The local
// part is one run: split in two it would be found inside a grouped bank card (6222 0212 3456 7890).
const LANDLINE_IN_TEXT = new RegExp(
  `(?<!${D})(?:[(（]${ZERO}${D}{2,3}[)）]|${ZERO}${D}{2,3})${S}?${D}{7,8}(?!${D})`,
  'g',
);

/** A number as written, without its separators: half-width digits and letters only. */
function compact(value: string): string {
  return toHalfWidth(value)
    .replace(/[^0-9A-Za-z]/g, '')
    .toUpperCase();
}

/** The default replacement: masked as lists show them (前6后4, 138****8000). */
function maskAsLists(kind: SensitiveKind, value: string): string {
  if (kind === 'id' || kind === 'oldId') return maskIdNumber(compact(value));
  if (kind === 'mobile') return maskPhone(compact(value).replace(/^86(?=\d{11}$)/, ''));
  return maskPhone(toHalfWidth(value));
}

/**
 * Free text typed by a clerk (a problem's description, 走访情况, 会商决定, a notice's body) may
 * carry an ID number or a phone number ("联系其子 13800138000"). Sheets that print it and the
 * audit trail mask them as lists do (docs/domain.md §7); a public notice passes its own `replace`
 * and removes them altogether. The order matters: IDs first, so no part of one is taken for a
 * phone.
 */
export function maskSensitiveText(
  text: string,
  replace: (kind: SensitiveKind, value: string) => string = maskAsLists,
): string {
  return text
    .replace(ID_IN_TEXT, (value) => replace('id', value))
    .replace(OLD_ID_IN_TEXT, (value) => replace('oldId', value))
    .replace(MOBILE_IN_TEXT, (value) => replace('mobile', value))
    .replace(LANDLINE_IN_TEXT, (value) => replace('landline', value));
}
