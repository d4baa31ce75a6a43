import { maskSensitiveText, type SensitiveKind } from '../../api/id-number';

/**
 * What a log line may not carry (issue #7, docs/domain.md §7): ID numbers, phones and bank
 * accounts. Every line the logger writes, messages and stacks alike, goes through scrub(); the
 * diagnostics bundle runs the log files through it once more. The patterns are the ones the
 * notices and sheets use (api/id-number.ts), so a number hidden there is hidden here too;
 * already-masked values (110105********0021, 138****8000) contain no digit run and stay. Those
 * patterns also take numbers as clerks write them (issue 14): grouped with blanks, hyphens,
 * full-width dashes or dots (532529 19570420 4350, 157－6779－5596, 157.6779.5596).
 */

const LABELS: Record<SensitiveKind | 'bankCard', string> = {
  id: '[身份证号]',
  oldId: '[身份证号]',
  mobile: '[手机号]',
  landline: '[电话]',
  bankCard: '[银行卡号]',
};

// 16 to 19 digits in a run, or in groups of four as printed on a card. Runs after the ID
// patterns, so an 18-digit ID is named as an ID, not a card.
const BANK_CARD_IN_TEXT = /(?<!\d)(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?!\d)/g;

// Full-width digits (１３８…, Ｘ) typed by an IME would slip past every pattern.
const FULL_WIDTH = /[\uFF10-\uFF19\uFF38\uFF58]/g;

/** One text with every ID number, phone and bank card number replaced by its label. */
export function scrub(text: string): string {
  const half = text.replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  // maskSensitiveText takes IDs first, so no part of one is read as a phone.
  const masked = maskSensitiveText(half, (kind) => LABELS[kind]);
  return masked.replace(BANK_CARD_IN_TEXT, LABELS.bankCard);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Paths with the user's home folder shown as ~ (the Windows account name is often the clerk's
 * own name: C:\Users\张三). Matches the folder only as a whole path part, in either slash
 * style, case-insensitively on Windows where paths are.
 */
export function hideHomeFolder(text: string, home: string, windows = home.includes('\\')): string {
  const trimmed = home.replace(/[\\/]+$/, '');
  if (trimmed.length < 2) return text;
  const forms = new Set([trimmed, trimmed.replaceAll('\\', '/'), trimmed.replaceAll('/', '\\')]);
  const pattern = new RegExp(
    `(?:${[...forms].map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_.-])`,
    windows ? 'giu' : 'gu',
  );
  return text.replace(pattern, '~');
}
