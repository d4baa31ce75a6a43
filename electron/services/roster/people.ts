import { pinyin } from 'pinyin-pro';
import { maskIdNumber, maskPhone, parseIdNumber } from '../../api/id-number';
import type { ServiceContext } from '../context';

/** 张三 → zs; surname readings are used for polyphonic surnames (曾 → z, 单 → s). */
export function nameInitials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export const reverse = (value: string): string => [...value].reverse().join('');

/** The columns derived from an entered 证件号码: the 18-character key and its reverse. */
export function idColumns(idNumber: string | null | undefined): {
  idNumber: string | null;
  idKey: string | null;
  idRev: string | null;
} {
  if (!idNumber) return { idNumber: null, idKey: null, idRev: null };
  const key = idNumber.slice(0, 18).toUpperCase();
  return { idNumber: idNumber.toUpperCase(), idKey: key, idRev: reverse(key) };
}

/** Birth date from the ID when the clerk left it empty. */
export function birthDateFrom(
  idNumber: string | null | undefined,
  given: string | null | undefined,
): string | null {
  if (given) return given;
  if (!idNumber) return null;
  const parsed = parseIdNumber(idNumber.slice(0, 18));
  return parsed.ok ? parsed.info.birthDate : null;
}

/** Today as YYYY-MM-DD in local time, from the context's clock. */
export function today(ctx: ServiceContext): string {
  const d = ctx.now();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const SENSITIVE_ID_KEYS = new Set(['idNumber', 'idKey']);
const SENSITIVE_PHONE_KEYS = new Set(['phone']);
const DROPPED_KEYS = new Set(['idRev', 'phoneRev']);

/**
 * A copy fit for the audit trail: ID numbers and phones masked, search helpers dropped.
 * The history view shows that a number changed, never the number itself.
 */
export function auditSnapshot<T extends object>(row: T): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (DROPPED_KEYS.has(key)) continue;
    if (typeof value === 'string' && value && SENSITIVE_ID_KEYS.has(key))
      result[key] = maskIdNumber(value);
    else if (typeof value === 'string' && value && SENSITIVE_PHONE_KEYS.has(key))
      result[key] = maskPhone(value);
    else result[key] = value;
  }
  return result;
}
