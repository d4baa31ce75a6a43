import { normalizeDate, normalizeIdNumber } from '../../api/normalize';
import type { Column } from './columns';

/** One cell after reading: its text, and whether Excel stored it as a number. */
export interface Cell {
  text: string;
  numeric: boolean;
}

export type Converted = { ok: true; value: unknown } | { ok: false; reason: string };

const TRUE = new Set(['是', 'Y', 'YES', '1', '√', 'TRUE', '有']);
const FALSE = new Set(['否', 'N', 'NO', '0', '×', 'FALSE', '无', '']);

/**
 * A cell's text → the value the zod schemas expect. Empty optional cells become undefined;
 * the schemas then apply their defaults and their own Chinese messages.
 */
export function convertCell(column: Column, cell: Cell | undefined): Converted {
  const text = (cell?.text ?? '').trim();
  switch (column.type) {
    case 'bool': {
      const upper = text.toUpperCase();
      if (TRUE.has(upper)) return { ok: true, value: true };
      if (FALSE.has(upper)) return { ok: true, value: false };
      return { ok: false, reason: `只能填「是」或「否」，现为「${text}」` };
    }
    case 'id':
      // An 18-digit number stored as a number has lost its last digits in Excel already.
      if (cell?.numeric && text.length >= 15) {
        return {
          ok: false,
          reason: '身份证号被存成了数字，后几位已丢失；请把这一列设为「文本」格式后重新填写',
        };
      }
      // Full-width digits, blanks between digit groups: the same normalizer as the forms.
      return { ok: true, value: text ? normalizeIdNumber(text) : undefined };
    case 'int': {
      if (!text) return { ok: true, value: undefined };
      const n = Number(text);
      return Number.isFinite(n)
        ? { ok: true, value: n }
        : { ok: false, reason: `应为数字，现为「${text}」` };
    }
    case 'date': {
      if (!text) return { ok: true, value: undefined };
      // A number in a cell without a date format is an Excel date serial (46082 = 2026-03-01).
      const parsed = normalizeDate(text, column.header, { serial: cell?.numeric ?? false });
      // Not a date: passed on as typed, so the schema refuses it once, in the forms' words.
      return { ok: true, value: parsed.ok ? parsed.value : text };
    }
    default:
      return { ok: true, value: text || undefined };
  }
}

/** 因病、因自然灾害（洪涝） → [{riskType: 因病}, {riskType: 因自然灾害, disasterSubtype: 洪涝}] */
export function parseRisks(text: string): { riskType: string; disasterSubtype?: string }[] {
  return text
    .split(/[、,，;；\s]+/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(.+?)[（(](.+?)[）)]$/.exec(part);
      return match ? { riskType: match[1]!, disasterSubtype: match[2]! } : { riskType: part };
    });
}

export function formatRisks(risks: { riskType: string; disasterSubtype: string | null }[]): string {
  return risks
    .map((r) => (r.disasterSubtype ? `${r.riskType}（${r.disasterSubtype}）` : r.riskType))
    .join('、');
}

/** Column width in Excel units: a CJK character counts 2, others 1, plus padding. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u2E80-\uFFFF]/.test(ch) ? 2 : 1;
  return width;
}
