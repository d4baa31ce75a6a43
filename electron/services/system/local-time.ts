const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A time as the office clock reads it: '2026-05-06 15:08', or with `seconds` '2026-05-06
 * 15:08:09'. Audit entries and backups keep ISO instants (UTC); the clerk reads local time.
 * Text that is not a time is returned as it is.
 */
export function localDateTime(value: string | Date, seconds = false): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return String(value);
  const minutes = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return seconds ? `${minutes}:${pad(d.getSeconds())}` : minutes;
}
