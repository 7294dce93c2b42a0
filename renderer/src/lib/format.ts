// Locale-aware formatting of dates, numbers, durations and relative times (Intl only).
// Formatters are cached per locale and options, since lists format thousands of cells.
import type { AppLocale } from '../../../shared/settings.ts';
import { formatBytes, formatDateTime as sharedDateTime } from '../../../shared/format-time.ts';

const cache = new Map<string, unknown>();
function cached<T>(key: string, make: () => T): T {
  let v = cache.get(key) as T | undefined;
  if (v === undefined) {
    v = make();
    cache.set(key, v);
  }
  return v;
}

const dtf = (locale: AppLocale, name: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  cached(`dt|${locale}|${name}`, () => new Intl.DateTimeFormat(locale, opts));

function toDate(iso: string | number | Date | undefined): Date | undefined {
  if (iso === undefined || iso === '') return undefined;
  const d = iso instanceof Date ? iso : new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Date and time in the user's time zone, e.g. "Nov 22, 2026, 2:05 PM" (shared/format-time.ts, also the CLI's). */
export function formatDateTime(locale: AppLocale, iso: string | number | Date | undefined): string {
  return sharedDateTime(locale, iso, 'medium', { fallback: '—' });
}

/** Compact date and time for dense tables, e.g. "11/22/2026, 2:05 PM" / "2026/11/22 14:05". */
export function formatDateTimeShort(locale: AppLocale, iso: string | number | Date | undefined): string {
  return sharedDateTime(locale, iso, 'table', { fallback: '—' });
}

/** Date and time with seconds and the time-zone name, for detail views. */
export function formatDateTimeLong(locale: AppLocale, iso: string | number | Date | undefined): string {
  return sharedDateTime(locale, iso, 'long', { fallback: '—' });
}

export function formatTime(locale: AppLocale, iso: string | number | Date | undefined): string {
  return sharedDateTime(locale, iso, 'time', { fallback: '—' });
}

export function formatHour(locale: AppLocale, d: Date): string {
  return dtf(locale, 'h', { hour: 'numeric' }).format(d);
}

export function formatShortDate(locale: AppLocale, d: Date): string {
  return dtf(locale, 'sd', { month: 'short', day: 'numeric' }).format(d);
}

/** The user's time-zone name, e.g. "Europe/Berlin". */
export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function formatNumber(locale: AppLocale, n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(n);
}

/** A percentage from a 0–100 value. */
export function formatPercent(locale: AppLocale, pct: number | undefined): string {
  if (pct === undefined || !Number.isFinite(pct)) return '—';
  return cached(`p|${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 })).format(
    Math.max(0, Math.min(100, pct)) / 100,
  );
}

interface DurationFormatLike {
  format(d: Record<string, number>): string;
}
type DurationFormatCtor = new (locale: string, opts: { style: string }) => DurationFormatLike;

/** A duration in milliseconds, e.g. "1h 5m 3s" / "1小时5分钟3秒". */
export function formatDuration(locale: AppLocale, ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const total = Math.round(ms / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  // Keep two units at most: a job's duration needs no more precision.
  const parts: Record<string, number> = {};
  if (days) {
    parts.days = days;
    if (hours) parts.hours = hours;
  } else if (hours) {
    parts.hours = hours;
    if (minutes) parts.minutes = minutes;
  } else if (minutes) {
    parts.minutes = minutes;
    if (seconds) parts.seconds = seconds;
  } else parts.seconds = seconds;
  const DF = (Intl as unknown as { DurationFormat?: DurationFormatCtor }).DurationFormat;
  // DurationFormat renders 0 s as "", and zh-TW's narrow style spaces oddly ("1 小時5 分鐘"):
  // Chinese reads "1小时5分钟" / "1小時5分鐘", without spaces.
  const zh = locale.startsWith('zh');
  if (DF && total > 0) {
    const text = cached(`d|${locale}`, () => new DF(locale, { style: 'narrow' })).format(parts);
    return zh ? text.replace(/\s+/g, '') : text;
  }
  const unit: Record<string, string> = { days: 'day', hours: 'hour', minutes: 'minute', seconds: 'second' };
  const out = Object.entries(parts)
    .map(([k, v]) => cached(`u|${locale}|${k}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit: unit[k], unitDisplay: 'narrow' })).format(v))
    .join(' ');
  return zh ? out.replace(/\s+/g, '') : out;
}

const REL_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400_000],
  ['month', 30 * 86400_000],
  ['week', 7 * 86400_000],
  ['day', 86400_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "3 minutes ago", "in 2 hours" / "3分钟前". */
export function formatRelative(locale: AppLocale, iso: string | number | Date | undefined, now: number): string {
  const d = toDate(iso);
  if (!d) return '—';
  const diff = d.getTime() - now;
  const rtf = cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, ms] of REL_UNITS) {
    if (Math.abs(diff) >= ms || unit === 'second') {
      const v = Math.round(diff / ms);
      return rtf.format(unit === 'second' && Math.abs(v) < 5 ? 0 : v, unit);
    }
  }
  return '—';
}

/** Bytes or a plain number (IPS does not document totalSize's unit). */
export function formatMaybeNumber(locale: AppLocale, v: number | string | undefined): string {
  if (v === undefined) return '—';
  return typeof v === 'number' ? formatNumber(locale, v) : v;
}

/** A job's total size with a unit ("123 MB"); IPS sends bytes as a number, anything else is shown as sent. */
export function formatSize(locale: AppLocale, v: number | string | undefined): string {
  if (v === undefined) return '—';
  return typeof v === 'number' ? formatBytes(locale, v) || '—' : v;
}
