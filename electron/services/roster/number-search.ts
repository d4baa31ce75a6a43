import { AppError } from '../../api/errors';
import { maskIdNumber, maskPhone } from '../../api/id-number';
import { normalizeIdNumber } from '../../api/normalize';
import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { getSettings } from '../settings/settings';

/**
 * Searching by number, shared by the one search box (roster.search) and the 网格员 list and
 * pickers (workers.list): what a typed number means, and the rule that keeps a masked number
 * from being read back (docs/domain.md §7).
 */

/** What a number typed into a search box becomes: half-width, separators gone (issue 14). */
export const digitsOfQuery = (query: string): string | null => {
  const compact = normalizeIdNumber(query).replace(/[.．]/g, '');
  return /^\d+X?$/.test(compact) && /\d/.test(compact) ? compact : null;
};

/**
 * A whole number: an ID (15 or 18 characters, a 残疾人证号 20 or 22), a mobile (11, starting
 * with 1) or a landline with its area code (10–12, starting with 0).
 */
export const isWholeNumber = (digits: string): boolean =>
  [15, 18, 20, 22].includes(digits.length) ||
  (digits.length === 11 && digits.startsWith('1')) ||
  (digits.length >= 10 && digits.length <= 12 && digits.startsWith('0'));

export const DIGIT_SEARCH_HINT = '按号码查找请输入身份证号或电话的后 4 位，或完整号码';

/** Refuses a tail longer than the masks show (5, 6, 7… digits): it reads a number back. */
export function checkDigitQuery(digits: string): void {
  if (digits.length !== 4 && !isWholeNumber(digits)) {
    throw new AppError('VALIDATION', DIGIT_SEARCH_HINT);
  }
}

/** A whole number as the lists mask it (前6后4, 138****8000), for the search's audit row. */
export function maskSensitiveNumber(digits: string): string {
  return digits.length >= 15 ? maskIdNumber(digits) : maskPhone(digits);
}

/**
 * Runs one number search under the per-minute limit (设置 `digitSearchesPerMinute`, counted
 * over every number search of the app) and records it in the audit trail with the number
 * masked as lists mask it: `entityId` says which list was searched, `run` returns its result
 * and what the audit row adds (counts, ids found). Past the limit the refusal is recorded and
 * BUSY thrown.
 */
export function gatedNumberSearch<T>(
  ctx: ServiceContext,
  digits: string,
  entityId: string,
  run: () => { result: T; after: Record<string, unknown> },
): T {
  const answer = inTransaction(ctx, () => {
    const shown = digits.length === 4 ? `…${digits}` : maskSensitiveNumber(digits);
    const perMinute = getSettings(ctx).digitSearchesPerMinute;
    const since = new Date(ctx.now().getTime() - 60_000).toISOString();
    const recent = (
      ctx.sqlite
        .prepare(
          `SELECT count(*) AS n FROM audit_log
           WHERE at > ? AND entity = 'roster_search' AND action = 'digit-search'`,
        )
        .get(since) as { n: number }
    ).n;
    if (recent >= perMinute) {
      audit(ctx, {
        entity: 'roster_search',
        entityId,
        action: 'digit-search-refused',
        after: { query: shown },
      });
      // Thrown after the audit row is written: commit it, then refuse.
      return null;
    }
    const { result, after } = run();
    audit(ctx, {
      entity: 'roster_search',
      entityId,
      action: 'digit-search',
      after: { query: shown, ...after },
    });
    return { result };
  });
  if (answer === null) refuse(ctx);
  return answer.result;
}

function refuse(ctx: ServiceContext): never {
  const perMinute = getSettings(ctx).digitSearchesPerMinute;
  throw new AppError(
    'BUSY',
    `一分钟内按号码查找已达 ${perMinute} 次，请稍后再查；按姓名或拼音首字母查找不受限制。要看完整号码请在农户页点「查看」。`,
  );
}
