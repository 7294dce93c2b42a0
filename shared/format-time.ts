// Dates, durations and sizes, formatted one way for the window and the CLI (Intl only).
//
// Styles (one per use, so a job's start reads the same in History, the detail and `ips-jobs`):
//   table   dense lists: numeric date (month and day padded) and time, e.g. "12/01/26, 9:05 AM" / "2026/12/01 09:05"
//   seconds the CLI's tables: `table` with seconds, e.g. "12/01/26, 9:05:03 AM" / "2026/12/01 09:05:03"
//   medium  a date a person reads: "Nov 22, 2026, 9:05 AM" / "2026年11月22日 09:05"
//   long    where the exact moment matters (details, log rows, CLI `log`): seconds and the time
//           zone, e.g. "Nov 22, 2026, 9:05:03 AM UTC"
//   time    a time of day: "9:05 AM" / "09:05"
// Hours follow the locale's clock: 12-hour times have no leading zero ("9:05 AM", not
// "09:05 AM"); 24-hour times keep two digits ("09:05").
export type DateTimeStyle = 'table' | 'seconds' | 'medium' | 'long' | 'time';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

// CLDR's date and time styles already follow each locale's clock: 12-hour times without a
// leading zero, 24-hour times with two digits, short dates as the locale writes them.
const OPTIONS: Record<DateTimeStyle, Intl.DateTimeFormatOptions> = {
  table: { dateStyle: 'short', timeStyle: 'short' },
  seconds: { dateStyle: 'short', timeStyle: 'medium' },
  medium: { dateStyle: 'medium', timeStyle: 'short' },
  long: { dateStyle: 'medium', timeStyle: 'long' },
  time: { timeStyle: 'short' },
};

function toDate(v: string | number | Date | undefined | null): Date | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * `value` as a date and time in `style`, in `timeZone` (default: the machine's).
 * Returns `fallback` ('' unless given) for a missing or unreadable value.
 */
export function formatDateTime(
  locale: string,
  value: string | number | Date | undefined | null,
  style: DateTimeStyle,
  opts: { timeZone?: string; fallback?: string } = {},
): string {
  const d = toDate(value);
  if (!d) return opts.fallback ?? '';
  const key = `dt|${locale}|${style}|${opts.timeZone ?? ''}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    const o: Intl.DateTimeFormatOptions = { ...OPTIONS[style] };
    if (opts.timeZone) o.timeZone = opts.timeZone;
    f = new Intl.DateTimeFormat(locale, o);
    cache.set(key, f);
  }
  if (style !== 'table' && style !== 'seconds') return f.format(d);
  // CLDR's short dates drop the zero of a month or day ("2026/12/1"); padded, a column of dates
  // lines up in a table and a terminal ("2026/12/01", "12/01/26").
  return f
    .formatToParts(d)
    .map((p) => ((p.type === 'month' || p.type === 'day') && /^\d$/.test(p.value) ? `0${p.value}` : p.value))
    .join('')
    .replace(/\u202f/g, ' '); // as format() does (V8 swaps ICU's narrow no-break space there, not in formatToParts)
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** A size in bytes with a unit, 1 KB = 1,000 bytes: "950 bytes", "1.2 MB", "123 MB" / "123 MB". */
export function formatBytes(locale: string, bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '';
  let i = 0;
  let v = bytes;
  while (v >= 1000 && i < UNITS.length - 1) {
    v /= 1000;
    i++;
  }
  const unit = UNITS[i]!;
  const digits = i === 0 || v >= 100 ? 0 : 1;
  const key = `b|${locale}|${unit}|${digits}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: i === 0 ? 'long' : 'short', maximumFractionDigits: digits });
    cache.set(key, f);
  }
  return f.format(v);
}
