// Schedules a person can read: an IPS `execSchedule` (Quartz-style, seconds first, evaluated in
// the server's time zone; docs/ips-api/constants.md) as "Every 10 minutes" or "Daily at 2:00 AM
// PST", and the next few runs. One module for the window and the CLI.
//
// The common shapes (every N minutes or hours, daily, weekly, weekdays, monthly) are phrased by
// the app's own catalog (shared/i18n/messages/schedule.ts), so they read naturally in all three
// languages; anything else is described by cronstrue, and an expression neither can read is
// shown verbatim.
import cronstrue from 'cronstrue';
import 'cronstrue/locales/zh_CN.js';
import 'cronstrue/locales/zh_TW.js';
import { Cron } from 'croner';
import type { AppLocale } from './locales.ts';
import type { Translate } from './i18n/translate.ts';

/** The fields of `expr`, normalized to 6 or 7 (sec min hour dom month dow [year]); undefined if not a schedule. */
export function quartzFields(expr: string | undefined): string[] | undefined {
  const fields = (expr ?? '').trim().split(/\s+/).filter(Boolean);
  // A 5-field string is read Quartz-style without the day of week (as the simulator does).
  if (fields.length === 5) fields.push('?');
  return fields.length === 6 || fields.length === 7 ? fields : undefined;
}

const NUM = /^\d{1,2}$/;
const any = (f: string | undefined): boolean => f === '*' || f === '?';
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Quartz day of week (1 = Sunday … 7 = Saturday, or SUN…SAT) → 0 = Sunday … 6. */
function dayIndex(token: string): number | undefined {
  const named = DAY_NAMES.indexOf(token.toUpperCase());
  if (named >= 0) return named;
  if (!/^[1-7]$/.test(token)) return undefined;
  return Number(token) - 1;
}

/** The days a day-of-week field names (lists and ranges only), in week order; undefined otherwise. */
function weekDays(field: string): number[] | undefined {
  const days = new Set<number>();
  for (const part of field.split(',')) {
    const [a, b, extra] = part.split('-');
    if (extra !== undefined || a === undefined) return undefined;
    const from = dayIndex(a);
    const to = b === undefined ? from : dayIndex(b);
    if (from === undefined || to === undefined || to < from) return undefined;
    for (let d = from; d <= to; d++) days.add(d);
  }
  return [...days].sort((x, y) => x - y);
}

/** "every N" from `*`, `*\/N` or `0/N`; undefined for anything else. */
function step(field: string): number | undefined {
  if (field === '*') return 1;
  const m = /^(?:\*|0)\/(\d{1,2})$/.exec(field);
  return m ? Number(m[1]) : undefined;
}

function timeOfDay(locale: AppLocale, hour: number, minute: number): string {
  // A wall-clock time in the server's zone, styled as shared/format-time.ts styles times; formatted on a
  // UTC date so that no zone shifts it.
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' }).format(Date.UTC(2026, 0, 5, hour, minute));
}

function dayNames(locale: AppLocale, days: number[]): string {
  // 2026-01-04 is a Sunday.
  const fmt = new Intl.DateTimeFormat(locale, { weekday: locale === 'en' ? 'long' : 'short', timeZone: 'UTC' });
  const names = days.map((d) => fmt.format(Date.UTC(2026, 0, 4 + d)));
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(names);
}

/** The app's own phrase for the common shapes; undefined for the rest. `timed` when it names a time of day. */
function phrase(locale: AppLocale, t: Translate, f: string[]): { text: string; timed: boolean } | undefined {
  const [sec, min, hour, dom, month, dow, year] = f as [string, string, string, string, string, string, string | undefined];
  if (!NUM.test(sec) || Number(sec) !== 0 || month !== '*' || (year !== undefined && year !== '*')) return undefined;
  const minStep = step(min);
  if (minStep !== undefined && hour === '*' && any(dom) && any(dow)) {
    return { text: minStep === 1 ? t('schedule.everyMinute') : t('schedule.everyMinutes', { n: minStep }), timed: false };
  }
  if (!NUM.test(min) || Number(min) > 59) return undefined;
  const mm = String(Number(min)).padStart(2, '0');
  const hourStep = step(hour);
  if (hourStep !== undefined && any(dom) && any(dow)) {
    if (hourStep === 1) return { text: mm === '00' ? t('schedule.hourly') : t('schedule.hourlyAt', { mm }), timed: false };
    return { text: mm === '00' ? t('schedule.everyHours', { n: hourStep }) : t('schedule.everyHoursAt', { n: hourStep, mm }), timed: false };
  }
  if (!NUM.test(hour) || Number(hour) > 23) return undefined;
  const time = timeOfDay(locale, Number(hour), Number(min));
  if (any(dom) && any(dow)) return { text: t('schedule.daily', { time }), timed: true };
  if (any(dom)) {
    const days = weekDays(dow);
    if (!days || days.length === 0) return undefined;
    if (days.length === 7) return { text: t('schedule.daily', { time }), timed: true };
    if (days.join() === '1,2,3,4,5') return { text: t('schedule.weekdays', { time }), timed: true };
    return { text: t('schedule.weekly', { days: dayNames(locale, days), time }), timed: true };
  }
  if (any(dow) && NUM.test(dom) && Number(dom) >= 1 && Number(dom) <= 31) return { text: t('schedule.monthly', { day: Number(dom), time }), timed: true };
  return undefined;
}

