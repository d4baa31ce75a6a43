import { CalendarOutlined } from '@ant-design/icons';
import { Button, Calendar, Input, Popover } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type CSSProperties, type KeyboardEvent } from 'react';
import { DATE_FORMS_HINT, normalizeDate } from '../../../electron/api/normalize';

/**
 * A date field that keeps what the clerk typed. 2026/3/1, 2026.3.1, 20260301, 2026年3月1日 (and
 * full-width digits) become 2026-03-01 when the field is left or Enter is pressed; anything
 * else stays as typed and the field's rule (dateRule) shows why under it. Never replaced by
 * today's date or emptied behind the clerk's back (an antd DatePicker drops text it cannot
 * parse when it loses focus). The calendar button picks a day with the mouse.
 * The form value is the text: an ISO date once parsed, otherwise what was typed.
 */
export function DateInput({
  value,
  onChange,
  id,
  placeholder = '如 2026-03-01',
  disabledDate,
  style,
  disabled,
  allowClear = true,
  status,
  'aria-label': ariaLabel,
}: {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  id?: string;
  placeholder?: string;
  /** Days the calendar will not offer (typing one is checked by the form's rule). */
  disabledDate?: (day: Dayjs) => boolean;
  style?: CSSProperties;
  disabled?: boolean;
  allowClear?: boolean;
  /** Outside a Form.Item (a list's filter), the field marks text it cannot read itself. */
  status?: 'error' | 'warning';
  'aria-label'?: string;
}) {
  const [open, setOpen] = useState(false);
  const text = value ?? '';
  const settle = () => {
    if (!text.trim()) {
      if (text !== '') onChange?.(undefined);
      return;
    }
    const parsed = normalizeDate(text);
    if (parsed.ok && parsed.value !== text) onChange?.(parsed.value);
  };
  const parsed = text ? normalizeDate(text) : undefined;
  const shown = parsed?.ok ? dayjs(parsed.value) : dayjs();
  return (
    <Input
      id={id}
      aria-label={ariaLabel}
      value={text}
      placeholder={placeholder}
      disabled={disabled}
      allowClear={allowClear}
      status={status}
      style={{ width: 180, ...style }}
      maxLength={30}
      autoComplete="off"
      onChange={(event) => onChange?.(event.target.value === '' ? undefined : event.target.value)}
      onBlur={settle}
      onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
        if (event.key === 'Enter' && !event.nativeEvent.isComposing) settle();
      }}
      suffix={
        <Popover
          trigger="click"
          open={open}
          onOpenChange={setOpen}
          placement="bottomRight"
          content={
            <div style={{ width: 300 }}>
              <Calendar
                fullscreen={false}
                value={shown}
                disabledDate={disabledDate}
                onSelect={(day, info) => {
                  if (info.source !== 'date') return;
                  onChange?.(day.format('YYYY-MM-DD'));
                  setOpen(false);
                }}
              />
            </div>
          }
        >
          <Button
            type="text"
            size="small"
            tabIndex={-1}
            disabled={disabled}
            icon={<CalendarOutlined />}
            aria-label={`${ariaLabel ?? ''}选择日期`}
            style={{ marginRight: -6 }}
          />
        </Popover>
      }
    />
  );
}

/**
 * The form rule of a DateInput: required or not, a real date in one of the accepted forms,
 * and optionally not after today. Its message names the field and shows what was typed.
 */
export function dateRule(
  label: string,
  { required = false, notAfterToday = false }: { required?: boolean; notAfterToday?: boolean } = {},
): Rule {
  return {
    validator: async (_, value: string | undefined | null) => {
      if (value === undefined || value === null || String(value).trim() === '') {
        if (required) throw new Error(`请填写${label}`);
        return;
      }
      const parsed = normalizeDate(String(value), label);
      if (!parsed.ok) throw new Error(parsed.message);
      if (notAfterToday && parsed.value > dayjs().format('YYYY-MM-DD')) {
        throw new Error(`${label}不能晚于今天`);
      }
    },
  };
}

/** A DateInput's form value → 'YYYY-MM-DD' for the API (undefined when empty). */
export function dateValue(value: string | undefined | null): string | undefined {
  if (!value || !value.trim()) return undefined;
  const parsed = normalizeDate(value);
  // An unparsed value never gets here past dateRule; sent as typed, the service refuses it.
  return parsed.ok ? parsed.value : value;
}

export { DATE_FORMS_HINT };
