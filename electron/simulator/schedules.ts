// Scheduled jobs: Quartz-style execSchedule strings (croner), one-off execTimes, the
// names of their runs, and when they fire. The World creates the runs.
import { Cron } from 'croner';
import type { JobKind } from './catalog.ts';
import { WorldError, type Profile, type Sched, type ScheduleTiming, type SimCompany } from './types.ts';
import type { XRecord } from './xml.ts';

export function parseSchedule(expr: string, offsetMinutes: number): Cron {
  let fields = expr.trim().split(/\s+/);
  // A 5-field string is read Quartz-style without the day-of-week: sec min hour dom month.
  if (fields.length === 5) fields = [...fields, '?'];
  if (fields.length < 6 || fields.length > 7) throw new Error(`execSchedule needs 6 or 7 fields: '${expr}'`);
  // Quartz requires '?' in one of the day fields; croner accepts '?' anywhere.
  return new Cron(fields.join(' '), { utcOffset: offsetMinutes, alternativeWeekdays: true, mode: '6-or-7-parts', paused: true });
}

export interface ScheduleInput extends ScheduleTiming {
  company: SimCompany;
  kind: JobKind;
  name: string;
  submitUserEmail: string;
  locale: string;
  description?: string;
  detail?: XRecord;
}

/** A scheduled job as of `now` (throws WorldError 30001 on a bad schedule). */
export function newSchedule(input: ScheduleInput, now: number, offsetMinutes: number): Sched {
  const c = input.company;
  const s: Sched = {
    handle: `j|${c.id}|${input.name}|`,
    companyHandle: c.handle,
    companyId: c.id,
    name: input.name,
    originalName: input.name,
    kind: input.kind,
    type: input.kind.type,
    submitUserEmail: input.submitUserEmail,
    locale: input.locale,
    triggerState: input.triggerState ?? 'Normal',
    fired: 0,
  };
  if (input.detail) s.detail = input.detail;
  if (input.description !== undefined) s.description = input.description;
  if (input.plan) s.plan = input.plan;
  if (input.execSchedule !== undefined) {
    s.execSchedule = input.execSchedule;
    try {
      s.cron = parseSchedule(input.execSchedule, offsetMinutes);
    } catch (err) {
      throw new WorldError('ipsApiFault', 30001, `Invalid execSchedule '${input.execSchedule}': ${err instanceof Error ? err.message : String(err)}`);
    }
    const next = s.cron.nextRun(new Date(now));
    if (next) s.nextFireTime = next.getTime();
    else s.triggerState = 'Complete';
  } else if (input.execTime !== undefined) {
    s.execTime = input.execTime;
    s.nextFireTime = input.execTime;
  }
  return s;
}

/** Runs of a recurring schedule are named `<name>_<YYYY-MM-DD-hh:mm:ss>` (server time). */
export function runNameFor(s: Sched, at: number, offsetMinutes: number): string {
  if (!s.cron) return s.name;
  const d = new Date(at + offsetMinutes * 60_000).toISOString();
  return `${s.name}_${d.slice(0, 10)}-${d.slice(11, 19)}`;
}

/** The outcome of the next firing: the schedule's plan, else a steady mix. */
export function firingProfile(s: Sched): Profile {
  return s.plan?.profile ?? (['success', 'success', 'warning', 'success', 'error'] as const)[s.fired % 5] ?? 'success';
}

/**
 * Fire every firing due by `now` (at most 50 at once: a long gap skips ahead); `fire`
 * creates each run. Returns 'gone' once a one-off schedule has fired.
 */
export function fireDue(s: Sched, now: number, fire: (at: number) => void): 'kept' | 'gone' {
  let guard = 0;
  while (s.triggerState === 'Normal' && s.nextFireTime !== undefined && s.nextFireTime <= now) {
    const at = s.nextFireTime;
    if (guard++ < 50) fire(at);
    if (!s.cron) return 'gone'; // One-off: gone from the schedule once it has fired.
    const next = s.cron.nextRun(new Date(guard >= 50 ? now : at));
    if (next) s.nextFireTime = next.getTime();
    else {
      delete s.nextFireTime;
      s.triggerState = 'Complete';
    }
  }
  return 'kept';
}

/** resumeJob on a paused schedule: Normal again, the next firing computed from now. */
export function resumeSchedule(s: Sched, now: number): void {
  if (s.triggerState !== 'Paused') return;
  s.triggerState = 'Normal';
  if (s.cron) {
    const next = s.cron.nextRun(new Date(now));
    if (next) s.nextFireTime = next.getTime();
  } else if (s.execTime !== undefined) {
    s.nextFireTime = Math.max(s.execTime, now);
  }
}
