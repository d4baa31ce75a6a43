import { Button, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { normalizeDate } from '../../../electron/api/normalize';
import { DateInput } from './date-input';

const WEEKDAYS = '日一二三四五六';
/** A holiday period is at most a few weeks: a typo in the year must not add a year of days. */
const MAX_DAYS = 31;

/** Every day from `from` to `to` ('YYYY-MM-DD'), both included. */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = dayjs(from); !d.isAfter(dayjs(to), 'day'); d = d.add(1, 'day')) {
    days.push(d.format('YYYY-MM-DD'));
  }
  return days;
}

/**
 * A list of dates for a form (节假日, 调休上班日): add one day or a whole period (a holiday
 * of 8 days is one entry), remove a day by its tag. Kept sorted and without repeats. The two
 * fields keep what was typed (2026/3/1, 20260301 …, docs/domain.md §10); a date they cannot
 * read is named under them and nothing is added.
 */
export function DateListField({
  value = [],
  onChange,
  label,
}: {
  value?: string[];
  onChange?: (value: string[]) => void;
  label: string;
}) {
  const [from, setFrom] = useState<string>();
  const [to, setTo] = useState<string>();
  const [error, setError] = useState<{ field: 'from' | 'to'; message: string }>();
  const set = (days: string[]) => onChange?.([...new Set(days)].sort());
  const add = () => {
    const first = normalizeDate(from ?? '', label);
    if (!first.ok) return setError({ field: 'from', message: first.message });
    let last = first.value;
    if (to?.trim()) {
      const end = normalizeDate(to, `${label}结束日期`);
      if (!end.ok) return setError({ field: 'to', message: end.message });
      if (end.value < first.value) {
        return setError({ field: 'to', message: `${label}结束日期不能早于 ${first.value}` });
      }
      last = end.value;
    }
    if (dayjs(last).diff(first.value, 'day') + 1 > MAX_DAYS) {
      return setError({ field: 'to', message: `一次最多添加 ${MAX_DAYS} 天，请分几次添加` });
    }
    set([...value, ...daysOf(first.value, last)]);
    setFrom(undefined);
    setTo(undefined);
    setError(undefined);
  };
  const field = (which: 'from' | 'to') => (
    <DateInput
      aria-label={which === 'from' ? `添加${label}` : `添加${label}至`}
      placeholder={which === 'from' ? '日期' : '至（只加一天不填）'}
      style={{ width: 170 }}
      value={which === 'from' ? from : to}
      status={error?.field === which ? 'error' : undefined}
      onChange={(text) => {
        (which === 'from' ? setFrom : setTo)(text);
        if (error?.field === which) setError(undefined);
      }}
    />
  );

  const years = [...new Set(value.map((d) => d.slice(0, 4)))];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space
        wrap
        // Enter adds the typed day (or period); it must not also submit the settings form.
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
          e.preventDefault();
          add();
        }}
      >
        <Space.Compact>
          {field('from')}
          {field('to')}
        </Space.Compact>
        <Button onClick={add} disabled={!from?.trim()}>
          添加
        </Button>
        {value.length > 0 && (
          <Button type="link" danger onClick={() => set([])}>
            清空
          </Button>
        )}
      </Space>
      {error && (
        <Typography.Text type="danger" role="alert">
          {error.message}
        </Typography.Text>
      )}
      {value.length === 0 ? (
        <Typography.Text type="secondary">还没有{label}</Typography.Text>
      ) : (
        years.map((year) => (
          <div key={year}>
            <Typography.Text type="secondary">{year} 年：</Typography.Text>
            {value
              .filter((d) => d.startsWith(year))
              .map((d) => (
                <Tag
                  key={d}
                  closable
                  onClose={(e) => {
                    e.preventDefault();
                    set(value.filter((x) => x !== d));
                  }}
                  style={{ marginBottom: 4 }}
                >
                  {d.slice(5)}（{WEEKDAYS[dayjs(d).day()]}）
                </Tag>
              ))}
          </div>
        ))
      )}
    </Space>
  );
}
