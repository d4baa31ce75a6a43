import { maskSensitiveText, type SensitiveKind } from '../../api/id-number';
import type { NoticeTable } from '../../api/notices-types';

/**
 * What a public notice may print (docs/domain.md §4, §7): a notice about households never shows ID
 * numbers, phones, bank accounts or health status, whatever the caller passes. The builder runs
 * every title, body, issuer and cell through here; nothing reaches the PDF otherwise.
 *
 * Two levels:
 * - `household` (household notices, 结果公告, 其他公示, and every title/body): ID numbers (18,
 *   20/22-character disability numbers, 15-digit old IDs), mobiles, landlines, bank-card-like
 *   digit runs and the health words of the member health field are replaced by ***.
 * - `public` (the cells of 网格划分及网格员公示, which are about workers, not households): the
 *   same numbers are removed, but health words are not (a duty such as 联系残疾人帮扶 is not a
 *   household's status). Worker phones are kept only in the 联系电话 column, and only when the
 *   number is a worker's own (their office phones are meant to be public).
 */
export type PrivacyLevel = 'household' | 'public';

export const HIDDEN = '***';

/**
 * The member health field's words (docs/domain.md §2 健康状况), and 慢性病 (part of 长期慢性病,
 * often written alone).
 */
export const HEALTH_WORDS = ['长期慢性病', '患有大病', '慢性病', '残疾'] as const;
const HEALTH_IN_TEXT = new RegExp(HEALTH_WORDS.join('|'), 'g');

// A bank card: 16 to 19 digits in a run, or in groups of four ("6222 0212 3456 7890 123").
const BANK_CARD_IN_TEXT = /(?<!\d)(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?!\d)/g;

// Full-width digits and X (１３８…, Ｘ) would slip past every pattern above.
const FULL_WIDTH = /[\uFF10-\uFF19\uFF38\uFF58]/g;
const halfWidth = (text: string) =>
  text.replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));

type Removed = SensitiveKind | 'bankCard' | 'health';

const REMOVED_LABELS: Record<Removed, string> = {
  id: '身份证号码或残疾证号',
  oldId: '15 位旧身份证号码',
  mobile: '手机号码',
  landline: '固定电话',
  bankCard: '银行卡号',
  health: '健康状况',
};

/** Counts what was removed, for the note shown with the preview. */
export class PrivacyReport {
  private readonly counts = new Map<Removed, number>();
  private readonly droppedColumns = new Set<string>();
  private readonly droppedPhones = { count: 0 };

  count(kind: Removed): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  dropColumn(column: string): void {
    this.droppedColumns.add(column);
  }

  dropPhone(): void {
    this.droppedPhones.count++;
  }

  notes(): string[] {
    const notes: string[] = [];
    if (this.droppedColumns.size > 0) {
      notes.push(`已去掉不允许公示的列：${[...this.droppedColumns].join('、')}`);
    }
    // In a fixed order (the labels'), not in the order found.
    const parts = (Object.keys(REMOVED_LABELS) as Removed[])
      .filter((kind) => this.counts.has(kind))
      .map((kind) => `${this.counts.get(kind)} 处${REMOVED_LABELS[kind]}`);
    if (parts.length > 0) notes.push(`已隐去 ${parts.join('、')}`);
    if (this.droppedPhones.count > 0) {
      notes.push(`联系电话列中有 ${this.droppedPhones.count} 个号码不是网格员本人的电话，已隐去`);
    }
    return notes;
  }
}

/** One text made fit for a public notice. */
export function scrubText(text: string, level: PrivacyLevel, report?: PrivacyReport): string {
  const hide = (kind: Removed) => {
    report?.count(kind);
    return HIDDEN;
  };
  let result = maskSensitiveText(halfWidth(text), (kind) => hide(kind));
  result = result.replace(BANK_CARD_IN_TEXT, () => hide('bankCard'));
  if (level === 'household') result = result.replace(HEALTH_IN_TEXT, () => hide('health'));
  return result;
}

/** A phone cell of 网格划分及网格员公示: kept only when it is a worker's own number. */
export function scrubWorkerPhone(
  value: string,
  workerPhones: ReadonlySet<string>,
  report?: PrivacyReport,
): string {
  const trimmed = value.trim();
  if (!trimmed) return '';
  if (workerPhones.has(trimmed)) return trimmed;
  const scrubbed = scrubText(trimmed, 'public', report);
  if (scrubbed === trimmed && /\d{5,}/.test(trimmed)) {
    // Not a recognisable phone, not a worker's: still a number that is nobody's business.
    report?.dropPhone();
    return HIDDEN;
  }
  if (scrubbed !== trimmed) report?.dropPhone();
  return scrubbed;
}

/**
 * The caller's table cut down to the columns a kind allows (in the caller's order, unknown
 * columns dropped, each kept column once), every cell scrubbed.
 */
export function scrubTable(
  table: NoticeTable,
  options: {
    allowed: readonly string[] | null;
    level: PrivacyLevel;
    phoneColumn?: string;
    workerPhones?: ReadonlySet<string>;
    report?: PrivacyReport;
  },
): NoticeTable {
  const keep: number[] = [];
  const seen = new Set<string>();
  table.columns.forEach((column, i) => {
    const header = column.trim();
    if (header === '序号' || seen.has(header)) return; // 序号 is numbered when printing
    if (options.allowed && !options.allowed.includes(header)) {
      options.report?.dropColumn(header);
      return;
    }
    seen.add(header);
    keep.push(i);
  });
  const columns = keep.map((i) =>
    scrubText(table.columns[i]!.trim(), options.level, options.report),
  );
  const rows = table.rows.map((row) =>
    keep.map((i) => {
      const cell = row[i] ?? '';
      return options.phoneColumn !== undefined && table.columns[i]!.trim() === options.phoneColumn
        ? scrubWorkerPhone(cell, options.workerPhones ?? new Set(), options.report)
        : scrubText(cell, options.level, options.report);
    }),
  );
  return { columns, rows };
}
