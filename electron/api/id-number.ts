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

// Digits around a match make it part of a longer number (a bank card, an order number), so
// only a digit on either side stops a match; a letter does not ("ID532529…", "…0011号"), so
// an ID stuck to letters is still found.
const ID_IN_TEXT = /(?<!\d)\d{17}[\dXx](?:\d{2}(?:[0-9A-Za-z]{2})?)?(?!\d)/g;
const OLD_ID_IN_TEXT = /(?<!\d)\d{15}(?!\d)/g;
// 13800138000, 138 0013 8000, 138-0013-8000, +86 13800138000.
const MOBILE_IN_TEXT = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)/g;
// 0871-1234567, 08711234567, (0871)1234567, （0871）1234567.
const LANDLINE_IN_TEXT = /(?<!\d)(?:[(（]0\d{2,3}[)）]|0\d{2,3})[- ]?\d{7,8}(?!\d)/g;

/** The default replacement: masked as lists show them (前6后4, 138****8000). */
function maskAsLists(kind: SensitiveKind, value: string): string {
  if (kind === 'id' || kind === 'oldId') return maskIdNumber(value);
  if (kind === 'mobile') return maskPhone(value.replace(/[- ]/g, '').replace(/^\+?86/, ''));
  return maskPhone(value);
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