const CRONSTRUE_LOCALE: Record<AppLocale, string> = { en: 'en', 'zh-CN': 'zh_CN', 'zh-TW': 'zh_TW' };

/**
 * `expr` in words, in `locale`, with the server's time zone after a time of day
 * ("Daily at 2:00 AM PST", "每 10 分钟"). An expression that cannot be read comes back verbatim.
 */
export function describeSchedule(locale: AppLocale, t: Translate, expr: string, timeZone?: string): string {
  const fields = quartzFields(expr);
  if (!fields) return expr.trim();
  const own = phrase(locale, t, fields);
  let text: string;
  let timed: boolean;
  if (own) ({ text, timed } = own);
  else {
    try {
      text = cronstrue.toString(fields.join(' '), { locale: CRONSTRUE_LOCALE[locale], use24HourTimeFormat: locale !== 'en', throwExceptionOnParseError: true });
      timed = /\d:\d\d/.test(text);
    } catch {
      return expr.trim();
    }
  }
  return timed && timeZone ? t('schedule.withZone', { text, zone: timeZone }) : text;
}

// Server time-zone abbreviations IPS sends (`ScheduledJob/timeZone`) → a zone with its daylight
// saving rules. IPS data centres are in these; an unknown one is found from nextFireTime below.
const ZONES: Record<string, string> = {
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  GMT: 'Europe/London',
  BST: 'Europe/London',
  UTC: 'UTC',
  CET: 'Europe/Berlin',
  CEST: 'Europe/Berlin',
  JST: 'Asia/Tokyo',
  SGT: 'Asia/Singapore',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
};

function cronFor(fields: string[], zone: { timezone: string } | { utcOffset: number }): Cron | undefined {
  try {
    return new Cron(fields.join(' '), { ...zone, mode: '6-or-7-parts', alternativeWeekdays: true, paused: true });
  } catch {
    return undefined;
  }
}

/**
 * The next `count` runs of `expr` from the server's `nextFireTime` on (that one first), as
 * epoch milliseconds. IPS gives only the next one; the later ones are computed in the server's
 * zone: the zone its abbreviation names when that reproduces `nextFireTime`, else the fixed
 * offset that does. Empty when the expression or the zone cannot be worked out.
 */
export function nextRuns(expr: string | undefined, nextFireTime: string | undefined, timeZone: string | undefined, count: number): number[] {
  const fields = quartzFields(expr);
  const first = nextFireTime ? Date.parse(nextFireTime) : NaN;
  if (!fields || !Number.isFinite(first) || count < 1) return [];
  const reproduces = (c: Cron | undefined): c is Cron => c?.nextRun(new Date(first - 1000))?.getTime() === first;
  const named = timeZone ? ZONES[timeZone.trim().toUpperCase()] : undefined;
  let cron = named ? cronFor(fields, { timezone: named }) : undefined;
  if (!reproduces(cron)) {
    cron = undefined;
    for (let offset = -12 * 60; offset <= 14 * 60 && !cron; offset += 15) {
      const c = cronFor(fields, { utcOffset: offset });
      if (reproduces(c)) cron = c;
    }
  }
  if (!cron) return [first];
  const runs = [first];
  let at = new Date(first);
  while (runs.length < count) {
    const next = cron.nextRun(at);
    if (!next) break;
    runs.push(next.getTime());
    at = next;
  }
  return runs;
}

/** The next `count` runs of a scheduled job (epoch ms), the server's next fire time first; none while its trigger is paused. */
export function upcomingRuns(
  s: { execSchedule?: string | undefined; nextFireTime?: string | undefined; timeZone?: string | undefined; triggerState?: string | undefined },
  count: number,
): number[] {
  if (s.triggerState === 'Paused') return [];
  if (s.execSchedule === undefined) {
    const at = s.nextFireTime ? Date.parse(s.nextFireTime) : NaN;
    return Number.isFinite(at) ? [at] : [];
  }
  return nextRuns(s.execSchedule, s.nextFireTime, s.timeZone, count);
}
