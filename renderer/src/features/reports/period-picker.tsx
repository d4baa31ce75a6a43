import { DatePicker, Select, Space } from 'antd';
import dayjs from 'dayjs';

type Kind = 'year' | 'half' | 'quarter' | 'month';

const KINDS: { value: Kind; label: string }[] = [
  { value: 'year', label: '年度' },
  { value: 'half', label: '半年' },
  { value: 'quarter', label: '季度' },
  { value: 'month', label: '月度' },
];

function kindOf(period: string): Kind {
  if (/^\d{4}$/.test(period)) return 'year';
  if (/-H[12]$/.test(period)) return 'half';
  if (/-Q[1-4]$/.test(period)) return 'quarter';
  return 'month';
}

/** The period of the current day for a kind: 2026, 2026-H1, 2026-Q2, 2026-04. */
function periodOf(kind: Kind, year: number, month: number): string {
  if (kind === 'year') return `${year}`;
  if (kind === 'half') return `${year}-H${month <= 6 ? 1 : 2}`;
  if (kind === 'quarter') return `${year}-Q${Math.ceil(month / 3)}`;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/**
 * 评价期间: a year, a half, a quarter or a month — the periods townships evaluate grid workers
 * by (reports-schemas.ts evaluationPeriod).
 */
export function PeriodPicker({
  value,
  onChange,
}: {
  value: string;
  onChange: (period: string) => void;
}) {
  const kind = kindOf(value);
  const year = Number(value.slice(0, 4));
  const part = value.slice(5);
  return (
    <Space.Compact>
      <Select<Kind>
        aria-label="评价期间类型"
        style={{ width: 90 }}
        value={kind}
        options={KINDS}
        onChange={(next) => onChange(periodOf(next, year, dayjs().year() === year ? dayjs().month() + 1 : 1))}
      />
      {kind === 'month' ? (
        <DatePicker
          picker="month"
          aria-label="评价月份"
          allowClear={false}
          value={dayjs(`${value}-01`)}
          onChange={(m) => m && onChange(m.format('YYYY-MM'))}
        />
      ) : (
        <DatePicker
          picker="year"
          aria-label="评价年度"
          allowClear={false}
          value={dayjs(`${year}-01-01`)}
          onChange={(y) => y && onChange(part ? `${y.year()}-${part}` : `${y.year()}`)}
        />
      )}
      {kind === 'half' && (
        <Select
          aria-label="上半年或下半年"
          style={{ width: 100 }}
          value={part}
          onChange={(h) => onChange(`${year}-${h}`)}
          options={[
            { value: 'H1', label: '上半年' },
            { value: 'H2', label: '下半年' },
          ]}
        />
      )}
      {kind === 'quarter' && (
        <Select
          aria-label="季度"
          style={{ width: 100 }}
          value={part}
          onChange={(q) => onChange(`${year}-${q}`)}
          options={['Q1', 'Q2', 'Q3', 'Q4'].map((q, i) => ({ value: q, label: `第${'一二三四'[i]}季度` }))}
        />
      )}
    </Space.Compact>
  );
}

/** This month's quarter, as the default period. */
export function currentQuarter(): string {
  const today = dayjs();
  return periodOf('quarter', today.year(), today.month() + 1);
}
