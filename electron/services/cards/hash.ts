import crypto from 'node:crypto';
import type { CardContent } from '../../api/cards-types';

/**
 * The SHA-256 of what a card says, kept per household when it is printed (card_prints), so
 * "reprint changed cards" finds exactly the households whose card would now read differently
 * (docs/domain.md §5). The issue date is left out (a card printed again on another day says the
 * same), and so is the household id (not printed; the row it is stored under says it).
 * Keys are written in sorted order, so the hash depends on the content only, never on the
 * order properties happened to be set in.
 */
export function cardHash(content: CardContent): string {
  const { issueDate: _date, householdId: _id, ...printed } = content;
  return crypto.createHash('sha256').update(stableJson(printed)).digest('hex');
}

/** JSON with object keys sorted at every depth; arrays keep their order (it is printed). */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
