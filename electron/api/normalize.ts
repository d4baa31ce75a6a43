/**
 * The one input normalizer (docs/domain.md §「录入规范」): the same typed text gives the same
 * stored value whether it comes from a form, an import or the API. Pure functions with no
 * Node dependency, shared by the services, the zod schemas and the renderer's fields.
 */

export type Normalized<T> = { ok: true; value: T } | { ok: false; message: string };

/** Full-width ASCII (０-９, Ｘ, －, ／, ．) → half-width; the ideographic space → a space. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/** Every kind of blank a clerk's keyboard or a pasted cell can carry. */
const BLANKS = /[\s\u00A0\u2000-\u200B\u3000\uFEFF]+/g;
/** Dashes a Chinese input method or Word puts in place of a hyphen. */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

/** The longest value any of these fields can sensibly hold: anything longer is refused whole. */
const MAX_RAW = 40;

// ---------------------------------------------------------------------------------- dates

/** Excel's 1900 date system: serial 25569 is 1970-01-01 (serials ≥ 61 skip its 1900-02-29). */
const EXCEL_EPOCH_OFFSET = 25569;
const DAY_MS = 86_400_000;

export const DATE_FORMS_HINT = '2026-03-01、2026/3/1、2026.3.1、20260301 或 2026年3月1日';

/**
 * What an ID or a phone field takes, in the words the forms and the import template both use
 * (docs/domain.md §10), so neither promises what the other refuses.
 */
export const ID_NUMBER_HINT = '18 位（残疾人证号 20 或 22 位），全角数字、数字间的空格也可以';
export const PHONE_HINT =
  '手机号 11 位（可带空格或短横线，如 138 1234 5678），座机写区号加短横线，如 0871-1234567';
/** How a person's name is kept (normalizePersonName). */
export const NAME_HINT = '姓名中的空格会去掉（张  三 记为 张三），外文名的词之间保留一个空格';

function isoOf(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** An Excel date serial (a whole number of days; a time part is dropped) → YYYY-MM-DD. */
export function excelSerialToIso(serial: number): string | null {
  // 61 is 1900-03-01; 1900-01-01 … 02-28 would need the leap-year bug: no village date is that old.
  if (!Number.isFinite(serial) || serial < 61 || serial > 73_050) return null;
  const date = new Date(Math.round((Math.floor(serial) - EXCEL_EPOCH_OFFSET) * DAY_MS));
  return isoOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/**
 * A date as a clerk types it or Excel writes it → 'YYYY-MM-DD'.
 * Accepted: 2026-3-1, 2026/3/1, 2026.3.1, 20260301, 2026年3月1日 (full-width digits too, a
 * trailing 0:00 time from a spreadsheet is dropped), a JavaScript Date (a real date cell, read
 * as UTC like exceljs gives it) and, with `serial`, an Excel date serial number.
 * Anything else is refused with a sentence naming `label` and what was typed.
 */
export function normalizeDate(
  raw: unknown,
  label = '日期',
  options: { serial?: boolean } = {},
): Normalized<string> {
  const refuse = (shown: string): Normalized<string> => ({
    ok: false,
    message: `${label}「${shown}」不是有效的日期，请写成 ${DATE_FORMS_HINT}`,
  });
  if (raw instanceof Date) {
    const iso = Number.isNaN(raw.getTime())
      ? null
      : isoOf(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate());
    return iso ? { ok: true, value: iso } : refuse(String(raw));
  }
  if (typeof raw === 'number') {
    const iso = options.serial ? excelSerialToIso(raw) : null;
    return iso ? { ok: true, value: iso } : refuse(String(raw));
  }
  if (typeof raw !== 'string') return refuse(String(raw));
  if (raw.length > MAX_RAW) return refuse(`${raw.slice(0, 20)}…`);
  const text = toHalfWidth(raw).replace(BLANKS, ' ').trim();
  if (text === '') return { ok: false, message: `请填写${label}` };
  // A spreadsheet's "2026/3/1 0:00" or an ISO time: the day is what counts.
  const day = text.replace(
    /(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$/,
    '',
  );
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(day);
  const parts =
    compact ??
    /^(\d{4}) ?[-/.年] ?(\d{1,2}) ?[-/.月] ?(\d{1,2}) ?日?$/.exec(day.replace(DASHES, '-'));
  if (parts) {
    const iso = isoOf(Number(parts[1]), Number(parts[2]), Number(parts[3]));
    return iso ? { ok: true, value: iso } : refuse(raw.trim());
  }
  if (options.serial && /^\d{2,5}(\.\d+)?$/.test(day)) {
    const iso = excelSerialToIso(Number(day));
    if (iso) return { ok: true, value: iso };
  }
  return refuse(raw.trim());
}

// ---------------------------------------------------------------------------------- names

/**
 * A person's name: blanks (half- and full-width) at either end removed; a Chinese name loses
 * its inner blanks too (张  三 → 张三); a name with Latin letters keeps single spaces between
 * its words (Maria  Li → Maria Li).
 */
export function normalizePersonName(raw: string): string {
  const text = raw.replace(BLANKS, ' ').trim();
  return /[A-Za-z\uFF21-\uFF3A\uFF41-\uFF5A]/.test(text) ? text : text.replace(/ /g, '');
}

// ---------------------------------------------------------------------------------- numbers

/**
 * An ID or certificate number: full-width digits and Ｘ become half-width, x becomes X, and
 * blanks and hyphens a clerk types to group the digits (532529 19570420 4350) are removed.
 */
export function normalizeIdNumber(raw: string): string {
  return toHalfWidth(raw).replace(BLANKS, '').replace(DASHES, '').replace(/-/g, '').toUpperCase();
}

/**
 * A phone: full-width digits become half-width; a mobile written 138 1234 5678,
 * 138-1234-5678 or +86 13812345678 becomes 13812345678; a landline keeps (or gets) the hyphen
 * after its area code: 0871 1234567 and (0871)1234567 become 0871-1234567. Text that is
 * neither is returned trimmed, for the schema to refuse with its own message.
 */
export function normalizePhone(raw: string): string {
  const text = toHalfWidth(raw).replace(DASHES, '-').replace(BLANKS, ' ').trim();
  if (text === '') return '';
  const digitsOnly = text.replace(/[ \-()]/g, '');
  const mobile = /^(?:\+?86)?(1[3-9]\d{9})$/.exec(digitsOnly);
  if (mobile) return mobile[1]!;
  // 08711234567: without a separator the area code's length is unknown (010 or 0871), so the
  // digits stay as typed.
  if (/^\d+$/.test(text)) return text;
  // (0871) 1234567, 0871 1234567, 0871-1234567, 0871 123 4567 [转 801 / -801]
  const landline = /^\(?(0\d{2,3})\)?[ -]?(\d{3,4})[ -]?(\d{3,4})(?:(?: ?转 ?|-)(\d{1,6}))?$/.exec(
    text,
  );
  if (landline) {
    const local = `${landline[2]}${landline[3]}`;
    if (local.length >= 7 && local.length <= 8) {
      return `${landline[1]}-${local}${landline[4] ? `-${landline[4]}` : ''}`;
    }
  }
  return text;
}
