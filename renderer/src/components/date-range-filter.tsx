import { Space, Tooltip } from 'antd';
import { normalizeDate } from '../../../electron/api/normalize';
import { DateInput } from './date-input';

/** What the two fields hold: the text as typed (an ISO date once it parses). */
export interface DateRangeText {
  from?: string | undefined;
  to?: string | undefined;
}

const parsed = (text: string | undefined) => {
  if (!text || !text.trim()) return { ok: true as const, value: undefined };
  const result = normalizeDate(text);
  return result.ok ? { ok: true as const, value: result.value } : { ok: false as const };
};

/**
 * The range a list is filtered by: only dates that parse (2026/3/1 → 2026-03-01). A field
 * still being typed, or one that cannot be read, narrows nothing and is marked instead.
 */
export function dateRangeOf(range: DateRangeText): { from?: string; to?: string } {
  const from = parsed(range.from);
  const to = parsed(range.to);
  return {
    ...(from.ok && from.value ? { from: from.value } : {}),
    ...(to.ok && to.value ? { to: to.value } : {}),
  };
}

/**
 * 从 … 到 for a list's date filter: two text fields that keep what was typed (DateInput), not
 * an antd RangePicker, which silently drops a typed 2026/3/1 it cannot parse.
 */
export function DateRangeFilter({
  label,
  value,
  onChange,
}: {
  /** 登记日期, 走访日期: names both fields (「登记日期从」「登记日期到」). */
  label: string;
  value: DateRangeText;
  onChange: (value: DateRangeText) => void;
}) {
  const from = parsed(value.from);
  const to = parsed(value.to);
  const reversed = from.ok && to.ok && from.value && to.value && from.value > to.value;
  const field = (key: 'from' | 'to', word: string, ok: boolean) => (
    <Tooltip title={ok ? undefined : `看不懂这个日期，请写成 2026-03-01 或 2026/3/1`}>
      <DateInput
        aria-label={`${label}${word}`}
        placeholder={`${label}${word}`}
        value={value[key] ?? ''}
        status={ok && !reversed ? undefined : 'error'}
        onChange={(text) => onChange({ ...value, [key]: text })}
        style={{ width: 150 }}
      />
    </Tooltip>
  );
  return (
    <Space.Compact>
      {field('from', '从', from.ok)}
      {field('to', '到', to.ok)}
    </Space.Compact>
  );
}
