import { maskSensitiveText, type SensitiveKind } from '../../api/id-number';
import type { PrivacyHit } from '../../api/notices-types';

/**
 * The scanner of a notice's free text (docs/domain.md §4, §7). The rows of a household notice
 * are built from typed allow-lists (kinds.ts) and never scanned: nothing private can be in them.
 * What the clerk types — title, body, issuer, a measure's public description, the cells of a
 * 其他公示 — may still hold an ID number, a phone, a bank card or a health word. Such a hit is
 * shown to the clerk with the preview (where, what, the text around it) to fix, and issuing is
 * refused while any is left. Nothing is ever starred out of the printed text.
 *
 * Two levels:
 * - `household` (every kind but 网格划分): numbers and health words.
 * - `public` (网格划分及网格员公示, about workers): numbers only — a duty such as 联系残疾人帮扶
 *   is not anyone's health status.
 * Numbers that are meant to be public pass: the village's 监督电话, and on 网格划分 the
 * workers' own office phones.
 */
export type PrivacyLevel = 'household' | 'public';

/**
 * Health words: the member health field's values (docs/domain.md §2 健康状况), 慢性病 written
 * alone, and illnesses and treatments a clerk may name.
 */
export const HEALTH_WORDS = [
  '长期慢性病',
  '患有大病',
  '慢性病',
  '残疾',
  '大病',
  '重病',
  '癌症',
  '肿瘤',
  '白血病',
  '尿毒症',
  '透析',
  '瘫痪',
  '偏瘫',
  '精神病',
  '精神障碍',
  '智力障碍',
  '化疗',
  '住院治疗',
] as const;
const HEALTH_IN_TEXT = new RegExp(HEALTH_WORDS.join('|'), 'g');

// A bank card: 16 to 19 digits in a run, or in groups of four ("6222 0212 3456 7890 123").
const BANK_CARD_IN_TEXT = /(?<!\d)(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?!\d)/g;

// Full-width digits and X (１３８…, Ｘ) would slip past every pattern.
const FULL_WIDTH = /[\uFF10-\uFF19\uFF38\uFF58]/g;
const halfWidth = (text: string) =>
  text.replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));

type Found = SensitiveKind | 'bankCard' | 'health';

const LABELS: Record<Found, string> = {
  id: '身份证号码或残疾证号',
  oldId: '15 位旧身份证号码',
  mobile: '手机号码',
  landline: '固定电话',
  bankCard: '银行卡号',
  health: '健康状况',
};

/** The digits of a phone, for comparing an allowed number however it is written. */
const digitsOf = (value: string) => value.replace(/\D/g, '').replace(/^86(?=1[3-9]\d{9}$)/, '');

/**
 * The numbers that may be printed: each phone-like run of the 监督电话 setting (it may list
 * several, 「0871-6123456、12317」) and, on 网格划分, the workers' phones.
 */
export function allowedNumbers(...sources: (string | Iterable<string>)[]): Set<string> {
  const allowed = new Set<string>();
  for (const source of sources) {
    const values = typeof source === 'string' ? [source] : [...source];
    for (const value of values) {
      for (const run of value.split(/[、，,;；/\s]+|转/)) {
        const digits = digitsOf(run);
        if (digits.length >= 5) allowed.add(digits);
      }
    }
  }
  return allowed;
}

interface Match {
  kind: Found;
  value: string;
  index: number;
}

/** Everything private in one text, in order; allowed numbers are not hits. */
export function findPrivate(
  text: string,
  level: PrivacyLevel,
  allowed: ReadonlySet<string> = new Set(),
): Match[] {
  const source = halfWidth(text);
  const matches: Match[] = [];
  // maskSensitiveText finds IDs before phones, so no part of an ID is taken for a phone; each
  // find is replaced by letters of the same length so positions stay and no later pattern
  // matches inside it.
  let rest = maskSensitiveText(source, (kind, value) => {
    const isPhone = kind === 'mobile' || kind === 'landline';
    if (!(isPhone && allowed.has(digitsOf(value)))) {
      matches.push({ kind, value, index: -1 });
    }
    return 'x'.repeat(value.length);
  });
  rest = rest.replace(BANK_CARD_IN_TEXT, (value, index: number) => {
    matches.push({ kind: 'bankCard', value, index });
    return 'x'.repeat(value.length);
  });
  if (level === 'household') {
    for (const m of rest.matchAll(HEALTH_IN_TEXT)) {
      matches.push({ kind: 'health', value: m[0], index: m.index });
    }
  }
  // maskSensitiveText does not report positions: the first occurrence not yet taken.
  const taken = new Set<number>();
  for (const m of matches) {
    if (m.index >= 0) continue;
    let at = source.indexOf(m.value);
    while (at >= 0 && taken.has(at)) at = source.indexOf(m.value, at + 1);
    m.index = Math.max(at, 0);
    taken.add(m.index);
  }
  return matches.sort((a, b) => a.index - b.index);
}

/** Ten characters either side, numbers masked as lists mask them (docs/domain.md §7). */
function excerpt(text: string, match: Match): string {
  const source = halfWidth(text);
  const from = Math.max(0, match.index - 10);
  const to = Math.min(source.length, match.index + match.value.length + 10);
  const around = source.slice(from, to).replace(/\s+/g, ' ');
  return `${from > 0 ? '…' : ''}${maskSensitiveText(around)}${to < source.length ? '…' : ''}`;
}

/** Collects the hits of every text of one notice. */
export class PrivacyScan {
  readonly hits: PrivacyHit[] = [];

  constructor(
    private readonly level: PrivacyLevel,
    private readonly allowed: ReadonlySet<string>,
  ) {}

  /** Scans one text; `field` names it for the form, `where` for the clerk. */
  check(field: string, where: string, text: string, level: PrivacyLevel = this.level): void {
    for (const match of findPrivate(text, level, this.allowed)) {
      this.hits.push({ field, where, what: LABELS[match.kind], excerpt: excerpt(text, match) });
    }
  }

  /** One sentence per hit, for the preview and the CLI. */
  notes(): string[] {
    return this.hits.map(
      (hit) => `${hit.where}有${hit.what}，公示不能印出，请修改：「${hit.excerpt}」`,
    );
  }
}
