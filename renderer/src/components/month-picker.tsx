import { DatePicker } from 'antd';
import type { Dayjs } from 'dayjs';

/** The month a page shows (月通报, 本月应走访): always one, so it cannot be cleared. */
export function MonthPicker({
  value,
  onChange,
}: {
  value: Dayjs;
  onChange: (month: Dayjs) => void;
}) {
  return (
    <DatePicker
      picker="month"
      aria-label="月份"
      allowClear={false}
      value={value}
      onChange={(m) => m && onChange(m)}
    />
  );
}
