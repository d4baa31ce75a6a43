import dayjs, { type Dayjs } from 'dayjs';

/** Dates cross the API as 'YYYY-MM-DD'; antd's pickers hold dayjs values. */
export function isoDay(value: Dayjs | null | undefined): string | undefined {
  return value ? value.format('YYYY-MM-DD') : undefined;
}

export function toDayjs(value: string | null | undefined): Dayjs | undefined {
  return value ? dayjs(value) : undefined;
}

/** 'YYYY-MM' of a month picker's value. */
export function isoMonth(value: Dayjs | null | undefined): string | undefined {
  return value ? value.format('YYYY-MM') : undefined;
}

/** A picker may not choose a day after today (the services refuse future records). */
export function afterToday(value: Dayjs): boolean {
  return value.isAfter(dayjs(), 'day');
}
