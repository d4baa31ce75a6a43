import { pinyin } from 'pinyin-pro';
import { maskIdNumber, maskPhone, parseIdNumber } from '../../api/id-number';
import type { ServiceContext } from '../context';

const surnameInitial = new Map<string, string>();
const charInitial = new Map<string, string>();

function initialOf(ch: string, cache: Map<string, string>, surname: boolean): string {
  let initial = cache.get(ch);
  if (initial === undefined) {
    const [first = ''] = pinyin(ch, {
      pattern: 'first',
      toneType: 'none',
      type: 'array',
      surname: surname ? 'head' : 'off',
    });
    initial = first.toLowerCase().replace(/[^a-z0-9]/g, '');
    cache.set(ch, initial);
  }
  return initial;
}

/**
 * 张三 → zs. The first character is read as a surname (曾 → z, 单 → s); the others one by
 * one. Cached per character: an import of 40,000 members needs only a few thousand lookups.
 */
export function nameInitials(name: string): string {
  let result = '';
  let first = true;
  for (const ch of name) {
    result += initialOf(ch, first ? surnameInitial : charInitial, first);
    first = false;
  }
  return result;
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

/** Whole years from a birth date (YYYY-MM-DD) to `on` (YYYY-MM-DD); null without one. */
export function ageOn(birthDate: string | null | undefined, on: string): number | null {
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return null;
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

const SENSITIVE_ID_KEYS = new Set(['idNumber', 'idKey']);
const SENSITIVE_PHONE_KEYS = new Set(['phone']);
const DROPPED_KEYS = new Set(['idRev', 'phoneRev']);

/**
 * A copy fit for the audit trail: ID numbers and phones masked, search helpers dropped.
 * The history view shows that a number changed, never the number itself. A member with an ID
 * keeps no birth date: beside the masked ID it would be the hidden digits (issue 14); the ID's
 * own change shows when it changed.
 */
export function auditSnapshot<T extends object>(row: T): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const fields = row as Record<string, unknown>;
  const hasId = [...SENSITIVE_ID_KEYS].some((key) => Boolean(fields[key]));
  for (const [key, value] of Object.entries(row)) {
    if (DROPPED_KEYS.has(key)) continue;
    if (hasId && key === 'birthDate') continue;
    if (typeof value === 'string' && value && SENSITIVE_ID_KEYS.has(key))
      result[key] = maskIdNumber(value);
    else if (typeof value === 'string' && value && SENSITIVE_PHONE_KEYS.has(key))
      result[key] = maskPhone(value);
    else result[key] = value;
  }
  return result;
}
