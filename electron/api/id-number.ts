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

/** 前6后4: 110105********1234 (DOMAIN.md §2, §7). */
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
