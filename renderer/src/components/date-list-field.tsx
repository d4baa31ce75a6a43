import { Button, DatePicker, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';

const WEEKDAYS = '日一二三四五六';

/** Every day from `from` to `to`, both included. */
function daysOf(from: Dayjs, to: Dayjs): string[] {
  const days: string[] = [];
  for (let d = from.startOf('day'); !d.isAfter(to, 'day'); d = d.add(1, 'day')) {
    days.push(d.format('YYYY-MM-DD'));
  }
  return days;
}

/**
 * A list of dates for a form (节假日, 调休上班日): add one day or a whole period (a holiday
 * of 8 days is one pick), remove a day by its tag. Kept sorted and without repeats.
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
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const set = (days: string[]) => onChange?.([...new Set(days)].sort());
  const add = () => {
    const [from, to] = range ?? [];
    if (!from) return;
    set([...value, ...daysOf(from, to ?? from)]);
    setRange(null);
  };
  const years = [...new Set(value.map((d) => d.slice(0, 4)))];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space
        wrap
        // Enter confirms a typed date; it must not also submit the settings form around it.
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.preventDefault();
        }}
      >
        <DatePicker.RangePicker
          aria-label={`添加${label}`}
          placeholder={['日期', '至（只加一天不填）']}
          style={{ width: 290 }}
          allowEmpty={[false, true]}
          value={range}
          onChange={setRange}
        />
        <Button onClick={add} disabled={!range?.[0]}>
          添加
        </Button>
        {value.length > 0 && (
          <Button type="link" danger onClick={() => set([])}>
            清空
          </Button>
        )}
      </Space>
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
